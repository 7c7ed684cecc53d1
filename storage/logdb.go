package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The decision log's reads and writes: the chains and their records, the review chain, the Merkle
// tree and the signed checkpoints. The decisionlog package holds the algorithms (hashing, the
// verifier, the checkpointer); every statement they need is here.

// LogTx reads and writes the log through one database handle: the pool bound to a context, or a
// transaction holding a lock (WithCheckpointLock, WithReviewLock). Its failures wrap ErrUnavailable.
type LogTx struct{ db *gorm.DB }

// Log reads the log bound to ctx with no statement timeout: verification and the export are
// bounded by their caller's context.
func (s *Store) Log(ctx context.Context) *LogTx { return &LogTx{db: s.DB.WithContext(ctx)} }

// Link is a record's place in its chain: what a chain-link check and the tree need.
type Link struct {
	Seq      uint64
	PrevHash string
	Hash     string
}

// unavailable wraps a database failure as ErrUnavailable, naming what was attempted.
func unavailable(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w: %w", what, ErrUnavailable, err)
}

// chainRows selects a chain's records: a decision chain's in decisions, the review chain's in reviews.
func (t *LogTx) chainRows(chainID string) *gorm.DB {
	if chainID == ReviewChainID {
		return t.db.Table("reviews")
	}
	return t.db.Table("decisions").Where("chain_id = ?", chainID)
}

// Chains reads every decision chain's head, by chain id.
func (t *LogTx) Chains() ([]DecisionChain, error) {
	var out []DecisionChain
	return out, unavailable("read chains", t.db.Order("chain_id").Find(&out).Error)
}

// Chain reads one decision chain's head.
func (t *LogTx) Chain(chainID string) (DecisionChain, error) {
	var h DecisionChain
	return h, unavailable("read chain "+chainID, t.db.Where("chain_id = ?", chainID).Take(&h).Error)
}

// ReviewHead reads the review chain's head (zero when no review was ever recorded).
func (t *LogTx) ReviewHead() (ReviewHead, error) {
	var rh []ReviewHead
	if err := t.db.Where("id = 1").Find(&rh).Error; err != nil || len(rh) == 0 {
		return ReviewHead{}, unavailable("read review head", err)
	}
	return rh[0], nil
}

// Checkpoints reads every stored checkpoint, oldest first.
func (t *LogTx) Checkpoints() ([]Checkpoint, error) {
	var out []Checkpoint
	return out, unavailable("read checkpoints", t.db.Order("size").Find(&out).Error)
}

// LatestCheckpoint is the newest checkpoint (nil when none was made).
func (t *LogTx) LatestCheckpoint() (*Checkpoint, error) {
	var out []Checkpoint
	if err := t.db.Order("size DESC").Limit(1).Find(&out).Error; err != nil || len(out) == 0 {
		return nil, unavailable("read checkpoint", err)
	}
	return &out[0], nil
}

// TreeRanges reads every range of the tree below size, in leaf order.
func (t *LogTx) TreeRanges(size int64) ([]TreeRange, error) {
	var out []TreeRange
	return out, unavailable("read tree ranges", t.db.Where("start < ?", size).Order("start").Find(&out).Error)
}

// TreeHashes reads stored tree hashes by index (tlog.HashReader over the database).
func (t *LogTx) TreeHashes(idx []int64) (map[int64][]byte, error) {
	out := make(map[int64][]byte, len(idx))
	const chunk = 1000
	for start := 0; start < len(idx); start += chunk {
		var rows []TreeHash
		if err := t.db.Where("idx IN ?", idx[start:min(start+chunk, len(idx))]).Find(&rows).Error; err != nil {
			return nil, unavailable("read tree", err)
		}
		for _, r := range rows {
			out[r.Idx] = r.Hash
		}
	}
	return out, nil
}

// Decisions reads a decision chain's records with from ≤ seq ≤ to, in order, at most limit.
func (t *LogTx) Decisions(chainID string, from, to uint64, limit int) ([]Decision, error) {
	var rows []Decision
	err := t.db.Where("chain_id = ? AND seq >= ? AND seq <= ?", chainID, from, to).Order("seq").Limit(limit).Find(&rows).Error
	return rows, unavailable("read chain "+chainID, err)
}

// Reviews reads the review chain's records with from ≤ seq ≤ to, in order, at most limit.
func (t *LogTx) Reviews(from, to uint64, limit int) ([]Review, error) {
	var rows []Review
	return rows, unavailable("read reviews", t.db.Where("seq >= ? AND seq <= ?", from, to).Order("seq").Limit(limit).Find(&rows).Error)
}

// Links reads a chain's records from < seq ≤ to, only their chain fields, in order.
func (t *LogTx) Links(chainID string, from, to uint64) ([]Link, error) {
	var out []Link
	for next := from + 1; next <= to; {
		var rows []Link
		if err := t.chainRows(chainID).Select("seq", "prev_hash", "hash").Where("seq >= ? AND seq <= ?", next, to).
			Order("seq").Limit(5000).Scan(&rows).Error; err != nil {
			return nil, unavailable("read chain "+chainID, err)
		}
		if len(rows) == 0 {
			break
		}
		out = append(out, rows...)
		next = rows[len(rows)-1].Seq + 1
	}
	return out, nil
}

