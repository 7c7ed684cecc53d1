// Package decisionlog is the tamper-evident, append-only decision log: the writer (group commit
// onto each instance's hash chain), the canonical hash of decisions and reviews, the signed
// checkpoints over one Merkle tree, the one verification algorithm over a record source (the
// database online, an export offline), proofs, the verifiable export, the typed record read back
// (decoded reasons, result and input) and the masking of personal data before a record is kept.
// Its statements are storage's (LogTx, BatchWriter); the review chain's rules are review's.
package decisionlog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"greencredit/storage"
)

// LogConfig tunes the decision log writer.
type LogConfig struct {
	// InstanceID names this service instance; its chains are "<instance>-<start>".
	InstanceID string
	// MaxBatch bounds how many decisions one transaction commits (default 128).
	MaxBatch int
	// Linger is how long the writer waits for more decisions before committing a batch
	// that is not full (default 0: it takes what queued while the previous batch committed).
	Linger time.Duration
	// OnBatch, when set, is told each committed batch's size and commit time (metrics).
	OnBatch func(size int, took time.Duration)
	// Keys, when set, sign the chain's registration and every head the writer commits, so that a
	// chain inserted or a head moved behind the service's back is evident (production requires them).
	Keys *Keys
	// Log receives the error of a head moved behind the writer (default: discarded).
	Log *slog.Logger
	// OnHeadMoved, when set, is told of a head found moved behind the writer (the metric
	// greencredit_chain_head_moved_total, and the incidents the verifier reports).
	OnHeadMoved func(chainID string, want, found uint64)
}

type pendingDecision struct {
	ctx context.Context // the request's: its deadline bounds the batch's transaction
	d   *storage.Decision
	err chan error
}

// Writer writes decisions in group commits onto this instance's own hash chain:
// concurrent screenings share a transaction, each waits for its own batch's commit, and
// no lock is held across instances (each has its own chain).
type Writer struct {
	store   *storage.Store
	cfg     LogConfig
	chainID string
	queue   chan pendingDecision

	chainMu sync.Mutex   // guards chainID for ChainID (the writer goroutine changes it)
	mu      sync.RWMutex // guards closed against Append racing Close
	closed  bool
	done    chan struct{}

	// Owned by the writer goroutine (chainID too, once started: a moved head starts a new chain).
	headSeq   uint64
	headHash  string
	headKnown bool
	// attempt is the head the last failed batch would have left, to tell a lost acknowledgement
	// (the head is there) from a head moved by someone else.
	attempt storage.Link
	// needChain: the chain was left (its head moved) and no new one could be started yet.
	needChain bool

	// batches commits each batch with the head's move (on MySQL over its own connection).
	batches *storage.BatchWriter
}

// ErrLogClosed is returned by Append after Close.
var ErrLogClosed = fmt.Errorf("decision log is shutting down: %w", storage.ErrUnavailable)

// Open starts this instance's chain and its writer.
func Open(ctx context.Context, s *storage.Store, cfg LogConfig) (*Writer, error) {
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 128
	}
	if cfg.InstanceID == "" {
		cfg.InstanceID = "instance"
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	l := &Writer{store: s, cfg: cfg, queue: make(chan pendingDecision, cfg.MaxBatch*4), done: make(chan struct{})}
	if err := l.startChain(ctx); err != nil {
		return nil, err
	}
	batches, err := s.NewBatchWriter()
	if err != nil {
		return nil, err
	}
	l.batches = batches
	go l.run()
	return l, nil
}

// startChain starts a new chain for this writer: named by the instance, the time and a random
// suffix, its registration signed.
func (l *Writer) startChain(ctx context.Context) error {
	var b [4]byte
	_, _ = rand.Read(b[:])
	now := time.Now().UTC().Truncate(time.Microsecond)
	chainID := fmt.Sprintf("%s-%s-%s", l.cfg.InstanceID, now.Format("20060102T150405.000000Z"), hex.EncodeToString(b[:]))
	if len(chainID) > 96 {
		chainID = chainID[len(chainID)-96:]
	}
	head := &storage.DecisionChain{ChainID: chainID, StartedAt: now, UpdatedAt: now}
	if l.cfg.Keys != nil {
		reg, err := l.cfg.Keys.SignRegistration(chainID, now)
		if err != nil {
			return err
		}
		head.Registration = reg
	}
	if err := l.store.StartChain(ctx, head); err != nil {
		return err
	}
	l.chainMu.Lock()
	l.chainID = chainID
	l.chainMu.Unlock()
	l.headSeq, l.headHash, l.headKnown = 0, "", true
	return nil
}

