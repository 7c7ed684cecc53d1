package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/storage"
)

// The console (issue 24): server-rendered pages (html/template, no script but where a page needs
// one) for risk staff, reviewers and compliance, signed in with an API key into a server-side
// session. A page reads and changes what it shows through the JSON API, called in-process as the
// signed-in principal (apiCall): the console has the API's roles, validation, refusals and audit
// trail, and no rule of its own. Its routes are in routes.go with the rest; its pages are
// console*.go and console/*.html.

//go:embed console/*.html
var consoleFS embed.FS

// consolePages are the console's templates by page, each the layout with the page's "content".
var consolePages = parseConsole()

func parseConsole() map[string]*template.Template {
	funcs := template.FuncMap{
		"yuan":    func(f money.Fen) string { return f.Grouped() },
		"percent": percent,
		"exact":   exactPercent,
		"has":     func(p *Principal, role string) bool { return p != nil && p.Has(role) },
		"list":    func(v ...string) []string { return v },
		"deref": func(t *time.Time) time.Time {
			if t == nil {
				return time.Time{}
			}
			return *t
		},
		"indent": func(v any) string {
			b, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				return err.Error()
			}
			return string(b)
		},
		"short": func(s string, n int) string {
			if len(s) <= n {
				return s
			}
			return s[:n] + "…"
		},
		"time": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(decisionlog.BankZone).Format("2006-01-02 15:04:05")
		},
	}
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(consoleFS, "console/layout.html"))
	// The dashboard's panels (its "panels" template) for the reports page.
	template.Must(layout.New("dashboard.html").Parse(dashboardHTML))
	names, err := fs.Glob(consoleFS, "console/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		if n == "console/layout.html" {
			continue
		}
		t := template.Must(template.Must(layout.Clone()).ParseFS(consoleFS, n))
		pages[strings.TrimSuffix(strings.TrimPrefix(n, "console/"), ".html")] = t
	}
	return pages
}

// page is what every console page renders: who is signed in, the form token, what the page is
// about, a refusal to show (Message and the bad fields) or a notice, and the page's own data.
type page struct {
	Title     string
	Section   string
	Principal *Principal
	CSRF      string
	Message   string
	Problems  []FieldProblem
	Notice    string
	Data      any
}

