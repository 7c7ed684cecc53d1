// Package api is the HTTP layer: gin routes, handlers, authentication and validation.
package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/docs"
	"greencredit/models"
	"greencredit/policy"
)

// Context keys set by middleware.
const (
	ctxRequestID = "request_id"
	ctxPrincipal = "principal"
)

// Server carries what the handlers need. It holds no mutable state of its own.
type Server struct {
	Store     *models.Store
	Policy    *policy.Engine
	Ref       *models.RefData
	Log       *slog.Logger
	BodyLimit int64
	// Keys are the operator's API keys; none = development mode (every caller is admin).
	Keys Keys
	// Decisions is the decision log writer (group commit, hash chain); Mask masks personal data.
	Decisions *models.DecisionLog
	// Book serves the loan book's balances to screenings (bounded staleness).
	Book *models.BookCache
	Mask *Masker
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
	// SettleWindow hides decisions younger than this from listings and exports (default:
	// the request timeout + 1s), so that cursor paging never skips a late commit.
	SettleWindow time.Duration
}

// NewRouter builds the gin engine with every route of the service: the one place routes live.
func NewRouter(s *Server) *gin.Engine {
	if s.BodyLimit <= 0 {
		s.BodyLimit = 1 << 20
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	if s.Metrics == nil {
		s.Metrics = NewMetrics(s.Policy, s.BookNow)
	}
	r.Use(s.Metrics.observe, requestID, s.accessLog, s.recovery, s.limitBodies, s.deadline)
	r.NoRoute(func(c *gin.Context) { writeError(c, s.Log, errNotFound("route")) })
	r.NoMethod(func(c *gin.Context) {
		writeError(c, s.Log, &Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: "method not allowed"})
	})

	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", s.Metrics.handler())
	r.GET("/", s.dashboardAuth, s.allow(RoleCompliance, RoleRisk), s.dashboard)
	r.GET("/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", docs.OpenAPI) })

	v1 := r.Group("/v1", s.authenticate, s.rateLimit(newRateLimiter(s.RateLimit, s.RateBurst)))
	v1.POST("/screenings", s.allow(RoleOfficer), s.screen)
	v1.GET("/audit", s.allow(RoleCompliance), s.listAudit)
	v1.GET("/decisions", s.allow(RoleOfficer, RoleCompliance, RoleRisk), s.listDecisions)
	v1.GET("/decisions/verify", s.allow(RoleCompliance), s.verifyDecisions)
	v1.GET("/decisions/:decision_id", s.allow(RoleOfficer, RoleCompliance, RoleRisk), s.getDecision)
	v1.GET("/decisions/:decision_id/replay", s.allow(RoleCompliance, RoleRisk), s.replayDecision)
	v1.GET("/policy", s.allow(RoleOfficer, RoleRisk, RoleCompliance), s.getPolicy)
	v1.POST("/policy/bundles", s.allow(RoleRisk), s.limitBody(policy.MaxBundleBytes), s.uploadBundle)
	v1.GET("/policy/revisions", s.allow(RoleRisk, RoleCompliance), s.listRevisions)
	v1.POST("/policy/activate", s.allow(RoleRisk), s.activatePolicy)
	v1.POST("/policy/impact", s.allow(RoleRisk), s.limitBody(policy.MaxBundleBytes), s.impact)
	v1.PUT("/loans/:loan_id", s.allow(RoleOfficer), s.putLoan)
	v1.POST("/loans/import", s.allow(RoleAdmin), s.limitBody(4<<30), s.importLoans)
	v1.GET("/portfolio/green-share", s.allow(RoleCompliance, RoleRisk), s.greenShare)
	v1.GET("/portfolio/green-share/history", s.allow(RoleCompliance, RoleRisk), s.greenShareHistory)
	v1.GET("/portfolio/book", s.allow(RoleCompliance, RoleRisk), s.bookStatus)
	v1.PUT("/portfolio/book", s.allow(RoleAdmin), s.declareBook)
	v1.GET("/portfolio/green-review", s.allow(RoleCompliance, RoleRisk), s.greenReview)
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

// BookNow is the loan book as screenings see it.
func (s *Server) BookNow(ctx context.Context) (models.Book, error) {
	p := s.Policy.Active()
	if p == nil {
		return models.Book{}, policy.ErrNoPolicy
	}
	return s.Book.Book(ctx, p.Digest, p.Classify)
}
