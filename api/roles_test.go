package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"greencredit/storage/dbtest"
)

// routeRoles is the contract's role matrix, METHOD + gin path → the roles admitted:
// "" = no credential needed, "*" = any role, else a comma-separated list. Every route the
// router has must be here (TestRoleMatrix fails otherwise); routes still to be merged are
// listed already so their roles are fixed before their handlers arrive.
var routeRoles = map[string]string{
	"GET /healthz":      "",
	"GET /readyz":       "",
	"GET /metrics":      "",
	"GET /openapi.yaml": "",
	"GET /":             "compliance,risk,admin", // the dashboard (browsers may use HTTP Basic with the key)

	"POST /v1/screenings": "officer,admin",

	// Decision log (officer: only the decisions it made — enforced by the handler).
	"GET /v1/decisions":                     "officer,compliance,risk,admin",
	"GET /v1/decisions/:decision_id":        "officer,compliance,risk,reviewer,admin",
	"GET /v1/decisions/verify":              "compliance,admin",
	"POST /v1/decisions/verify/jobs":        "compliance,admin",
	"GET /v1/decisions/verify/jobs/:job_id": "compliance,admin",
	"GET /v1/decisions/:decision_id/proof":  "compliance,admin",

	// Signed checkpoints and the verifiable export.
	"GET /v1/checkpoints":                   "compliance,risk,admin",
	"GET /v1/checkpoints/public-key":        "*",
	"GET /v1/checkpoints/consistency":       "compliance,admin",
	"GET /v1/log/export":                    "compliance,admin",
	"GET /v1/decisions/:decision_id/replay": "compliance,risk,admin",

	// Reviews of decisions (the reviewer may not be the screening's requester: enforced by the
	// use case) and compliance's report.
	"POST /v1/decisions/:decision_id/reviews": "reviewer,admin",
	"GET /v1/reviews":                         "reviewer,risk,compliance,admin",
	"GET /v1/reviews/report":                  "compliance,admin",

	// Loan book and portfolio.
	"PUT /v1/loans/:loan_id":                                    "officer,admin",
	"POST /v1/loans/import":                                     "admin",
	"GET /v1/loans/exceptions":                                  "compliance,risk,admin",
	"GET /v1/portfolio/green-share":                             "compliance,risk,admin",
	"GET /v1/portfolio/green-share/history":                     "compliance,risk,admin",
	"GET /v1/portfolio/book":                                    "compliance,risk,admin",
	"PUT /v1/portfolio/book":                                    "admin",
	"GET /v1/portfolio/green-review":                            "compliance,risk,admin",
	"GET /v1/reports/green-loans":                               "compliance,risk,admin",
	"GET /v1/reports/exposure":                                  "compliance,risk,admin",
	"GET /v1/reports/exposure/history":                          "compliance,risk,admin",
	"GET /v1/reports/compression":                               "compliance,risk,admin",
	"GET /v1/reports/green-statistics":                          "compliance,risk,admin",
	"GET /v1/reports/green-statistics/loans":                    "compliance,risk,admin",
	"PUT /v1/reports/compression/plan":                          "admin",
	"GET /v1/reports/green-evaluation":                          "compliance,risk,admin",
	"PUT /v1/reports/green-evaluation/regional-totals/:quarter": "admin",

	// Policy lifecycle.
	"GET /v1/policy":                            "*",
	"POST /v1/policy/bundles":                   "risk,admin",
	"POST /v1/policy/activate":                  "risk,admin",
	"POST /v1/policy/impact":                    "risk,admin",
	"POST /v1/policy/evaluate":                  "risk,compliance,admin",
	"GET /v1/policy/shadow":                     "risk,compliance,admin",
	"POST /v1/policy/shadow":                    "risk,admin",
	"DELETE /v1/policy/shadow":                  "risk,admin",
	"GET /v1/policy/shadow/report":              "risk,compliance,admin",
	"GET /v1/policy/revisions":                  "risk,compliance,admin",
	"GET /v1/policy/revisions/:digest/files":    "risk,compliance,admin",
	"POST /v1/policy/revisions/:digest/approve": "risk,admin",

	// Audit trail of administrative actions and refusals.
	"GET /v1/audit": "compliance,admin",
}

