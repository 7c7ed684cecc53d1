package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/booking"
	"greencredit/decisionlog"
	"greencredit/lifecycle"
	"greencredit/policy"
	"greencredit/refdata"
	"greencredit/review"
	"greencredit/screening"
	"greencredit/storage"
)

func init() { gin.SetMode(gin.TestMode) }

var (
	refOnce sync.Once
	refData *refdata.RefData
	polOnce sync.Once
	polVal  *policy.Policy
)

// testPolicy compiles ../rego once per test binary (it runs the bundle's own tests).
func testPolicy(t testing.TB) *policy.Policy {
	t.Helper()
	polOnce.Do(func() {
		files, err := policy.ReadDir("../rego")
		if err != nil {
			t.Fatalf("read bundle: %v", err)
		}
		if polVal, err = policy.Compile(context.Background(), files, "dir:../rego"); err != nil {
			t.Fatalf("compile bundle: %v", err)
		}
	})
	if polVal == nil {
		t.Fatal("bundle did not compile")
	}
	return polVal
}

func testRef(t testing.TB) *refdata.RefData {
	t.Helper()
	refOnce.Do(func() {
		var err error
		if refData, err = refdata.LoadRefData(); err != nil {
			t.Fatalf("reference data: %v", err)
		}
	})
	return refData
}

// newTestServer wires the real router to a store and the shipped bundle.
func newTestServer(t testing.TB, store *storage.Store) (*gin.Engine, *Server) {
	t.Helper()
	eng := policy.NewEngine()
	eng.Activate(testPolicy(t))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	book := store.NewBookCache(time.Hour, nil)
	s := &Server{Store: store, Policy: eng, Ref: testRef(t), Log: log, BodyLimit: 1 << 20, Book: book,
		Policies: lifecycle.New(store, eng, log, lifecycle.Config{Dir: "../rego"})}
	s.Metrics = NewMetrics(eng, s.BookNow, store.OpenReviews, 100)
	keys := testSigningKeys(t)
	dlog, err := decisionlog.Open(context.Background(), store, decisionlog.LogConfig{InstanceID: "test", OnBatch: s.Metrics.ObserveBatch, Keys: keys})
	if err != nil {
		t.Fatalf("open decision log: %v", err)
	}
	t.Cleanup(dlog.Close)
	dir := t.TempDir()
	s.Checkpoints = decisionlog.NewCheckpointer(store, decisionlog.CheckpointConfig{Keys: keys, Dir: dir})
	verifier := decisionlog.NewVerifier(store, keys.Verifier(), dir, review.ChainCheck(store))
	jobs := decisionlog.NewJobs(verifier, time.Minute)
	t.Cleanup(jobs.Close)
	s.Verifier, s.VerifyJobs = verifier, jobs
	s.PublicKey = keys.PublicKey
	heads := decisionlog.NewHeads(keys.Verifier())
	s.Heads = heads
	s.Reviews = &review.Service{Store: store, Policy: eng, Keys: keys, Heads: heads}
	s.Booking = &booking.Service{Store: store, Book: book}
	s.Screening = &screening.Service{Store: store, Policy: eng, Book: book, Log: dlog,
		Mask: decisionlog.NewMasker([]byte("test-mask-key"), nil), OnDecision: s.Metrics.ObserveDecision}
	return NewRouter(s), s
}

var (
	keysOnce sync.Once
	keysVal  *decisionlog.Keys
)

// testSigningKeys is one checkpoint key per test binary.
func testSigningKeys(t testing.TB) *decisionlog.Keys {
	t.Helper()
	keysOnce.Do(func() {
		priv, _, err := decisionlog.GenerateKeys("greencredit-test")
		if err == nil {
			keysVal, err = decisionlog.LoadKeys(priv)
		}
		if err != nil {
			t.Fatalf("signing keys: %v", err)
		}
	})
	return keysVal
}

