package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/storage"
)

// auditEvent describes an action of the current request; detail is encoded as JSON. An
// administrative action hands it to its use case, which inserts it in the action's own
// transaction: the action and its audit record commit together or not at all.
func (s *Server) auditEvent(c *gin.Context, action string, detail any) *storage.AuditEvent {
	d, err := json.Marshal(detail)
	if err != nil {
		d, _ = json.Marshal(map[string]string{"unencodable_detail": err.Error()})
	}
	return &storage.AuditEvent{
		At:        time.Now().UTC().Truncate(time.Microsecond),
		Actor:     principal(c),
		Action:    action,
		Method:    c.Request.Method,
		Path:      c.Request.URL.Path,
		RequestID: c.GetString(ctxRequestID),
		Detail:    string(d),
	}
}

// auditBestEffort records an event whose failure must not change the answer (e.g. a refusal),
// with a moment of its own: a request refused because it ran out of time is audited too.
func (s *Server) auditBestEffort(c *gin.Context, action string, detail any) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 2*time.Second)
	defer cancel()
	if err := s.Store.InsertAudit(ctx, s.auditEvent(c, action, detail)); err != nil {
		s.logFor(c).WarnContext(c.Request.Context(), "audit event not recorded", "action", action, "err", err)
	}
}

// AuditPage is the answer to GET /v1/audit.
type AuditPage struct {
	Events     []AuditView `json:"events"`
	NextCursor string      `json:"next_cursor"`
}

// AuditView is one audit event as answered: its detail is JSON, not a string holding JSON.
type AuditView struct {
	ID        uint64          `json:"id"`
	At        time.Time       `json:"at"`
	Actor     string          `json:"actor"`
	Action    string          `json:"action"`
	Method    string          `json:"method"`
	Path      string          `json:"path"`
	RequestID string          `json:"request_id"`
	Detail    json.RawMessage `json:"detail"`
}

// listAudit serves GET /v1/audit: filters from, to (RFC 3339), actor, action; paging limit
// (default 100, max 1000) and cursor (opaque), oldest first.
func (s *Server) listAudit(c *gin.Context) error {
	q := newQuery(c)
	f := storage.AuditFilter{Actor: c.Query("actor"), Action: c.Query("action"), From: q.time("from", false), To: q.time("to", false)}
	f.Limit = q.limit(100, 1, 1000)
	if v := c.Query("cursor"); v != "" {
		n, err := strconv.ParseUint(v, 10, 63) // ids are signed 64-bit in SQLite
		if err != nil {
			q.fail("cursor", "is not a cursor this service handed out")
		}
		f.AfterID = n
	}
	if err := q.err(); err != nil {
		return err
	}
	events, err := s.Store.ListAudit(c.Request.Context(), f)
	if err != nil {
		return err
	}
	page := AuditPage{Events: make([]AuditView, 0, len(events))}
	for _, e := range events {
		page.Events = append(page.Events, AuditView{ID: e.ID, At: e.At.UTC(), Actor: e.Actor, Action: e.Action, Method: e.Method,
			Path: e.Path, RequestID: e.RequestID, Detail: json.RawMessage(e.Detail)})
	}
	if len(events) == f.Limit {
		page.NextCursor = strconv.FormatUint(events[len(events)-1].ID, 10)
	}
	c.JSON(http.StatusOK, page)
	return nil
}