// matrixKeys holds one key per role: the key's text is the role's name + "-key".
func matrixKeys(t testing.TB) Keys {
	t.Helper()
	var b strings.Builder
	b.WriteString("[")
	for i, r := range allRoles {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"name": "` + r + `-user", "roles": ["` + r + `"], "key_sha256": "` + HashKey(r+"-key") + `"}`)
	}
	b.WriteString("]")
	keys, err := ParseKeys([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// routePath fills a gin path's parameters with an id that exists nowhere.
func routePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "*") {
			parts[i] = "no-such-id"
		}
	}
	return strings.Join(parts, "/")
}

// TestRoleMatrix sends every route of the router once per role and once without a
// credential: an admitted role passes authorisation, every other role gets 403, no
// credential gets 401, and nothing answers 5xx.
func TestRoleMatrix(t *testing.T) {
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.Keys = matrixKeys(t)
	// Every route is asked once without a credential from one test address: the failed-
	// authentication limit (TestFailedAuthenticationLimited) is not what this test is about.
	s.AuthFailureRate, s.AuthFailureBurst = 1000, 1000
	h := NewRouter(s)
	routes := h.Routes()
	if len(routes) == 0 {
		t.Fatal("the router has no routes")
	}
	for _, r := range routes {
		name := r.Method + " " + r.Path
		if strings.HasPrefix(r.Path, "/console") {
			if _, ok := consoleRoles[name]; !ok {
				t.Errorf("console route %s is not in the role matrix: add it to consoleRoles in api/roles_test.go", name)
			}
			continue // TestConsoleRoleMatrix: a session, not a bearer key
		}
		want, ok := routeRoles[name]
		if !ok {
			t.Errorf("route %s is not in the role matrix: add it to routeRoles in api/roles_test.go with the contract's roles", name)
			continue
		}
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			checkRoute(t, h, r, want)
		})
	}
}

func checkRoute(t *testing.T, h http.Handler, r gin.RouteInfo, want string) {
	var body []byte
	if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
		body = []byte(`{}`)
	}
	path := routePath(r.Path)
	admitted := strings.Split(want, ",")
	if want != "" && want != "*" && !slices.Contains(admitted, RoleAdmin) {
		t.Errorf("admin holds every role, but the matrix does not admit it")
	}
	w := do(t, h, r.Method, path, body)
	switch {
	case want == "" && (w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden):
		t.Errorf("no credential: status %d, want the route open: %s", w.Code, w.Body)
	case want != "" && w.Code != http.StatusUnauthorized:
		t.Errorf("no credential: status %d, want 401: %s", w.Code, w.Body)
	}
	for _, role := range allRoles {
		w := do(t, h, r.Method, path, body, "Authorization", "Bearer "+role+"-key")
		allowed := want == "" || want == "*" || slices.Contains(admitted, role)
		switch {
		case w.Code >= 500:
			t.Errorf("%s: status %d: %s", role, w.Code, w.Body)
		case allowed && (w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden):
			t.Errorf("%s: status %d, want admitted: %s", role, w.Code, w.Body)
		case !allowed && w.Code != http.StatusForbidden:
			t.Errorf("%s: status %d, want 403: %s", role, w.Code, w.Body)
		}
	}
}

// TestRoleMatrixDevMode: with no keys configured every caller is the dev admin.
func TestRoleMatrixDevMode(t *testing.T) {
	h, _ := newTestServer(t, dbtest.SQLite(t))
	for _, r := range h.Routes() {
		if strings.HasPrefix(r.Path, "/console") {
			continue // TestConsoleRoleMatrix signs in in development mode too
		}
		var body []byte
		if r.Method != http.MethodGet {
			body = []byte(`{}`)
		}
		if w := do(t, h, r.Method, routePath(r.Path), body); w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden || w.Code >= 500 {
			t.Errorf("%s %s in development mode: status %d: %s", r.Method, r.Path, w.Code, w.Body)
		}
	}
}

// consoleRoles is the console's part of the role matrix: "" = no session needed, "*" = any
// signed-in principal, else the roles admitted. A console page admits whom the API routes it calls
// admit (it calls them as the signed-in principal).
var consoleRoles = map[string]string{
	"GET /console/sign-in":                  "",
	"POST /console/sign-in":                 "",
	"GET /console":                          "*",
	"POST /console/sign-out":                "*",
	"GET /console/decisions":                "compliance,risk,admin",
	"POST /console/decisions":               "compliance,risk,admin",
	"GET /console/decisions/export":         "compliance,risk,admin",
	"GET /console/decisions/:decision_id":   "compliance,risk,reviewer,admin",
	"GET /console/reviews":                  "reviewer,risk,compliance,admin",
	"GET /console/reviews/:decision_id":     "reviewer,admin",
	"POST /console/reviews/:decision_id":    "reviewer,admin",
	"GET /console/policy":                   "risk,compliance,admin",
	"GET /console/policy/diff":              "risk,compliance,admin",
	"GET /console/policy/upload":            "risk,admin",
	"POST /console/policy/preview":          "risk,admin",
	"POST /console/policy/store":            "risk,admin",
	"POST /console/policy/approve":          "risk,admin",
	"POST /console/policy/activate":         "risk,admin",
	"POST /console/policy/shadow":           "risk,admin",
	"POST /console/policy/shadow/end":       "risk,admin",
	"GET /console/parameters":               "risk,admin",
	"GET /console/reports":                  "compliance,risk,admin",
	"GET /console/reports/:report":          "compliance,risk,admin",
	"GET /console/reports/:report/download": "compliance,risk,admin",
	"GET /console/loans/exceptions":         "compliance,risk,admin",
	"GET /console/playground":               "risk,compliance,admin",
	"POST /console/playground":              "risk,compliance,admin",
	"POST /console/parameters/preview":      "risk,admin",
}

// TestConsoleRoleMatrix signs in as each role and asks every console route once (a form with the
// session's token): an admitted role is not refused, every other role gets 403, a browser without
// a session is sent to sign in (a page) or refused (a form); in development mode the dev admin is
// admitted everywhere.
func TestConsoleRoleMatrix(t *testing.T) {
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.Keys = matrixKeys(t)
	s.AuthFailureRate, s.AuthFailureBurst = 1000, 1000
	h := NewRouter(s)
	dev := NewRouter(func() *Server { d := *s; d.Keys = nil; return &d }())
	for _, r := range h.Routes() {
		name := r.Method + " " + r.Path
		want, ok := consoleRoles[name]
		if !strings.HasPrefix(r.Path, "/console") || !ok {
			continue // TestRoleMatrix names what is missing
		}
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			path := routePath(r.Path)
			anon := &browser{t: t, h: h}
			w := anon.do(r.Method, path, formFor(r.Method))
			if name == "POST /console/sign-in" { // with the sign-in form's token, as a browser posts it
				w = anon.signInForm(url.Values{})
			}
			switch {
			case want == "" && (w.Code == http.StatusForbidden || strings.HasPrefix(w.Header().Get("Location"), "/console/sign-in")):
				t.Errorf("no session: %d, want open (a sign-in with no key is 401, not a refusal of the route)", w.Code)
			case want != "" && r.Method == http.MethodGet && (w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/console/sign-in")):
				t.Errorf("no session: %d %v, want sent to sign in", w.Code, w.Header())
			case want != "" && r.Method != http.MethodGet && w.Code != http.StatusUnauthorized:
				t.Errorf("no session: %d, want 401", w.Code)
			}
			if want == "" {
				return
			}
			admitted := strings.Split(want, ",")
			for _, role := range allRoles {
				b := &browser{t: t, h: h}
				b.signIn(role + "-key")
				w := b.send(r.Method, path)
				allowed := want == "*" || slices.Contains(admitted, role)
				switch {
				case w.Code >= 500:
					t.Errorf("%s: %d %s", role, w.Code, w.Body)
				case allowed && (w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden):
					t.Errorf("%s: %d, want admitted: %s", role, w.Code, w.Body)
				case !allowed && w.Code != http.StatusForbidden:
					t.Errorf("%s: %d, want 403", role, w.Code)
				}
			}
			d := &browser{t: t, h: dev}
			d.signIn("")
			if w := d.send(r.Method, path); w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden || w.Code >= 500 {
				t.Errorf("development mode: %d %s", w.Code, w.Body)
			}
		})
	}
}

// formFor is an empty form for a method that sends one.
func formFor(method string) url.Values {
	if method == http.MethodGet {
		return nil
	}
	return url.Values{}
}

// send asks a route as the browser: a GET as it is, a form with the session's token.
func (b *browser) send(method, path string) *httptest.ResponseRecorder {
	if method == http.MethodGet {
		return b.do(method, path, nil)
	}
	return b.post(path, nil)
}
