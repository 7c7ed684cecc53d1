package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"greencredit/models/dbtest"
)

// TestAuditTrail: a refused attempt is recorded with who, what and the request id, and
// compliance reads it through GET /v1/audit, filtered and paged.
func TestAuditTrail(t *testing.T) {
	_, s := newTestServer(t, dbtest.SQLite(t))
	s.Keys = matrixKeys(t)
	h := NewRouter(s)
	for i := 0; i < 3; i++ {
		w := do(t, h, http.MethodGet, "/v1/audit", nil, "Authorization", "Bearer officer-key", "X-Request-Id", "req-"+string(rune('a'+i)))
		if w.Code != http.StatusForbidden {
			t.Fatalf("officer reads the audit trail: %d", w.Code)
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
