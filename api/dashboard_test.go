package api

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"greencredit/reports"
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
		// The region's total at the last quarter end: 1,000,000 against the bank's 100,000 green.
		q := reports.QuarterOf(bankToday()).Add(-1).String()
		if w := do(t, h, http.MethodPut, "/v1/reports/green-evaluation/regional-totals/"+q, []byte(`{"total": "1000000.00", "source": "统计"}`)); w.Code != http.StatusOK {
			t.Fatalf("regional total: %d %s", w.Code, w.Body)
		}
		w := do(t, h, http.MethodGet, "/", nil)
		body := w.Body.String()
		today := time.Now().UTC().Format(time.DateOnly)
		for _, want := range []string{"绿色贷款余额占比", "10.00%", "YY-LC-01", "ENV_BLACK", "THOS_POOR_QUALITY", "<svg", s.Policy.Active().Revision,
			"总量控制 Volume caps", "台账未声明完整", "未设置压降计划",
			"<title>" + today + " compress: 1</title>", "<title>" + today + " support: 1</title>"} { // today's decisions by stance
			if !strings.Contains(body, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		// The figures the panels show, each cell by its data-k: the caps (两高一剩 at 90% of the book
		// is over its 15% cap, no headroom) and the green loans by level-1 category.
		for k, want := range map[string]string{"cap-thos-balance": "900,000.00", "cap-thos-share": "0.9000", "cap-thos-headroom": "0.00",
			"cap-thos-state": `<b style="color:#c0392b">超限 over</b>`, "cap-personal_housing-headroom": "142,857.14",
			"green--uncategorised-balance": "100,000.00"} {
			if got := dataK(body, k); got != want {
				t.Errorf("dashboard %s: %q, want %q", k, got, want)
			}
		}
		// The evaluation panel: the last quarter end that has come, 100,000 green of 1,000,000 (the
		// target exactly), 10% of the region's; the quarter before has no regional figure.
		before := reports.QuarterOf(bankToday()).Add(-2).String()
		for k, want := range map[string]string{"eval-" + q + "-green": "100,000.00", "eval-" + q + "-book": "1,000,000.00",
			"eval-" + q + "-share": "10.0000%", "eval-" + q + "-regional": "10.0000%", "eval-" + before + "-regional": `<span class="muted">未录入 not entered</span>`} {
			if got := dataK(body, k); got != want {
				t.Errorf("dashboard %s: %q, want %q", k, got, want)
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

// dataK is the content of the page's element with data-k="k", up to the element's own closing
// tag ("" when there is none).
func dataK(page, k string) string {
	i := strings.Index(page, ` data-k="`+k+`"`)
	if i < 0 {
		return ""
	}
	open := strings.LastIndexByte(page[:i], '<')
	tag := strings.Fields(page[open+1:i] + " ")[0]
	rest := page[i:]
	start := strings.IndexByte(rest, '>')
	end := strings.Index(rest, "</"+tag+">")
	if start < 0 || end < start {
		return ""
	}
	return rest[start+1 : end]
}