// render writes a console page.
func (s *Server) render(c *gin.Context, status int, name string, p page) {
	t := consolePages[name]
	if t == nil {
		writeError(c, s.Log, errors.New("no console page "+name))
		return
	}
	p.Principal = currentPrincipal(c)
	if sess := consoleSessionOf(c); sess != nil {
		p.CSRF = sess.CSRF
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", p); err != nil {
		s.logFor(c).ErrorContext(c.Request.Context(), "console page", "page", name, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

// renderConsoleError is writeError's form on the console: the same status, an HTML page with
// the error's message and fields.
func renderConsoleError(c *gin.Context, e *Error) {
	p := page{Title: "出错 Error", Message: e.Message, Problems: e.Details, Principal: currentPrincipal(c)}
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		p.Title = "无权访问 Not allowed"
	}
	if sess := consoleSessionOf(c); sess != nil {
		p.CSRF = sess.CSRF
	}
	var b bytes.Buffer
	if err := consolePages["error"].ExecuteTemplate(&b, "layout.html", p); err != nil {
		c.AbortWithStatus(e.Status)
		return
	}
	c.Abort()
	c.Data(e.Status, "text/html; charset=utf-8", b.Bytes())
}

// onConsole tells whether a request is the console's (its errors are pages, not JSON).
func onConsole(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/console") }

// The session cookie. Its value is a random token; the database holds its sha256.
const sessionCookie = "greencredit_session"

const ctxSession = "console_session"

func consoleSessionOf(c *gin.Context) *storage.ConsoleSession {
	if v, ok := c.Get(ctxSession); ok {
		return v.(*storage.ConsoleSession)
	}
	return nil
}

func (s *Server) now() time.Time {
	if s.Clock != nil {
		return s.Clock().UTC()
	}
	return time.Now().UTC()
}

func tokenHash(token string) string {
	return HashKey("console-session:" + token)
}

func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// consoleHeaders are the console's answers' headers: never cached, never framed, no script or
// style from elsewhere, forms posted only here.
func consoleHeaders(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("X-Frame-Options", "DENY")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "same-origin")
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
}

// session reads the browser's session and its principal: nil when there is none, it has expired
// (idle or absolute), or its key is no longer configured (then it is deleted).
func (s *Server) session(c *gin.Context) (*storage.ConsoleSession, *Principal, error) {
	token, err := c.Cookie(sessionCookie)
	if err != nil || token == "" || len(token) > 128 {
		return nil, nil, nil
	}
	ctx := c.Request.Context()
	sess, err := s.Store.Session(ctx, tokenHash(token))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	p, known := devPrincipal, len(s.Keys) == 0 && sess.KeySHA256 == ""
	if len(s.Keys) > 0 {
		var k Principal
		k, known = s.Keys[sess.KeySHA256]
		p = &k
	}
	if !known || now.Sub(sess.LastSeenAt) > s.consoleIdle() || now.Sub(sess.CreatedAt) > s.consoleMaxAge() {
		return nil, nil, s.Store.DeleteSession(ctx, sess.IDHash)
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.Store.TouchSession(ctx, sess.IDHash, now); err != nil {
			return nil, nil, err
		}
	}
	return sess, p, nil
}

func (s *Server) consoleIdle() time.Duration {
	if s.ConsoleIdle > 0 {
		return s.ConsoleIdle
	}
	return 30 * time.Minute
}

func (s *Server) consoleMaxAge() time.Duration {
	if s.ConsoleMaxAge > 0 {
		return s.ConsoleMaxAge
	}
	return 8 * time.Hour
}

// consoleAuth admits a request of the console with a live session (a page asked without one is
// sent to sign in), and a form posted only from this origin with the session's CSRF token.
func (s *Server) consoleAuth(c *gin.Context) {
	consoleHeaders(c)
	if len(s.Keys) == 0 && !loopbackHost(c) {
		writeError(c, s.Log, &Error{Status: http.StatusForbidden, Code: "host_not_loopback",
			Message: "development mode answers only requests sent to a loopback address (Host)"})
		return
	}
	sess, p, err := s.session(c)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	if sess == nil {
		if c.Request.Method == http.MethodGet {
			c.Redirect(http.StatusSeeOther, "/console/sign-in?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		writeError(c, s.Log, &Error{Status: http.StatusUnauthorized, Code: "unauthenticated", Message: "sign in first: the session has ended"})
		return
	}
	c.Set(ctxPrincipal, p)
	c.Set(ctxSession, sess)
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		if !sameOrigin(c) || subtle.ConstantTimeCompare([]byte(c.PostForm("csrf")), []byte(sess.CSRF)) != 1 {
			s.auditBestEffort(c, "console.csrf_refused", map[string]string{"path": c.Request.URL.Path})
			writeError(c, s.Log, &Error{Status: http.StatusForbidden, Code: "csrf",
				Message: "the form's token is missing or not this session's: reload the page and send it again"})
			return
		}
	}
	c.Next()
}

// signInCookie holds the sign-in form's token until the form is posted (a double-submitted
// token: a page of another site can neither read it nor set it, so it cannot post the form — no
// sign-in into someone else's session).
const signInCookie = "greencredit_signin"

// signInPage serves GET /console/sign-in: the form, with a fresh sign-in token.
func (s *Server) signInPage(c *gin.Context) error {
	consoleHeaders(c)
	if sess, _, err := s.session(c); err == nil && sess != nil {
		c.Redirect(http.StatusSeeOther, "/console")
		return nil
	}
	s.renderSignIn(c, http.StatusOK, page{}, safeNext(c.Query("next")))
	return nil
}

// renderSignIn renders the sign-in form with a new token in its cookie and its hidden field.
func (s *Server) renderSignIn(c *gin.Context, status int, p page, next string) {
	token := randomToken()
	http.SetCookie(c.Writer, &http.Cookie{Name: signInCookie, Value: token, Path: "/console/sign-in", MaxAge: 3600, HttpOnly: true,
		Secure: c.Request.TLS != nil || s.ConsoleSecureCookie, SameSite: http.SameSiteStrictMode})
	p.Title = "登录 Sign in"
	p.Data = gin.H{"Next": next, "Dev": len(s.Keys) == 0, "Token": token}
	s.render(c, status, "sign-in", p)
}

// safeNext is where to go after signing in: a console path, never another site.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/console") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/console"
}

// signIn serves POST /console/sign-in: the API key (in the form's body, never a URL) opens a new
// session — a new token whatever the browser held before — whose cookie is HttpOnly,
// SameSite=Strict, Path=/console, and Secure over TLS.
func (s *Server) signIn(c *gin.Context) error {
	consoleHeaders(c)
	if !sameOrigin(c) {
		return &Error{Status: http.StatusForbidden, Code: "cross_origin", Message: "a sign-in from a web page of another origin is refused"}
	}
	if token, err := c.Cookie(signInCookie); err != nil || token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(c.PostForm("signin_token"))) != 1 {
		return &Error{Status: http.StatusForbidden, Code: "csrf", Message: "the sign-in form's token is missing or stale: open the sign-in page and send it again"}
	}
	if len(s.Keys) == 0 && !loopbackHost(c) {
		return &Error{Status: http.StatusForbidden, Code: "host_not_loopback", Message: "development mode answers only requests sent to a loopback address (Host)"}
	}
	if s.guards.authFailures.exhausted(c.RemoteIP()) {
		c.Header("Retry-After", "1")
		return &Error{Status: http.StatusTooManyRequests, Code: "rate_limited", Message: "too many failed sign-ins from this address; retry later"}
	}
	key := NormalizeKey(c.PostForm("key"))
	next := safeNext(c.PostForm("next"))
	var p *Principal
	keyHash := ""
	if len(s.Keys) == 0 {
		p = devPrincipal
	} else if len(key) <= maxKeyLength {
		if k, ok := s.Keys[HashKey(key)]; ok {
			p, keyHash = &k, HashKey(key)
		}
	}
	if p == nil {
		s.guards.authFailures.allow(c.RemoteIP())
		s.renderSignIn(c, http.StatusUnauthorized, page{Message: "密钥无效 The key is not valid",
			Problems: []FieldProblem{{Field: "key", Problem: "is not a configured API key"}}}, next)
		return nil
	}
	token := randomToken()
	replaces := ""
	if old, err := c.Cookie(sessionCookie); err == nil && old != "" && len(old) <= 128 {
		replaces = tokenHash(old)
	}
	now := s.now()
	var csrf [32]byte
	if _, err := rand.Read(csrf[:]); err != nil {
		return err
	}
	sess := &storage.ConsoleSession{IDHash: tokenHash(token), KeySHA256: keyHash, Principal: p.Name, CSRF: hex.EncodeToString(csrf[:]),
		CreatedAt: now, LastSeenAt: now}
	if err := s.Store.CreateSession(c.Request.Context(), sess, replaces, s.consoleIdle(), s.consoleMaxAge()); err != nil {
		return err
	}
	c.Set(ctxPrincipal, p)
	s.auditBestEffort(c, "console.sign_in", map[string]string{"principal": p.Name})
	s.setSessionCookie(c, token, int(s.consoleMaxAge()/time.Second))
	http.SetCookie(c.Writer, &http.Cookie{Name: signInCookie, Value: "", Path: "/console/sign-in", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteStrictMode})
	c.Redirect(http.StatusSeeOther, next)
	return nil
}

func (s *Server) setSessionCookie(c *gin.Context, token string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/console", MaxAge: maxAge, HttpOnly: true,
		Secure: c.Request.TLS != nil || s.ConsoleSecureCookie, SameSite: http.SameSiteStrictMode})
}

