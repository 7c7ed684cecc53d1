package api

import (
	"context"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"greencredit/policy"
	"greencredit/portfolio"
	"greencredit/reports"
	"greencredit/storage"
)

// Metrics is the service's own Prometheus registry (no global state).
type Metrics struct {
	reg       *prometheus.Registry
	latency   *prometheus.HistogramVec
	decisions *prometheus.CounterVec
	batch     prometheus.Histogram
	commit    prometheus.Histogram
	moved     prometheus.Counter
	// The shadow's evaluations by outcome transition ("approve→refer", "same", "error"), and the
	// screenings whose shadow evaluation was skipped (queue full or past the rate bound).
	shadow        *prometheus.CounterVec
	shadowSkipped prometheus.Counter
	// inFlight counts the screenings being answered (the shadow waits while the CPUs are theirs).
	inFlight atomic.Int64
}

// OpenReviews counts the open referrals and tells the oldest one's decision time.
type OpenReviews func(ctx context.Context) (int64, time.Time, error)

// reviewQueue reports the open referrals' count and the oldest one's age with one query a scrape.
type reviewQueue struct {
	open       OpenReviews
	count, age *prometheus.Desc
}

func (q *reviewQueue) Describe(ch chan<- *prometheus.Desc) { ch <- q.count; ch <- q.age }

func (q *reviewQueue) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := q.open(ctx)
	if err != nil {
		return // the scrape goes on without these two
	}
	age := 0.0
	if !oldest.IsZero() {
		age = time.Since(oldest).Seconds()
	}
	ch <- prometheus.MustNewConstMetric(q.count, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(q.age, prometheus.GaugeValue, age)
}

