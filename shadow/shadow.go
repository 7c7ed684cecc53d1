// Package shadow evaluates every screening under a revision in shadow as well (issue 25): after the
// screening's answer is committed and sent, on a bounded queue with a worker of its own, so that
// the answer, its latency and its record are what they are without a shadow. Each result is
// stored beside its decision (storage.ShadowResult), never in the decision's hash-chained record.
// A full queue (or the rate bound) skips a screening's shadow evaluation and counts it; a shadow
// revision that fails to answer (an error, a timeout) is recorded as such for that decision.
package shadow

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"greencredit/policy"
	"greencredit/storage"
)

// Policies gives the compiled policy of a stored revision.
type Policies interface {
	PolicyFor(ctx context.Context, digest string) (*policy.Policy, error)
}

// Config bounds the shadow's cost.
type Config struct {
	// Queue is how many screenings may wait for their shadow evaluation (default 1024); Rate how
	// many are evaluated a second at most (0: no bound besides the worker).
	Queue int
	Rate  float64
	// Poll is how often the shadow in force is read from the database (default 5 s; every instance
	// follows it); Timeout bounds one evaluation (default 2 s).
	Poll, Timeout time.Duration
	// Busy tells whether the service is busy answering screenings (nil: never): the worker then
	// waits, screenings queue up, and past the queue they are skipped — a shadow takes the CPU the
	// screenings leave, never theirs.
	Busy func() bool
	// Clock is the time (until); nil = time.Now.
	Clock func() time.Time
	// OnResult is told each evaluation's outcome transition ("approve→refer", "same", "error");
	// OnSkip each screening skipped.
	OnResult func(transition string)
	OnSkip   func()
	Log      *slog.Logger
}

// Runner runs the shadow of one instance.
type Runner struct {
	store    *storage.Store
	policies Policies
	cfg      Config
	jobs     chan *storage.Decision
	limiter  *rate.Limiter
	current  atomic.Pointer[inForce]
	// refreshing serialises Refresh (the poll's and a handler's), so an older read never
	// overwrites a newer one.
	refreshing sync.Mutex
	stop       chan struct{}
	wg         sync.WaitGroup
	// hold, when set (tests), blocks the worker until it is closed.
	hold chan struct{}
}

// inForce is the shadow in force and its compiled policy.
type inForce struct {
	shadow storage.PolicyShadow
	pol    *policy.Policy
}

// New makes a runner; Start starts it.
func New(store *storage.Store, policies Policies, cfg Config) *Runner {
	if cfg.Queue <= 0 {
		cfg.Queue = 1024
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	r := &Runner{store: store, policies: policies, cfg: cfg, jobs: make(chan *storage.Decision, cfg.Queue), stop: make(chan struct{})}
	if cfg.Rate > 0 {
		r.limiter = rate.NewLimiter(rate.Limit(cfg.Rate), max(1, int(cfg.Rate/10)))
	}
	return r
}

func (r *Runner) now() time.Time {
	if r.cfg.Clock != nil {
		return r.cfg.Clock().UTC()
	}
	return time.Now().UTC()
}

// Start reads the shadow in force, then follows it and evaluates screenings until Stop. A shadow
// that cannot be read or compiled is logged and left off: it never keeps the service from starting.
func (r *Runner) Start(ctx context.Context) error {
	if err := r.Refresh(ctx); err != nil {
		r.cfg.Log.Warn("shadow: no shadow evaluation until the next poll", "err", err)
	}
	r.wg.Add(2)
	go r.poll()
	go r.work()
	return nil
}

// Stop stops the runner; screenings still queued are not evaluated.
func (r *Runner) Stop() {
	close(r.stop)
	r.wg.Wait()
}

// Digest is the revision in shadow ("" = none).
func (r *Runner) Digest() string {
	if cur := r.current.Load(); cur != nil {
		return cur.shadow.Digest
	}
	return ""
}

// Offer queues a committed decision for its shadow evaluation without waiting: with no shadow on it
// does nothing; with the queue full, or past the rate bound, the evaluation is skipped and
// counted.
func (r *Runner) Offer(d *storage.Decision) {
	cur := r.current.Load()
	if cur == nil || cur.shadow.Digest == d.PolicyDigest || cur.shadow.Until != nil && !r.now().Before(*cur.shadow.Until) {
		return
	}
	if r.limiter != nil && !r.limiter.Allow() {
		r.skip()
		return
	}
	select {
	case r.jobs <- d:
	default:
		r.skip()
	}
}

func (r *Runner) skip() {
	if r.cfg.OnSkip != nil {
		r.cfg.OnSkip()
	}
}

// Refresh reads the shadow in force; one whose until has passed is ended here (with its audit
// event; only that very row, should another instance have ended it and a new one begun) and none
// is in force. When the shadow cannot be compiled, none is in force either (the error says why).
func (r *Runner) Refresh(ctx context.Context) error {
	r.refreshing.Lock()
	defer r.refreshing.Unlock()
	sh, err := r.store.Shadow(ctx)
	if err != nil {
		return err
	}
	if sh != nil && sh.Until != nil && !r.now().Before(*sh.Until) {
		ev := &storage.AuditEvent{At: r.now().Truncate(time.Microsecond), Actor: "system", Action: "policy.shadow.end",
			Method: "-", Path: "-", Detail: `{"digest":"` + sh.Digest + `","reason":"until"}`}
		if _, err := r.store.EndShadowRow(ctx, sh, ev); err != nil {
			return err
		}
		sh = nil
	}
	if sh == nil {
		r.current.Store(nil)
		return nil
	}
	if cur := r.current.Load(); cur != nil && sameShadow(cur.shadow, *sh) {
		return nil
	}
	pol, err := r.policies.PolicyFor(ctx, sh.Digest)
	if err != nil {
		r.current.Store(nil)
		return err
	}
	r.current.Store(&inForce{shadow: *sh, pol: pol})
	return nil
}

// sameShadow tells whether two reads are the same shadow (the same start, revision and until).
func sameShadow(a, b storage.PolicyShadow) bool {
	return a.Digest == b.Digest && a.StartedAt.Equal(b.StartedAt) && (a.Until == nil) == (b.Until == nil) &&
		(a.Until == nil || a.Until.Equal(*b.Until))
}

func (r *Runner) poll() {
	defer r.wg.Done()
	t := time.NewTicker(r.cfg.Poll)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), r.cfg.Poll)
			if err := r.Refresh(ctx); err != nil {
				r.cfg.Log.Warn("shadow: read the shadow in force", "err", err)
			}
			cancel()
		}
	}
}

