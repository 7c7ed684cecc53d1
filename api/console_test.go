package api

import (
	"bytes"
	"crypto/tls"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"greencredit/decisionlog"
	"greencredit/lifecycle"
	"greencredit/policy"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// browser is a test's browser of the console: its session cookie and the form token of the last
// page it read.
type browser struct {
	t      *testing.T
	h      http.Handler
	cookie string
	csrf   string
	// signIn is the sign-in form's token and its cookie (the page's; "" before it was read).
	signInToken string
}

var signInField = regexp.MustCompile(`name="signin_token" value="([^"]+)"`)

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// consoleDo sends a console request as the browser (a form when form is not nil) and keeps what
// it sets: the session cookie, the page's form token.
func (b *browser) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	return b.request(method, path, form, nil)
}

// request is do with the request changed by edit before it is sent (another Origin, TLS).
func (b *browser) request(method, path string, form url.Values, edit func(*http.Request)) *httptest.ResponseRecorder {
	b.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, path, body)
	req.Host = "127.0.0.1:8080"
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	var cookies []string
	if b.cookie != "" {
		cookies = append(cookies, sessionCookie+"="+b.cookie)
	}
	if b.signInToken != "" {
		cookies = append(cookies, signInCookie+"="+b.signInToken)
	}
	req.Header.Set("Cookie", strings.Join(cookies, "; "))
	if edit != nil {
		edit(req)
	}
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, req)
	if m := signInField.FindStringSubmatch(w.Body.String()); m != nil {
		b.signInToken = m[1]
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			b.cookie = c.Value
			if c.MaxAge < 0 {
				b.cookie = ""
			}
		}
	}
	if m := csrfField.FindStringSubmatch(w.Body.String()); m != nil {
		b.csrf = m[1]
	}
	return w
}

// post sends a form with the browser's token.
func (b *browser) post(path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", b.csrf)
	return b.do(http.MethodPost, path, form)
}

// signInForm posts the sign-in form as a browser does: read the page (its token), then post.
func (b *browser) signInForm(form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	b.do(http.MethodGet, "/console/sign-in", nil)
	form.Set("signin_token", b.signInToken)
	return b.do(http.MethodPost, "/console/sign-in", form)
}

// signIn signs the browser in with a key and reads the console's home page (for its token).
func (b *browser) signIn(key string) {
	b.t.Helper()
	b.cookie = "" // the sign-in page of a signed-in browser is its home page
	w := b.signInForm(url.Values{"key": {key}})
	if w.Code != http.StatusSeeOther || b.cookie == "" {
		b.t.Fatalf("sign in with %q: %d %s", key, w.Code, w.Body)
	}
	if w := b.do(http.MethodGet, "/console", nil); w.Code != http.StatusOK || b.csrf == "" {
		b.t.Fatalf("home: %d %s", w.Code, w.Body)
	}
}

