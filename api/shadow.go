package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/reports"
	"greencredit/storage"
)

// ShadowView is the shadow in force as answered.
type ShadowView struct {
	On        bool       `json:"on"`
	Digest    string     `json:"digest,omitempty"`
	Revision  string     `json:"revision,omitempty"`
	Until     *time.Time `json:"until,omitempty"`
	StartedBy string     `json:"started_by,omitempty"`
	StartedAt *time.Time `json:"started_at,omitempty"`
}

func shadowView(sh *storage.PolicyShadow) ShadowView {
	if sh == nil {
		return ShadowView{}
	}
	at := sh.StartedAt.UTC()
	return ShadowView{On: true, Digest: sh.Digest, Revision: sh.Revision, Until: sh.Until, StartedBy: sh.StartedBy, StartedAt: &at}
}

// getShadow serves GET /v1/policy/shadow: the revision in shadow, if any.
func (s *Server) getShadow(c *gin.Context) error {
	sh, err := s.Store.Shadow(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, shadowView(sh))
	return nil
}

// startShadow serves POST /v1/policy/shadow {"digest", "until"?}: a stored revision (not the
// active one) decides every screening alongside the active one, after its answer, until DELETE or
// until; audited (policy.shadow.start); at most one at a time (409 shadow_on).
func (s *Server) startShadow(c *gin.Context) error {
	var errs []FieldProblem
	o, err := readObject(c, &errs)
	if err != nil {
		return err
	}
	digest := o.str("digest", true, 71, false)
	if digest != "" && !revisionDigest(digest) {
		o.fail("digest", "must be a stored revision's digest, sha256:<64 hex>")
	}
	var until *time.Time
	if v := o.str("until", false, 40, false); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil || !t.After(time.Now()) {
			o.fail("until", "must be an RFC 3339 time in the future, such as 2026-12-31T16:00:00Z")
		} else {
			t = t.UTC().Truncate(time.Microsecond)
			until = &t
		}
	}
	o.unknown()
	if len(errs) > 0 {
		return invalidInput(errs)
	}
	ctx := c.Request.Context()
	if a := s.Policy.Active(); a != nil && a.Digest == digest {
		return &Error{Status: http.StatusConflict, Code: "shadow_is_active", Message: "the revision is the active one: shadow another"}
	}
	pol, err := s.Policies.PolicyFor(ctx, digest)
	if err != nil {
		return err
	}
	sh := &storage.PolicyShadow{Digest: pol.Digest, Revision: pol.Revision, Until: until, StartedBy: principal(c), StartedAt: time.Now().UTC().Truncate(time.Microsecond)}
	ev := s.auditEvent(c, "policy.shadow.start", map[string]any{"digest": pol.Digest, "revision": pol.Revision, "until": until})
	if err := s.Store.StartShadow(ctx, sh, ev); err != nil {
		if errors.Is(err, storage.ErrShadowOn) {
			return &Error{Status: http.StatusConflict, Code: "shadow_on", Message: "a revision is in shadow already: end it first (DELETE /v1/policy/shadow)"}
		}
		return err
	}
	s.refreshShadow(c)
	c.JSON(http.StatusCreated, shadowView(sh))
	return nil
}

// endShadow serves DELETE /v1/policy/shadow: the shadow ends (audited, policy.shadow.end); 404 when
// none is on. Its results stay, for its report.
func (s *Server) endShadow(c *gin.Context) error {
	ctx := c.Request.Context()
	sh, err := s.Store.Shadow(ctx)
	if err != nil {
		return err
	}
	if sh == nil {
		return errNotFound("shadow")
	}
	ended, err := s.Store.EndShadowRow(ctx, sh, s.auditEvent(c, "policy.shadow.end", map[string]string{"digest": sh.Digest, "revision": sh.Revision, "reason": "ended"}))
	if err != nil {
		return err
	}
	if !ended {
		return errNotFound("shadow")
	}
	s.refreshShadow(c)
	c.JSON(http.StatusOK, ShadowView{})
	return nil
}

// refreshShadow has this instance follow a shadow started or ended now (the others follow at their
// next poll); a failure is logged — the change is committed, and the poll catches up.
func (s *Server) refreshShadow(c *gin.Context) {
	if s.Shadow != nil {
		if err := s.Shadow.Refresh(c.Request.Context()); err != nil {
			s.logFor(c).WarnContext(c.Request.Context(), "shadow: refresh", "err", err)
		}
	}
}

// shadowReport serves GET /v1/policy/shadow/report?digest=&from=&to=&cursor=&limit=&format=&table=:
// how the revision decided the live screenings of [from, to) (default: the last 30 days) against
// the active one (reports.ShadowReport); JSON, CSV (one table) or XLSX.
func (s *Server) shadowReport(c *gin.Context) error {
	q := newQuery(c)
	digest := c.Query("digest")
	if !revisionDigest(digest) {
		q.fail("digest", "must be a revision's digest, sha256:<64 hex>")
	}
	now := time.Now().UTC()
	from, to := q.time("from", false), q.time("to", false)
	if from.IsZero() {
		from = now.AddDate(0, 0, -30)
	}
	if to.IsZero() {
		to = now.Add(time.Second)
	}
	if !from.Before(to) {
		q.fail("to", "must be after from")
	}
	after, ok := reports.ShadowCursorOf(c.Query("cursor"))
	if !ok {
		q.fail("cursor", "is not a cursor of this report")
	}
	limit := q.limit(100, 1, 1000)
	format, table := q.enum("format", "json", "csv", "xlsx"), q.enum("table", reports.ShadowTables...)
	if err := q.err(); err != nil {
		return err
	}
	r, err := reports.BuildShadowReport(c.Request.Context(), s.Store, digest, from, to, after, limit)
	if err != nil {
		return err
	}
	return writeReport(c, "shadow-"+digest[7:19], format, table, reports.ShadowTables, r, r.Tables())
}
