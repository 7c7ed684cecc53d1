package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"greencredit/storage/dbtest"
)

// FuzzHandler drives the whole router — every route, arbitrary bodies, content types,
// query strings, credentials and Idempotency-Keys — and asserts that nothing panics and
// nothing answers 5xx (the database is healthy, so every failure is the caller's: 4xx).
func FuzzHandler(f *testing.F) {
	f.Add(uint8(0), application(nil), "application/json", "", "", "Bearer officer-key")
	f.Add(uint8(0), application(nil), "application/json", "", "k-1", "Bearer admin-key")
	f.Add(uint8(0), []byte(`{"loan":{"amount":1e400}}`), "application/json; charset=utf-8", "", "k-1", "Bearer officer-key")
	f.Add(uint8(0), []byte(`[`), "text/plain", "", "", "bearer officer-key")
	f.Add(uint8(1), []byte(nil), "", "limit=1000&cursor=18446744073709551616", "", "Bearer compliance-key")
	f.Add(uint8(1), []byte(nil), "", "from=2026-11-24T00:00:00Z&to=2026-13-01&actor=%00", "", "Bearer admin-key")
	f.Add(uint8(2), []byte(`{}`), "application/json", "", strings.Repeat("x", 129), "Bearer risk-key")

	_, s := newTestServer(f, dbtest.SQLite(f))
	s.Keys = matrixKeys(f)
	h := NewRouter(s)
	routes := h.Routes()
	// Screenings first, then the rest in a fixed order, so seeds mean the same route as
	// routes are added.
	slices.SortFunc(routes, func(a, b gin.RouteInfo) int {
		return strings.Compare(routeRank(a.Method+" "+a.Path), routeRank(b.Method+" "+b.Path))
	})
	f.Fuzz(func(t *testing.T, route uint8, body []byte, contentType, query, idemKey, auth string) {
		r := routes[int(route)%len(routes)]
		req := httptest.NewRequest(r.Method, routePath(r.Path), bytes.NewReader(body))
		req.Host = "127.0.0.1:8080" // development mode answers loopback hosts only
		req.URL.RawQuery = query
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if idemKey != "" {
			req.Header.Set("Idempotency-Key", idemKey)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= http.StatusInternalServerError {
			t.Fatalf("%s %s?%s: status %d: %s", r.Method, r.Path, query, w.Code, w.Body)
		}
		if strings.HasPrefix(r.Path, "/console") { // the console answers people: an HTML page
			if w.Code >= 400 && !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("%s %s: status %d without an HTML page: %s", r.Method, r.Path, w.Code, w.Body)
			}
			return
		}
		if w.Code >= 400 && !strings.Contains(w.Body.String(), `{"error":{"code":"`) {
			t.Fatalf("%s %s: status %d without the contract's error body: %s", r.Method, r.Path, w.Code, w.Body)
		}
	})
}

// routeRank orders routes: screenings, then the audit trail, then everything else by name.
func routeRank(name string) string {
	switch name {
	case "POST /v1/screenings":
		return "0"
	case "GET /v1/audit":
		return "1"
	}
	return "2" + name
}