// TestConsoleSessions: a page without a session sends the browser to sign in; a wrong key is
// refused with nothing stored; a sign-in gives a new HttpOnly, SameSite=Strict session cookie
// whatever the browser held (fixation), holds no key in its URL and stores only the token's hash;
// the session ends at sign-out, after the idle time, after the absolute lifetime, and when its key
// is no longer configured.
func TestConsoleSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
		s.Clock = func() time.Time { return now }
		h := NewRouter(s)
		b := &browser{t: t, h: h}

		w := b.do(http.MethodGet, "/console/decisions?branch_id=YY-A", nil)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/console/sign-in?next="+url.QueryEscape("/console/decisions?branch_id=YY-A") {
			t.Fatalf("no session: %d %v", w.Code, w.Header())
		}
		if w := b.signInForm(url.Values{"key": {"not-a-key"}}); w.Code != http.StatusUnauthorized ||
			b.cookie != "" || !strings.Contains(w.Body.String(), "密钥无效") {
			t.Fatalf("a wrong key: %d %s", w.Code, w.Body)
		}
		var n int64
		store.DB.Model(&storage.ConsoleSession{}).Count(&n)
		if n != 0 {
			t.Fatalf("a refused sign-in stored %d sessions", n)
		}

		// A planted cookie is not adopted: the sign-in issues a new token.
		// A sign-in without the form's token (another site's page posting it) is refused.
		if w := b.do(http.MethodPost, "/console/sign-in", url.Values{"key": {"comp"}, "signin_token": {"guessed"}}); w.Code != http.StatusForbidden || b.cookie != "" {
			t.Fatalf("a sign-in without its token: %d %s", w.Code, w.Body)
		}
		b.do(http.MethodGet, "/console/sign-in", nil)
		b.cookie = "planted-token-from-an-attacker"
		w = b.do(http.MethodPost, "/console/sign-in", url.Values{"key": {"comp"}, "next": {"/console/reviews"}, "signin_token": {b.signInToken}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/console/reviews" || b.cookie == "" || b.cookie == "planted-token-from-an-attacker" {
			t.Fatalf("sign in: %d %v cookie %q", w.Code, w.Header(), b.cookie)
		}
		set := w.Header().Get("Set-Cookie")
		for _, want := range []string{"HttpOnly", "SameSite=Strict", "Path=/console"} {
			if !strings.Contains(set, want) {
				t.Fatalf("cookie %q lacks %s", set, want)
			}
		}
		if strings.Contains(set, "Secure") {
			t.Fatalf("a cookie over plain HTTP marked Secure: %q", set)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Fatalf("the console's pages may load from elsewhere: %q", csp)
		}
		// Over TLS (or behind a TLS proxy, GREENCREDIT_CONSOLE_SECURE_COOKIE) the cookie is Secure.
		for name, srv := range map[string]*Server{"TLS": s, "secure-cookie setting": func() *Server { c := *s; c.ConsoleSecureCookie = true; return &c }()} {
			tb := &browser{t: t, h: NewRouter(srv)}
			tb.do(http.MethodGet, "/console/sign-in", nil)
			tw := tb.request(http.MethodPost, "/console/sign-in", url.Values{"key": {"comp"}, "signin_token": {tb.signInToken}}, func(r *http.Request) {
				if name == "TLS" {
					r.TLS = &tls.ConnectionState{}
				}
			})
			if c := tw.Header().Get("Set-Cookie"); tw.Code != http.StatusSeeOther || !strings.Contains(c, sessionCookie+"=") || !strings.Contains(c, "; Secure") {
				t.Fatalf("%s: %d %q", name, tw.Code, c)
			}
		}
		var sess storage.ConsoleSession
		store.DB.Take(&sess)
		if sess.IDHash == b.cookie || strings.Contains(sess.IDHash, b.cookie) || sess.Principal != "comp" || sess.KeySHA256 != HashKey("comp") {
			t.Fatalf("stored session: %+v", sess)
		}
		// An open redirect is not followed.
		b2 := &browser{t: t, h: h}
		if w := b2.signInForm(url.Values{"key": {"comp"}, "next": {"//evil.example/"}}); w.Header().Get("Location") != "/console" {
			t.Fatalf("next=//evil.example/: %v", w.Header())
		}

		if w := b.do(http.MethodGet, "/console", nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "comp") {
			t.Fatalf("home: %d %s", w.Code, w.Body)
		}
		// Idle: 29 minutes later it lives (and is touched); 31 minutes after that it has ended.
		now = now.Add(29 * time.Minute)
		if w := b.do(http.MethodGet, "/console", nil); w.Code != http.StatusOK {
			t.Fatalf("after 29 minutes: %d", w.Code)
		}
		now = now.Add(31 * time.Minute)
		if w := b.do(http.MethodGet, "/console", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("after 31 idle minutes: %d", w.Code)
		}
		// Absolute: used every 20 minutes, it ends 8 hours after sign-in.
		b.signIn("comp")
		for i := 0; i < 23; i++ {
			now = now.Add(20 * time.Minute)
			if w := b.do(http.MethodGet, "/console", nil); w.Code != http.StatusOK {
				t.Fatalf("after %d minutes of use: %d", 20*(i+1), w.Code)
			}
		}
		now = now.Add(21 * time.Minute) // 8 h 1 min after sign-in
		if w := b.do(http.MethodGet, "/console", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("after 8 hours: %d", w.Code)
		}
		// Sign-out ends it: the old token opens nothing, even replayed.
		b.signIn("comp")
		token := b.cookie
		if w := b.post("/console/sign-out", nil); w.Code != http.StatusSeeOther || b.cookie != "" {
			t.Fatalf("sign out: %d %v", w.Code, w.Header())
		}
		b.cookie = token
		if w := b.do(http.MethodGet, "/console", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("the signed-out token: %d", w.Code)
		}
		// A key removed from the configuration ends its sessions.
		b.signIn("comp")
		s.Keys = matrixKeys(t)
		h = NewRouter(s)
		b.h = h
		if w := b.do(http.MethodGet, "/console", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("a session of a removed key: %d", w.Code)
		}
	})
}

