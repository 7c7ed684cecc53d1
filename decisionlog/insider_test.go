package decisionlog_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"greencredit/decisionlog"
	"greencredit/review"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// The insider of issue 27: SQL access to the database (and, for the rollback, to the service
// host's checkpoint directory), the project's own code, but not the signing key. Each attack runs
// on MariaDB and SQLite through the online verifier (incremental and full) and the offline one
// (the export of the tampered database against compliance's copy of the checkpoints, taken
// before the attack); each must report tampering, with the check named where it is specific.

// verdicts is what the three verifiers say of a tampered log.
type verdicts struct{ incremental, full, offline *decisionlog.VerifyResult }

func judge(t *testing.T, l *signedLog, held []*decisionlog.SignedCheckpoint) verdicts {
	t.Helper()
	var v verdicts
	v.incremental = l.verify(t, false)
	v.full = l.verify(t, true)
	var export bytes.Buffer
	if err := decisionlog.Export(context.Background(), l.store, &export); err != nil {
		t.Fatal(err)
	}
	r, err := decisionlog.VerifyExport(&export, held, l.keys.Verifier())
	if err != nil {
		t.Fatal(err)
	}
	v.offline = r
	return v
}

// all checks that each verifier reports tampering, and the check named when check is not "".
func (v verdicts) all(t *testing.T, check string) {
	t.Helper()
	for name, r := range map[string]*decisionlog.VerifyResult{"incremental": v.incremental, "full": v.full, "offline": v.offline} {
		if r.OK || (check != "" && r.Check != check) {
			t.Errorf("%s verification: %+v (want %q)", name, r, cmpOr(check, "tampering"))
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func heldCheckpoints(t *testing.T, l *signedLog) []*decisionlog.SignedCheckpoint {
	t.Helper()
	held, err := decisionlog.ReadCheckpointFiles(filepath.Join(l.dir, "checkpoints.ndjson"))
	if err != nil || len(held) != 2 {
		t.Fatalf("compliance's copy of the checkpoints: %d %v", len(held), err)
	}
	return held
}

// forgeAppend copies chain's last decision as an approval with the next seq, the right prev_hash
// and a correct hash (the documented, keyless algorithm); moveHead also moves the chain's head.
func forgeAppend(t *testing.T, s *storage.Store, chain string, moveHead bool) *storage.Decision {
	t.Helper()
	var h storage.DecisionChain
	if err := s.DB.Where("chain_id = ?", chain).Take(&h).Error; err != nil {
		t.Fatal(err)
	}
	d := newDecision(99)
	d.Outcome, d.Stance, d.ChainID, d.Seq, d.PrevHash = "approve", "support", chain, h.Seq+1, h.Hash
	d.Hash = decisionlog.Hash(d)
	if err := s.DB.Create(d).Error; err != nil {
		t.Fatal(err)
	}
	if moveHead {
		if err := s.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", chain).Updates(map[string]any{"seq": d.Seq, "hash": d.Hash}).Error; err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// firstReferral is chain a's first referred decision.
func firstReferral(t *testing.T, l *signedLog) *storage.Decision {
	t.Helper()
	var d storage.Decision
	if err := l.store.DB.Where("chain_id = ? AND outcome = 'refer'", l.chainA).Order("seq").Limit(1).Take(&d).Error; err != nil {
		t.Fatal(err)
	}
	return &d
}

// genuineReview approves chain a's first referral through the review chain, its head signed by
// the service's key, and returns the review.
func genuineReview(t *testing.T, l *signedLog) *storage.Review {
	t.Helper()
	approve := func(cur review.State) (review.State, *storage.Review, error) {
		return review.State{State: storage.ReviewClosed, Final: "approve", Steps: cur.Steps + 1},
			&storage.Review{Action: storage.ReviewApprove, Conditions: "[]", Rationale: "fixture", Reviewer: "rev-1"}, nil
	}
	r, _, err := review.Append(context.Background(), l.store, l.keys, firstReferral(t, l), approve)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestInsiderAttacks(t *testing.T) {
	attacks := []struct {
		name  string
		check string // "" when the verifiers may name different checks
		do    func(t *testing.T, l *signedLog)
	}{
		{"forged append with the head moved", decisionlog.CheckHeadSignature, func(t *testing.T, l *signedLog) {
			forgeAppend(t, l.store, l.chainA, true)
		}},
		{"a record past the head", decisionlog.CheckChainHead, func(t *testing.T, l *signedLog) {
			forgeAppend(t, l.store, l.chainA, false)
		}},
		{"edit without re-hash", decisionlog.CheckRecordHash, func(t *testing.T, l *signedLog) {
			// Record 22 of chain a: after the last checkpoint, so the incremental run recomputes it.
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 22", l.chainA).Update("amount_fen", 1)
		}},
		{"edit with the rest of the chain re-hashed", "", func(t *testing.T, l *signedLog) {
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 22", l.chainA).Update("amount_fen", 1)
			rechain(t, l.store, l.chainA, 22)
		}},
		{"deleted tail", "", func(t *testing.T, l *signedLog) {
			var keep storage.Decision
			l.store.DB.Where("chain_id = ? AND seq = 21", l.chainA).Take(&keep)
			l.store.DB.Where("chain_id = ? AND seq > 21", l.chainA).Delete(&storage.Decision{})
			l.store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", l.chainA).Updates(map[string]any{"seq": 21, "hash": keep.Hash})
		}},
		{"swapped rows", decisionlog.CheckChainLink, func(t *testing.T, l *signedLog) {
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 21", l.chainA).Update("seq", 1000)
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 22", l.chainA).Update("seq", 21)
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 1000", l.chainA).Update("seq", 22)
		}},
		{"forged append on the review chain", decisionlog.CheckHeadSignature, func(t *testing.T, l *signedLog) {
			// A genuine review, signed by the service's key, then the insider's copy of it after it.
			r := genuineReview(t, l)
			f := *r
			f.ID, f.ReviewID, f.Seq, f.PrevHash, f.Step, f.Reviewer = 0, "forged-review", r.Seq+1, r.Hash, r.Step+1, "ghost"
			f.Hash = decisionlog.HashReview(&f)
			if err := l.store.DB.Create(&f).Error; err != nil {
				t.Fatal(err)
			}
			l.store.DB.Model(&storage.ReviewHead{}).Where("id = 1").Updates(map[string]any{"seq": f.Seq, "hash": f.Hash})
		}},
		{"a decision at seq 0 of an existing chain", "", func(t *testing.T, l *signedLog) {
			d := newDecision(98)
			d.Outcome, d.ChainID, d.Seq = "approve", l.chainA, 0
			d.Hash = decisionlog.Hash(d)
			if err := l.store.DB.Create(d).Error; err != nil {
				t.Fatal(err)
			}
		}},
		{"a decision chain named as the review chain, replaying the review head's note", "", func(t *testing.T, l *signedLog) {
			genuineReview(t, l)
			var rh storage.ReviewHead
			l.store.DB.Where("id = 1").Take(&rh)
			l.store.DB.Create(&storage.DecisionChain{ChainID: storage.ReviewChainID, Seq: rh.Seq, Hash: rh.Hash, HeadNote: rh.HeadNote,
				StartedAt: rh.UpdatedAt, UpdatedAt: rh.UpdatedAt})
			f := newDecision(97)
			f.Outcome, f.ChainID, f.Seq = "approve", storage.ReviewChainID, 1
			f.Hash = decisionlog.Hash(f)
			if err := l.store.DB.Create(f).Error; err != nil {
				t.Fatal(err)
			}
		}},
		{"a forged review with the review head deleted", "", func(t *testing.T, l *signedLog) {
			d := firstReferral(t, l)
			f := storage.Review{ReviewID: "forged-review", DecisionID: d.DecisionID, Step: 1, Action: storage.ReviewApprove,
				Conditions: "[]", Rationale: "forged", Reviewer: "ghost", ReviewedAt: time.Now().UTC().Truncate(time.Microsecond),
				State: storage.ReviewClosed, FinalOutcome: "approve", Seq: 1}
			f.Hash = decisionlog.HashReview(&f)
			if err := l.store.DB.Create(&f).Error; err != nil {
				t.Fatal(err)
			}
			l.store.DB.Where("id = 1").Delete(&storage.ReviewHead{})
		}},
	}
	for _, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, store *storage.Store) {
				l := newSignedLog(t, store)
				held := heldCheckpoints(t, l)
				if v := judge(t, l, held); !v.incremental.OK || !v.full.OK || !v.offline.OK {
					t.Fatalf("the log before the attack: %+v %+v %+v", v.incremental, v.full, v.offline)
				}
				a.do(t, l)
				judge(t, l, held).all(t, a.check)
			})
		})
	}
}

// TestForgedAppendIsNotSigned: the forged approval of a moved head is not registered by the next
// checkpoint (nothing signs it), and a live writer that finds its head moved reports it, leaves
// the chain and goes on on a new one; this process's verifier reports the incident.
func TestForgedAppendIsNotSigned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		l := newSignedLog(t, store)
		forged := forgeAppend(t, store, l.chainA, true)
		c, err := l.cp.Checkpoint(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if c != nil { // nothing else was new: no checkpoint at all is right too
			for _, e := range c.Registry {
				if e.ChainID == l.chainA && e.Seq >= forged.Seq {
					t.Fatalf("the checkpoint registered the forged record: %+v", e)
				}
			}
		}
		// A live writer whose head is moved behind it.
		incidents := &decisionlog.Incidents{}
		w := openLog(t, store, decisionlog.LogConfig{InstanceID: "live", Keys: l.keys, OnHeadMoved: incidents.Add})
		appendN(t, w, 3, 1)
		live := w.ChainID()
		forgeAppend(t, store, live, true)
		if err := w.Append(context.Background(), newDecision(7)); !errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("a batch on a moved head: %v", err)
		}
		if err := w.Append(context.Background(), newDecision(8)); err != nil || w.ChainID() == live {
			t.Fatalf("after the moved head: %v, chain %s (was %s)", err, w.ChainID(), live)
		}
		inc := incidents.First()
		if inc == nil || inc.ChainID != live || inc.Written != 3 || inc.Found != 4 {
			t.Fatalf("incident: %+v", inc)
		}
		v := decisionlog.NewVerifier(store, l.keys.Verifier(), l.dir, nil).WithIncidents(incidents)
		if r, err := v.Incremental(context.Background()); err != nil || r.OK || r.Check != decisionlog.CheckChainHeadMoved || r.ChainID != live {
			t.Fatalf("verification after the incident: %+v %v", r, err)
		}
		// A record put past the live head, the head left alone: the writer's next place is taken.
		second := w.ChainID()
		forgeAppend(t, store, second, false)
		if err := w.Append(context.Background(), newDecision(9)); !errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("a batch on a taken place: %v", err)
		}
		if err := w.Append(context.Background(), newDecision(10)); err != nil || w.ChainID() == second {
			t.Fatalf("after the taken place: %v, chain %s (was %s)", err, w.ChainID(), second)
		}
	})
}

