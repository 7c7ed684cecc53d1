package api

import (
	"cmp"
	"context"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// maxImportBytes bounds a bulk loan import file.
const maxImportBytes = 4 << 30

// streamMode says whether a route streams (and is then bounded by StreamTimeout on the
// connection instead of the request deadline).
type streamMode int

const (
	noStream           streamMode = iota
	streamWhenExported            // when the client asks for NDJSON or CSV (format= or Accept)
	streamAlways                  // an upload read for as long as it takes (a bulk import)
	streamDownload                // a download written for as long as it takes (the log's export)
	streamLong                    // bounded by the handler's own timeout (a verification), not the request deadline
)

// route holds a route's options, declared with the route in routes.go.
type route struct {
	body   int64 // body limit; 0 = the server's BodyLimit
	stream streamMode
}

// opts applies a route's options: its body limit (a declared Content-Length over it is refused
// at once; reading past it fails with *http.MaxBytesError, which toError maps to 413), and its
// bound. An ordinary request runs under the request deadline: every database statement and
// policy evaluation with it, so a stalled database gives 503 in bounded time (fail closed). A
// streaming export is bounded per statement and by StreamTimeout, since a whole-range export
// may take longer; so is a bulk import, one transaction however long the file. Their
// connection's write (and, for the import, read) deadline is moved to StreamTimeout from now:
// the server's own read and write timeouts are for ordinary requests.
func (s *Server) opts(o route) gin.HandlerFunc {
	limit := cmp.Or(o.body, s.BodyLimit)
	return func(c *gin.Context) {
		if c.Request.ContentLength > limit {
			writeError(c, s.Log, errTooLarge(limit))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		if o.stream == streamLong {
			c.Next()
			return
		}
		if o.stream == streamAlways || o.stream == streamDownload || (o.stream == streamWhenExported && exportFormat(c) != "") {
			until := time.Now().Add(cmp.Or(s.StreamTimeout, time.Hour))
			rc := http.NewResponseController(c.Writer)
			_ = rc.SetWriteDeadline(until) // not supported by a test recorder: nothing to extend there
			if o.stream == streamAlways {
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
