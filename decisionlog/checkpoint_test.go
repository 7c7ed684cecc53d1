package decisionlog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

func testKeys(t testing.TB, name string) *decisionlog.Keys {
	t.Helper()
	priv, _, err := decisionlog.GenerateKeys(name)
	if err != nil {
		t.Fatal(err)
	}
	k, err := decisionlog.LoadKeys(priv)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// signedLog is a log of two signed chains with a checkpoint over 30 decisions and 10 more after.
type signedLog struct {
	store  *storage.Store
	keys   *decisionlog.Keys
	dir    string
	cp     *decisionlog.Checkpointer
	chainA string
	v      *decisionlog.Verifier
}

func newSignedLog(t *testing.T, store *storage.Store) *signedLog {
	t.Helper()
	l := &signedLog{store: store, keys: testKeys(t, "greencredit-test"), dir: t.TempDir()}
	a := openLog(t, store, decisionlog.LogConfig{InstanceID: "a", Keys: l.keys})
	b := openLog(t, store, decisionlog.LogConfig{InstanceID: "b", Keys: l.keys})
	l.chainA = a.ChainID()
	appendN(t, a, 15, 1)
	appendN(t, b, 15, 1)
	l.cp = decisionlog.NewCheckpointer(store, decisionlog.CheckpointConfig{Keys: l.keys, Dir: l.dir})
	first, err := l.cp.Checkpoint(context.Background())
	if err != nil || first == nil || first.Size != 30 {
		t.Fatalf("first checkpoint: %+v %v", first, err)
	}
	appendN(t, a, 5, 1)
	appendN(t, b, 5, 1)
	if c, err := l.cp.Checkpoint(context.Background()); err != nil || c.Size != 40 {
		t.Fatalf("second checkpoint: %+v %v", c, err)
	}
	appendN(t, a, 3, 1) // after the last checkpoint
	l.v = decisionlog.NewVerifier(store, l.keys.Verifier(), l.dir, nil)
	return l
}

func (l *signedLog) verify(t *testing.T, full bool) *decisionlog.VerifyResult {
	t.Helper()
	var r *decisionlog.VerifyResult
	var err error
	if full {
		r, err = l.v.Full(context.Background(), nil)
	} else {
		r, err = decisionlog.NewVerifier(l.store, l.keys.Verifier(), l.dir, nil).Incremental(context.Background())
	}
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rechain recomputes the hashes of a chain's records from seq on with the project's own code and
// writes them back with the head, as a DBA holding UPDATE would.
func rechain(t *testing.T, store *storage.Store, chain string, from uint64) {
	t.Helper()
	var rows []storage.Decision
	if err := store.DB.Where("chain_id = ? AND seq >= ?", chain, from-1).Order("seq").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	prev := ""
	for i := range rows {
		d := &rows[i]
		if d.Seq < from {
			prev = d.Hash
			continue
		}
		d.PrevHash = prev
		d.Hash = decisionlog.Hash(d)
		prev = d.Hash
		if err := store.DB.Model(&storage.Decision{}).Where("id = ?", d.ID).Updates(map[string]any{"prev_hash": d.PrevHash, "hash": d.Hash}).Error; err != nil {
			t.Fatal(err)
		}
	}
	last := rows[len(rows)-1]
	if err := store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", chain).Updates(map[string]any{"seq": last.Seq, "hash": last.Hash}).Error; err != nil {
		t.Fatal(err)
	}
}

// TestCheckpointsAgainstTheInsider plays a database insider with the project's own hashing code
// and direct SQL: each forgery re-chains so that the hash chains alone verify, and each is
// reported against the signed checkpoints; a clean log verifies, incrementally and fully.
func TestCheckpointsAgainstTheInsider(t *testing.T) {
	each := func(name string, fn func(t *testing.T, l *signedLog)) {
		t.Run(name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, store *storage.Store) { fn(t, newSignedLog(t, store)) })
		})
	}
	{
		each("clean", func(t *testing.T, l *signedLog) {
			for _, full := range []bool{false, true} {
				if r := l.verify(t, full); !r.OK || r.Checkpoint != 40 || r.Checked != 43 {
					t.Fatalf("full=%v: %+v", full, r)
				}
			}
			// Nothing new: no new checkpoint.
			if c, err := l.cp.Checkpoint(context.Background()); err != nil || c.Size != 43 {
				t.Fatalf("checkpoint of the 3 later records: %+v %v", c, err)
			}
			if c, err := l.cp.Checkpoint(context.Background()); err != nil || c != nil {
				t.Fatalf("a checkpoint with nothing new: %+v %v", c, err)
			}
		})
		each("rewrite and re-chain", func(t *testing.T, l *signedLog) {
			s := l.store
			// A declined decision (seq 3 of chain a) becomes approve; every later record and the
			// head are re-hashed, so the chain alone verifies.
			if err := s.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 3", l.chainA).Update("outcome", "approve").Error; err != nil {
				t.Fatal(err)
			}
			rechain(t, s, l.chainA, 3)
			if r, err := decisionlog.Verify(context.Background(), s); err != nil || !r.OK {
				t.Fatalf("fixture: the re-chained log should pass the bare hash chains: %+v %v", r, err)
			}
			if r := l.verify(t, false); r.OK || r.Check != decisionlog.CheckChainRewritten || r.ChainID != l.chainA {
				t.Fatalf("incremental: %+v", r)
			}
			if r := l.verify(t, true); r.OK || r.Check != decisionlog.CheckTreeRoot {
				t.Fatalf("full: %+v", r)
			}
			if _, err := l.cp.Checkpoint(context.Background()); !errors.Is(err, decisionlog.ErrNotAppendOnly) {
				t.Fatalf("a checkpoint was signed over the rewritten log: %v", err)
			}
		})
		each("delete a chain and its head", func(t *testing.T, l *signedLog) {
			l.store.DB.Where("chain_id = ?", l.chainA).Delete(&storage.Decision{})
			l.store.DB.Where("chain_id = ?", l.chainA).Delete(&storage.DecisionChain{})
			if r := l.verify(t, false); r.OK || r.Check != decisionlog.CheckChainMissing || r.ChainID != l.chainA {
				t.Fatalf("%+v", r)
			}
		})
		each("truncate a chain and move its head back", func(t *testing.T, l *signedLog) {
			var keep storage.Decision
			l.store.DB.Where("chain_id = ? AND seq = 10", l.chainA).Take(&keep)
			l.store.DB.Where("chain_id = ? AND seq > 10", l.chainA).Delete(&storage.Decision{})
			l.store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", l.chainA).Updates(map[string]any{"seq": 10, "hash": keep.Hash})
			if r, _ := decisionlog.Verify(context.Background(), l.store); !r.OK {
				t.Fatalf("fixture: the truncated chain should pass the bare hash chains: %+v", r)
			}
			if r := l.verify(t, false); r.OK || r.Check != decisionlog.CheckChainTruncated {
				t.Fatalf("%+v", r)
			}
		})
		each("forged chain with INSERT only", func(t *testing.T, l *signedLog) {
			// A backdated approve attributed to an officer, on a made-up chain, hashed properly.
			chain := "a-20260101T000000.000000Z-00000000"
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := l.store.DB.Create(&storage.DecisionChain{ChainID: chain, StartedAt: at, UpdatedAt: at}).Error; err != nil {
				t.Fatal(err)
			}
			d := newDecision(7)
			d.Outcome, d.RequestedBy, d.DecidedAt, d.ChainID, d.Seq = "approve", "officer-1", at, chain, 1
			d.Hash = decisionlog.Hash(d)
			if err := l.store.DB.Create(d).Error; err != nil {
				t.Fatal(err)
			}
			if err := l.store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", chain).Updates(map[string]any{"seq": 1, "hash": d.Hash}).Error; err != nil {
				t.Fatal(err)
			}
			if r := l.verify(t, false); r.OK || r.Check != decisionlog.CheckUnregisteredChain || r.ChainID != chain {
				t.Fatalf("%+v", r)
			}
			// The checkpointer leaves it out of the tree.
			c, err := l.cp.Checkpoint(context.Background())
			if err != nil || c == nil {
				t.Fatal(err)
			}
			for _, e := range c.Registry {
				if e.ChainID == chain {
					t.Fatal("the forged chain was registered")
				}
			}
		})
		each("a checkpoint signed with another key", func(t *testing.T, l *signedLog) {
			// The insider's own key signs a chain of theirs and a checkpoint over it.
			otherKeys := testKeys(t, "greencredit-test")
			other := decisionlog.NewCheckpointer(l.store, decisionlog.CheckpointConfig{Keys: otherKeys})
			appendN(t, openLog(t, l.store, decisionlog.LogConfig{InstanceID: "c", Keys: otherKeys}), 1, 1)
			if _, err := other.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
			if r := l.verify(t, false); r.OK || r.Check != decisionlog.CheckCheckpointSignature {
				t.Fatalf("%+v", r)
			}
		})
		each("a checkpoint deleted from the database", func(t *testing.T, l *signedLog) {
			l.store.DB.Where("size = 40").Delete(&storage.Checkpoint{})
			if r := l.verify(t, false); r.OK || r.Check != decisionlog.CheckCheckpointMissing {
				t.Fatalf("%+v", r)
			}
		})
		each("an old record edited without re-hashing", func(t *testing.T, l *signedLog) {
			if r := l.verify(t, false); !r.OK { // verified once: the next incremental starts at 40
				t.Fatalf("%+v", r)
			}
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 2", l.chainA).Update("amount_fen", 1)
			if r := l.verify(t, true); r.OK || r.Check != decisionlog.CheckRecordHash || r.FirstBadSeq != 2 {
				t.Fatalf("full: %+v", r)
			}
		})
	}
}