// signOut serves POST /console/sign-out: the session is deleted and its cookie cleared.
func (s *Server) signOut(c *gin.Context) error {
	if sess := consoleSessionOf(c); sess != nil {
		if err := s.Store.DeleteSession(c.Request.Context(), sess.IDHash); err != nil {
			return err
		}
		s.auditBestEffort(c, "console.sign_out", map[string]string{"principal": principal(c)})
	}
	s.setSessionCookie(c, "", -1)
	c.Redirect(http.StatusSeeOther, "/console/sign-in")
	return nil
}

// internalPrincipal is the context key of a request the console makes of the API in-process, as
// the signed-in principal: only code in this process can set it (authenticate honours it).
type internalPrincipal struct{}

// apiAnswer is an in-process API call's answer.
type apiAnswer struct {
	Status int
	Header http.Header
	Body   []byte
}

// failure is the answer as an *Error when it is one (its message and bad fields), else nil.
func (a *apiAnswer) failure() *Error {
	if a.Status < 400 {
		return nil
	}
	var b errorBody
	_ = json.Unmarshal(a.Body, &b)
	if b.Error.Message == "" {
		b.Error.Message = http.StatusText(a.Status)
	}
	return &Error{Status: a.Status, Code: b.Error.Code, Message: b.Error.Message, Details: b.Error.Details}
}

// decode reads a successful answer's JSON into v.
func (a *apiAnswer) decode(v any) error {
	if e := a.failure(); e != nil {
		return e
	}
	return json.Unmarshal(a.Body, v)
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// apiRequest is an API request made in-process as the signed-in principal.
func (s *Server) apiRequest(c *gin.Context, method, target string, body io.Reader, contentType string) (*http.Request, error) {
	ctx := context.WithValue(c.Request.Context(), internalPrincipal{}, currentPrincipal(c))
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, err
	}
	req.Host, req.RemoteAddr = c.Request.Host, c.Request.RemoteAddr
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("X-Request-Id", c.GetString(ctxRequestID))
	return req, nil
}

// apiCall makes an API request in-process as the signed-in principal and returns its answer.
func (s *Server) apiCall(c *gin.Context, method, target string, body []byte, contentType string) (*apiAnswer, error) {
	req, err := s.apiRequest(c, method, target, bytes.NewReader(body), contentType)
	if err != nil {
		return nil, err
	}
	rec := &recorder{header: http.Header{}}
	s.router.ServeHTTP(rec, req)
	return &apiAnswer{Status: rec.status, Header: rec.header, Body: rec.body.Bytes()}, nil
}

// apiJSON calls the API with a JSON body (nil: none) and decodes a successful answer into out (a
// refusal is returned as its *Error).
func (s *Server) apiJSON(c *gin.Context, method, target string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	a, err := s.apiCall(c, method, target, body, "application/json")
	if err != nil {
		return err
	}
	return a.decode(out)
}

// apiDownload streams an API answer (an export, a report file) to the browser as it comes.
func (s *Server) apiDownload(c *gin.Context, target string) {
	req, err := s.apiRequest(c, http.MethodGet, target, nil, "")
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	s.router.ServeHTTP(c.Writer, req)
	c.Abort()
}

// consoleHome serves GET /console: what the signed-in principal may do.
func (s *Server) consoleHome(c *gin.Context) error {
	s.render(c, http.StatusOK, "home", page{Title: "控制台 Console", Section: "home"})
	return nil
}