// work evaluates queued screenings and stores their results a batch at a time (at most 100, or
// what has come when the queue is empty).
func (r *Runner) work() {
	defer r.wg.Done()
	if r.hold != nil {
		select {
		case <-r.hold:
		case <-r.stop:
			return
		}
	}
	var batch []storage.ShadowResult
	flush := func() {
		if len(batch) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := r.store.SaveShadowResults(ctx, batch); err != nil {
			r.cfg.Log.Warn("shadow: store results", "results", len(batch), "err", err)
		}
		cancel()
		batch = batch[:0]
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-r.stop:
			flush()
			return
		case <-tick.C:
			flush()
		case d := <-r.jobs:
			for r.cfg.Busy != nil && r.cfg.Busy() {
				flush()
				select {
				case <-r.stop:
					return
				case <-time.After(2 * time.Millisecond):
				}
			}
			if res, ok := r.evaluate(d); ok {
				batch = append(batch, res)
			}
			if len(batch) >= 100 {
				flush()
			}
		}
	}
}

// evaluate decides a recorded decision's input under the shadow in force (false: none is).
func (r *Runner) evaluate(d *storage.Decision) (storage.ShadowResult, bool) {
	cur := r.current.Load()
	if cur == nil {
		return storage.ShadowResult{}, false
	}
	res := storage.ShadowResult{DecisionID: d.DecisionID, ShadowDigest: cur.shadow.Digest, DecidedAt: d.DecidedAt.UTC(),
		BranchID: d.BranchID, IndustryCode: d.IndustryCode, ActiveOutcome: d.Outcome, ActiveStance: d.Stance, ActiveGreen: d.Green,
		ActiveReasonCodes: d.ReasonCodes, EvaluatedAt: r.now().Truncate(time.Microsecond)}
	ctx, cancel := context.WithTimeout(context.Background(), r.cfg.Timeout)
	defer cancel()
	out, err := cur.pol.DecideRecorded(ctx, []byte(d.Input))
	transition := "error"
	switch {
	case err != nil:
		res.Error = truncate(err.Error(), 500)
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			res.Error = truncate("timeout: "+res.Error, 500)
		}
	default:
		res.Outcome, res.Stance, res.Green, res.ReasonCodes = out.Outcome, out.Stance, out.Green, truncate(storage.ReasonCodes(out.Codes()), 1024)
		transition = "same"
		if res.Outcome != res.ActiveOutcome {
			transition = res.ActiveOutcome + "→" + res.Outcome
		}
	}
	if r.cfg.OnResult != nil {
		r.cfg.OnResult(transition)
	}
	return res, true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
