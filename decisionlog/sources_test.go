package decisionlog_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"greencredit/decisionlog"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestOneVerifierTwoSources feeds the same tampered logs through both record sources — the
// database (the full online verification) and the lines of an export (the offline verifier, with
// compliance's copy of the checkpoints) — and gets tampering from both, with the same check where
// both hold the same checkpoints.
func TestOneVerifierTwoSources(t *testing.T) {
	type tamper struct {
		name string
		do   func(t *testing.T, l *signedLog)
		// sameCheck: both verifiers hold the same checkpoints, so they name the same check.
		sameCheck bool
	}
	tampers := []tamper{
		{"edited row", func(t *testing.T, l *signedLog) {
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 4", l.chainA).Update("outcome", "approve")
		}, true},
		{"deleted tail", func(t *testing.T, l *signedLog) {
			var keep storage.Decision
			l.store.DB.Where("chain_id = ? AND seq = 18", l.chainA).Take(&keep)
			l.store.DB.Where("chain_id = ? AND seq > 18", l.chainA).Delete(&storage.Decision{})
			l.store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", l.chainA).Updates(map[string]any{"seq": 18, "hash": keep.Hash})
		}, true},
		{"inserted forgery", func(t *testing.T, l *signedLog) {
			chain := "a-20260101T000000.000000Z-00000000"
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			d := newDecision(7)
			d.Outcome, d.DecidedAt, d.ChainID, d.Seq = "approve", at, chain, 1
			d.Hash = decisionlog.Hash(d)
			l.store.DB.Create(&storage.DecisionChain{ChainID: chain, Seq: 1, Hash: d.Hash, StartedAt: at, UpdatedAt: at})
			l.store.DB.Create(d)
		}, true},
		{"re-hashed chain", func(t *testing.T, l *signedLog) {
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 3", l.chainA).Update("outcome", "approve")
			rechain(t, l.store, l.chainA, 3)
		}, true},
		{"reordered rows", func(t *testing.T, l *signedLog) {
			// Records 5 and 6 of chain a change places (seq swapped through a free number).
			db := l.store.DB.Model(&storage.Decision{})
			db.Where("chain_id = ? AND seq = 5", l.chainA).Update("seq", 1000)
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 6", l.chainA).Update("seq", 5)
			l.store.DB.Model(&storage.Decision{}).Where("chain_id = ? AND seq = 1000", l.chainA).Update("seq", 6)
		}, true},
		{"rolled-back database against a newer checkpoint", func(t *testing.T, l *signedLog) {
			// The database as a backup taken between the two checkpoints: checkpoint 40, its tree
			// and the records after checkpoint 30 are gone, every head back at 15.
			l.store.DB.Where("size = 40").Delete(&storage.Checkpoint{})
			l.store.DB.Where("start >= 30").Delete(&storage.TreeRange{})
			l.store.DB.Where("seq > 15").Delete(&storage.Decision{})
			var heads []storage.DecisionChain
			l.store.DB.Find(&heads)
			for _, h := range heads {
				var last storage.Decision
				l.store.DB.Where("chain_id = ? AND seq = 15", h.ChainID).Take(&last)
				l.store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", h.ChainID).Updates(map[string]any{"seq": 15, "hash": last.Hash})
			}
		}, false},
	}
	for _, tc := range tampers {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, store *storage.Store) {
				l := newSignedLog(t, store)
				// Compliance's copy of the checkpoints, taken before the tampering.
				held, err := decisionlog.ReadCheckpointFiles(l.dir)
				if err != nil || len(held) != 2 {
					t.Fatalf("checkpoint files: %d %v", len(held), err)
				}
				tc.do(t, l)
				online := l.verify(t, true)
				var buf bytes.Buffer
				if err := decisionlog.Export(context.Background(), store, &buf); err != nil {
					t.Fatal(err)
				}
				offline, err := decisionlog.VerifyExport(&buf, held, l.keys.Verifier())
				if err != nil {
					t.Fatal(err)
				}
				if online.OK || offline.OK {
					t.Fatalf("tampering not reported: online %+v, offline %+v", online, offline)
				}
				if tc.sameCheck && (online.Check != offline.Check || online.ChainID != offline.ChainID || online.FirstBadSeq != offline.FirstBadSeq) {
					t.Fatalf("the two sources disagree: online %+v, offline %+v", online, offline)
				}
				t.Logf("online %s (%s), offline %s (%s)", online.Check, online.Reason, offline.Check, offline.Reason)
			})
		})
	}
}
