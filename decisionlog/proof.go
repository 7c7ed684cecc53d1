package decisionlog

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"greencredit/storage"
)

// InclusionProof shows that one record is leaf LeafIndex of the tree a signed checkpoint names:
// tlog.CheckRecord(Proof, Checkpoint.Size, root, LeafIndex, tlog.RecordHash(LeafData)) holds.
type InclusionProof struct {
	Checkpoint *SignedCheckpoint `json:"checkpoint"`
	LeafIndex  int64             `json:"leaf_index"`
	// LeafData is the leaf's bytes (LeafData(kind, chain, seq, record hash)); RecordHash is the
	// record's hash recomputed from its content now.
	LeafData   string      `json:"leaf_data"`
	RecordHash string      `json:"record_hash"`
	Proof      []tlog.Hash `json:"proof"`
}

// ErrNotCheckpointed: the record is not in the tree of that checkpoint yet.
var ErrNotCheckpointed = fmt.Errorf("the record is not in a checkpoint yet: %w", storage.ErrNotFound)

// ProveDecision proves a decision's inclusion in the checkpoint of size (0: the latest). The
// record's hash is recomputed from its content, so a proof is only given for the record as it is.
func ProveDecision(ctx context.Context, store *storage.Store, d *storage.Decision, size int64) (*InclusionProof, error) {
	cp, err := store.CheckpointOfSize(ctx, size)
	if err != nil {
		return nil, err
	}
	pub, err := publish(cp)
	if err != nil {
		return nil, err
	}
	leaf, ok, err := store.LeafOf(ctx, d.ChainID, d.Seq)
	if err != nil {
		return nil, err
	}
	if !ok || leaf >= cp.Size {
		return nil, ErrNotCheckpointed
	}
	rh := Hash(d)
	data := LeafData(kindDecision, d.ChainID, d.Seq, rh)
	db, cancel := store.LogOp(ctx)
	defer cancel()
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) { return storedHashes(db, idx) })
	proof, err := tlog.ProveRecord(cp.Size, leaf, reader)
	if err != nil {
		return nil, fmt.Errorf("prove record: %w", err)
	}
	return &InclusionProof{Checkpoint: pub, LeafIndex: leaf, LeafData: string(data), RecordHash: rh, Proof: proof}, nil
}

// ConsistencyProof shows that the tree of checkpoint New extends that of checkpoint Old:
// tlog.CheckTree(Proof, New.Size, newRoot, Old.Size, oldRoot) holds.
type ConsistencyProof struct {
	Old   *SignedCheckpoint `json:"old"`
	New   *SignedCheckpoint `json:"new"`
	Proof []tlog.Hash       `json:"proof"`
}

// ProveConsistency proves that the checkpoint of size newSize extends that of oldSize.
func ProveConsistency(ctx context.Context, store *storage.Store, oldSize, newSize int64) (*ConsistencyProof, error) {
	if oldSize <= 0 || newSize < oldSize {
		return nil, fmt.Errorf("want 0 < old ≤ new: %w", storage.ErrNotFound)
	}
	oldCp, err := store.CheckpointOfSize(ctx, oldSize)
	if err != nil {
		return nil, err
	}
	newCp, err := store.CheckpointOfSize(ctx, newSize)
	if err != nil {
		return nil, err
	}
	o, err := publish(oldCp)
	if err != nil {
		return nil, err
	}
	n, err := publish(newCp)
	if err != nil {
		return nil, err
	}
	db, cancel := store.LogOp(ctx)
	defer cancel()
	proof, err := tlog.ProveTree(newSize, oldSize, tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) { return storedHashes(db, idx) }))
	if err != nil {
		return nil, fmt.Errorf("prove consistency: %w", err)
	}
	return &ConsistencyProof{Old: o, New: n, Proof: proof}, nil
}