// TestPreCheckpointRewrite: the window before the first checkpoint is closed — a committed record
// rewritten and the rest of its chain re-hashed before any checkpoint took it is reported by all
// three verifiers, and the next checkpoint leaves the chain out rather than sign the rewrite.
func TestPreCheckpointRewrite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		keys := testKeys(t, "greencredit-test")
		dir := t.TempDir()
		w := openLog(t, store, decisionlog.LogConfig{InstanceID: "fresh", Keys: keys})
		appendN(t, w, 5, 1)
		chain := w.ChainID()
		store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 3", chain).Update("amount_fen", 1)
		rechain(t, store, chain, 3)
		l := &signedLog{store: store, keys: keys, dir: dir, chainA: chain, v: decisionlog.NewVerifier(store, keys.Verifier(), dir, nil)}
		v := judge(t, l, nil)
		v.all(t, decisionlog.CheckHeadSignature)
		cp := decisionlog.NewCheckpointer(store, decisionlog.CheckpointConfig{Keys: keys, Dir: dir})
		if c, err := cp.Checkpoint(context.Background()); err != nil || (c != nil && (c.Size != 0 || len(c.Registry) != 0)) {
			t.Fatalf("a checkpoint over the rewritten chain: %+v %v", c, err)
		}
	})
}