// TestProofs: an inclusion proof of a decision and a consistency proof between two checkpoints
// check with the library's own verifier; the checkpoint files outside the database open with the
// public key.
func TestProofs(t *testing.T) {
	store := dbtest.SQLite(t)
	l := newSignedLog(t, store)
	ctx := context.Background()
	var d storage.Decision
	if err := store.DB.Where("chain_id = ? AND seq = 7", l.chainA).Take(&d).Error; err != nil {
		t.Fatal(err)
	}
	p, err := decisionlog.ProveDecision(ctx, store, &d, 0)
	if err != nil {
		t.Fatal(err)
	}
	root := rootOf(t, p.Checkpoint)
	if err := tlog.CheckRecord(p.Proof, p.Checkpoint.Size, root, p.LeafIndex, tlog.RecordHash([]byte(p.LeafData))); err != nil {
		t.Fatalf("inclusion proof: %v", err)
	}
	if err := tlog.CheckRecord(p.Proof, p.Checkpoint.Size, root, p.LeafIndex+1, tlog.RecordHash([]byte(p.LeafData))); err == nil {
		t.Fatal("the proof checks for another leaf")
	}
	c, err := decisionlog.ProveConsistency(ctx, store, 30, 40)
	if err != nil {
		t.Fatal(err)
	}
	if err := tlog.CheckTree(c.Proof, 40, rootOf(t, c.New), 30, rootOf(t, c.Old)); err != nil {
		t.Fatalf("consistency proof: %v", err)
	}
	files, err := decisionlog.ReadCheckpointFiles(filepath.Join(l.dir, "checkpoints.ndjson"))
	if err != nil || len(files) != 2 {
		t.Fatalf("checkpoint files: %d %v", len(files), err)
	}
	for _, f := range files {
		if err := decisionlog.OpenCheckpoint(f, l.keys.Verifier()); err != nil {
			t.Fatal(err)
		}
	}
	if err := decisionlog.OpenCheckpoint(files[0], testKeys(t, "greencredit-test").Verifier()); err == nil {
		t.Fatal("a checkpoint opened with another key")
	}
	if _, err := os.Stat(filepath.Join(l.dir, "checkpoint-000000000040.json")); err != nil {
		t.Fatal(err)
	}
}