// TestConsoleCSRF: a form posted without the session's token, with another session's token, or
// from another origin is refused (403) and changes nothing; with its token it is taken.
func TestConsoleCSRF(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		h := NewRouter(s)
		a, other := &browser{t: t, h: h}, &browser{t: t, h: h}
		var token string
		a.signIn("risk-1")
		other.signIn("risk-1")
		sessions := func() int64 {
			var n int64
			store.DB.Model(&storage.ConsoleSession{}).Count(&n)
			return n
		}
		for name, form := range map[string]url.Values{"no token": {}, "another session's token": {"csrf": {other.csrf}}} {
			if w := a.do(http.MethodPost, "/console/sign-out", form); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "token") {
				t.Fatalf("%s: %d %s", name, w.Code, w.Body)
			}
			if sessions() != 2 {
				t.Fatalf("%s: the sign-out was taken", name)
			}
		}
		w := a.request(http.MethodPost, "/console/sign-out", url.Values{"csrf": {a.csrf}}, func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") })
		if w.Code != http.StatusForbidden || sessions() != 2 {
			t.Fatalf("from another origin: %d", w.Code)
		}
		// A multipart form (the bundle upload) without its token is refused too.
		a.csrf, token = "", a.csrf
		if w := a.upload([]byte("not a bundle")); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "token") {
			t.Fatalf("an upload without its token: %d %s", w.Code, w.Body)
		}
		a.csrf = token
		if w := a.post("/console/sign-out", nil); w.Code != http.StatusSeeOther || sessions() != 1 {
			t.Fatalf("with the token: %d", w.Code)
		}
	})
}