// TestRollbackOfDatabaseAndDirectory: the database and the service's checkpoint directory are
// both rolled back to before checkpoint 40. This process verified checkpoint 40 and signed it:
// its verifier reports checkpoint_missing and its checkpointer refuses to sign over the rollback;
// the offline verifier with compliance's copy reports the missing records.
func TestRollbackOfDatabaseAndDirectory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		l := newSignedLog(t, store)
		held := heldCheckpoints(t, l)
		if r, err := l.v.Incremental(context.Background()); err != nil || !r.OK || r.Checkpoint != 40 {
			t.Fatalf("this process verifies checkpoint 40: %+v %v", r, err)
		}
		// The database as a backup taken between the two checkpoints.
		store.DB.Where("size = 40").Delete(&storage.Checkpoint{})
		store.DB.Where("start >= 30").Delete(&storage.TreeRange{})
		store.DB.Where("seq > 15").Delete(&storage.Decision{})
		var heads []storage.DecisionChain
		store.DB.Find(&heads)
		for _, h := range heads {
			var last storage.Decision
			store.DB.Where("chain_id = ? AND seq = 15", h.ChainID).Take(&last)
			// The backup holds the head its writer signed then.
			note, err := l.keys.SignHead(decisionlog.SignedHead{ChainID: h.ChainID, Seq: 15, Hash: last.Hash, At: last.DecidedAt})
			if err != nil {
				t.Fatal(err)
			}
			store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", h.ChainID).Updates(map[string]any{"seq": 15, "hash": last.Hash, "head_note": note})
		}
		// ... and the directory as it was then: only checkpoint 30.
		for _, f := range []string{"checkpoint-000000000040.json", "verified.ndjson"} {
			_ = os.Remove(filepath.Join(l.dir, f))
		}
		if err := os.WriteFile(filepath.Join(l.dir, "checkpoints.ndjson"), nil, 0o640); err != nil {
			t.Fatal(err)
		}
		if r, err := l.v.Incremental(context.Background()); err != nil || r.OK || r.Check != decisionlog.CheckCheckpointMissing {
			t.Fatalf("this process's verifier after the rollback: %+v %v", r, err)
		}
		if _, err := l.cp.Checkpoint(context.Background()); !errors.Is(err, decisionlog.ErrNotAppendOnly) {
			t.Fatalf("a checkpoint signed over the rollback: %v", err)
		}
		var export bytes.Buffer
		if err := decisionlog.Export(context.Background(), store, &export); err != nil {
			t.Fatal(err)
		}
		if r, err := decisionlog.VerifyExport(&export, held, l.keys.Verifier()); err != nil || r.OK {
			t.Fatalf("offline with compliance's copy: %+v %v", r, err)
		}
	})
}