// ChainID is this writer's chain (a new one after a head moved behind it).
func (l *Writer) ChainID() string {
	l.chainMu.Lock()
	defer l.chainMu.Unlock()
	return l.chainID
}

// Append records a decision and returns once its batch is committed. On error the decision
// does not exist (storage.ErrUnavailable) — unless the commit's acknowledgement itself was lost,
// which a retry with an Idempotency-Key resolves.
func (l *Writer) Append(ctx context.Context, d *storage.Decision) error {
	// Compressed here, on the request's goroutine, not on the writer's.
	if err := d.Compact(); err != nil {
		return fmt.Errorf("record decision %s: %w", d.DecisionID, err)
	}
	p := pendingDecision{ctx: ctx, d: d, err: make(chan error, 1)}
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		return ErrLogClosed
	}
	select {
	case l.queue <- p:
	case <-ctx.Done():
		l.mu.RUnlock()
		return fmt.Errorf("record decision %s: %w: %w", d.DecisionID, storage.ErrUnavailable, ctx.Err())
	}
	l.mu.RUnlock()
	// Once queued, wait for the real outcome: the batch's transaction ends by the earliest
	// deadline of its requests, so this wait is bounded and the answer is never a guess.
	return <-p.err
}

// Close stops taking decisions, commits what is queued and waits for the writer.
func (l *Writer) Close() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.queue)
	}
	l.mu.Unlock()
	<-l.done
}

func (l *Writer) run() {
	defer close(l.done)
	if l.batches != nil {
		defer l.batches.Close()
	}
	// Deferred last-in, first-out: the closing head is signed before the connection closes.
	defer l.closeChain()
	batch := make([]pendingDecision, 0, l.cfg.MaxBatch)
	for {
		first, ok := <-l.queue
		if !ok {
			return
		}
		batch = append(batch[:0], first)
		open := l.collect(&batch)
		l.commit(batch)
		if !open {
			return
		}
	}
}

// collect adds queued decisions to the batch up to MaxBatch, waiting at most Linger for
// more; it reports false when the queue has been closed and drained.
func (l *Writer) collect(batch *[]pendingDecision) bool {
	var timeout <-chan time.Time
	if l.cfg.Linger > 0 {
		t := time.NewTimer(l.cfg.Linger)
		defer t.Stop()
		timeout = t.C
	}
	for len(*batch) < l.cfg.MaxBatch {
		if timeout == nil {
			select {
			case p, ok := <-l.queue:
				if !ok {
					return false
				}
				*batch = append(*batch, p)
			default:
				return true
			}
			continue
		}
		select {
		case p, ok := <-l.queue:
			if !ok {
				return false
			}
			*batch = append(*batch, p)
		case <-timeout:
			return true
		}
	}
	return true
}

func (l *Writer) commit(batch []pendingDecision) {
	start := time.Now()
	// A request that gave up while queued is answered now and never written.
	live := batch[:0]
	deadline := start.Add(l.store.OpTimeout())
	for _, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.err <- fmt.Errorf("record decision %s: %w: %w", p.d.DecisionID, storage.ErrUnavailable, err)
			continue
		}
		if d, ok := p.ctx.Deadline(); ok && d.Before(deadline) {
			deadline = d
		}
		live = append(live, p)
	}
	if len(live) == 0 {
		return
	}
	err := l.write(deadline, live)
	for _, p := range live {
		p.err <- err
	}
	if err == nil && l.cfg.OnBatch != nil {
		l.cfg.OnBatch(len(live), time.Since(start))
	}
}