// TestConsoleReviews: a reviewer approves a referral and, with a second reviewer, overrides a
// decline through the console's forms; each refusal — self-review, a missing rationale, an
// exception that does not cover the declines, the first reviewer confirming its own override — is
// shown on the form with what was entered, and records nothing.
func TestConsoleReviews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		s.SettleWindow = time.Nanosecond
		h := NewRouter(s)
		refer := screenAs(t, h, "officer-a", nil)["decision_id"].(string)
		decline := screenAs(t, h, "officer-a", declinedWithException)["decision_id"].(string)
		own := screenAs(t, h, "dual", func(m map[string]any) { m["application_id"] = "APP-DUAL" })["decision_id"].(string)
		reviews := func() int64 {
			var n int64
			store.DB.Model(&storage.Review{}).Count(&n)
			return n
		}
		rev1, rev2, dual := &browser{t: t, h: h}, &browser{t: t, h: h}, &browser{t: t, h: h}
		rev1.signIn("rev-1")
		rev2.signIn("rev-2")
		dual.signIn("dual")

		if w := rev1.do(http.MethodGet, "/console/reviews", nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), refer) {
			t.Fatalf("queue: %d %s", w.Code, w.Body)
		}
		refused := func(w *httptest.ResponseRecorder, status int, wants ...string) {
			t.Helper()
			if w.Code != status {
				t.Fatalf("%d, want %d: %s", w.Code, status, w.Body)
			}
			for _, want := range wants {
				if !strings.Contains(w.Body.String(), want) {
					t.Fatalf("the form lacks %q: %s", want, w.Body)
				}
			}
			if reviews() != 0 {
				t.Fatalf("a refused review was recorded")
			}
		}
		rev1.do(http.MethodGet, "/console/reviews/"+own, nil)
		refused(dual.post("/console/reviews/"+own, url.Values{"action": {"approve"}, "rationale": {"mine"}}), http.StatusForbidden, "may not review")
		refused(rev1.post("/console/reviews/"+refer, url.Values{"action": {"approve"}, "rationale": {"  "}, "conditions": {"抵押登记后放款"}}),
			http.StatusBadRequest, "<code>rationale</code>", "抵押登记后放款")
		refused(rev1.post("/console/reviews/"+decline, url.Values{"action": {"approve"}, "exception_code": {"EX_THOS_CAP_STRATEGIC"}, "rationale": {"x"}}),
			http.StatusBadRequest, "does not cover")

		if w := rev1.post("/console/reviews/"+refer, url.Values{"action": {"approve"}, "rationale": {"collateral checked"}, "conditions": {"抵押登记后放款\n季度回访"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", w.Code, w.Body)
		}
		if w := rev1.do(http.MethodGet, "/console/decisions/"+refer+"?reviewed=1", nil); !strings.Contains(w.Body.String(), "审查已记录") ||
			dataK(w.Body.String(), "final") != `approve <span class="muted">closed</span>` || !strings.Contains(w.Body.String(), "季度回访") {
			t.Fatalf("the decision after review: %s", w.Body)
		}
		if w := rev1.post("/console/reviews/"+decline, url.Values{"action": {"approve"}, "exception_code": {"EX_POLLUTION_CONTROL"}, "rationale": {"retrofit plan accepted"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("override: %d %s", w.Code, w.Body)
		}
		if w := rev1.post("/console/reviews/"+decline, url.Values{"action": {"confirm"}, "rationale": {"me again"}}); w.Code != http.StatusForbidden ||
			!strings.Contains(w.Body.String(), "second") || reviews() != 2 {
			t.Fatalf("four eyes: %d %s", w.Code, w.Body)
		}
		if w := rev2.do(http.MethodGet, "/console/reviews?state=pending_second_approval", nil); !strings.Contains(w.Body.String(), decline) {
			t.Fatalf("pending queue: %s", w.Body)
		}
		if w := rev2.post("/console/reviews/"+decline, url.Values{"action": {"confirm"}, "rationale": {"plan checked"}}); w.Code != http.StatusSeeOther || reviews() != 3 {
			t.Fatalf("confirm: %d %s", w.Code, w.Body)
		}
		if w := rev2.do(http.MethodGet, "/console/decisions/"+decline, nil); dataK(w.Body.String(), "final") != `approve <span class="muted">closed</span>` {
			t.Fatalf("the override confirmed: %s", w.Body)
		}
	})
}

// TestConsoleDecisions: compliance finds decisions by filter (a bad filter named on the page), pages
// through them, exports the range as CSV, and opens one: its reasons with their evidence, its chain
// position, and a replay that reproduces it.
func TestConsoleDecisions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		s.SettleWindow = time.Nanosecond
		h := NewRouter(s)
		refer := screenAs(t, h, "officer-a", nil)["decision_id"].(string)
		decline := screenAs(t, h, "officer-a", declinedWithException)["decision_id"].(string)
		b := &browser{t: t, h: h}
		b.signIn("comp")
		today := time.Now().In(decisionlog.BankZone).Format(time.DateOnly)
		w := b.do(http.MethodGet, "/console/decisions?outcome=decline&from_day="+today+"&to_day="+today, nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), decline) || strings.Contains(w.Body.String(), refer) {
			t.Fatalf("declines of today: %d %s", w.Code, w.Body)
		}
		if w := b.do(http.MethodGet, "/console/decisions?outcome=decline&to_day="+time.Now().AddDate(0, 0, -2).Format(time.DateOnly), nil); strings.Contains(w.Body.String(), decline) {
			t.Fatalf("a decision of today listed up to two days ago")
		}
		// A name is searched by a posted form: the address then carries its keyed hash, never the name.
		w = b.post("/console/decisions", url.Values{"name": {"余姚某某水泥有限公司"}, "outcome": {"decline"}})
		loc := w.Header().Get("Location")
		if w.Code != http.StatusSeeOther || strings.Contains(loc, url.QueryEscape("余姚")) || !strings.Contains(loc, "name_hash=") {
			t.Fatalf("a name search: %d %s", w.Code, loc)
		}
		if w := b.do(http.MethodGet, loc, nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), decline) || strings.Contains(w.Body.String(), "余姚某某") {
			t.Fatalf("the name search's results: %d %s", w.Code, w.Body)
		}
		if w := b.do(http.MethodGet, "/console/decisions?industry_code=3011&stance=sideways", nil); w.Code != http.StatusBadRequest ||
			!strings.Contains(w.Body.String(), "<code>industry_code</code>") || !strings.Contains(w.Body.String(), "<code>stance</code>") {
			t.Fatalf("bad filters: %d %s", w.Code, w.Body)
		}
		// The page's export link carries its filters: the declines of today only.
		link := regexp.MustCompile(`href="(/console/decisions/export\?format=csv&amp;[^"]*)"`).FindStringSubmatch(
			b.do(http.MethodGet, "/console/decisions?outcome=decline&from_day="+today, nil).Body.String())
		if w := b.do(http.MethodGet, html.UnescapeString(link[1]), nil); !strings.Contains(w.Body.String(), decline) || strings.Contains(w.Body.String(), refer) {
			t.Fatalf("the page's export link %s: %s", link[1], w.Body)
		}
		w = b.do(http.MethodGet, "/console/decisions/export?format=csv&from_day="+today, nil)
		lines := strings.Split(strings.TrimSpace(w.Body.String()), "\n")
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") || len(lines) != 3 ||
			!strings.Contains(w.Body.String(), refer) || !strings.Contains(w.Body.String(), decline) {
			t.Fatalf("export: %d %v %s", w.Code, w.Header(), w.Body)
		}
		w = b.do(http.MethodGet, "/console/decisions/"+decline+"?replay=1", nil)
		body := w.Body.String()
		for _, want := range []string{"ENV_RED_NEW", "env_credit_rating", "重放结果一致", "本条哈希 Hash", "C-RED"} {
			if !strings.Contains(body, want) {
				t.Fatalf("decision page lacks %q: %s", want, body)
			}
		}
		if dataK(body, "outcome") != "decline" {
			t.Fatalf("outcome cell: %q", dataK(body, "outcome"))
		}
	})
}

