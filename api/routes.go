// Package api is the HTTP adapter: routes, handlers (decode → call → encode), authentication,
// limits and validation, and the console — HTML pages for people, signed in by session, that call
// the same routes in-process (console.go). The use cases live in screening, review, booking,
// lifecycle, shadow, decisionlog, portfolio and reports; the Server holds them as the interfaces of
// deps.go.
package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/docs"
	"greencredit/policy"
	"greencredit/refdata"
	"greencredit/storage"
)

// Context keys set by middleware.
const (
	ctxRequestID = "request_id"
	ctxPrincipal = "principal"
)

// Server carries what the handlers need. It holds no mutable state of its own.
type Server struct {
	Store *storage.Store
	// Policy is the engine holding the active policy; Policies runs its lifecycle.
	Policy   *policy.Engine
	Policies PolicyLifecycle
	// Screening is the screening use case (policy, book, decision log, masking); Reviews the
	// reviews and overrides of decisions.
	Screening Screener
	Reviews   Reviewer
	// Booking books loans on their decisions; Heads vouch for a decision before it is served.
	Booking Booker
	Heads   Voucher
	// Shadow evaluates each committed screening under the revision in shadow, after its answer
	// (nil: no shadow evaluation).
	Shadow Shadower
	Ref    *refdata.RefData
	Log    *slog.Logger
	// BodyLimit bounds a request body unless its route says otherwise (default 1 MiB).
	BodyLimit int64
	// Keys are the operator's API keys; none = development mode (every caller is admin).
	Keys Keys
	// Book serves the loan book's balances (bounded staleness).
	Book *storage.BookCache
	// CapWarningMarginBP: a category this close to its cap (basis points) is in the warning state,
	// unless the active bundle sets its own (policy.WarningMarginBP).
	CapWarningMarginBP int64
	// Checkpoints signs the log; Verifier checks it against the signed checkpoints (VerifyTimeout
	// bounds an incremental verification, VerifyJobs run full ones); PublicKey is the checkpoint
	// key compliance verifies with.
	Checkpoints   LogSigner
	Verifier      LogVerifier
	VerifyJobs    VerifyJobs
	VerifyTimeout time.Duration
	PublicKey     string
	// Metrics is the Prometheus registry (created by NewRouter when nil).
	Metrics *Metrics
	// RequestTimeout bounds each request (0 = unbounded); RateLimit is requests/s per API key
	// with bucket RateBurst (0 = unlimited). See limits.go.
	RequestTimeout time.Duration
	// StreamTimeout bounds a streaming export or a bulk import instead, on the connection
	// itself (the server's read and write timeouts are for ordinary requests); default 1h.
	StreamTimeout time.Duration
	RateLimit     float64
	RateBurst     int
	// AuthFailureRate and AuthFailureBurst bound failed authentications per client address
	// (default 5 a second, 20 at once); past them 429.
	AuthFailureRate  float64
	AuthFailureBurst int
	// SettleWindow hides decisions younger than this from listings and exports (default:
	// the request timeout + 1s), so that cursor paging never skips a late commit.
	SettleWindow time.Duration
	// ConsoleIdle and ConsoleMaxAge end a console session after this long without a request, and
	// this long after sign-in (defaults 30 minutes and 8 hours); ConsoleSecureCookie marks the
	// session cookie Secure even when the request did not come over TLS (a TLS-terminating proxy).
	ConsoleIdle, ConsoleMaxAge time.Duration
	ConsoleSecureCookie        bool
	// Clock is the console's time (sessions' expiry); nil = time.Now.
	Clock func() time.Time

	guards *guards     // made by NewRouter: failed-authentication limits, aggregated denials
	router *gin.Engine // made by NewRouter: the console calls the API in-process through it
}

