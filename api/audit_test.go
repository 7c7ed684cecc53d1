package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"greencredit/lifecycle"
	"greencredit/policy"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestAuditTrail: a refused attempt is recorded with who, what and the request id, and
// compliance reads it through GET /v1/audit, filtered and paged.
func TestAuditTrail(t *testing.T) {
	_, s := newTestServer(t, dbtest.SQLite(t))
	s.Keys = matrixKeys(t)
	h := NewRouter(s)
	// Three denials on three routes: three events (repeats of one route would be one a minute).
	for i, path := range []string{"/v1/audit", "/v1/decisions/verify", "/v1/checkpoints/consistency"} {
		w := do(t, h, http.MethodGet, path, nil, "Authorization", "Bearer officer-key", "X-Request-Id", "req-"+string(rune('a'+i)))
		if w.Code != http.StatusForbidden {
			t.Fatalf("officer reads %s: %d", path, w.Code)
		}
	}
	if w := do(t, h, http.MethodPost, "/v1/screenings", application(nil), "Authorization", "Bearer risk-key"); w.Code != http.StatusForbidden {
		t.Fatalf("risk screens: %d", w.Code)
	}
	var page struct {
		Events []struct {
			ID        uint64          `json:"id"`
			Actor     string          `json:"actor"`
			Action    string          `json:"action"`
			Method    string          `json:"method"`
			Path      string          `json:"path"`
			RequestID string          `json:"request_id"`
			At        string          `json:"at"`
			Detail    json.RawMessage `json:"detail"`
		} `json:"events"`
		NextCursor string `json:"next_cursor"`
	}
	get := func(query string) {
		t.Helper()
		w := do(t, h, http.MethodGet, "/v1/audit"+query, nil, "Authorization", "Bearer compliance-key")
		if w.Code != http.StatusOK {
			t.Fatalf("GET /v1/audit%s: %d %s", query, w.Code, w.Body)
		}
		page.Events, page.NextCursor = nil, ""
		if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil {
			t.Fatal(err)
		}
	}
	get("?actor=officer-user&limit=2")
	if len(page.Events) != 2 || page.NextCursor == "" {
		t.Fatalf("first page: %+v", page)
	}
	e := page.Events[0]
	if e.Action != "access.denied" || e.Method != "GET" || e.Path != "/v1/audit" || e.RequestID != "req-a" || !strings.HasSuffix(e.At, "Z") ||
		!strings.Contains(string(e.Detail), `"needs_one_of":["compliance"]`) {
		t.Fatalf("event %+v", e)
	}
	get("?actor=officer-user&limit=2&cursor=" + page.NextCursor)
	if len(page.Events) != 1 || page.Events[0].RequestID != "req-c" {
		t.Fatalf("second page: %+v", page)
	}
	get("?actor=risk-user")
	if len(page.Events) != 1 || page.Events[0].Path != "/v1/screenings" {
		t.Fatalf("risk's refusal: %+v", page)
	}
	w := do(t, h, http.MethodGet, "/v1/audit?from=yesterday&limit=0&cursor=x", nil, "Authorization", "Bearer admin-key")
	if w.Code != http.StatusBadRequest {
		t.Fatalf("bad filters: %d", w.Code)
	}
	for _, f := range []string{`"field":"from"`, `"field":"limit"`, `"field":"cursor"`} {
		if !strings.Contains(w.Body.String(), f) {
			t.Errorf("bad filters: %s not named in %s", f, w.Body)
		}
	}
}

// refuseAudit makes the database refuse the audit events of the given actions (a trigger), as a
// full disk or a lost privilege would.
func refuseAudit(t *testing.T, store *storage.Store, actions ...string) {
	t.Helper()
	in := "'" + strings.Join(actions, "','") + "'"
	var sql string
	if store.Dialect == "mysql" {
		sql = "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW BEGIN IF NEW.action IN (" + in +
			") THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit refused'; END IF; END"
	} else {
		sql = "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events WHEN NEW.action IN (" + in +
			") BEGIN SELECT RAISE(ABORT, 'audit refused'); END"
	}
	if err := store.DB.Exec(sql).Error; err != nil {
		t.Fatalf("create trigger: %v", err)
	}
	t.Cleanup(func() { store.DB.Exec("DROP TRIGGER IF EXISTS refuse_audit") })
}

// TestAdminActionWithoutItsAuditLeavesNoTrace: a bundle upload, an activation (rollback), a loan
// import and a book declaration whose audit event cannot be recorded do not happen at all:
// nothing stored, nothing activated (here or on another instance), nothing imported.
func TestAdminActionWithoutItsAuditLeavesNoTrace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		freshPolicy(t, s, lifecycle.Config{Dir: "../rego", Poll: time.Hour})
		ctx := context.Background()
		active := s.Policy.Active().Digest
		// A second revision, stored and not active: the activation to refuse.
		other := candidate(t, nil)
		if code, body := postBundle(t, h, "/v1/policy/bundles?activate=false", tgz(t, other)); code != http.StatusCreated {
			t.Fatalf("upload: %d %v", code, body)
		}
		refuseAudit(t, store, "policy.upload", "policy.activate", "loans.import", "book.declare")

		third := candidate(t, func(f policy.Files) {
			f[".manifest"] = []byte(strings.Replace(string(f[".manifest"]), "candidate-", "third-", 1))
		})
		if code, body := postBundle(t, h, "/v1/policy/bundles", tgz(t, third)); code != http.StatusServiceUnavailable {
			t.Fatalf("upload without its audit: %d %v", code, body)
		}
		if _, err := store.GetRevision(ctx, third.Digest()); !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("the unaudited upload was stored: %v", err)
		}
		w := do(t, h, http.MethodPost, "/v1/policy/activate", []byte(`{"digest":"`+other.Digest()+`"}`))
		if w.Code != http.StatusServiceUnavailable {
			t.Fatalf("activation without its audit: %d %s", w.Code, w.Body)
		}
		if a, err := store.GetActive(ctx); err != nil || a.Digest != active || s.Policy.Active().Digest != active {
			t.Fatalf("the unaudited activation took effect: %+v %v, engine %s", a, err, s.Policy.Active().Digest)
		}
		w = do(t, h, http.MethodPost, "/v1/loans/import",
			[]byte(`{"loan_id":"A1","customer_id":"C1","branch_id":"YY-A","industry_code":"A0111","balance":"1.00","as_of":"2026-10-31"}`+"\n"),
			"Content-Type", "application/x-ndjson")
		if w.Code != http.StatusServiceUnavailable {
			t.Fatalf("import without its audit: %d %s", w.Code, w.Body)
		}
		var loans int64
		store.DB.Model(&storage.Loan{}).Count(&loans)
		if loans != 0 {
			t.Fatalf("the unaudited import left %d loans", loans)
		}
		w = do(t, h, http.MethodPut, "/v1/portfolio/book", []byte(`{"complete":true,"as_of":"2026-11-30"}`))
		if d, _ := store.BookDeclared(ctx); w.Code != http.StatusServiceUnavailable || d != nil {
			t.Fatalf("declaration without its audit: %d %s, %+v", w.Code, w.Body, d)
		}
		var events int64
		store.DB.Model(&storage.AuditEvent{}).Where("action IN ?", []string{"policy.activate", "loans.import", "book.declare"}).Count(&events)
		if events != 0 {
			t.Fatalf("%d audit events of refused actions", events)
		}
	})
}