// TestConsolePolicy: risk uploads a candidate through the console and reads its tests, impact and
// differences before anything is stored; stores it; its uploader's approval is refused (four
// eyes); a second risk principal approves and activates it; the revisions compare file by file; a
// bundle whose tests fail is refused on the form with nothing stored.
func TestConsolePolicy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		freshPolicy(t, s, lifecycle.Config{Dir: "../rego", Poll: time.Hour, TwoPerson: true})
		h := NewRouter(s)
		active := s.Policy.Active()
		// A road-transport decision (G54) of today, which the candidate's new list entry changes.
		screenAs(t, h, "officer-a", func(m map[string]any) { applicant(m)["industry_code"] = "G5411" })
		risk1, risk2 := &browser{t: t, h: h}, &browser{t: t, h: h}
		risk1.signIn("risk-1")
		risk2.signIn("risk-2")
		revisions := func() int64 {
			var n int64
			store.DB.Model(&storage.PolicyRevision{}).Count(&n)
			return n
		}
		before := revisions()

		broken := candidate(t, func(f policy.Files) {
			f["greencredit/zz_test.rego"] = []byte("package greencredit.zz\n\ntest_fails if { 1 == 2 }\n")
		})
		w := risk1.upload(tgz(t, broken))
		if w.Code != http.StatusBadRequest && w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "test_fails") || revisions() != before {
			t.Fatalf("a failing bundle: %d %s", w.Code, w.Body)
		}
		cand := candidate(t, nil)
		w = risk1.upload(tgz(t, cand))
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, "测试全部通过") || dataK(body, "evaluated") != "1" || dataK(body, "changed") != "1" ||
			!strings.Contains(body, `<ins>&#43;        &#34;codes&#34;: [&#34;C25&#34;, &#34;C26&#34;, &#34;C30&#34;, &#34;C31&#34;, &#34;C32&#34;, &#34;D4411&#34;, &#34;D4412&#34;, &#34;G54&#34;]</ins>`) {
			t.Fatalf("preview: %d %s", w.Code, body)
		}
		if revisions() != before {
			t.Fatal("the preview stored the candidate")
		}
		bundle := regexp.MustCompile(`name="bundle" value="([^"]+)"`).FindStringSubmatch(body)
		if w := risk1.post("/console/policy/store", url.Values{"bundle": {html.UnescapeString(bundle[1])}}); w.Code != http.StatusSeeOther || revisions() != before+1 {
			t.Fatalf("store: %d %s", w.Code, w.Body)
		}
		w = risk1.do(http.MethodGet, "/console/policy?done=stored", nil)
		rev := "candidate-" + active.Revision
		if dataK(w.Body.String(), "state-"+rev) != `<b class="warn">待批准 pending approval</b>` {
			t.Fatalf("policy page: %s", w.Body)
		}
		if w := risk1.post("/console/policy/approve", url.Values{"digest": {cand.Digest()}}); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "not by its uploader") {
			t.Fatalf("the uploader approved: %d %s", w.Code, w.Body)
		}
		if w := risk2.post("/console/policy/approve", url.Values{"digest": {cand.Digest()}}); w.Code != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", w.Code, w.Body)
		}
		if w := risk2.post("/console/policy/activate", url.Values{"digest": {cand.Digest()}}); w.Code != http.StatusSeeOther || s.Policy.Active().Digest != cand.Digest() {
			t.Fatalf("activate: %d %s", w.Code, w.Body)
		}
		w = risk2.do(http.MethodGet, "/console/policy/diff?a="+active.Digest+"&b="+cand.Digest(), nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<code>data.json</code>") || !strings.Contains(w.Body.String(), "<code>.manifest</code>") {
			t.Fatalf("diff: %d %s", w.Code, w.Body)
		}
	})
}

