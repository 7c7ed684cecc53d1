package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// DecisionChain is the head of one writer's hash chain. It is updated in the same
// transaction as every batch, so deleting the newest decision is detected too.
type DecisionChain struct {
	ChainID   string    `gorm:"primaryKey;size:96"`
	Seq       uint64    `gorm:"not null"`
	Hash      string    `gorm:"size:64;not null"`
	StartedAt time.Time `gorm:"precision:6;not null"`
	UpdatedAt time.Time `gorm:"precision:6;not null"`
}

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
}

type pendingDecision struct {
	ctx context.Context // the request's: its deadline bounds the batch's transaction
	d   *Decision
	err chan error
}

// DecisionLog writes decisions in group commits onto this instance's own hash chain:
// concurrent screenings share a transaction, each waits for its own batch's commit, and
// no lock is held across instances (each has its own chain).
type DecisionLog struct {
	store   *Store
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
var ErrLogClosed = fmt.Errorf("decision log is shutting down: %w", ErrUnavailable)

// OpenDecisionLog starts this instance's chain and its writer.
func (s *Store) OpenDecisionLog(ctx context.Context, cfg LogConfig) (*DecisionLog, error) {
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
	if err := s.DB.WithContext(ctx).Create(&DecisionChain{ChainID: chainID, StartedAt: now, UpdatedAt: now}).Error; err != nil {
		return nil, fmt.Errorf("start decision chain: %w: %w", ErrUnavailable, err)
	}
	l := &DecisionLog{store: s, cfg: cfg, chainID: chainID, queue: make(chan pendingDecision, cfg.MaxBatch*4),
		done: make(chan struct{}), headKnown: true}
	if s.mysqlCfg != nil {
		mc := s.mysqlCfg.Clone()
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
func (l *DecisionLog) ChainID() string { return l.chainID }

// Append records a decision and returns once its batch is committed. On error the decision
// does not exist (ErrUnavailable) — unless the commit's acknowledgement itself was lost,
// which a retry with an Idempotency-Key resolves.
func (l *DecisionLog) Append(ctx context.Context, d *Decision) error {
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
		return fmt.Errorf("record decision %s: %w: %w", d.DecisionID, ErrUnavailable, ctx.Err())
	}
	l.mu.RUnlock()
	// Once queued, wait for the real outcome: the batch's transaction ends by the earliest
	// deadline of its requests, so this wait is bounded and the answer is never a guess.
	return <-p.err
}

// Close stops taking decisions, commits what is queued and waits for the writer.
func (l *DecisionLog) Close() {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.queue)
	}
	l.mu.Unlock()
	<-l.done
}