// TestOfflineVerifier: the verifiable export and the checkpoint files verify with the public key
// alone; each tampered export is refused with the check that caught it.
func TestOfflineVerifier(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		l := newSignedLog(t, store)
		var buf bytes.Buffer
		if err := decisionlog.Export(context.Background(), store, &buf); err != nil {
			t.Fatal(err)
		}
		cps, err := decisionlog.ReadCheckpointFiles(l.dir)
		if err != nil {
			t.Fatal(err)
		}
		check := func(export string, cps []*decisionlog.SignedCheckpoint) *decisionlog.VerifyResult {
			t.Helper()
			r, err := decisionlog.VerifyExport(strings.NewReader(export), cps, l.keys.Verifier())
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		clean := buf.String()
		if r := check(clean, cps); !r.OK || r.Checked != 43 || r.Checkpoint != 40 || r.Chains != 2 {
			t.Fatalf("clean export: %+v", r)
		}
		lines := strings.Split(strings.TrimSpace(clean), "\n")
		edit := func(i int, f func(l *decisionlog.ExportLine)) string {
			var x decisionlog.ExportLine
			if err := json.Unmarshal([]byte(lines[i]), &x); err != nil {
				t.Fatal(err)
			}
			f(&x)
			b, _ := json.Marshal(x)
			out := append([]string{}, lines...)
			out[i] = string(b)
			return strings.Join(out, "\n")
		}
		// lines[0..1] are the chains; lines[2] is leaf 0.
		if r := check(edit(5, func(x *decisionlog.ExportLine) { x.Decision.Outcome = "approve" }), cps); r.OK || r.Check != decisionlog.CheckRecordHash {
			t.Fatalf("an edited record: %+v", r)
		}
		rehashed := edit(5, func(x *decisionlog.ExportLine) {
			x.Decision.Outcome = "approve"
			d := *x.Decision
			x.Decision.Hash = decisionlog.Hash(&storage.Decision{ChainID: d.ChainID, Seq: d.Seq, DecisionID: d.DecisionID, ApplicationID: d.ApplicationID,
				CustomerID: d.CustomerID, BranchID: d.BranchID, IndustryCode: d.IndustryCode, AmountFen: money.Fen(d.AmountFen), LoanKind: d.LoanKind,
				Outcome: d.Outcome, Stance: d.Stance, Green: d.Green, GreenCategory: d.GreenCategory, GreenCategoryVersion: d.GreenCategoryVersion,
				ExistingBalanceFen: money.Fen(d.ExistingBalanceFen), ExistingBalanceSource: d.ExistingBalanceSource, Reasons: d.Reasons, Request: d.Request,
				Input: d.Input, Result: d.Result, PolicyRevision: d.PolicyRevision, PolicyDigest: d.PolicyDigest, DecidedAt: d.DecidedAt,
				RequestedBy: d.RequestedBy, ApplicantNameHash: d.ApplicantNameHash, ApplicantIDHash: d.ApplicantIDHash, PrevHash: d.PrevHash})
		})
		if r := check(rehashed, cps); r.OK {
			t.Fatalf("a re-hashed record: %+v", r)
		}
		dropped := strings.Join(append(append([]string{}, lines[:6]...), lines[7:]...), "\n")
		if r := check(dropped, cps); r.OK || r.Check != decisionlog.CheckChainLink {
			t.Fatalf("a dropped record: %+v", r)
		}
		if r := check(strings.Join(lines[:len(lines)-10], "\n"), cps); r.OK {
			t.Fatalf("a truncated export: %+v", r)
		}
		other := testKeys(t, "greencredit-test")
		if r, err := decisionlog.VerifyExport(strings.NewReader(clean), cps, other.Verifier()); err != nil || r.OK || r.Check != decisionlog.CheckCheckpointSignature {
			t.Fatalf("checkpoints under another key: %+v %v", r, err)
		}
	})
}