// upload posts a bundle to the console's preview as a browser's file input does.
func (b *browser) upload(bundle []byte) *httptest.ResponseRecorder {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", b.csrf)
	_ = mw.WriteField("from_day", time.Now().In(decisionlog.BankZone).Format(time.DateOnly)) // a one-day range
	_ = mw.WriteField("to_day", time.Now().In(decisionlog.BankZone).Format(time.DateOnly))
	fw, _ := mw.CreateFormFile("bundle", "candidate.tar.gz")
	_, _ = fw.Write(bundle)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/console/policy/preview", &body)
	req.Host = "127.0.0.1:8080"
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Cookie", sessionCookie+"="+b.cookie)
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, req)
	return w
}

var (
	inputField    = regexp.MustCompile(`<input[^>]*\bname="([^"]+)"[^>]*>`)
	inputValue    = regexp.MustCompile(`\bvalue="([^"]*)"`)
	textareaField = regexp.MustCompile(`(?s)<textarea[^>]*\bname="([^"]+)"[^>]*>(.*?)</textarea>`)
)

// formValues is what a browser would post from a page's form as it stands: every text input and
// textarea with its value (checkboxes and radio buttons only when checked; no file input).
func formValues(page string) url.Values {
	v := url.Values{}
	for _, m := range inputField.FindAllStringSubmatch(page, -1) {
		tag := m[0]
		if strings.Contains(tag, `type="file"`) || (strings.Contains(tag, `type="checkbox"`) || strings.Contains(tag, `type="radio"`)) && !strings.Contains(tag, "checked") {
			continue
		}
		val := ""
		if vm := inputValue.FindStringSubmatch(tag); vm != nil {
			val = html.UnescapeString(vm[1])
		}
		v.Add(m[1], val)
	}
	for _, m := range textareaField.FindAllStringSubmatch(page, -1) {
		v.Add(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// TestConsoleParameters: risk raises the THOS cap in the parameters form (no Rego), reads the
// candidate's preview — its tests pass, data.json differs by that line only — and stores it; a
// second risk principal approves and activates it; a screening then shows the new cap in its
// evidence. A code not in GB/T 4754, a code without its source and a cap above 100% are named on
// the form, and nothing is stored.
func TestConsoleParameters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		freshPolicy(t, s, lifecycle.Config{Dir: "../rego", Poll: time.Hour, TwoPerson: true})
		h := NewRouter(s)
		risk1, risk2 := &browser{t: t, h: h}, &browser{t: t, h: h}
		risk1.signIn("risk-1")
		risk2.signIn("risk-2")
		revisions := func() int64 {
			var n int64
			store.DB.Model(&storage.PolicyRevision{}).Count(&n)
			return n
		}
		before := revisions()
		w := risk1.do(http.MethodGet, "/console/parameters", nil)
		form := formValues(w.Body.String())
		if w.Code != http.StatusOK || form.Get("threshold.thos_volume_cap_bp") != "1500" || form.Get("revision") != "2026-12-06.2" {
			t.Fatalf("form: %d %v", w.Code, form)
		}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("threshold.thos_volume_cap_bp", "12000")
		bad.Set("list.overcapacity.add", "C9999")
		bad.Set("list.high_energy.add", "C2511")
		bad.Set("threshold.quasi_real_estate_ratio", ".5")
		w = risk1.post("/console/parameters/preview", bad)
		for _, field := range []string{"thresholds.thos_volume_cap_bp", "lists.overcapacity.add", "lists.high_energy.source", "thresholds.quasi_real_estate_ratio"} {
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "<code>"+field+"</code>") {
				t.Fatalf("bad parameters: %s not named: %d %s", field, w.Code, w.Body)
			}
		}
		if formValues(w.Body.String()).Get("list.high_energy.add") != "C2511" || revisions() != before {
			t.Fatal("the form lost what was entered, or stored something")
		}

		// A form opened on another revision than the active one is refused (no lost update).
		stale := url.Values{}
		for k, v := range form {
			stale[k] = v
		}
		stale.Set("base", "sha256:"+strings.Repeat("0", 64))
		if w := risk1.post("/console/parameters/preview", stale); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "changed since") {
			t.Fatalf("a stale form: %d %s", w.Code, w.Body)
		}
		form.Set("threshold.thos_volume_cap_bp", "2000")
		w = risk1.post("/console/parameters/preview", form)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, "测试全部通过") || !strings.Contains(body, `<del>-      &#34;thos_volume_cap_bp&#34;: 1500,</del>`) ||
			!strings.Contains(body, `<ins>&#43;      &#34;thos_volume_cap_bp&#34;: 2000,</ins>`) || strings.Count(body, "<ins>") != 2 {
			t.Fatalf("preview: %d %s", w.Code, body)
		}
		bundle := regexp.MustCompile(`name="bundle" value="([^"]+)"`).FindStringSubmatch(body)
		if w := risk1.post("/console/policy/store", url.Values{"bundle": {html.UnescapeString(bundle[1])}}); w.Code != http.StatusSeeOther || revisions() != before+1 {
			t.Fatalf("store: %d %s", w.Code, w.Body)
		}
		var rev storage.PolicyRevision
		store.DB.Where("revision = ?", "2026-12-06.2").Take(&rev)
		if w := risk2.post("/console/policy/approve", url.Values{"digest": {rev.Digest}}); w.Code != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", w.Code, w.Body)
		}
		if w := risk2.post("/console/policy/activate", url.Values{"digest": {rev.Digest}}); w.Code != http.StatusSeeOther || s.Policy.Active().CapsBP["thos"] != 2000 {
			t.Fatalf("activate: %d %s", w.Code, w.Body)
		}
		// A complete book 90% two-high-one-surplus: a cement loan is over the new cap.
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
		ans := screenAs(t, h, "officer-a", nil)
		found := false
		for _, r := range ans["reasons"].([]any) {
			r := r.(map[string]any)
			if r["code"] == "THOS_VOLUME_CAP" {
				found = r["evidence"].(map[string]any)["cap_bp"] == float64(2000)
			}
		}
		if !found || ans["policy_revision"] != "2026-12-06.2" {
			t.Fatalf("the screening under the new cap: %v", ans)
		}
	})
}

