// Package decisionlog is the tamper-evident, append-only decision log: the writer (group commit
// onto each instance's hash chain), the hash, verification, the typed record read back from it
// (decoded reasons, result and input) and the masking of personal data before a record is kept.
package decisionlog

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

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
	// Keys, when set, sign the chain's registration, so that a chain inserted behind the service's
	// back is evident (production requires them).
	Keys *Keys
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

	mu     sync.RWMutex // guards closed against Append racing Close
	closed bool
	done   chan struct{}

	// Owned by the writer goroutine.
	headSeq   uint64
	headHash  string
	headKnown bool

	// MySQL only: the writer's own connection, which takes several statements per round trip
	// (see writeMySQL); nil on SQLite.
	multi *sql.DB
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
	var b [4]byte
	_, _ = rand.Read(b[:])
	now := time.Now().UTC().Truncate(time.Microsecond)
	chainID := fmt.Sprintf("%s-%s-%s", cfg.InstanceID, now.Format("20060102T150405.000000Z"), hex.EncodeToString(b[:]))
	if len(chainID) > 96 {
		chainID = chainID[len(chainID)-96:]
	}
	head := &storage.DecisionChain{ChainID: chainID, StartedAt: now, UpdatedAt: now}
	if cfg.Keys != nil {
		reg, err := cfg.Keys.SignRegistration(chainID, now)
		if err != nil {
			return nil, err
		}
		head.Registration = reg
	}
	if err := s.DB.WithContext(ctx).Create(head).Error; err != nil {
		return nil, fmt.Errorf("start decision chain: %w: %w", storage.ErrUnavailable, err)
	}
	l := &Writer{store: s, cfg: cfg, chainID: chainID, queue: make(chan pendingDecision, cfg.MaxBatch*4),
		done: make(chan struct{}), headKnown: true}
	if mc := s.MySQLConfig(); mc != nil {
		mc.MultiStatements = true
		conn, err := mysqldrv.NewConnector(mc)
		if err != nil {
			return nil, fmt.Errorf("decision log connection: %w", err)
		}
		l.multi = sql.OpenDB(conn)
		l.multi.SetMaxOpenConns(1)
		l.multi.SetMaxIdleConns(1)
		l.multi.SetConnMaxLifetime(30 * time.Minute)
	}
	go l.run()
	return l, nil
}

// ChainID is this writer's chain.
func (l *Writer) ChainID() string { return l.chainID }

// Append records a decision and returns once its batch is committed. On error the decision
// does not exist (storage.ErrUnavailable) — unless the commit's acknowledgement itself was lost,
// which a retry with an Idempotency-Key resolves.
func (l *Writer) Append(ctx context.Context, d *storage.Decision) error {
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
	if l.multi != nil {
		defer l.multi.Close()
	}
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
	db := l.store.DB.WithContext(ctx)
	if !l.headKnown {
		// After a failed batch the commit may or may not have happened: read the head back
		// so the chain never forks.
		var h storage.DecisionChain
		if err := db.Where("chain_id = ?", l.chainID).Take(&h).Error; err != nil {
			return fmt.Errorf("read chain head: %w: %w", storage.ErrUnavailable, err)
		}
		l.headSeq, l.headHash, l.headKnown = h.Seq, h.Hash, true
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
	var err error
	if l.multi != nil {
		err = l.writeMySQL(ctx, rows, seq, prev, now)
	} else {
		err = l.writeTx(db, rows, seq, prev, now)
	}
	if err != nil {
		l.headKnown = false
		for _, d := range rows {
			d.ID, d.ChainID, d.Seq, d.PrevHash, d.Hash = 0, "", 0, "", ""
		}
		return fmt.Errorf("record %d decisions: %w: %w", len(rows), storage.ErrUnavailable, err)
	}
	l.headSeq, l.headHash = seq, prev
	return nil
}

// errHeadMoved means this writer's chain head is not where the writer left it: nothing of the
// batch is committed and the head is read again before the next batch.
var errHeadMoved = errors.New("chain head moved under this writer")

// writeTx commits a batch and moves the chain head in one transaction (SQLite).
func (l *Writer) writeTx(db *gorm.DB, rows []*storage.Decision, seq uint64, prev string, now time.Time) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&rows).Error; err != nil {
			return err
		}
		res := tx.Model(&storage.DecisionChain{}).Where("chain_id = ? AND seq = ?", l.chainID, l.headSeq).
			Updates(map[string]any{"seq": seq, "hash": prev, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return errHeadMoved
		}
		return nil
	})
}

// writeMySQL is writeTx in two round trips instead of four: the first starts the transaction,
// inserts the batch (the statement GORM builds, values escaped by the driver) and moves the
// chain head only if it is still where this writer left it; the second commits — or rolls
// back when the head had moved or any statement failed. Under load every round trip waits for
// a CPU, so each one saved shortens every answer's wait for its commit.
func (l *Writer) writeMySQL(ctx context.Context, rows []*storage.Decision, seq uint64, prev string, now time.Time) error {
	stmt := l.store.DB.Session(&gorm.Session{DryRun: true}).Create(&rows).Statement
	if stmt.Error != nil {
		return stmt.Error
	}
	conn, err := l.multi.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	args := append(stmt.Vars, seq, prev, now, l.chainID, l.headSeq)
	res, err := conn.ExecContext(ctx, "START TRANSACTION;"+stmt.SQL.String()+
		";UPDATE `decision_chains` SET `seq` = ?, `hash` = ?, `updated_at` = ? WHERE `chain_id` = ? AND `seq` = ?", args...)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n != 1 {
			err = errHeadMoved
		}
	}
	// A connection whose transaction may still be open is dropped, never reused: the server
	// rolls back a transaction whose connection is gone, whereas the next batch's START
	// TRANSACTION would commit it.
	drop := func() { _ = conn.Raw(func(any) error { return driver.ErrBadConn }) }
	if err != nil {
		// Nothing is committed.
		if _, rerr := conn.ExecContext(ctx, "ROLLBACK"); rerr != nil {
			drop()
		}
		return err
	}
	if _, err = conn.ExecContext(ctx, "COMMIT"); err != nil {
		drop()
	}
	return err
}
