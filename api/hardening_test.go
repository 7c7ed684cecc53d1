package api

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// The red-team findings of issue 17, each with the test that fails without its fix.

// TestDuplicateKeysRefused: a field given twice is a 400 naming it, not decided on its last value.
func TestDuplicateKeysRefused(t *testing.T) {
	h, _ := newTestServer(t, dbtest.SQLite(t))
	body := strings.Replace(string(application(nil)), `"amount":"5000000.00"`, `"amount":"1.00","amount":"5000000.00"`, 1)
	if !strings.Contains(body, `"amount":"1.00","amount"`) {
		t.Fatal("fixture")
	}
	w := do(t, h, http.MethodPost, "/v1/screenings", []byte(body))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"loan.amount","problem":"is given more than once"`) {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

// TestErrorDetailsCapped: thousands of unknown fields give a bounded answer that says how many more.
func TestErrorDetailsCapped(t *testing.T) {
	h, _ := newTestServer(t, dbtest.SQLite(t))
	var b strings.Builder
	b.WriteString(`{"application_id":"A","branch_id":"B"`)
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, `,"x%d":1`, i)
	}
	b.WriteString("}")
	w := do(t, h, http.MethodPost, "/v1/screenings", []byte(b.String()))
	var e errorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != http.StatusBadRequest {
		t.Fatalf("%d %v", w.Code, err)
	}
	last := e.Error.Details[len(e.Error.Details)-1]
	if len(e.Error.Details) != maxDetails+1 || !strings.HasPrefix(last.Problem, "and ") || w.Body.Len() > 20000 {
		t.Fatalf("%d details, %d bytes, last %+v", len(e.Error.Details), w.Body.Len(), last)
	}
}

// TestBookingDuringOutageIs503_MySQLOnlyTCPProxy: a database outage while a loan's decision is read is 503 with
// Retry-After and no driver text, not a 400 the core system would drop as permanently wrong.
func TestBookingDuringOutageIs503_MySQLOnlyTCPProxy(t *testing.T) {
	store, proxy, _ := proxiedStore(t, time.Second)
	h, _ := newTestServer(t, store)
	d := screenOK(t, h, func(m map[string]any) { applicant(m)["industry_code"] = "A0111" })
	proxy.Cut()
	w := do(t, h, http.MethodPut, "/v1/loans/L1", loanFor("C000123", "A0111", "1.00", d.DecisionID))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" ||
		strings.Contains(w.Body.String(), "tcp") || strings.Contains(w.Body.String(), "dial") {
		t.Fatalf("%d %v %s", w.Code, w.Header(), w.Body)
	}
}

// TestOutOfTimeIs503: a policy evaluation past its deadline is unavailable (503), not internal.
func TestOutOfTimeIs503(t *testing.T) {
	for _, err := range []error{fmt.Errorf("evaluate: %w", context.DeadlineExceeded), fmt.Errorf("evaluate: %w", context.Canceled)} {
		if e := toError(err); e.Status != http.StatusServiceUnavailable {
			t.Fatalf("%v → %d", err, e.Status)
		}
	}
}

// TestForgedCursorsAndDatesAre400: a cursor beyond any time handed out, a year-0 time or date is
// the caller's error (400), not the database's (503).
func TestForgedCursorsAndDatesAre400(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, _ := newTestServer(t, store)
		forged := base64.RawURLEncoding.EncodeToString([]byte("9223372036854775807,18446744073709551615"))
		for _, path := range []string{"/v1/decisions?cursor=" + forged, "/v1/decisions?from=0000-01-01T00:00:00Z",
			"/v1/portfolio/green-share?as_of=0000-01-01", "/v1/audit?from=0000-01-01T00:00:00Z"} {
			if w := do(t, h, http.MethodGet, path, nil); w.Code != http.StatusBadRequest {
				t.Errorf("%s: %d %s", path, w.Code, w.Body)
			}
		}
	})
}

// TestRefusalAuditedAfterTheDeadline: a refusal is audited even when its request is out of time.
func TestRefusalAuditedAfterTheDeadline(t *testing.T) {
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest(http.MethodPost, "/v1/policy/bundles", nil).WithContext(ctx)
	s.auditBestEffort(c, "policy.upload.refused", map[string]string{"error": "deadline"})
	var n int64
	store.DB.Model(&storage.AuditEvent{}).Where("action = ?", "policy.upload.refused").Count(&n)
	if n != 1 {
		t.Fatalf("%d refusals audited", n)
	}
}

// TestLoanBookBounded: reports at the contract's maximum amounts cannot take the book's total
// past its bound (which would overflow, turn the share to 0 and the caps off); a report dated in
// the future is refused.
func TestLoanBookBounded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, _ := newTestServer(t, store)
		var nd strings.Builder
		for i := 0; i < 200; i++ {
			fmt.Fprintf(&nd, `{"loan_id":"M%d","customer_id":"C%d","branch_id":"YY-A","industry_code":"C3011","balance":"10000000000000","as_of":"2026-10-31"}`+"\n", i, i)
		}
		w := do(t, h, http.MethodPost, "/v1/loans/import", []byte(nd.String()), "Content-Type", "application/x-ndjson")
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "book_limit") {
			t.Fatalf("an import past the book's bound: %d %s", w.Code, w.Body)
		}
		var n int64
		store.DB.Model(&storage.Loan{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d loans left by a refused import", n)
		}
		putLoanOK(t, h, "ONE", loanBody("C1", "YY-A", "A0111", "10000000000000", "2026-10-31", "green", true))
		if v := getShare(t, h, "as_of=2026-10-31"); v.Share != "1.0000" {
			t.Fatalf("share %+v", v)
		}
		w = do(t, h, http.MethodPut, "/v1/loans/FUT", mustJSON(loanBody("C2", "YY-A", "A0111", "1.00", "9999-12-31")))
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "future") {
			t.Fatalf("a report dated 9999-12-31: %d %s", w.Code, w.Body)
		}
	})
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

// TestFailedAuthenticationLimited: a flood of bad keys from one address is cut off (429) before
// its keys are hashed; a good key from another address still gets through.
func TestFailedAuthenticationLimited(t *testing.T) {
	h, s := newTestServer(t, dbtest.SQLite(t))
	s.Keys = matrixKeys(t)
	h = NewRouter(s)
	long := strings.Repeat("k", 60<<10)
	limited := 0
	for i := 0; i < 60; i++ {
		w := do(t, h, http.MethodGet, "/v1/policy", nil, "Authorization", "Bearer "+long)
		if w.Code == http.StatusTooManyRequests {
			limited++
		} else if w.Code != http.StatusUnauthorized {
			t.Fatalf("bad key: %d", w.Code)
		}
	}
	if limited == 0 {
		t.Fatal("60 failed authentications from one address in a burst were never limited")
	}
	req := httptest.NewRequest(http.MethodGet, "/v1/policy", nil)
	req.Host, req.RemoteAddr = "127.0.0.1:8080", "198.51.100.7:4000"
	req.Header.Set("Authorization", "Bearer risk-key")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		t.Fatalf("a good key from another address: %d", w.Code)
	}
}

// TestDenialsAggregated: repeated 403s of one principal on one route are one audit event a minute.
func TestDenialsAggregated(t *testing.T) {
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.Keys = matrixKeys(t)
	h := NewRouter(s)
	for i := 0; i < 15; i++ {
		if w := do(t, h, http.MethodGet, "/v1/audit", nil, "Authorization", "Bearer officer-key"); w.Code != http.StatusForbidden {
			t.Fatalf("%d", w.Code)
		}
	}
	var n int64
	store.DB.Model(&storage.AuditEvent{}).Where("action = ?", "access.denied").Count(&n)
	if n != 1 {
		t.Fatalf("%d audit rows for 15 denials", n)
	}
}

// TestCrossOriginAndHost: a web page of another origin cannot change anything (403), development
// mode answers only loopback hosts, a bundle must come as gzip, answers are not cached, and two
// Authorization headers are refused.
func TestCrossOriginAndHost(t *testing.T) {
	h, _ := newTestServer(t, dbtest.SQLite(t))
	if w := do(t, h, http.MethodPost, "/v1/policy/activate", []byte(`{"digest":"x"}`), "Origin", "http://evil.example"); w.Code != http.StatusForbidden ||
		!strings.Contains(w.Body.String(), "cross_origin") {
		t.Fatalf("cross-origin POST: %d %s", w.Code, w.Body)
	}
	req := httptest.NewRequest(http.MethodGet, "/v1/policy", nil) // Host: example.com
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "host_not_loopback") {
		t.Fatalf("development mode on a non-loopback Host: %d %s", w.Code, w.Body)
	}
	if w := do(t, h, http.MethodPost, "/v1/policy/bundles", []byte("x"), "Content-Type", "text/plain"); w.Code != http.StatusUnsupportedMediaType {
		t.Fatalf("a text/plain bundle: %d %s", w.Code, w.Body)
	}
	d := screenOK(t, h, nil)
	if w := do(t, h, http.MethodGet, "/v1/decisions/"+d.DecisionID, nil); w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("Cache-Control %q", w.Header().Get("Cache-Control"))
	}
	req = httptest.NewRequest(http.MethodGet, "/v1/policy", nil)
	req.Host = "127.0.0.1:8080"
	req.Header.Add("Authorization", "Bearer a")
	req.Header.Add("Authorization", "Bearer b")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusBadRequest {
		t.Fatalf("two Authorization headers: %d", w.Code)
	}
}

// TestIdempotencyDigestKeyed: the stored body digest is keyed, not a plain sha256 of a body that
// holds the clear name and ID number.
func TestIdempotencyDigestKeyed(t *testing.T) {
	store := dbtest.SQLite(t)
	h, _ := newTestServer(t, store)
	body := application(nil)
	if w := do(t, h, http.MethodPost, "/v1/screenings", body, "Idempotency-Key", "k-1"); w.Code != http.StatusCreated {
		t.Fatalf("%d", w.Code)
	}
	var k storage.IdempotencyKey
	if err := store.DB.Where("idem_key = ?", "k-1").Take(&k).Error; err != nil {
		t.Fatal(err)
	}
	plain := sha256.Sum256(body)
	if k.BodySHA256 == hex.EncodeToString(plain[:]) || len(k.BodySHA256) != 64 {
		t.Fatalf("the stored digest is the plain sha256 of the body: %s", k.BodySHA256)
	}
}

// TestImportHoldsNoHotRows_MySQLOnlyRowLocks: while a long import is still reading its file (its first thousand
// loans written), a loan reported on the same book bucket is recorded at once — the import changes
// the book totals only at its end — and both count once the import commits.
func TestImportHoldsNoHotRows_MySQLOnlyRowLocks(t *testing.T) {
	store := dbtest.MySQL(t)
	h, s := newTestServer(t, store)
	s.RequestTimeout = 3 * time.Second
	h = NewRouter(s)
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		req := httptest.NewRequest(http.MethodPost, "/v1/loans/import", pr)
		req.Host = "127.0.0.1:8080"
		req.Header.Set("Content-Type", "application/x-ndjson")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		done <- w.Code
	}()
	for i := 0; i < 1500; i++ {
		fmt.Fprintf(pw, `{"loan_id":"I%d","customer_id":"C%d","branch_id":"YY-A","industry_code":"A0111","balance":"1.00","as_of":"2026-10-31"}`+"\n", i, i)
	}
	// Every line is read by now (a pipe's write returns once read): the first thousand loans are
	// written in the import's transaction, which waits for the rest of its file.
	deadline := time.Now().Add(20 * time.Second)
	for {
		w := do(t, h, http.MethodPut, "/v1/loans/P1", mustJSON(loanBody("CP", "YY-A", "A0111", "2.00", "2026-10-31")))
		if w.Code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a loan on the bucket the import is filling: %d %s", w.Code, w.Body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = pw.Close()
	if code := <-done; code != http.StatusOK {
		t.Fatalf("import: %d", code)
	}
	if v := getShare(t, h, "as_of=2026-10-31"); v.TotalBalance.String() != "1502.00" {
		t.Fatalf("book %+v", v)
	}
}