// TestConsolePlayground: a recorded decision opens as a playground case; tried under the active
// revision and a stored candidate, the two answers stand side by side — each with its reasons —
// and nothing is recorded; a case with bad fields is named on the form.
func TestConsolePlayground(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		freshPolicy(t, s, lifecycle.Config{Dir: "../rego", Poll: time.Hour, TwoPerson: true})
		h := NewRouter(s)
		active := s.Policy.Active()
		cand := candidate(t, nil) // road transport (G54) added to the high-energy list
		if w := do(t, h, http.MethodPost, "/v1/policy/bundles", tgz(t, cand), append(as("risk-1"), "Content-Type", "application/gzip")...); w.Code != http.StatusCreated {
			t.Fatalf("store the candidate: %d %s", w.Code, w.Body)
		}
		road := screenAs(t, h, "officer-a", func(m map[string]any) { applicant(m)["industry_code"] = "G5411" })["decision_id"].(string)
		decisions := countDecisions(t, store)
		b := &browser{t: t, h: h}
		b.signIn("comp")
		w := b.do(http.MethodGet, "/console/playground?decision="+road, nil)
		form := formValues(w.Body.String())
		if w.Code != http.StatusOK || !strings.Contains(form.Get("application"), "G5411") ||
			!strings.Contains(w.Body.String(), `<option value="`+cand.Digest()+`" selected>`) {
			t.Fatalf("playground from a decision: %d %s", w.Code, w.Body)
		}
		form.Set("digest", cand.Digest())
		w = b.post("/console/playground", form)
		body := w.Body.String()
		if w.Code != http.StatusOK || dataK(body, "try-"+active.Revision+"-outcome") != "approve" ||
			dataK(body, "try-candidate-"+active.Revision+"-outcome") != "refer" || !strings.Contains(body, "THOS_ADMISSION_REVIEW") {
			t.Fatalf("tried: %d %s", w.Code, body)
		}
		if countDecisions(t, store) != decisions {
			t.Fatal("the playground recorded a decision")
		}
		form.Set("application", `{"application_id": "X", "branch_id": "YY-A", "applicant": {"industry_code": "Z999"}, "loan": {}}`)
		if w := b.post("/console/playground", form); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "<code>applicant.industry_code</code>") {
			t.Fatalf("a bad case: %d %s", w.Code, w.Body)
		}
	})
}