// NewMetrics registers the service's metrics; engine, book and open (may be nil) feed the gauges
// read at scrape time.
func NewMetrics(engine *policy.Engine, book func(ctx context.Context) (storage.Book, error), open OpenReviews, capMarginBP int64) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "greencredit_http_request_duration_seconds",
		Help: "HTTP request latency by route and status.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16)},
		[]string{"method", "route", "status"})
	m.decisions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "greencredit_decisions_total",
		Help: "Screening decisions committed, by outcome and stance."}, []string{"outcome", "stance"})
	m.batch = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "greencredit_decision_log_batch_size",
		Help: "Decisions per group commit.", Buckets: prometheus.ExponentialBuckets(1, 2, 9)})
	m.commit = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "greencredit_decision_log_commit_seconds",
		Help: "Time to commit one decision-log batch.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)})
	m.moved = prometheus.NewCounter(prometheus.CounterOpts{Name: "greencredit_chain_head_moved_total",
		Help: "Decision chain heads this instance's writer found moved behind it (tampering: the chain was left)."})
	m.shadow = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "greencredit_shadow_evaluations_total",
		Help: "Screenings evaluated under the revision in shadow, by outcome transition from the active revision's (same, error, or e.g. approve→refer)."},
		[]string{"transition"})
	m.shadowSkipped = prometheus.NewCounter(prometheus.CounterOpts{Name: "greencredit_shadow_skipped_total",
		Help: "Screenings whose shadow evaluation was skipped: its queue full, or past GREENCREDIT_SHADOW_RATE."})
	reloads := prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "greencredit_policy_reloads_total",
		Help: "Policy activations."}, func() float64 { r, _ := engine.Stats(); return float64(r) })
	rejections := prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "greencredit_policy_rejections_total",
		Help: "Policy bundles refused (compile errors, failing tests, bad signatures)."}, func() float64 { _, r := engine.Stats(); return float64(r) })
	specialised := func(field func(policy.SpecialisedStats) int64) func() float64 {
		return func() float64 {
			if p := engine.Active(); p != nil {
				return float64(field(p.Specialised()))
			}
			return 0
		}
	}
	specCodes := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "greencredit_policy_specialised_codes",
		Help: "Industry codes the active policy answers with a specialised query."},
		specialised(func(s policy.SpecialisedStats) int64 { return s.Codes }))
	specQueries := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "greencredit_policy_specialised_queries",
		Help: "Distinct specialised queries the active policy keeps (codes treated alike share one)."},
		specialised(func(s policy.SpecialisedStats) int64 { return s.Queries }))
	specCompiled := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "greencredit_policy_specialised_compiled",
		Help: "Specialised queries evaluated directly rather than by OPA's evaluator (policy/compiled.go)."},
		specialised(func(s policy.SpecialisedStats) int64 { return s.Compiled }))
	specMismatched := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "greencredit_policy_specialised_mismatches",
		Help: "Specialised queries whose direct evaluation disagreed with OPA's on the self-check (OPA evaluates them); should be 0."},
		specialised(func(s policy.SpecialisedStats) int64 { return s.Mismatched }))
	specFailed := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "greencredit_policy_specialisation_failures",
		Help: "Industry codes whose specialisation failed (the general query answers them)."},
		specialised(func(s policy.SpecialisedStats) int64 { return s.Failed }))
	share := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "greencredit_green_share",
		Help: "Current green-loan balance share of the loan book (0-1)."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		b, err := book(ctx)
		if err != nil || b.TotalFen == 0 {
			return 0
		}
		return float64(b.GreenFen) / float64(b.TotalFen) // display only: reports use exact fen
	})
	target := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "greencredit_green_share_target",
		Help: "The policy's green-loan share target (0-1)."}, func() float64 {
		if p := engine.Active(); p != nil {
			return float64(p.GreenShareTargetBP) / 10000
		}
		return 0
	})
	if open != nil {
		m.reg.MustRegister(&reviewQueue{open: open,
			count: prometheus.NewDesc("greencredit_reviews_open", "Referred decisions awaiting a reviewer.", nil, nil),
			age: prometheus.NewDesc("greencredit_reviews_oldest_open_age_seconds",
				"Age of the oldest referred decision awaiting a reviewer (0 when none).", nil, nil)})
	}
	m.reg.MustRegister(&capGauges{engine: engine, book: book, marginBP: capMarginBP,
		share:    prometheus.NewDesc("greencredit_cap_share", "Current share of the loan book (0-1, rounded up) of each category: thos, real_estate, personal_housing (capped), renewable (not).", []string{"category"}, nil),
		headroom: prometheus.NewDesc("greencredit_cap_headroom_yuan", "How much more a capped category may lend before its share passes the cap, in yuan.", []string{"category"}, nil),
		state:    prometheus.NewDesc("greencredit_cap_state", "A capped category against its cap: 0 ok, 1 warning (within GREENCREDIT_CAP_WARNING_MARGIN_BP of it), 2 over.", []string{"category"}, nil)})
	m.reg.MustRegister(m.latency, m.decisions, m.batch, m.commit, m.moved, m.shadow, m.shadowSkipped, reloads, rejections, specCodes, specQueries, specCompiled, specMismatched, specFailed, share, target,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveBatch is the decision log's OnBatch hook.
func (m *Metrics) ObserveBatch(size int, took time.Duration) {
	m.batch.Observe(float64(size))
	m.commit.Observe(took.Seconds())
}

// HeadMoved counts a chain head found moved behind its writer (part of the writer's OnHeadMoved).
func (m *Metrics) HeadMoved() { m.moved.Inc() }

// ObserveShadow is the shadow runner's OnResult hook; ShadowSkipped its OnSkip.
func (m *Metrics) ObserveShadow(transition string) { m.shadow.WithLabelValues(transition).Inc() }

// ScreeningStarted and ScreeningDone count the screenings being answered.
func (m *Metrics) ScreeningStarted() { m.inFlight.Add(1) }

// ScreeningDone: see ScreeningStarted.
func (m *Metrics) ScreeningDone() { m.inFlight.Add(-1) }

// Busy tells whether at least as many screenings are being answered as there are CPUs for Go:
// the shadow's worker then waits (shadow.Config.Busy).
func (m *Metrics) Busy() bool { return m.inFlight.Load() >= int64(runtime.GOMAXPROCS(0)) }

// ShadowSkipped counts a screening whose shadow evaluation was skipped.
func (m *Metrics) ShadowSkipped() { m.shadowSkipped.Inc() }

// ObserveDecision is the screening service's OnDecision hook.
func (m *Metrics) ObserveDecision(outcome, stance string) {
	m.decisions.WithLabelValues(outcome, stance).Inc()
}

func (m *Metrics) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.latency.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Observe(time.Since(start).Seconds())
}

func (m *Metrics) handler() gin.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return func(c *gin.Context) { h.ServeHTTP(c.Writer, c.Request) }
}

// capGauges reports the current book against the active policy's caps at each scrape (the
// screenings' cached book: no query beyond the cache's).
type capGauges struct {
	engine                 *policy.Engine
	book                   func(ctx context.Context) (storage.Book, error)
	marginBP               int64
	share, headroom, state *prometheus.Desc
}

func (g *capGauges) Describe(ch chan<- *prometheus.Desc) {
	ch <- g.share
	ch <- g.headroom
	ch <- g.state
}

func (g *capGauges) Collect(ch chan<- prometheus.Metric) {
	pol := g.engine.Active()
	if pol == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	b, err := g.book(ctx)
	if err != nil {
		return
	}
	states := map[string]float64{portfolio.CapOK: 0, portfolio.CapWarning: 1, portfolio.CapOver: 2}
	for _, c := range reports.Categories(&b, pol, pol.WarningMarginBP(g.marginBP)) {
		share, _ := strconv.ParseFloat(c.Share, 64) // display only: reports use exact fen
		ch <- prometheus.MustNewConstMetric(g.share, prometheus.GaugeValue, share, c.Category)
		if c.Cap == "" {
			continue
		}
		ch <- prometheus.MustNewConstMetric(g.headroom, prometheus.GaugeValue, float64(c.HeadroomFen)/100, c.Category)
		ch <- prometheus.MustNewConstMetric(g.state, prometheus.GaugeValue, states[c.State], c.Category)
	}
}