// TestVerifiedCheckpointRemembered: the checkpoint directory's verified.ndjson keeps the newest
// checkpoint verified there, so a verifier of a new process (no memory of its own) still reports
// it missing when the database and the directory's copies of it are gone.
func TestVerifiedCheckpointRemembered(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		l := newSignedLog(t, store)
		if r, err := l.v.Incremental(context.Background()); err != nil || !r.OK || r.Checkpoint != 40 {
			t.Fatalf("verified: %+v %v", r, err)
		}
		store.DB.Where("size = 40").Delete(&storage.Checkpoint{})
		_ = os.Remove(filepath.Join(l.dir, "checkpoint-000000000040.json"))
		if err := os.WriteFile(filepath.Join(l.dir, "checkpoints.ndjson"), nil, 0o640); err != nil {
			t.Fatal(err)
		}
		fresh := decisionlog.NewVerifier(store, l.keys.Verifier(), l.dir, nil)
		if r, err := fresh.Incremental(context.Background()); err != nil || r.OK || r.Check != decisionlog.CheckCheckpointMissing {
			t.Fatalf("a new process after checkpoint 40 vanished: %+v %v", r, err)
		}
	})
}

// TestClosedChainStaysClosed: a writer that stops signs a closing head; a record appended after
// it — with the head moved or not — is reported.
func TestClosedChainStaysClosed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		keys := testKeys(t, "greencredit-test")
		w, err := decisionlog.Open(context.Background(), store, decisionlog.LogConfig{InstanceID: "stopped", Keys: keys})
		if err != nil {
			t.Fatal(err)
		}
		appendN(t, w, 4, 1)
		chain := w.ChainID()
		w.Close()
		var h storage.DecisionChain
		store.DB.Where("chain_id = ?", chain).Take(&h)
		head, err := decisionlog.OpenHead(keys.Verifier(), h.HeadNote, chain, 4, h.Hash)
		if err != nil || !head.Closed {
			t.Fatalf("the closing head: %+v %v", head, err)
		}
		v := decisionlog.NewVerifier(store, keys.Verifier(), "", nil)
		if r, err := v.Incremental(context.Background()); err != nil || !r.OK {
			t.Fatalf("the closed chain: %+v %v", r, err)
		}
		forgeAppend(t, store, chain, true)
		if r, err := v.Incremental(context.Background()); err != nil || r.OK || r.Check != decisionlog.CheckHeadSignature {
			t.Fatalf("a record appended after the closing head: %+v %v", r, err)
		}
	})
}

