package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// proxiedStore opens a store on a fresh MariaDB database reached through a tcpProxy.
func proxiedStore(t *testing.T, opTimeout time.Duration) (*storage.Store, *tcpProxy, string) {
	t.Helper()
	dsn := dbtest.NewMySQLDatabase(t)
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, cfg.Addr)
	cfg.Addr = proxy.Addr()
	store, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: cfg.FormatDSN(), OpTimeout: opTimeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return store, proxy, dsn
}

// answerWithin runs a request; a hang past limit fails the test (the bound is the point:
// limit is many times the configured deadline, so this is no speed assertion).
func answerWithin(t *testing.T, limit time.Duration, h http.Handler, method, path string, body []byte, headers ...string) (code int, text string) {
	t.Helper()
	type answer struct {
		code int
		body string
	}
	done := make(chan answer, 1)
	go func() {
		w := do(t, h, method, path, body, headers...)
		done <- answer{w.Code, w.Body.String()}
	}()
	select {
	case a := <-done:
		return a.code, a.body
	case <-time.After(limit):
		t.Fatalf("%s %s did not answer within %v: the request is not bounded", method, path, limit)
		return 0, ""
	}
}

// TestFailClosedAndRecover_MySQLOnlyTCPProxy: with the database cut, screenings answer 503 and /readyz is
// false; once it is back the service recovers by itself, with no restart.
func TestFailClosedAndRecover_MySQLOnlyTCPProxy(t *testing.T) {
	store, proxy, _ := proxiedStore(t, 2*time.Second)
	h, s := newTestServer(t, store)
	s.RequestTimeout = 3 * time.Second
	h = NewRouter(s)
	if code, body := answerWithin(t, 30*time.Second, h, http.MethodPost, "/v1/screenings", application(nil)); code != http.StatusCreated {
		t.Fatalf("before the cut: %d %s", code, body)
	}
	proxy.Cut()
	for _, key := range []string{"", "cut-1"} {
		hdr := idemHeader(key)
		code, body := answerWithin(t, 30*time.Second, h, http.MethodPost, "/v1/screenings", application(nil), hdr...)
		if code != http.StatusServiceUnavailable || strings.Contains(body, "decision_id") {
			t.Fatalf("cut, key %q: %d %s", key, code, body)
		}
	}
	if code, _ := answerWithin(t, 30*time.Second, h, http.MethodGet, "/readyz", nil); code != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database cut: %d", code)
	}
	proxy.Restore(t)
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, _ := answerWithin(t, 30*time.Second, h, http.MethodGet, "/readyz", nil)
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz stays %d after the database came back", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if code, body := answerWithin(t, 30*time.Second, h, http.MethodPost, "/v1/screenings", application(nil), "Idempotency-Key", "cut-1"); code != http.StatusCreated {
		t.Fatalf("after recovery, the key refused during the outage: %d %s", code, body)
	}
	if n := countDecisions(t, store); n != 2 {
		t.Fatalf("%d decisions; want 2 (before the cut, after recovery)", n)
	}
}

// TestFailClosedStalledDatabase_MySQLOnlyTCPProxy: a database that accepts connections and never answers gives
// 503 once the request deadline passes, even with a long statement timeout.
func TestFailClosedStalledDatabase_MySQLOnlyTCPProxy(t *testing.T) {
	store, proxy, dsn := proxiedStore(t, 60*time.Second)
	h, s := newTestServer(t, store)
	s.RequestTimeout = time.Second
	h = NewRouter(s)
	proxy.Stall()
	for _, key := range []string{"", "stall-1"} {
		hdr := idemHeader(key)
		code, body := answerWithin(t, 20*time.Second, h, http.MethodPost, "/v1/screenings", application(nil), hdr...)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"unavailable"`) {
			t.Fatalf("stalled, key %q: %d %s", key, code, body)
		}
	}
	if code, _ := answerWithin(t, 20*time.Second, h, http.MethodGet, "/readyz", nil); code != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database stalled: %d", code)
	}
	direct, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	if n := countDecisions(t, direct); n != 0 {
		t.Fatalf("%d decisions recorded while every answer was 503", n)
	}
}

// idemHeader is the Idempotency-Key header for do, none for "".
func idemHeader(key string) []string {
	if key == "" {
		return nil
	}
	return []string{"Idempotency-Key", key}
}