// Per-route options (limits.go applies them): the body limit and how the request is bounded.
var (
	// ordinary: the server's body limit and the request deadline.
	ordinary = route{}
	// exportable: a listing that streams NDJSON or CSV when asked (format= or Accept) is bounded
	// per statement and by StreamTimeout instead of the request deadline.
	exportable = route{stream: streamWhenExported}
	// bundle: a policy bundle upload (tar.gz) up to the bundle limit; its tests run in a child
	// process with a time limit of their own (2 minutes), not the request deadline.
	bundle = route{body: policy.MaxBundleBytes, stream: streamLong}
	// longRunning: bounded by its own timeout (verification), not the request deadline.
	longRunning = route{stream: streamLong}
	// streamed: a download of the whole log, bounded by StreamTimeout.
	streamed = route{stream: streamDownload}
	// bulkImport: a loan file, one transaction however long: StreamTimeout, read and write.
	bulkImport = route{body: maxImportBytes, stream: streamAlways}
)

// NewRouter builds the gin engine with every route of the service: the one place routes live,
// each with its options and the roles it admits. It changes nothing of cfg: the handlers serve a
// copy with the router's own defences (guards) and the defaults filled in.
func NewRouter(cfg *Server) *gin.Engine {
	s := new(Server)
	*s = *cfg
	if s.BodyLimit <= 0 {
		s.BodyLimit = 1 << 20
	}
	s.guards = &guards{authFailures: newFailLimiter(s.AuthFailureRate, s.AuthFailureBurst), denials: newDenialLog()}
	r := gin.New()
	s.router = r
	r.HandleMethodNotAllowed = true
	if s.Metrics == nil {
		s.Metrics = NewMetrics(s.Policy, s.BookNow, s.Store.OpenReviews, s.CapWarningMarginBP)
	}
	r.Use(s.Metrics.observe, requestID, s.accessLog, s.recovery)
	r.NoRoute(s.opts(ordinary), func(c *gin.Context) { writeError(c, s.Log, errNotFound("route")) })
	r.NoMethod(s.opts(ordinary), func(c *gin.Context) {
		writeError(c, s.Log, &Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: "method not allowed"})
	})

	r.GET("/healthz", s.opts(ordinary), s.healthz)
	r.GET("/readyz", s.opts(ordinary), s.readyz)
	r.GET("/metrics", s.opts(ordinary), s.Metrics.handler())
	r.GET("/", s.opts(ordinary), s.dashboardAuth, s.allow(RoleCompliance, RoleRisk), s.handle(s.dashboard))
	r.GET("/openapi.yaml", s.opts(ordinary), func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", docs.OpenAPI) })

	// The console: signed in with an API key into a server-side session; every form that changes
	// something carries the session's CSRF token (consoleAuth). Its pages call the routes below
	// in-process as the signed-in principal, so they admit whom the API admits.
	r.GET("/console/sign-in", s.opts(ordinary), s.handle(s.signInPage))
	r.POST("/console/sign-in", s.opts(ordinary), s.handle(s.signIn))
	con := r.Group("/console") // each route: its limits (opts) first, then the session (consoleAuth), then roles
	con.GET("", s.opts(ordinary), s.consoleAuth, s.handle(s.consoleHome))
	con.POST("/sign-out", s.opts(ordinary), s.consoleAuth, s.handle(s.signOut))
	con.GET("/decisions", s.opts(ordinary), s.consoleAuth, s.allow(RoleCompliance, RoleRisk), s.handle(s.consoleDecisions))
	con.POST("/decisions", s.opts(ordinary), s.consoleAuth, s.allow(RoleCompliance, RoleRisk), s.handle(s.consoleDecisionsSearch))
	con.GET("/decisions/export", s.opts(streamed), s.consoleAuth, s.allow(RoleCompliance, RoleRisk), s.handle(s.consoleDecisionsExport))
	con.GET("/decisions/:decision_id", s.opts(ordinary), s.consoleAuth, s.allow(RoleCompliance, RoleRisk, RoleReviewer), s.handle(s.consoleDecision))
	con.GET("/reviews", s.opts(ordinary), s.consoleAuth, s.allow(RoleReviewer, RoleRisk, RoleCompliance), s.handle(s.consoleReviews))
	con.GET("/reviews/:decision_id", s.opts(ordinary), s.consoleAuth, s.allow(RoleReviewer), s.handle(s.consoleReviewForm))
	con.POST("/reviews/:decision_id", s.opts(ordinary), s.consoleAuth, s.allow(RoleReviewer), s.handle(s.consoleReview))
	con.GET("/policy", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk, RoleCompliance), s.handle(s.consolePolicy))
	con.GET("/policy/diff", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk, RoleCompliance), s.handle(s.consolePolicyDiff))
	con.GET("/policy/upload", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consolePolicyUpload))
	con.POST("/policy/preview", s.opts(bundle), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consolePolicyPreview))
	con.POST("/policy/store", s.opts(bundle), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consolePolicyStore))
	con.POST("/policy/approve", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consolePolicyApprove))
	con.POST("/policy/activate", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consolePolicyActivate))
	con.POST("/policy/shadow", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consolePolicyShadow))
	con.POST("/policy/shadow/end", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consolePolicyShadowEnd))
	con.GET("/playground", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk, RoleCompliance), s.handle(s.consolePlayground))
	con.POST("/playground", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk, RoleCompliance), s.handle(s.consolePlaygroundTry))
	con.GET("/reports", s.opts(ordinary), s.consoleAuth, s.allow(RoleCompliance, RoleRisk), s.handle(s.consoleReportsHome))
	con.GET("/reports/:report", s.opts(ordinary), s.consoleAuth, s.allow(RoleCompliance, RoleRisk), s.handle(s.consoleReport))
	con.GET("/reports/:report/download", s.opts(ordinary), s.consoleAuth, s.allow(RoleCompliance, RoleRisk), s.handle(s.consoleReportDownload))
	con.GET("/loans/exceptions", s.opts(ordinary), s.consoleAuth, s.allow(RoleCompliance, RoleRisk), s.handle(s.consoleLoanExceptions))
	con.GET("/parameters", s.opts(ordinary), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consoleParams))
	con.POST("/parameters/preview", s.opts(bundle), s.consoleAuth, s.allow(RoleRisk), s.handle(s.consoleParamsPreview))

	v1 := r.Group("/v1", s.authenticate, s.rateLimit(newRateLimiter(s.RateLimit, s.RateBurst)))
	v1.POST("/screenings", s.opts(ordinary), s.allow(RoleOfficer), s.handle(s.screen))
	v1.GET("/audit", s.opts(ordinary), s.allow(RoleCompliance), s.handle(s.listAudit))
	v1.GET("/decisions", s.opts(exportable), s.allow(RoleOfficer, RoleCompliance, RoleRisk), s.handle(s.listDecisions))
	v1.GET("/decisions/verify", s.opts(longRunning), s.allow(RoleCompliance), s.handle(s.verifyDecisions))
	v1.POST("/decisions/verify/jobs", s.opts(ordinary), s.allow(RoleCompliance), s.handle(s.startVerifyJob))
	v1.GET("/decisions/verify/jobs/:job_id", s.opts(ordinary), s.allow(RoleCompliance), s.handle(s.getVerifyJob))
	v1.GET("/decisions/:decision_id/proof", s.opts(ordinary), s.allow(RoleCompliance), s.handle(s.decisionProof))
	v1.GET("/checkpoints", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.listCheckpoints))
	v1.GET("/checkpoints/public-key", s.opts(ordinary), s.allow(RoleOfficer, RoleRisk, RoleCompliance, RoleReviewer), s.handle(s.publicKey))
	v1.GET("/checkpoints/consistency", s.opts(ordinary), s.allow(RoleCompliance), s.handle(s.consistencyProof))
	v1.GET("/log/export", s.opts(streamed), s.allow(RoleCompliance), s.handle(s.exportLog))
	v1.GET("/decisions/:decision_id", s.opts(ordinary), s.allow(RoleOfficer, RoleCompliance, RoleRisk, RoleReviewer), s.handle(s.getDecision))
	v1.GET("/decisions/:decision_id/replay", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.replayDecision))
	v1.POST("/decisions/:decision_id/reviews", s.opts(ordinary), s.allow(RoleReviewer), s.handle(s.postReview))
	v1.GET("/reviews", s.opts(ordinary), s.allow(RoleReviewer, RoleRisk, RoleCompliance), s.handle(s.reviewQueue))
	v1.GET("/reviews/report", s.opts(exportable), s.allow(RoleCompliance), s.handle(s.reviewReport))
	v1.GET("/policy", s.opts(ordinary), s.allow(RoleOfficer, RoleRisk, RoleCompliance, RoleReviewer), s.handle(s.getPolicy))
	v1.POST("/policy/bundles", s.opts(bundle), s.allow(RoleRisk), s.handle(s.uploadBundle))
	v1.GET("/policy/revisions", s.opts(ordinary), s.allow(RoleRisk, RoleCompliance), s.handle(s.listRevisions))
	v1.GET("/policy/revisions/:digest/files", s.opts(ordinary), s.allow(RoleRisk, RoleCompliance), s.handle(s.revisionFiles))
	v1.POST("/policy/revisions/:digest/approve", s.opts(ordinary), s.allow(RoleRisk), s.handle(s.approveRevision))
	v1.POST("/policy/activate", s.opts(ordinary), s.allow(RoleRisk), s.handle(s.activatePolicy))
	v1.POST("/policy/impact", s.opts(bundle), s.allow(RoleRisk), s.handle(s.impact))
	v1.POST("/policy/evaluate", s.opts(ordinary), s.allow(RoleRisk, RoleCompliance), s.handle(s.tryApplication))
	v1.GET("/policy/shadow", s.opts(ordinary), s.allow(RoleRisk, RoleCompliance), s.handle(s.getShadow))
	v1.POST("/policy/shadow", s.opts(ordinary), s.allow(RoleRisk), s.handle(s.startShadow))
	v1.DELETE("/policy/shadow", s.opts(ordinary), s.allow(RoleRisk), s.handle(s.endShadow))
	v1.GET("/policy/shadow/report", s.opts(ordinary), s.allow(RoleRisk, RoleCompliance), s.handle(s.shadowReport))
	v1.PUT("/loans/:loan_id", s.opts(ordinary), s.allow(RoleOfficer), s.handle(s.putLoan))
	v1.POST("/loans/import", s.opts(bulkImport), s.allow(RoleAdmin), s.handle(s.importLoans))
	v1.GET("/loans/exceptions", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.loanExceptions))
	v1.GET("/portfolio/green-share", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.greenShare))
	v1.GET("/portfolio/green-share/history", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.greenShareHistory))
	v1.GET("/portfolio/book", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.bookStatus))
	v1.PUT("/portfolio/book", s.opts(ordinary), s.allow(RoleAdmin), s.handle(s.declareBook))
	v1.GET("/reports/green-loans", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.greenLoansReport))
	v1.GET("/reports/exposure", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.exposureReport))
	v1.GET("/reports/exposure/history", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.exposureHistory))
	v1.GET("/reports/green-statistics", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.greenStatistics))
	v1.GET("/reports/green-statistics/loans", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.greenStatisticsLoans))
	v1.GET("/reports/compression", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.compressionReport))
	v1.PUT("/reports/compression/plan", s.opts(ordinary), s.allow(RoleAdmin), s.handle(s.setCompressionPlan))
	v1.GET("/reports/green-evaluation", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.greenEvaluation))
	v1.PUT("/reports/green-evaluation/regional-totals/:quarter", s.opts(ordinary), s.allow(RoleAdmin), s.handle(s.setRegionalTotal))
	v1.GET("/portfolio/green-review", s.opts(ordinary), s.allow(RoleCompliance, RoleRisk), s.handle(s.greenReview))
	return r
}

func requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if id == "" || len(id) > 64 || !printableASCII(id) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Next()
}

// recovery turns a panic into a 500 with the contract's body, never a stack trace.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			s.Log.ErrorContext(c.Request.Context(), "panic", "panic", p, "path", c.FullPath(), "request_id", c.GetString(ctxRequestID))
			writeError(c, s.Log, &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error; nothing was decided"})
		}
	}()
	c.Next()
}

// principal is who asked: the API key's name.
func principal(c *gin.Context) string { return currentPrincipal(c).Name }

func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

func (s *Server) readyz(c *gin.Context) {
	dbErr := s.Store.Ping(c.Request.Context())
	p := s.Policy.Active()
	body := gin.H{"database": dbErr == nil, "policy": p != nil}
	if p != nil {
		body["policy_revision"] = p.Revision
		body["policy_digest"] = p.Digest
	}
	if dbErr != nil || p == nil {
		body["ready"] = false
		c.JSON(http.StatusServiceUnavailable, body)
		return
	}
	body["ready"] = true
	c.JSON(http.StatusOK, body)
}