// TestConsoleReports: compliance reads the reports as pages — the table cells are the CSV's — and
// downloads them (XLSX read back), sees the dashboard's panels and the loan exceptions; a bad
// quarter is named on the page.
func TestConsoleReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		h := NewRouter(s)
		reportBook(t, store)
		b := &browser{t: t, h: h}
		b.signIn("comp")
		if w := b.do(http.MethodGet, "/console/reports", nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "总量控制 Volume caps") ||
			!strings.Contains(w.Body.String(), "/console/reports/green-evaluation") {
			t.Fatalf("reports home: %d %s", w.Code, w.Body)
		}
		w := b.do(http.MethodGet, "/console/reports/green-loans?as_of=2026-09-30", nil)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(dataK(body, "table-category"), "<td>高效节能装备制造</td>") ||
			!strings.Contains(dataK(body, "table-branch"), "<td>YY-B</td><td>450,000.00</td><td>10,000.00</td>") {
			t.Fatalf("green loans: %d %s", w.Code, body)
		}
		x := b.do(http.MethodGet, "/console/reports/green-loans/download?format=xlsx&as_of=2026-09-30", nil)
		book, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
		if err != nil {
			t.Fatalf("XLSX: %v (%d %s)", err, x.Code, x.Header())
		}
		rows, _ := book.GetRows("按支行 by branch")
		if len(rows) != 4 || rows[2][0] != "YY-B" {
			t.Fatalf("XLSX branch sheet: %v", rows)
		}
		// The page's own download link carries its date.
		link := regexp.MustCompile(`href="(/console/reports/green-loans/download\?format=csv&amp;table=branch&amp;[^"]*)"`).FindStringSubmatch(body)
		if link == nil || !strings.Contains(link[1], "as_of=2026-09-30") {
			t.Fatalf("the branch table's CSV link: %v", link)
		}
		if c := b.do(http.MethodGet, html.UnescapeString(link[1]), nil); !strings.Contains(c.Body.String(), "YY-B,450000.00,10000.00") {
			t.Fatalf("CSV: %s", c.Body)
		}
		if w := b.do(http.MethodGet, "/console/reports/green-evaluation?quarter=2026Q5", nil); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "<code>quarter</code>") {
			t.Fatalf("a bad quarter: %d %s", w.Code, w.Body)
		}
		if w := b.do(http.MethodGet, "/console/reports/green-evaluation?quarter=2026Q3", nil); w.Code != http.StatusOK || !strings.Contains(dataK(w.Body.String(), "table-series"), "<td>2026Q3</td>") {
			t.Fatalf("the evaluation: %d %s", w.Code, w.Body)
		}
		if w := b.do(http.MethodGet, "/console/loans/exceptions", nil); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "贷款例外清单") {
			t.Fatalf("loan exceptions: %d %s", w.Code, w.Body)
		}
	})
}
