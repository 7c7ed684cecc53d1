package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
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

// TestDecodeObjectAsTokens: decodeObject (json.Unmarshal and a count of the members) reads
// every object as reading it one token at a time does — the same fields, the same repeated
// keys, the same refusals — whatever its strings and nesting hold.
func TestDecodeObjectAsTokens(t *testing.T) {
	for _, raw := range []string{
		`{}`, ` {"a": 1} `, `{"a": 1, "a": 2}`, `{"a": {"b": 1, "b": 2}, "c": [1, {"d": ":"}]}`,
		`{"k:": "v:,{}[]", "q\"": "\\\":", "e": "\u00e9"}`, `{"a": 1, "b": 2, "a": 3, "b": 4, "c": 5}`,
		`{"a": null}`, `{"a": 1}{}`, `{"a": 1} x`, `[1]`, `null`, `"s"`, ``, `{`, `{"a" 1}`, `{"a": 1,}`,
		"{\"\xff\": 1, \"\xfe\": 2}", `{"a": "x\u0000"}`, `{"a":[[[[]]]],"b":{"c":{"d":{}}}}`,
	} {
		f1, d1, ok1 := decodeObject([]byte(raw))
		f2, d2, ok2 := decodeObjectTokens([]byte(raw))
		if ok1 != ok2 || !reflect.DeepEqual(d1, d2) || len(f1) != len(f2) {
			t.Fatalf("%s: %v %v %v, one token at a time %v %v %v", raw, f1, d1, ok1, f2, d2, ok2)
		}
		for k, v := range f2 {
			if string(f1[k]) != string(v) {
				t.Fatalf("%s: %s is %s, one token at a time %s", raw, k, f1[k], v)
			}
		}
	}
	for _, raw := range []string{`"plain"`, `"两高一剩"`, `"with \"escape\""`, `"tab\t"`, "\"\xff\"", `"\u00e9"`, `1`, `null`, `"<&>"`} {
		var want string
		err := json.Unmarshal([]byte(raw), &want)
		got, ok := jsonString(json.RawMessage(raw))
		if ok != (err == nil) || got != want {
			t.Fatalf("%s: %q %v, json.Unmarshal %q %v", raw, got, ok, want, err)
		}
	}
}

// FuzzDecodeObject: for any bytes, decodeObject and reading one token at a time agree.
func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{`{}`, `{"a": 1, "a": [2, {"b": "}"}]}`, ` {"k\"": "v", "n": -1.5e3, "t": true} `, `{"a":1}x`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		f1, d1, ok1 := decodeObject(raw)
		f2, d2, ok2 := decodeObjectTokens(raw)
		if ok1 != ok2 || !reflect.DeepEqual(d1, d2) || len(f1) != len(f2) {
			t.Fatalf("%q: %v %v %v, one token at a time %v %v %v", raw, f1, d1, ok1, f2, d2, ok2)
		}
		for k, v := range f2 {
			if string(f1[k]) != string(v) {
				t.Fatalf("%q: %s is %s, one token at a time %s", raw, k, f1[k], v)
			}
		}
	})
}