// HashAt is the stored hash of a chain's record seq ("" for seq 0 or a missing record).
func (t *LogTx) HashAt(chainID string, seq uint64) (string, error) {
	if seq == 0 {
		return "", nil
	}
	var out []string
	if err := t.chainRows(chainID).Where("seq = ?", seq).Limit(1).Pluck("hash", &out).Error; err != nil || len(out) == 0 {
		return "", unavailable(fmt.Sprintf("read record %s/%d", chainID, seq), err)
	}
	return out[0], nil
}

// MaxSeq is the highest seq stored on a chain, decisions' or the review chain's (0 when none).
func (t *LogTx) MaxSeq(chainID string) (uint64, error) {
	var top []uint64
	if err := t.chainRows(chainID).Select("COALESCE(MAX(seq), 0)").Scan(&top).Error; err != nil || len(top) == 0 {
		return 0, unavailable("read chain "+chainID, err)
	}
	return top[0], nil
}

// StrayDecision is a decision on none of the known chains (nil when there is none).
//
// A decision is stray, too, with a seq below 1 (no writer writes one: chains start at 1) or on a
// chain named as the review chain (which lives in reviews, not decisions).
func (t *LogTx) StrayDecision(known []string) (*Decision, error) {
	var stray []Decision
	q := t.db.Select("chain_id", "seq")
	if len(known) > 0 {
		q = q.Where("chain_id NOT IN ? OR seq < 1 OR chain_id = ?", known, ReviewChainID)
	}
	if err := q.Limit(1).Find(&stray).Error; err != nil || len(stray) == 0 {
		return nil, unavailable("look for stray decisions", err)
	}
	return &stray[0], nil
}

// MisplacedDecisions reads up to limit decisions no writer could have written where they are: a
// seq below 1, or a chain named as the review chain.
func (t *LogTx) MisplacedDecisions(limit int) ([]Decision, error) {
	var out []Decision
	err := t.db.Where("seq < 1 OR chain_id = ?", ReviewChainID).Order("chain_id, seq").Limit(limit).Find(&out).Error
	return out, unavailable("look for misplaced decisions", err)
}

// DecisionOwners reads the outcome and the requester of the named decisions.
func (t *LogTx) DecisionOwners(ids []string) ([]Decision, error) {
	var decs []Decision
	err := t.db.Select("decision_id", "outcome", "requested_by").Where("decision_id IN ?", ids).Find(&decs).Error
	return decs, unavailable("read reviewed decisions", err)
}

// AllStatuses reads the whole review status index.
func (t *LogTx) AllStatuses() ([]DecisionStatus, error) {
	var out []DecisionStatus
	return out, unavailable("read decision status", t.db.Find(&out).Error)
}

// LastReview is a decision's latest review (nil when it has none).
func (t *LogTx) LastReview(decisionID string) (*Review, error) {
	var last []Review
	if err := t.db.Where("decision_id = ?", decisionID).Order("step DESC").Limit(1).Find(&last).Error; err != nil || len(last) == 0 {
		return nil, unavailable("read reviews", err)
	}
	return &last[0], nil
}

// AppendReview writes a review, its decision's status row and the review chain's new head with
// its signed note, which must still be at headSeq (ErrReviewConflict otherwise). Within
// WithReviewLock.
func (t *LogTx) AppendReview(r *Review, status *DecisionStatus, headSeq uint64, headNote string, now time.Time) error {
	if err := t.db.Create(r).Error; err != nil {
		return err
	}
	if err := t.db.Clauses(clause.OnConflict{UpdateAll: true}).Create(status).Error; err != nil {
		return err
	}
	res := t.db.Model(&ReviewHead{}).Where("id = 1 AND seq = ?", headSeq).
		Updates(map[string]any{"seq": r.Seq, "hash": r.Hash, "updated_at": now, "head_note": headNote})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrReviewConflict
	}
	return nil
}

// SaveTree stores new tree hashes and the ranges of records they took. Within WithCheckpointLock.
func (t *LogTx) SaveTree(hashes []TreeHash, ranges []TreeRange) error {
	if len(hashes) == 0 {
		return nil
	}
	if err := t.db.CreateInBatches(hashes, 1000).Error; err != nil {
		return unavailable("write tree", err)
	}
	return unavailable("write tree ranges", t.db.CreateInBatches(ranges, 1000).Error)
}

// SaveCheckpoint stores a signed checkpoint. Within WithCheckpointLock.
func (t *LogTx) SaveCheckpoint(cp *Checkpoint) error {
	return unavailable("write checkpoint", t.db.Create(cp).Error)
}

