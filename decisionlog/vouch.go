package decisionlog

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"

	"greencredit/refusal"
	"greencredit/storage"
)

// Heads vouch for decisions before they are served, reviewed or booked on: a decision is vouched
// for when its chain's head, signed by the service's key, reaches it. A record inserted past its
// chain's head — or on a chain whose head was moved by someone without the key — is not, and is
// refused (409 record_unvouched) until verification has been run and the incident dealt with.
// Heads keep each chain's newest head whose signature they checked, so most decisions are
// vouched for without reading the database.
type Heads struct {
	key  note.Verifier // nil: the head's place alone is checked (no signing key)
	mu   sync.Mutex
	seen map[string]uint64 // chain → the seq of its newest head checked
}

// NewHeads vouches with key (the service's checkpoint key; nil without signing).
func NewHeads(key note.Verifier) *Heads {
	return &Heads{key: key, seen: map[string]uint64{}}
}

// Vouch returns nil when d is reached by its chain's signed head, a refusal (record_unvouched)
// when it is not, or an unavailable error. The head is read through store (an import's
// transaction for its lines: on SQLite the pool's one connection is the transaction's).
func (h *Heads) Vouch(ctx context.Context, store *storage.Store, d *storage.Decision) error {
	// No writer writes a seq below 1 or a decision chain named as the review chain; and a record
	// whose content does not give its hash was edited (whatever its place).
	switch {
	case d.Seq < 1 || d.ChainID == storage.ReviewChainID:
		return unvouched(d, "no writer writes a decision at this place")
	case Hash(d) != d.Hash:
		return unvouched(d, "its content does not give its hash (edited)")
	}
	h.mu.Lock()
	reached := h.seen[d.ChainID] >= d.Seq
	h.mu.Unlock()
	if reached {
		return nil
	}
	db, cancel := store.LogOp(ctx)
	defer cancel()
	head, err := db.Chain(d.ChainID)
	if err != nil {
		return err
	}
	switch {
	case d.Seq > head.Seq:
		return unvouched(d, fmt.Sprintf("it lies beyond its chain's head (%d)", head.Seq))
	case h.key != nil && head.HeadNote != "":
		if _, err := OpenHead(h.key, head.HeadNote, head.ChainID, head.Seq, head.Hash); err != nil {
			return unvouched(d, "its chain's head is not one the service signed ("+err.Error()+")")
		}
	case h.key != nil:
		// A head of a release before signed heads: vouched for only where the latest signed
		// checkpoint registered the chain at exactly this head (the rule of the verifiers).
		if ok, err := registeredAt(db, h.key, head); err != nil {
			return err
		} else if !ok {
			return unvouched(d, "its chain's head is not signed and no signed checkpoint registered it")
		}
	}
	h.mu.Lock()
	if h.seen[d.ChainID] < head.Seq {
		h.seen[d.ChainID] = head.Seq
	}
	h.mu.Unlock()
	return nil
}

func unvouched(d *storage.Decision, why string) error {
	return refusal.NewConflict("record_unvouched", "decision "+d.DecisionID+" is not vouched for by the decision log: "+why+
		"; it was not written by the service and is not served, reviewed or booked on (run GET /v1/decisions/verify)")
}

// registeredAt tells whether the latest checkpoint, signed by key, registers the chain at head.
func registeredAt(db *storage.LogTx, key note.Verifier, head storage.DecisionChain) (bool, error) {
	latest, err := db.LatestCheckpoint()
	if err != nil || latest == nil {
		return false, err
	}
	c, err := publish(latest)
	if err != nil || OpenCheckpoint(c, key) != nil {
		return false, nil
	}
	for _, e := range c.Registry {
		if e.ChainID == head.ChainID && e.Kind == kindDecision {
			return e.Seq == head.Seq && e.Hash == head.Hash, nil
		}
	}
	return false, nil
}

// Incidents are the heads this process's writers found moved behind them: verification reports
// them (chain_head_moved) for as long as the process runs, whatever the database says since.
type Incidents struct {
	mu   sync.Mutex
	list []Incident
}

// Incident is one head found moved: where the writer had left it and where it was found.
type Incident struct {
	ChainID        string
	Written, Found uint64
	At             time.Time
}

// Add records a head found moved (the writer's OnHeadMoved).
func (i *Incidents) Add(chainID string, written, found uint64) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.list = append(i.list, Incident{ChainID: chainID, Written: written, Found: found, At: time.Now().UTC()})
}

// First is the first incident (nil when none).
func (i *Incidents) First() *Incident {
	if i == nil {
		return nil
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if len(i.list) == 0 {
		return nil
	}
	c := i.list[0]
	return &c
}