// freshPolicy gives the server a new engine with no policy and a lifecycle on cfg.Dir, then
// starts it (Init, the poll, and the watch when cfg.Watch), stopped when the test ends.
func freshPolicy(t testing.TB, s *Server, cfg lifecycle.Config) {
	t.Helper()
	eng := policy.NewEngine()
	s.Policy, screeningOf(s).Policy, s.Reviews.(*review.Service).Policy = eng, eng, eng
	m := lifecycle.New(s.Store, eng, s.Log, cfg)
	s.Policies = m
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
}

func do(t testing.TB, h http.Handler, method, path string, body []byte, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Host = "127.0.0.1:8080" // development mode answers loopback hosts only
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// application returns a valid screening body (the contract's example), changed by edit.
func application(edit func(m map[string]any)) []byte {
	m := map[string]any{
		"application_id": "YY2026-000123",
		"branch_id":      "YY-LC-01",
		"applicant": map[string]any{
			"customer_id":               "C000123",
			"name":                      "余姚某某水泥有限公司",
			"kind":                      "enterprise",
			"size":                      "small",
			"industry_code":             "C3011",
			"env_credit_rating":         "blue",
			"industrial_policy_class":   "permitted",
			"energy_compliant":          true,
			"real_estate_revenue_ratio": "0.10",
			"existing_balance":          "0.00",
		},
		"loan": map[string]any{
			"amount":         "5000000.00",
			"term_months":    12,
			"kind":           "new",
			"purpose":        "流动资金",
			"green_category": "",
		},
	}
	if edit != nil {
		edit(m)
	}
	b, _ := json.Marshal(m)
	return b
}

func applicant(m map[string]any) map[string]any { return m["applicant"].(map[string]any) }
func loan(m map[string]any) map[string]any      { return m["loan"].(map[string]any) }

func countDecisions(t testing.TB, s *storage.Store) int64 {
	t.Helper()
	var n int64
	if err := s.DB.Model(&storage.Decision{}).Count(&n).Error; err != nil {
		t.Fatalf("count decisions: %v", err)
	}
	return n
}

// tcpProxy forwards loopback connections to a database so a test can cut it off, stall it
// (connections accepted but never answered: a hung database) and restore it.
type tcpProxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
	stalled      bool
}

func newTCPProxy(t testing.TB, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy listen: %v", err)
	}
	p := &tcpProxy{addr: ln.Addr().String(), target: target}
	p.serve(ln)
	t.Cleanup(p.Cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			stalled := p.stalled
			p.conns = append(p.conns, c)
			p.mu.Unlock()
			if stalled {
				continue // held open, never answered
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
			go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
		}
	}()
}

func (p *tcpProxy) Addr() string { return p.addr }

// Cut makes the database unreachable: open connections drop and new ones are refused.
func (p *tcpProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	p.dropLocked()
}

func (p *tcpProxy) dropLocked() {
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// Stall makes the database hang: open connections drop, new ones are accepted and never answered.
func (p *tcpProxy) Stall() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stalled = true
	p.dropLocked()
}

// Restore makes the database reachable again on the same address.
func (p *tcpProxy) Restore(t testing.TB) {
	t.Helper()
	p.mu.Lock()
	p.stalled = false
	p.dropLocked()
	open := p.ln != nil
	p.mu.Unlock()
	if open {
		return
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("proxy listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// screeningOf is the screening service behind the server's Screener.
func screeningOf(s *Server) *screening.Service { return s.Screening.(*screening.Service) }

// decidedOn makes the server's screenings decide on day (10:00 China Standard Time), as a bank's
// history holds decisions of earlier days: a loan booked on a decision is reported from its date on.
// Routers built from s before or after share its screening service.
func decidedOn(s *Server, day string) {
	at, err := time.Parse(time.DateOnly+" 15:04 -0700", day+" 10:00 +0800")
	if err != nil {
		panic(err)
	}
	screeningOf(s).Clock = func() time.Time { return at }
}