// SignHead replaces a chain's head note while its head is still at seq (a closing head);
// ErrHeadMoved when it is not.
func (s *Store) SignHead(ctx context.Context, chainID string, seq uint64, note string) error {
	db, cancel := s.op(ctx)
	defer cancel()
	res := db.Model(&DecisionChain{}).Where("chain_id = ? AND seq = ?", chainID, seq).Update("head_note", note)
	if res.Error != nil {
		return unavailable("sign the head of chain "+chainID, res.Error)
	}
	if res.RowsAffected != 1 {
		return ErrHeadMoved
	}
	return nil
}

// RecordChains are the chain ids that hold decisions, with or without a head.
func (t *LogTx) RecordChains() ([]string, error) {
	var ids []string
	return ids, unavailable("read chain ids", t.db.Model(&Decision{}).Distinct("chain_id").Order("chain_id").Pluck("chain_id", &ids).Error)
}

// StartChain stores a new decision chain's head (seq 0).
func (s *Store) StartChain(ctx context.Context, head *DecisionChain) error {
	db, cancel := s.op(ctx)
	defer cancel()
	return unavailable("start decision chain", db.Create(head).Error)
}

// ErrHeadMoved means a chain's head is not where its writer left it, or a place after it is taken
// (a record inserted past the head): nothing of the batch is committed.
var ErrHeadMoved = errors.New("chain head moved under this writer")

// placeTaken turns a unique violation on a chain's (chain_id, seq) into ErrHeadMoved: someone
// wrote past the head behind the writer. Other failures are returned as they are.
func placeTaken(err error) error {
	if !duplicateKey(err) {
		return err
	}
	msg := err.Error()
	if strings.Contains(msg, "idx_decisions_chain_seq") || strings.Contains(msg, "decisions.chain_id, decisions.seq") {
		return fmt.Errorf("%w: %w", ErrHeadMoved, err)
	}
	return err
}

// BatchWriter commits batches of one chain's decisions, each with the chain head's move in one
// transaction. On MySQL it holds its own connection, which takes several statements per round trip.
type BatchWriter struct {
	store *Store
	multi *sql.DB // MySQL only
}

// NewBatchWriter opens a writer's connection (MySQL) or uses the store's one writer (SQLite).
func (s *Store) NewBatchWriter() (*BatchWriter, error) {
	w := &BatchWriter{store: s}
	if s.mysqlCfg != nil {
		mc := s.mysqlCfg.Clone()
		mc.MultiStatements = true
		conn, err := mysqldrv.NewConnector(mc)
		if err != nil {
			return nil, fmt.Errorf("decision log connection: %w", err)
		}
		w.multi = sql.OpenDB(conn)
		w.multi.SetMaxOpenConns(1)
		w.multi.SetMaxIdleConns(1)
		w.multi.SetConnMaxLifetime(30 * time.Minute)
	}
	return w, nil
}

// Close releases the writer's connection.
func (w *BatchWriter) Close() error {
	if w.multi == nil {
		return nil
	}
	return w.multi.Close()
}

// Write inserts the records (in FormatS2) and moves chain chainID's head from fromSeq to (seq, hash) with its signed
// note in one transaction; ErrHeadMoved when the head was not at fromSeq. Nothing is committed on
// error.
func (w *BatchWriter) Write(ctx context.Context, records []*Decision, chainID string, fromSeq, seq uint64, hash, note string, now time.Time) error {
	rows := make([]*Decision, len(records))
	for i, r := range records {
		row, err := r.stored()
		if err != nil {
			return err
		}
		rows[i] = row
	}
	if w.multi != nil {
		return w.writeMySQL(ctx, rows, chainID, fromSeq, seq, hash, note, now)
	}
	return w.store.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&rows).Error; err != nil {
			return placeTaken(err)
		}
		res := tx.Model(&DecisionChain{}).Where("chain_id = ? AND seq = ?", chainID, fromSeq).
			Updates(map[string]any{"seq": seq, "hash": hash, "updated_at": now, "head_note": note})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrHeadMoved
		}
		return nil
	})
}

// writeMySQL is Write in two round trips instead of four: the first starts the transaction,
// inserts the batch (the statement GORM builds, values escaped by the driver) and moves the
// chain head only if it is still where this writer left it; the second commits — or rolls
// back when the head had moved or any statement failed. Under load every round trip waits for
// a CPU, so each one saved shortens every answer's wait for its commit.
func (w *BatchWriter) writeMySQL(ctx context.Context, rows []*Decision, chainID string, fromSeq, seq uint64, hash, note string, now time.Time) error {
	stmt := w.store.DB.Session(&gorm.Session{DryRun: true}).Create(&rows).Statement
	if stmt.Error != nil {
		return stmt.Error
	}
	conn, err := w.multi.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	args := append(stmt.Vars, seq, hash, now, note, chainID, fromSeq)
	res, err := conn.ExecContext(ctx, "START TRANSACTION;"+stmt.SQL.String()+
		";UPDATE `decision_chains` SET `seq` = ?, `hash` = ?, `updated_at` = ?, `head_note` = ? WHERE `chain_id` = ? AND `seq` = ?", args...)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n != 1 {
			err = ErrHeadMoved
		}
	} else {
		err = placeTaken(err)
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
