package api

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"greencredit/config"
)

// guards hold the service's defences under abuse; NewRouter makes them, once per router.
type guards struct {
	authFailures *failLimiter
	denials      *denialLog
}

// maxKeyLength: a credential longer than this is refused before it is hashed.
const maxKeyLength = 256

// failLimiter bounds failed authentications per client address (a token bucket, by default 5
// failures a second and 20 at once).
type failLimiter struct {
	mu     sync.Mutex
	byAddr map[string]*rate.Limiter
	rate   rate.Limit
	burst  int
}

const maxTrackedAddrs = 10000

func newFailLimiter(perSecond float64, burst int) *failLimiter {
	if perSecond <= 0 {
		perSecond, burst = 5, 20
	}
	return &failLimiter{byAddr: map[string]*rate.Limiter{}, rate: rate.Limit(perSecond), burst: max(burst, 1)}
}

func (f *failLimiter) limiter(addr string) *rate.Limiter {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, ok := f.byAddr[addr]
	if !ok {
		if len(f.byAddr) >= maxTrackedAddrs {
			clear(f.byAddr) // bounded memory: a flood of addresses starts afresh
		}
		l = rate.NewLimiter(f.rate, f.burst)
		f.byAddr[addr] = l
	}
	return l
}

// allow spends one of the address's failures; false when they are used up.
func (f *failLimiter) allow(addr string) bool { return f.limiter(clientKey(addr)).Allow() }

// exhausted tells whether the address has no failure left (checked before any key is hashed).
func (f *failLimiter) exhausted(addr string) bool { return f.limiter(clientKey(addr)).Tokens() < 1 }

// clientKey is what failures are counted by: the IPv4 address, or the IPv6 /64 (one host may
// hold a whole /64, so counting its addresses one by one would not limit it).
func clientKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil || ip.To4() != nil {
		return addr
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// denialLog aggregates repeated denials: one audit event per principal and route a minute, with
// the number of denials it stands for.
type denialLog struct {
	mu   sync.Mutex
	last map[string]denial
}

type denial struct {
	at         time.Time
	suppressed int
}

const denialWindow = time.Minute

func newDenialLog() *denialLog { return &denialLog{last: map[string]denial{}} }

// record tells whether this denial is to be audited now and how many were left out since the
// last audited one.
func (d *denialLog) record(key string, now time.Time) (audit bool, suppressed int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	prev, ok := d.last[key]
	if ok && now.Sub(prev.at) < denialWindow {
		prev.suppressed++
		d.last[key] = prev
		return false, 0
	}
	if len(d.last) >= maxTrackedAddrs {
		clear(d.last)
	}
	d.last[key] = denial{at: now}
	return true, prev.suppressed
}

// sameOrigin refuses a state-changing request a browser sent from another origin (a page that
// posts to the service): an Origin header must name the host the request was sent to.
func sameOrigin(c *gin.Context) bool {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	o := c.GetHeader("Origin")
	if o == "" {
		return true // not a browser's cross-origin request
	}
	u, err := url.Parse(o)
	return err == nil && strings.EqualFold(u.Host, c.Request.Host)
}

// loopbackHost: in development mode (no API keys, every caller is admin) the request must have
// been sent to a loopback name, so that a web page cannot reach the service through a DNS name
// that resolves to 127.0.0.1 (DNS rebinding).
func loopbackHost(c *gin.Context) bool { return config.IsLoopback(c.Request.Host) }
