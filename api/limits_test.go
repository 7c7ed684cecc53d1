package api

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestBodyLimitEverywhere: every route, not only screenings, refuses a body over the limit
// with 413 too_large — declared by Content-Length or discovered while reading.
func TestBodyLimitEverywhere(t *testing.T) {
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.BodyLimit = 1024
	h := NewRouter(s)
	big := application(func(m map[string]any) { loan(m)["purpose"] = strings.Repeat("流", 400) })
	for _, c := range []struct {
		method, path string
		chunked      bool
	}{
		{http.MethodPost, "/v1/screenings", false},
		{http.MethodPost, "/v1/screenings", true},
		{http.MethodGet, "/readyz", false},
		{http.MethodGet, "/v1/audit", false},
		{http.MethodPost, "/no/such/route", false},
	} {
		req := httptest.NewRequest(c.method, c.path, bytes.NewReader(big))
		req.Host = "127.0.0.1:8080" // development mode answers loopback hosts only
		req.Header.Set("Content-Type", "application/json")
		if c.chunked {
			req.ContentLength = -1 // unknown length: the limit bites while reading
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), `"code":"too_large"`) {
			t.Errorf("%s %s (chunked %v): status %d %s", c.method, c.path, c.chunked, w.Code, w.Body)
		}
	}
	if n := countDecisions(t, store); n != 0 {
		t.Fatalf("an oversized body left %d decisions", n)
	}
}

// TestRouteLimitsOverTheGlobalOne: a route's own body limit, declared with it in routes.go,
// applies instead of the server's — a bundle upload and a bulk import larger than the global
// limit are taken, with their Content-Length declared.
func TestRouteLimitsOverTheGlobalOne(t *testing.T) {
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.BodyLimit = 1024
	h := NewRouter(s)
	bundle := tgz(t, candidate(t, nil))
	if len(bundle) <= 1024 {
		t.Fatalf("fixture: the bundle is only %d bytes", len(bundle))
	}
	if code, body := postBundle(t, h, "/v1/policy/bundles?activate=false", bundle); code != http.StatusCreated {
		t.Fatalf("bundle upload over the global limit: %d %v", code, body)
	}
	var file strings.Builder
	for i := 0; file.Len() <= 4096; i++ {
		file.WriteString(`{"loan_id":"L` + strconv.Itoa(i) + `","customer_id":"C1","branch_id":"YY-A","industry_code":"A0111","balance":"1.00","as_of":"2026-10-31"}` + "\n")
	}
	w := do(t, h, http.MethodPost, "/v1/loans/import", []byte(file.String()), "Content-Type", "application/x-ndjson")
	if w.Code != http.StatusOK {
		t.Fatalf("import over the global limit: %d %s", w.Code, w.Body)
	}
}

// TestRateLimitPerKey: a key over its rate gets 429 rate_limited with Retry-After; another
// key keeps its own bucket.
func TestRateLimitPerKey(t *testing.T) {
	_, s := newTestServer(t, dbtest.SQLite(t))
	s.Keys = matrixKeys(t)
	s.RateLimit, s.RateBurst = 0.01, 2 // one token per 100 s: the third request must wait
	h := NewRouter(s)
	for i := 0; i < 2; i++ {
		if w := do(t, h, http.MethodGet, "/v1/audit", nil, "Authorization", "Bearer compliance-key"); w.Code != http.StatusOK {
			t.Fatalf("request %d within the burst: %d %s", i, w.Code, w.Body)
		}
	}
	w := do(t, h, http.MethodGet, "/v1/audit", nil, "Authorization", "Bearer compliance-key")
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), `"code":"rate_limited"`) {
		t.Fatalf("over the rate: %d %s", w.Code, w.Body)
	}
	if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 || ra > 100 {
		t.Fatalf("Retry-After %q", w.Header().Get("Retry-After"))
	}
	if w := do(t, h, http.MethodGet, "/v1/audit", nil, "Authorization", "Bearer admin-key"); w.Code != http.StatusOK {
		t.Fatalf("another key is limited too: %d %s", w.Code, w.Body)
	}
	if w := do(t, h, http.MethodGet, "/healthz", nil); w.Code != http.StatusOK {
		t.Fatalf("operations endpoints are not rate limited: %d", w.Code)
	}
}

