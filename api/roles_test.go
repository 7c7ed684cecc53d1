package api

import (
	"net/http"
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
	"GET /v1/decisions/:decision_id":        "officer,compliance,risk,admin",
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
	"GET /v1/policy/revisions":                  "risk,compliance,admin",
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
		var body []byte
		if r.Method != http.MethodGet {
			body = []byte(`{}`)
		}
		if w := do(t, h, r.Method, routePath(r.Path), body); w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden || w.Code >= 500 {
			t.Errorf("%s %s in development mode: status %d: %s", r.Method, r.Path, w.Code, w.Body)
		}
	}
}
