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

// TestCanonicalAsEncodingJSON: the encoding Hash is taken over is, byte for byte, json.Marshal
// of the record's fields as an array (how every record before it was hashed), with texts that
// need escaping, extreme numbers, and each optional field present or not.
func TestCanonicalAsEncodingJSON(t *testing.T) {
	tricky := []string{"", "plain", `{"a":"<b>&</b>","c":"\u2028"}`, "两高一剩\n\t\"\\", "\xff invalid", "\x00\x1f"}
	for i, s := range tricky {
		for _, optional := range [][2]string{{"", ""}, {"2025", ""}, {"", "ENV_RED_NEW"}, {"2019", "A,B"}} {
			d := storage.Decision{ChainID: s, Seq: uint64(1) << 63, DecisionID: "d" + s, ApplicationID: s, CustomerID: s,
				BranchID: s, IndustryCode: s, AmountFen: -9223372036854775807, LoanKind: s, Outcome: s, Stance: s, Green: i%2 == 0,
				GreenCategory: s, ExistingBalanceFen: 9223372036854775807, ExistingBalanceSource: s, Reasons: s, Request: s,
				Input: s, Result: s, PolicyRevision: s, PolicyDigest: s, DecidedAt: time.Date(2026, 12, 6, 8, 0, 0, 1000*i, time.FixedZone("CST", 8*3600)),
				RequestedBy: s, ApplicantNameHash: s, ApplicantIDHash: s, GreenCategoryVersion: optional[0], ReasonCodes: optional[1]}
			fields := []any{d.ChainID, d.Seq, d.DecisionID, d.ApplicationID, d.CustomerID, d.BranchID, d.IndustryCode,
				int64(d.AmountFen), d.LoanKind, d.Outcome, d.Stance, d.Green, d.GreenCategory, int64(d.ExistingBalanceFen),
				d.ExistingBalanceSource, d.Reasons, d.Request, d.Input, d.Result, d.PolicyRevision, d.PolicyDigest,
				d.DecidedAt.UTC().Format(canonicalTime), d.RequestedBy, d.ApplicantNameHash, d.ApplicantIDHash}
			if d.GreenCategoryVersion != "" {
				fields = append(fields, d.GreenCategoryVersion)
			}
			if d.ReasonCodes != "" {
				fields = append(fields, d.ReasonCodes)
			}
			want, _ := json.Marshal(fields)
			// Appended after what a reused buffer may hold (Hash's pool).
			if got := appendCanonical([]byte("held"), &d)[4:]; string(got) != string(want) {
				t.Fatalf("%q %v:\n%s\nwant\n%s", s, optional, got, want)
			}
		}
	}
}