// TestRequestIDInAnswersAndLogs: every answer carries X-Request-Id (the caller's, or a new
// one) and the request's log lines carry the same id.
func TestRequestIDInAnswersAndLogs(t *testing.T) {
	var logs bytes.Buffer
	_, s := newTestServer(t, dbtest.SQLite(t))
	s.Log = slog.New(slog.NewJSONHandler(&logs, nil))
	h := NewRouter(s)
	w := do(t, h, http.MethodPost, "/v1/screenings", application(nil), "X-Request-Id", "core-4711")
	if w.Code != http.StatusCreated || w.Header().Get("X-Request-Id") != "core-4711" {
		t.Fatalf("status %d, X-Request-Id %q", w.Code, w.Header().Get("X-Request-Id"))
	}
	if !strings.Contains(logs.String(), `"request_id":"core-4711"`) || !strings.Contains(logs.String(), `"status":201`) {
		t.Fatalf("the access log lacks the request id: %s", logs.String())
	}
	for _, path := range []string{"/healthz", "/no/such/route", "/v1/screenings"} {
		w := do(t, h, http.MethodGet, path, nil, "X-Request-Id", "evil\r\nSet-Cookie: x=1")
		if len(w.Header().Get("X-Request-Id")) != 16 {
			t.Errorf("GET %s: X-Request-Id %q", path, w.Header().Get("X-Request-Id"))
		}
	}
}

// TestDatabaseErrorsShowNoSQL: a failing statement answers 503 with the contract's body and
// not a word of SQL, table names or driver messages.
func TestDatabaseErrorsShowNoSQL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		var logs bytes.Buffer
		_, s := newTestServer(t, store)
		s.Log = slog.New(slog.NewJSONHandler(&logs, nil))
		h := NewRouter(s)
		for _, table := range []string{"decisions", "audit_events", "idempotency_keys"} {
			if err := store.DB.WithContext(context.Background()).Exec("DROP TABLE " + table).Error; err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			method, path string
			body         []byte
			headers      []string
		}{
			{http.MethodPost, "/v1/screenings", application(nil), nil},
			{http.MethodPost, "/v1/screenings", application(nil), []string{"Idempotency-Key", "k-1"}},
			{http.MethodGet, "/v1/audit", nil, nil},
		} {
			w := do(t, h, c.method, c.path, c.body, c.headers...)
			body := strings.ToLower(w.Body.String())
			if w.Code != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"unavailable"`) {
				t.Errorf("%s %s: status %d %s", c.method, c.path, w.Code, body)
			}
			for _, leak := range []string{"select", "insert", "update", "from `", "table", "error 1146", "decisions", "audit_events", "idempotency_keys", "goroutine", ".go:"} {
				if strings.Contains(body, leak) {
					t.Errorf("%s %s: the answer shows %q: %s", c.method, c.path, leak, body)
				}
			}
		}
		// The driver's own words for the missing table reach the operator's log.
		if !strings.Contains(logs.String(), "1146") && !strings.Contains(logs.String(), "no such table: decisions") {
			t.Errorf("the cause is not in the log for the operator: %s", logs.String())
		}
	})
}

// TestNoPersonalDataInLogs: neither a decided screening nor a failed one puts the applicant's
// name or ID number in any log line.
func TestNoPersonalDataInLogs(t *testing.T) {
	var logs bytes.Buffer
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := NewRouter(s)
	body := application(func(m map[string]any) { applicant(m)["id_number"] = "330281199001011234" })
	if w := do(t, h, http.MethodPost, "/v1/screenings", body); w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	_ = store.Close() // the next one fails and logs its error
	if w := do(t, h, http.MethodPost, "/v1/screenings", body); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if logs.Len() == 0 || strings.Contains(logs.String(), "余姚某某水泥") || strings.Contains(logs.String(), "330281199001011234") {
		t.Fatalf("personal data in the logs (or no logs): %s", logs.String())
	}
}
