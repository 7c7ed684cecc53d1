package api

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// ctxRawBody keeps the request's own body so a route may set a different limit (limitBody).
const ctxRawBody = "raw_body"

// limitBodies caps every request body at s.BodyLimit: a declared Content-Length over the limit
// is refused at once; otherwise reading past the limit fails with *http.MaxBytesError, which
// toError maps to 413 too_large whichever handler reads the body.
func (s *Server) limitBodies(c *gin.Context) {
	c.Set(ctxRawBody, c.Request.Body)
	s.limitBody(s.BodyLimit)(c)
}

// limitBody sets the body limit of one route (e.g. a bundle upload or a bulk import needing
// more than the global limit): r.POST(path, s.limitBody(64<<20), ...).
func (s *Server) limitBody(n int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > n {
			writeError(c, s.Log, errTooLarge(n))
			return
		}
		if raw, ok := c.Get(ctxRawBody); ok {
			if body, ok := raw.(io.ReadCloser); ok && body != nil {
				c.Request.Body = http.MaxBytesReader(c.Writer, body, n)
			}
		}
		c.Next()
	}
}

// rateLimiter is a token bucket per principal (API key name). Principals come only from the
// operator's key list, so the map is bounded by the number of configured keys.
type rateLimiter struct {
	limit rate.Limit
	burst int
	mu    sync.Mutex
	byKey map[string]*rate.Limiter
}

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	if perSecond <= 0 {
		return nil
	}
	if burst < 1 {
		burst = max(1, int(math.Ceil(perSecond)))
	}
	return &rateLimiter{limit: rate.Limit(perSecond), burst: burst, byKey: map[string]*rate.Limiter{}}
}

// wait tells how long the principal must wait before its next request; 0 = go ahead.
func (l *rateLimiter) wait(principal string) time.Duration {
	l.mu.Lock()
	lim, ok := l.byKey[principal]
	if !ok {
		lim = rate.NewLimiter(l.limit, l.burst)
		l.byKey[principal] = lim
	}
	l.mu.Unlock()
	r := lim.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel() // a refused request spends no token
		return d
	}
	return 0
}

// rateLimit answers 429 rate_limited with Retry-After when the principal's bucket is empty.
func (s *Server) rateLimit(l *rateLimiter) gin.HandlerFunc {
	return func(c *gin.Context) {
		if l == nil {
			c.Next()
			return
		}
		if d := l.wait(principal(c)); d > 0 {
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
			writeError(c, s.Log, &Error{Status: http.StatusTooManyRequests, Code: "rate_limited",
				Message: "too many requests for this API key; retry after the time in Retry-After"})
			return
		}
		c.Next()
	}
}

// deadline bounds the whole request: every database statement and policy evaluation runs
// under this context, so a stalled database gives 503 in bounded time (fail closed).
// Streaming exports (NDJSON/CSV) are bounded per statement and by StreamTimeout instead, since
// a whole-range export may legitimately take longer; so is a bulk loan import, which is one
// transaction however long the file. Their connection's write (and, for the import, read)
// deadline is moved to StreamTimeout from now: the server's own timeouts (30 s read, 60 s
// write) would otherwise cut a long upload or export short.
func (s *Server) deadline(c *gin.Context) {
	if streaming, upload := isStreaming(c), c.FullPath() == "/v1/loans/import"; streaming || upload {
		until := time.Now().Add(cmp.Or(s.StreamTimeout, time.Hour))
		rc := http.NewResponseController(c.Writer)
		_ = rc.SetWriteDeadline(until) // not supported by a test recorder: nothing to extend there
		if upload {
			_ = rc.SetReadDeadline(until)
		}
		c.Next()
		return
	}
	if s.RequestTimeout <= 0 {
		c.Next()
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.RequestTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

func isStreaming(c *gin.Context) bool {
	if c.Request.Method != http.MethodGet {
		return false
	}
	accept := c.GetHeader("Accept")
	f := c.Query("format")
	return strings.Contains(accept, "application/x-ndjson") || strings.Contains(accept, "text/csv") || f == "ndjson" || f == "csv"
}

// accessLog writes one line per request with its request id, principal, status and duration.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	lvl := slog.LevelInfo
	if c.Writer.Status() >= 500 {
		lvl = slog.LevelWarn
	}
	s.logFor(c).Log(c.Request.Context(), lvl, "request", "method", c.Request.Method, "path", c.FullPath(),
		"status", c.Writer.Status(), "principal", principal(c), "duration_ms", time.Since(start).Milliseconds())
}

// logFor is the logger handlers use: every line carries the request id.
func (s *Server) logFor(c *gin.Context) *slog.Logger {
	return s.Log.With("request_id", c.GetString(ctxRequestID))
}