// TestVerifyWhileDeciding: verification while the service keeps appending decisions (and
// checkpoints) reports no tampering, and the export taken meanwhile verifies offline.
func TestVerifyWhileDeciding(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		l := newSignedLog(t, store)
		w := openLog(t, store, decisionlog.LogConfig{InstanceID: "live", Keys: l.keys})
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if err := w.Append(context.Background(), newDecision(1000+i)); err != nil {
					return
				}
				if i%20 == 0 {
					_, _ = l.cp.Checkpoint(context.Background())
				}
			}
		}()
		for i := 0; i < 5; i++ {
			if r := l.verify(t, i%2 == 1); !r.OK {
				close(stop)
				<-done
				t.Fatalf("verification %d while deciding: %+v", i, r)
			}
			// The auditor's order: the checkpoints held, then an export (which covers them).
			cps, err := decisionlog.Published(context.Background(), store, 0, 10000)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := decisionlog.Export(context.Background(), store, &buf); err != nil {
				t.Fatal(err)
			}
			if r, err := decisionlog.VerifyExport(&buf, cps, l.keys.Verifier()); err != nil || !r.OK {
				close(stop)
				<-done
				t.Fatalf("an export taken while deciding: %+v %v", r, err)
			}
		}
		close(stop)
		<-done
	})
}

// TestCheckpointAtStop: stopping the checkpointer (after the writer's last commit) signs a last
// checkpoint over everything committed, however long its interval.
func TestCheckpointAtStop(t *testing.T) {
	store := dbtest.SQLite(t)
	keys := testKeys(t, "greencredit-test")
	w := openLog(t, store, decisionlog.LogConfig{InstanceID: "stop", Keys: keys})
	cp := decisionlog.NewCheckpointer(store, decisionlog.CheckpointConfig{Keys: keys, Interval: time.Hour})
	cp.Start(context.Background())
	appendN(t, w, 7, 1)
	cp.Stop()
	got, err := decisionlog.Published(context.Background(), store, 0, 10)
	if err != nil || len(got) != 1 || got[0].Size != 7 {
		t.Fatalf("checkpoints after Stop: %+v %v", got, err)
	}
}

func rootOf(t *testing.T, c *decisionlog.SignedCheckpoint) tlog.Hash {
	t.Helper()
	h, err := c.RootHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}
