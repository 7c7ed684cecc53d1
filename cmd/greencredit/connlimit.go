package main

import (
	"net"
	"net/http"
	"sync"
	"syscall"

	"golang.org/x/net/netutil"
)

// connLimit caps the service's open connections below its file-descriptor limit (a flood of idle
// connections once exhausted them: `accept4: too many open files`, every request timing out), and
// under pressure closes idle keep-alive connections, so that a client with a request gets a slot.
type connLimit struct {
	max  int
	mu   sync.Mutex
	idle map[net.Conn]struct{}
	open int
}

// maxConnections is the configured cap, lowered to leave room under the process's descriptor
// limit for the database connections, files and the profiler.
func maxConnections(configured int) int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err == nil && rl.Cur > 0 {
		if room := int(rl.Cur) - 256; room < configured {
			return max(room, 64)
		}
	}
	return configured
}

func newConnLimit(max int) *connLimit { return &connLimit{max: max, idle: map[net.Conn]struct{}{}} }

// listen wraps a listener so that at most max connections are open: beyond it, new connections
// wait in the kernel's backlog instead of failing the process's accept.
func (l *connLimit) listen(ln net.Listener) net.Listener { return netutil.LimitListener(ln, l.max) }

// track is the server's ConnState hook: it counts connections and, when more than three quarters
// of the slots are taken, closes the idle ones (a client reconnects when it has a request).
func (l *connLimit) track(c net.Conn, state http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch state {
	case http.StateNew:
		l.open++
	case http.StateIdle:
		l.idle[c] = struct{}{}
	case http.StateActive:
		delete(l.idle, c)
	case http.StateClosed, http.StateHijacked:
		l.open--
		delete(l.idle, c)
	}
	if l.open > l.max*3/4 {
		for ic := range l.idle {
			_ = ic.Close()
			delete(l.idle, ic)
		}
	}
}
