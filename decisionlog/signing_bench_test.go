package decisionlog_test

import (
	"strings"
	"testing"
	"time"

	"greencredit/decisionlog"
)

// BenchmarkSignHead is the cost a batch pays for its signed head (issue 27): one Ed25519
// signature in the signed-note format. BenchmarkOpenHead is a verifier's (or Vouch's) check of one.
func BenchmarkSignHead(b *testing.B) {
	keys := testKeys(b, "greencredit-bench")
	h := decisionlog.SignedHead{ChainID: "bench-20261206T000000.000000Z-00000000", Seq: 1, Hash: strings.Repeat("ab", 32), At: time.Now()}
	for b.Loop() {
		h.Seq++
		if _, err := keys.SignHead(h); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenHead(b *testing.B) {
	keys := testKeys(b, "greencredit-bench")
	h := decisionlog.SignedHead{ChainID: "bench-20261206T000000.000000Z-00000000", Seq: 7, Hash: strings.Repeat("ab", 32), At: time.Now()}
	note, err := keys.SignHead(h)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := decisionlog.OpenHead(keys.Verifier(), note, h.ChainID, h.Seq, h.Hash); err != nil {
			b.Fatal(err)
		}
	}
}
