package decisionlog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"greencredit/storage"
)

// TestHashOfVersion1RecordsUnchanged: a record written before rules version 2 (no catalogue
// version) hashes exactly as version 1 hashed it, so old chains still verify; a version-2 record's
// hash covers its catalogue version.
func TestHashOfVersion1RecordsUnchanged(t *testing.T) {
	d := storage.Decision{ChainID: "c", Seq: 7, DecisionID: "d", ApplicationID: "a", CustomerID: "cu", BranchID: "b", IndustryCode: "C3011",
		AmountFen: 100, LoanKind: "new", Outcome: "refer", Stance: "control", GreenCategory: "", ExistingBalanceFen: 0,
		ExistingBalanceSource: "request", Reasons: "[]", Request: "{}", Input: "{}", Result: "{}", PolicyRevision: "r",
		PolicyDigest: "sha256:x", DecidedAt: time.Date(2026, 11, 25, 8, 0, 0, 123456000, time.UTC), RequestedBy: "o", PrevHash: "p"}
	// Version 1's encoding, written out.
	enc, _ := json.Marshal([]any{d.ChainID, d.Seq, d.DecisionID, d.ApplicationID, d.CustomerID, d.BranchID, d.IndustryCode,
		int64(d.AmountFen), d.LoanKind, d.Outcome, d.Stance, d.Green, d.GreenCategory, int64(d.ExistingBalanceFen),
		d.ExistingBalanceSource, d.Reasons, d.Request, d.Input, d.Result, d.PolicyRevision, d.PolicyDigest,
		"2026-11-25T08:00:00.123456Z", d.RequestedBy, d.ApplicantNameHash, d.ApplicantIDHash})
	h := sha256.Sum256(append([]byte("p\n"), enc...))
	if got := Hash(&d); got != hex.EncodeToString(h[:]) {
		t.Fatalf("a version-1 record hashes as %s, version 1 gave %s", got, hex.EncodeToString(h[:]))
	}
	v2 := d
	v2.GreenCategoryVersion = "2025"
	if Hash(&v2) == Hash(&d) {
		t.Fatal("the catalogue version is not covered by the hash")
	}
}
