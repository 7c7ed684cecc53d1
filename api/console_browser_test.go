package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"greencredit/lifecycle"
	"greencredit/storage/dbtest"
)

// chromium is Debian's Chromium (scripts/browser-test and .ci/run install it). Without it the test
// is skipped on a developer's machine and fails in CI.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed (apt-get install chromium fonts-noto-cjk; .ci/run does)")
	}
	t.Skip("Chromium is not installed: apt-get install chromium fonts-noto-cjk")
	return ""
}

// TestConsoleInBrowser drives the console in Debian's Chromium (chromedp, the DevTools protocol)
// at 1366×768, signed in as each role, through the staff's real tasks on MariaDB: an officer is
// refused the pages it has no role for; compliance finds a decision by filter, opens it and exports
// the range; a reviewer approves a referral, a refused review is shown on the form, and a second
// reviewer confirms an override; risk uploads a candidate, reads its impact, and a second risk
// user approves and activates it; risk raises the THOS cap in the parameters form, a second risk
// user approves it, and a screening then shows the new cap in its evidence; a playground case
// shows two revisions' answers; a form posted without its CSRF token is refused. With
// GREENCREDIT_SCREENSHOTS=dir it saves the main pages' screenshots there (scripts/browser-test:
// docs/).
func TestConsoleInBrowser(t *testing.T) {
	chrome := chromium(t)
	store := dbtest.MySQL(t)
	_, s := newTestServer(t, store)
	s.Keys = reviewKeys(t)
	s.SettleWindow = time.Nanosecond
	freshPolicy(t, s, lifecycle.Config{Dir: "../rego", Poll: time.Hour, TwoPerson: true})
	shipped := s.Policy.Active()
	srv := httptest.NewServer(NewRouter(s))
	defer srv.Close()
	h := srv.Config.Handler

	// The day's screenings: a referral, a decline an exception covers, a road-transport approval.
	refer := screenAs(t, h, "officer-a", nil)["decision_id"].(string)
	decline := screenAs(t, h, "officer-a", declinedWithException)["decision_id"].(string)
	road := screenAs(t, h, "officer-a", func(m map[string]any) {
		applicant(m)["industry_code"] = "G5411"
		applicant(m)["customer_id"] = "C-ROAD"
		m["application_id"] = "APP-ROAD"
	})["decision_id"].(string)
	shots := os.Getenv("GREENCREDIT_SCREENSHOTS")

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.WindowSize(1366, 768), chromedp.Flag("lang", "zh-CN"))
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(alloc)
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()

	fail := func(what string, err error) {
		t.Helper()
		body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		t.Fatalf("%s: %v\npage: %.2000s", what, err, body)
	}
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			fail(what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			fail("read "+sel, err)
		}
		return strings.TrimSpace(v)
	}
	// shot checks that the page fits the 1366-pixel laptop screen without scrolling sideways, and
	// saves its screenshot when asked.
	shot := func(name string) {
		t.Helper()
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
		if err != nil || !fits {
			fail(name+": the page is wider than the 1366-pixel window", err)
		}
		if shots == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			fail("screenshot "+name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	open := func(path, waitFor string) {
		t.Helper()
		run("open "+path, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS(waitFor)))
	}
	signIn := func(key string) {
		t.Helper()
		open("/console/sign-in", "main") // signed in already: the home page, whose sign-out ends that session
		signedIn, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('form[action="/console/sign-out"]')`))
		if err != nil {
			fail("look for a session", err)
		}
		if signedIn {
			run("sign out", chromedp.Click(chromedp.CSS(`form[action="/console/sign-out"] button`)), chromedp.WaitVisible(chromedp.CSS("#key")))
		}
		run("sign in as "+key, chromedp.SendKeys(chromedp.CSS("#key"), key), chromedp.Submit(chromedp.CSS("#key")),
			chromedp.WaitVisible(chromedp.CSS("header nav")))
	}
	submit := func(what, form, waitFor string) {
		t.Helper()
		run(what, chromedp.Click(chromedp.CSS(form+` button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(waitFor)))
	}

	// An officer is refused the console's pages it has no role for.
	signIn("officer-a")
	open("/console/decisions", "main h2")
	if got := text("main h2"); !strings.Contains(got, "无权访问") {
		t.Fatalf("an officer on the decisions page: %q", got)
	}

	// Compliance finds the decline by filter, opens it, exports the range.
	signIn("comp")
	open("/console/decisions", `select[name=outcome]`)
	run("filter", chromedp.SetValue(chromedp.CSS(`select[name=outcome]`), "decline"))
	submit("search", `form[action="/console/decisions"]`, `a[href="/console/decisions/`+decline+`"]`)
	page := text("main")
	if strings.Contains(page, "YY2026-000123\n") || !strings.Contains(page, "APP-RED") {
		t.Fatalf("declines listed: %s", page)
	}
	shot("console-decisions.png")
	csvText, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[href^="/console/decisions/export?format=csv"]').href).then(r => r.text())`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		fail("export the range", err)
	}
	if !strings.Contains(csvText, decline) || strings.Contains(csvText, refer) {
		t.Fatalf("the exported range: %s", csvText)
	}
	run("open the decision", chromedp.Click(chromedp.CSS(`a[href="/console/decisions/`+decline+`"]`)), chromedp.WaitVisible(chromedp.CSS(`td[data-k=outcome]`)))
	if got := text(`td[data-k=outcome]`); got != "decline" || !strings.Contains(text("main"), "ENV_RED_NEW") {
		t.Fatalf("the decision page: %q", got)
	}
	run("replay", chromedp.Click(chromedp.CSS(`a[href$="?replay=1"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-k=replay]`)))
	if got := text(`[data-k=replay]`); !strings.Contains(got, "重放结果一致") {
		t.Fatalf("replay: %q", got)
	}
	shot("console-decision.png")

	// A reviewer approves the referral; the override of the decline is refused to its first
	// reviewer's confirmation and confirmed by a second reviewer.
	signIn("rev-1")
	open("/console/reviews", `a[href="/console/reviews/`+refer+`"]`)
	shot("console-reviews.png")
	run("review the referral", chromedp.Click(chromedp.CSS(`a[href="/console/reviews/`+refer+`"]`)), chromedp.WaitVisible(chromedp.CSS("#rationale")),
		chromedp.Click(chromedp.CSS(`input[name=action][value=approve]`)),
		chromedp.SendKeys(chromedp.CSS("#conditions"), "抵押登记后放款"), chromedp.SendKeys(chromedp.CSS("#rationale"), "抵押物已核实 collateral checked"))
	shot("console-review.png")
	submit("approve", `form[action="/console/reviews/`+refer+`"]`, `td[data-k=final]`)
	if got := text(`td[data-k=final]`); !strings.HasPrefix(got, "approve") {
		t.Fatalf("the referral after review: %q", got)
	}
	open("/console/reviews/"+decline, "#exception_code")
	run("propose the override", chromedp.Click(chromedp.CSS(`input[name=action][value=approve]`)),
		chromedp.SetValue(chromedp.CSS("#exception_code"), "EX_POLLUTION_CONTROL"), chromedp.SendKeys(chromedp.CSS("#rationale"), "脱硫改造方案已获环保部门认可"))
	submit("override", `form[action="/console/reviews/`+decline+`"]`, `td[data-k=final]`)
	open("/console/reviews/"+decline, "#rationale")
	run("confirm one's own override", chromedp.Click(chromedp.CSS(`input[name=action][value=confirm]`)), chromedp.SendKeys(chromedp.CSS("#rationale"), "me again"))
	submit("four eyes", `form[action="/console/reviews/`+decline+`"]`, ".msg")
	if got := text(".msg"); !strings.Contains(got, "second") {
		t.Fatalf("the first reviewer's confirmation: %q", got)
	}
	signIn("rev-2")
	open("/console/reviews?state=pending_second_approval", `a[href="/console/reviews/`+decline+`"]`)
	run("confirm", chromedp.Click(chromedp.CSS(`a[href="/console/reviews/`+decline+`"]`)), chromedp.WaitVisible(chromedp.CSS("#rationale")),
		chromedp.Click(chromedp.CSS(`input[name=action][value=confirm]`)), chromedp.SendKeys(chromedp.CSS("#rationale"), "已与县环保局核实 checked with the county bureau"))
	submit("confirm", `form[action="/console/reviews/`+decline+`"]`, `td[data-k=final]`)
	if got := text(`td[data-k=final]`); !strings.HasPrefix(got, "approve") || !strings.Contains(got, "closed") {
		t.Fatalf("the override confirmed: %q", got)
	}

	// Risk uploads a candidate (road transport on the high-energy list), reads its tests and impact
	// and stores it; a second risk user approves and activates it.
	cand := candidate(t, nil)
	bundlePath := filepath.Join(t.TempDir(), "candidate.tar.gz")
	if err := os.WriteFile(bundlePath, tgz(t, cand), 0o644); err != nil {
		t.Fatal(err)
	}
	signIn("risk-1")
	open("/console/policy/upload", "#bundle")
	run("choose the bundle", chromedp.SetUploadFiles(chromedp.CSS("#bundle"), []string{bundlePath}))
	submit("preview", `form[action="/console/policy/preview"]`, `[data-k=changed]`)
	if got := text(`[data-k=changed]`); got != "1" || !strings.Contains(text("main"), "测试全部通过") || !strings.Contains(text("main"), "APP-ROAD") {
		t.Fatalf("the candidate's impact: %q", got)
	}
	shot("console-policy-preview.png")
	submit("store", `form[action="/console/policy/store"]`, `[data-k=done-stored]`)
	signIn("risk-2")
	open("/console/policy", `button[form="approve-0"]`)
	run("approve", chromedp.Click(chromedp.CSS(`button[form="approve-0"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-k=done-approved]`)))
	run("activate", chromedp.Click(chromedp.CSS(`button[form="activate-0"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-k=done-activated]`)))
	if got := text(`[data-k=active-revision]`); got != "candidate-"+shipped.Revision || s.Policy.Active().Digest != cand.Digest() {
		t.Fatalf("active after the second risk user: %q", got)
	}
	shot("console-policy.png")

	// Risk raises the THOS cap in the parameters form; a second risk user approves it; a screening
	// on a complete book heavy in two-high-one-surplus loans shows the new cap in its evidence.
	signIn("risk-1")
	open("/console/parameters", "#t-thos_volume_cap_bp")
	run("raise the THOS cap", chromedp.SetValue(chromedp.CSS("#t-thos_volume_cap_bp"), "2000"))
	shot("console-parameters.png")
	submit("preview the parameters", `form[action="/console/parameters/preview"]`, `[data-k=evaluated]`)
	if main := text("main"); !strings.Contains(main, "测试全部通过") || !strings.Contains(main, `"thos_volume_cap_bp": 2000`) {
		t.Fatalf("the parameters' preview: %s", main)
	}
	submit("store", `form[action="/console/policy/store"]`, `[data-k=done-stored]`)
	signIn("risk-2")
	open("/console/policy", `button[form="approve-0"]`)
	run("approve", chromedp.Click(chromedp.CSS(`button[form="approve-0"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-k=done-approved]`)))
	run("activate", chromedp.Click(chromedp.CSS(`button[form="activate-0"]`)), chromedp.WaitVisible(chromedp.CSS(`[data-k=done-activated]`)))
	if s.Policy.Active().CapsBP["thos"] != 2000 {
		t.Fatalf("the THOS cap in force: %v", s.Policy.Active().CapsBP)
	}
	for id, body := range map[string]string{"T1": `{"customer_id": "C1", "branch_id": "YY-LC-01", "industry_code": "C3011", "balance": "900000.00", "as_of": "2026-01-31"}`,
		"T2": `{"customer_id": "C2", "branch_id": "YY-LC-01", "industry_code": "A0111", "balance": "100000.00", "as_of": "2026-01-31"}`} {
		if w := do(t, h, http.MethodPut, "/v1/loans/"+id, []byte(body), as("admin-1")...); w.Code != http.StatusOK {
			t.Fatalf("loan %s: %d %s", id, w.Code, w.Body)
		}
	}
	if w := do(t, h, http.MethodPut, "/v1/portfolio/book", []byte(`{"complete": true, "as_of": "2026-01-31"}`), as("admin-1")...); w.Code != http.StatusOK {
		t.Fatalf("declare the book: %d %s", w.Code, w.Body)
	}
	s.Book.Invalidate()
	ans := screenAs(t, h, "officer-a", func(m map[string]any) { m["application_id"] = "APP-CAP" })
	evidence, _ := json.Marshal(ans["reasons"])
	if !strings.Contains(string(evidence), `"code":"THOS_VOLUME_CAP"`) || !strings.Contains(string(evidence), `"cap_bp":2000`) {
		t.Fatalf("the screening under the raised cap: %s", evidence)
	}

	// A playground case: the road-transport decision under the active revision — road transport now
	// two-high-one-surplus, on a complete book 90% such loans: over the raised cap, declined — and
	// under the shipped one (approved).
	signIn("comp")
	open("/console/playground?decision="+road, "#digest")
	run("compare with the shipped revision", chromedp.SetValue(chromedp.CSS("#digest"), shipped.Digest))
	submit("try", `form[action="/console/playground"]`, `[data-k="try-`+shipped.Revision+`-outcome"]`)
	active := s.Policy.Active().Revision
	if a, b := text(`[data-k="try-`+active+`-outcome"]`), text(`[data-k="try-`+shipped.Revision+`-outcome"]`); a != "decline" || b != "approve" || !strings.Contains(text("main"), "THOS_VOLUME_CAP") {
		t.Fatalf("the playground: active %q, shipped %q", a, b)
	}
	shot("console-playground.png")
	open("/console/reports", ".panels")
	shot("console-reports.png")

	// A form posted without its CSRF token is refused, and the session lives on.
	run("sign out without the token", chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/console/sign-out"] input[name=csrf]').remove()`),
		chromedp.Click(chromedp.CSS(`form[action="/console/sign-out"] button`)), chromedp.WaitVisible(chromedp.CSS(".msg")))
	if got := text(".msg"); !strings.Contains(got, "token") {
		t.Fatalf("a form without its token: %q", got)
	}
	open("/console/decisions", `select[name=outcome]`)
}
