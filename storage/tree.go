package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// TreeRange is a run of one chain's records appended to the Merkle tree by a checkpoint: leaves
// Start .. Start+Count-1 are the chain's records FromSeq+1 .. FromSeq+Count, in order. The tree
// holds every record of every chain (decisions and reviews) in the order checkpoints took them.
type TreeRange struct {
	Start   int64  `gorm:"primaryKey;autoIncrement:false"`
	ChainID string `gorm:"size:96;not null;index:idx_tree_ranges_chain,priority:1"`
	FromSeq uint64 `gorm:"not null;index:idx_tree_ranges_chain,priority:2"`
	Count   int64  `gorm:"not null"`
}

// TreeHash is one stored hash of the tree (tlog.StoredHashIndex numbering).
type TreeHash struct {
	Idx  int64  `gorm:"primaryKey;autoIncrement:false"`
	Hash []byte `gorm:"size:32;not null"`
}

// Checkpoint is a signed tree head: the tree's size and root over every record taken so far,
// the registry of every chain ever started (its last record taken, and that record's hash), and
// the signed note (Ed25519, golang.org/x/mod/sumdb/note) binding them. Rows are only inserted;
// a copy of each is written outside the database.
type Checkpoint struct {
	ID        uint64    `gorm:"primaryKey;autoIncrement"`
	Size      int64     `gorm:"not null;uniqueIndex"`
	Root      string    `gorm:"size:64;not null"`
	Registry  string    `gorm:"type:mediumtext;not null"`
	Note      string    `gorm:"type:text;not null"`
	CreatedAt time.Time `gorm:"precision:6;not null"`
}

// CheckpointLock is the one row a checkpoint holds while it appends to the tree: one checkpointer
// at a time across instances.
type CheckpointLock struct {
	ID int `gorm:"primaryKey;autoIncrement:false"`
}

// WithCheckpointLock runs fn in a transaction holding the checkpoint lock (a row lock on MySQL;
// SQLite has one writer).
func (s *Store) WithCheckpointLock(ctx context.Context, timeout time.Duration, fn func(tx *LogTx) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.DB.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&CheckpointLock{ID: 1}).Error; err != nil {
		return unavailable("checkpoint lock", err)
	}
	return s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		q := tx
		if s.Dialect == "mysql" {
			q = q.Clauses(lockingUpdate)
		}
		var l CheckpointLock
		if err := q.Where("id = 1").Take(&l).Error; err != nil {
			return err
		}
		return fn(&LogTx{db: tx})
	})
}

// Checkpoints lists checkpoints with size ≥ from, oldest first, at most limit.
func (s *Store) Checkpoints(ctx context.Context, from int64, limit int) ([]Checkpoint, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []Checkpoint
	if err := db.Where("size >= ?", from).Order("size").Limit(limit).Find(&out).Error; err != nil {
		return nil, unavailable("checkpoints", err)
	}
	return out, nil
}

// CheckpointOfSize reads the checkpoint of a tree size (0: the latest).
func (s *Store) CheckpointOfSize(ctx context.Context, size int64) (*Checkpoint, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	if size == 0 {
		c, err := (&LogTx{db: db}).LatestCheckpoint()
		if err != nil {
			return nil, err
		}
		if c == nil {
			return nil, fmt.Errorf("checkpoint: %w", ErrNotFound)
		}
		return c, nil
	}
	return takeOne[Checkpoint](db.Where("size = ?", size), fmt.Sprintf("checkpoint of size %d", size))
}

// LeafOf finds the leaf index of a chain's record (false when no checkpoint took it yet).
func (s *Store) LeafOf(ctx context.Context, chainID string, seq uint64) (int64, bool, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var r []TreeRange
	if err := db.Where("chain_id = ? AND from_seq < ?", chainID, seq).Order("from_seq DESC").Limit(1).Find(&r).Error; err != nil {
		return 0, false, unavailable("tree range", err)
	}
	if len(r) == 0 || seq > r[0].FromSeq+uint64(r[0].Count) {
		return 0, false, nil
	}
	return r[0].Start + int64(seq-r[0].FromSeq-1), true, nil
}

// LogOp reads the log bound to ctx and the statement timeout (one request's reads).
func (s *Store) LogOp(ctx context.Context) (*LogTx, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	return &LogTx{db: s.DB.WithContext(ctx)}, cancel
}