func (l *DecisionLog) run() {
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
func (l *DecisionLog) collect(batch *[]pendingDecision) bool {
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

func (l *DecisionLog) commit(batch []pendingDecision) {
	start := time.Now()
	// A request that gave up while queued is answered now and never written.
	live := batch[:0]
	deadline := start.Add(l.store.opTimeout)
	for _, p := range batch {
		if err := p.ctx.Err(); err != nil {
			p.err <- fmt.Errorf("record decision %s: %w: %w", p.d.DecisionID, ErrUnavailable, err)
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

func (l *DecisionLog) write(deadline time.Time, batch []pendingDecision) error {
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	db := l.store.DB.WithContext(ctx)
	if !l.headKnown {
		// After a failed batch the commit may or may not have happened: read the head back
		// so the chain never forks.
		var h DecisionChain
		if err := db.Where("chain_id = ?", l.chainID).Take(&h).Error; err != nil {
			return fmt.Errorf("read chain head: %w: %w", ErrUnavailable, err)
		}
		l.headSeq, l.headHash, l.headKnown = h.Seq, h.Hash, true
	}
	rows := make([]*Decision, len(batch))
	seq, prev := l.headSeq, l.headHash
	for i, p := range batch {
		seq++
		d := p.d
		d.ChainID, d.Seq, d.PrevHash = l.chainID, seq, prev
		d.Hash = d.ComputeHash()
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
		return fmt.Errorf("record %d decisions: %w: %w", len(rows), ErrUnavailable, err)
	}
	l.headSeq, l.headHash = seq, prev
	return nil
}

// errHeadMoved means this writer's chain head is not where the writer left it: nothing of the
// batch is committed and the head is read again before the next batch.
var errHeadMoved = errors.New("chain head moved under this writer")

// writeTx commits a batch and moves the chain head in one transaction (SQLite).
func (l *DecisionLog) writeTx(db *gorm.DB, rows []*Decision, seq uint64, prev string, now time.Time) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&rows).Error; err != nil {
			return err
		}
		res := tx.Model(&DecisionChain{}).Where("chain_id = ? AND seq = ?", l.chainID, l.headSeq).
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
func (l *DecisionLog) writeMySQL(ctx context.Context, rows []*Decision, seq uint64, prev string, now time.Time) error {
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

// canonicalTime is how decided_at enters the hash: UTC, microseconds, fixed width.
const canonicalTime = "2006-01-02T15:04:05.000000Z"

// ComputeHash is sha256 over the previous hash, a newline, and the canonical encoding of
// the record: a JSON array of its fields in this fixed order —
// chain_id, seq, decision_id, application_id, customer_id, branch_id, industry_code,
// amount_fen, loan_kind, outcome, stance, green, green_category, existing_balance_fen,
// existing_balance_source, reasons, request, input, result, policy_revision,
// policy_digest, decided_at (UTC, microseconds), requested_by, applicant_name_hash,
// applicant_id_hash, and green_category_version when it is not empty (rules version 2).
func (d *Decision) ComputeHash() string {
	fields := []any{ // only strings, integers and booleans: cannot fail
		d.ChainID, d.Seq, d.DecisionID, d.ApplicationID, d.CustomerID, d.BranchID, d.IndustryCode,
		int64(d.AmountFen), d.LoanKind, d.Outcome, d.Stance, d.Green, d.GreenCategory,
		int64(d.ExistingBalanceFen), d.ExistingBalanceSource, d.Reasons, d.Request, d.Input, d.Result,
		d.PolicyRevision, d.PolicyDigest, d.DecidedAt.UTC().Format(canonicalTime), d.RequestedBy,
		d.ApplicantNameHash, d.ApplicantIDHash,
	}
	// Rules version 2 added the catalogue version; records written before it have none, and
	// their hashes stay as they were.
	if d.GreenCategoryVersion != "" {
		fields = append(fields, d.GreenCategoryVersion)
	}
	enc, _ := json.Marshal(fields)
	h := sha256.New()
	h.Write([]byte(d.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(enc)
	return hex.EncodeToString(h.Sum(nil))
}

// VerifyResult is the answer of a chain verification.
type VerifyResult struct {
	OK          bool   `json:"ok"`
	Checked     int64  `json:"checked"`
	Chains      int    `json:"chains"`
	ChainID     string `json:"chain_id,omitempty"`
	FirstBadSeq uint64 `json:"first_bad_seq,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// VerifyChains recomputes every chain from its first record, in bounded memory, and
// reports the first record that is missing, edited or out of place.
func (s *Store) VerifyChains(ctx context.Context) (*VerifyResult, error) {
	var chains []DecisionChain
	if err := s.DB.WithContext(ctx).Order("chain_id").Find(&chains).Error; err != nil {
		return nil, fmt.Errorf("read chains: %w: %w", ErrUnavailable, err)
	}
	res := &VerifyResult{OK: true, Chains: len(chains)}
	known := make([]string, 0, len(chains))
	for _, c := range chains {
		known = append(known, c.ChainID)
		bad, err := s.verifyChain(ctx, c, res)
		if err != nil {
			return nil, err
		}
		if bad {
			return res, nil
		}
	}
	// A decision on no known chain was inserted behind the writers' backs.
	var stray Decision
	q := s.DB.WithContext(ctx).Select("chain_id", "seq")
	if len(known) > 0 {
		q = q.Where("chain_id NOT IN ?", known)
	}
	err := q.Take(&stray).Error
	switch {
	case err == nil:
		res.OK, res.ChainID, res.FirstBadSeq, res.Reason = false, stray.ChainID, stray.Seq, "decision on an unknown chain"
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return nil, fmt.Errorf("look for stray decisions: %w: %w", ErrUnavailable, err)
	}
	return res, nil
}

func (s *Store) verifyChain(ctx context.Context, c DecisionChain, res *VerifyResult) (bool, error) {
	fail := func(seq uint64, reason string) (bool, error) {
		res.OK, res.ChainID, res.FirstBadSeq, res.Reason = false, c.ChainID, seq, reason
		return true, nil
	}
	var want uint64 = 1
	prev := ""
	const page = 1000
	for {
		var rows []Decision
		err := s.DB.WithContext(ctx).Where("chain_id = ? AND seq >= ?", c.ChainID, want).
			Order("seq").Limit(page).Find(&rows).Error
		if err != nil {
			return false, fmt.Errorf("read chain %s: %w: %w", c.ChainID, ErrUnavailable, err)
		}
		for i := range rows {
			d := &rows[i]
			switch {
			case d.Seq != want:
				return fail(want, fmt.Sprintf("record %d is missing (next present is %d)", want, d.Seq))
			case d.PrevHash != prev:
				return fail(d.Seq, "prev_hash does not match the previous record")
			case d.ComputeHash() != d.Hash:
				return fail(d.Seq, "record content does not match its hash (edited)")
			}
			prev = d.Hash
			want++
			res.Checked++
		}
		if len(rows) < page {
			break
		}
	}
	if want-1 != c.Seq || prev != c.Hash {
		if want-1 < c.Seq {
			return fail(want, fmt.Sprintf("the chain head says %d records; record %d is missing", c.Seq, want))
		}
		return fail(c.Seq, "the chain head does not match the last record")
	}
	return false, nil
}