func (l *Writer) write(deadline time.Time, batch []pendingDecision) error {
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	if l.needChain {
		if err := l.startChain(ctx); err != nil {
			return err
		}
		l.needChain = false
	}
	if !l.headKnown {
		if err := l.readHead(ctx); err != nil {
			return err
		}
		if l.needChain {
			return fmt.Errorf("record %d decisions: %w: the chain's head was moved behind its writer", len(batch), storage.ErrUnavailable)
		}
	}
	rows := make([]*storage.Decision, len(batch))
	seq, prev := l.headSeq, l.headHash
	for i, p := range batch {
		seq++
		d := p.d
		d.ChainID, d.Seq, d.PrevHash = l.chainID, seq, prev
		d.Hash = Hash(d)
		prev = d.Hash
		rows[i] = d
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	note, err := l.signHead(seq, prev, now, false)
	if err == nil {
		err = l.batches.Write(ctx, rows, l.chainID, l.headSeq, seq, prev, note, now)
	}
	if err != nil {
		for _, d := range rows {
			d.ID, d.ChainID, d.Seq, d.PrevHash, d.Hash = 0, "", 0, "", ""
		}
		if errors.Is(err, storage.ErrHeadMoved) {
			// The head is not where this writer left it: someone else wrote it. Nothing of the
			// batch is committed; the chain is left, and the next batch starts a new one.
			found := uint64(0)
			if h, err := l.store.Log(ctx).Chain(l.chainID); err == nil {
				found = h.Seq
			}
			l.headMoved(ctx, found)
		} else {
			l.headKnown, l.attempt = false, storage.Link{Seq: seq, Hash: prev}
		}
		return fmt.Errorf("record %d decisions: %w: %w", len(rows), storage.ErrUnavailable, err)
	}
	l.headSeq, l.headHash = seq, prev
	return nil
}

// readHead reads the head back after a failed batch, whose commit may or may not have happened:
// the head this writer left (not committed) or the one the batch would have left (committed, its
// acknowledgement lost). Any other head was moved by someone else.
func (l *Writer) readHead(ctx context.Context) error {
	h, err := l.store.Log(ctx).Chain(l.chainID)
	if err != nil {
		return err
	}
	switch {
	case h.Seq == l.headSeq && h.Hash == l.headHash:
	case h.Seq == l.attempt.Seq && h.Hash == l.attempt.Hash:
		l.headSeq, l.headHash = h.Seq, h.Hash
	case l.cfg.Keys != nil && h.Seq > l.headSeq && headSignedBy(l.cfg.Keys, h):
		// A head only this writer could have signed: an earlier batch whose commit landed after
		// its acknowledgement was lost (and after a later read of the head).
		l.headSeq, l.headHash = h.Seq, h.Hash
	default:
		l.headMoved(ctx, h.Seq)
		return nil
	}
	l.headKnown = true
	return nil
}

// headSignedBy tells whether the head's note is signed by keys for this chain at its place.
func headSignedBy(keys *Keys, h storage.DecisionChain) bool {
	_, err := OpenHead(keys.Verifier(), h.HeadNote, h.ChainID, h.Seq, h.Hash)
	return err == nil
}

// headMoved reports a head found moved behind this writer (an error in the log, the metric, the
// verifier's incidents) and starts a new chain: the writer never writes on top of a head it did
// not leave. If the new chain cannot be started now, the next batch tries again.
func (l *Writer) headMoved(ctx context.Context, found uint64) {
	old := l.chainID
	l.cfg.Log.ErrorContext(ctx, "the decision chain's head was moved behind its writer: the chain is left and a new one started (tampering?)",
		"chain_id", old, "head_written", l.headSeq, "head_found", found)
	if l.cfg.OnHeadMoved != nil {
		l.cfg.OnHeadMoved(old, l.headSeq, found)
	}
	if err := l.startChain(context.WithoutCancel(ctx)); err != nil {
		l.cfg.Log.ErrorContext(ctx, "a new decision chain could not be started", "err", err)
		l.needChain = true // the next batch tries again; none is written on the old chain
	}
}

// signHead signs the head a batch leaves ("" without keys).
func (l *Writer) signHead(seq uint64, hash string, at time.Time, closed bool) (string, error) {
	if l.cfg.Keys == nil {
		return "", nil
	}
	return l.cfg.Keys.SignHead(SignedHead{ChainID: l.chainID, Seq: seq, Hash: hash, At: at, Closed: closed})
}

// closeChain signs the closing head of the chain: nothing may follow it.
func (l *Writer) closeChain() {
	if l.cfg.Keys == nil || !l.headKnown || l.needChain {
		return
	}
	// Bounded tighter than a statement: a stalled database must not hold up a shutdown.
	ctx, cancel := context.WithTimeout(context.Background(), min(l.store.OpTimeout(), 2*time.Second))
	defer cancel()
	note, err := l.signHead(l.headSeq, l.headHash, time.Now().UTC().Truncate(time.Microsecond), true)
	if err == nil {
		err = l.store.SignHead(ctx, l.chainID, l.headSeq, note)
	}
	if errors.Is(err, storage.ErrHeadMoved) {
		l.headMoved(ctx, 0)
		return
	}
	if err != nil {
		l.cfg.Log.Error("the decision chain's closing head was not signed", "chain_id", l.chainID, "err", err)
	}
}