// TestVouch: a decision past its chain's signed head, or on a chain whose head was moved, is not
// vouched for (record_unvouched); the decisions the signed head reaches are.
func TestVouch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		keys := testKeys(t, "greencredit-test")
		w := openLog(t, store, decisionlog.LogConfig{InstanceID: "vouch", Keys: keys})
		appendN(t, w, 3, 1)
		var d storage.Decision
		store.DB.Where("chain_id = ? AND seq = 3", w.ChainID()).Take(&d)
		heads := decisionlog.NewHeads(keys.Verifier())
		if err := heads.Vouch(context.Background(), store, &d); err != nil {
			t.Fatalf("a genuine decision: %v", err)
		}
		past := forgeAppend(t, store, w.ChainID(), false)
		if err := heads.Vouch(context.Background(), store, past); err == nil || !bytes.Contains([]byte(err.Error()), []byte("record_unvouched")) {
			t.Fatalf("a record past the head: %v", err)
		}
		store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", w.ChainID()).Updates(map[string]any{"seq": past.Seq, "hash": past.Hash})
		fresh := decisionlog.NewHeads(keys.Verifier())
		if err := fresh.Vouch(context.Background(), store, past); err == nil {
			t.Fatal("a record behind a moved head was vouched for")
		}
		// The head's note emptied (as a release before signed heads left it) and the tree's
		// ranges stretched over the forgery: only a signed checkpoint's registry vouches.
		store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", w.ChainID()).Update("head_note", "")
		store.DB.Create(&storage.TreeRange{Start: 1 << 40, ChainID: w.ChainID(), FromSeq: 0, Count: int64(past.Seq)})
		if err := decisionlog.NewHeads(keys.Verifier()).Vouch(context.Background(), store, past); err == nil {
			t.Fatal("a forgery under an emptied head note was vouched for")
		}
		// A decision at seq 0, and a record edited in place, are never vouched for.
		zero := newDecision(5)
		zero.ChainID, zero.Seq = d.ChainID, 0
		zero.Hash = decisionlog.Hash(zero)
		edited := d
		edited.Outcome = "approve"
		for name, x := range map[string]*storage.Decision{"seq 0": zero, "edited": &edited} {
			if err := heads.Vouch(context.Background(), store, x); err == nil {
				t.Fatalf("%s: vouched for", name)
			}
		}
	})
}
