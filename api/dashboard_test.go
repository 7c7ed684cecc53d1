package api

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestDashboard renders the dashboard from a seeded log and book, on both databases, and
// signs in as a browser would (HTTP Basic, the API key as password).
func TestDashboard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		screenOK(t, h, func(m map[string]any) { applicant(m)["env_credit_rating"] = "black" })
		screenOK(t, h, func(m map[string]any) { applicant(m)["industry_code"] = "A0111" })
		putLoanOK(t, h, "D1", loanBody("C1", "YY-LC-01", "A0111", "100000.00", "2026-01-31", "green", true))
		putLoanOK(t, h, "D2", loanBody("C2", "YY-LC-01", "C3011", "900000.00", "2026-01-31"))
		w := do(t, h, http.MethodGet, "/", nil)
		body := w.Body.String()
		today := time.Now().UTC().Format(time.DateOnly)
		for _, want := range []string{"绿色贷款余额占比", "10.00%", "YY-LC-01", "ENV_BLACK", "THOS_POOR_QUALITY", "<svg", s.Policy.Active().Revision,
			"总量控制 Volume caps", "台账未声明完整", "<td>thos</td><td>900000.00</td><td>0.9000</td><td>0.1500</td><td><b style=\"color:#c0392b\">超限 over by 750000.00 元</b>",
			"<title>" + today + " compress: 1</title>", "<title>" + today + " support: 1</title>"} { // today's decisions by stance
			if !strings.Contains(body, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") || t.Failed() {
			t.Fatalf("%d %s", w.Code, body)
		}
		// With keys: a browser signs in with Basic; an officer's key is refused.
		keys, _ := ParseKeys([]byte(`[{"name": "audit", "roles": ["compliance"], "key_sha256": "` + HashKey("c-key") + `"},
			{"name": "core", "roles": ["officer"], "key_sha256": "` + HashKey("o-key") + `"}]`))
		s.Keys = keys
		h = NewRouter(s)
		basic := func(k string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte("staff:"+k)) }
		if w := do(t, h, http.MethodGet, "/", nil); w.Code != http.StatusUnauthorized || !strings.Contains(w.Header().Get("WWW-Authenticate"), "Basic") {
			t.Fatalf("no credential: %d %v", w.Code, w.Header())
		}
		if w := do(t, h, http.MethodGet, "/", nil, "Authorization", basic("c-key")); w.Code != http.StatusOK {
			t.Fatalf("compliance via Basic: %d", w.Code)
		}
		if w := do(t, h, http.MethodGet, "/", nil, "Authorization", basic("o-key")); w.Code != http.StatusForbidden {
			t.Fatalf("officer: %d", w.Code)
		}
	})
}
