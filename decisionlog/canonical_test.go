package decisionlog_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/storage"
)

// hashVector is the published test vector of the record hash (docs/reliability.md, "The canonical
// encoding"): a record whose texts hold what JSON encoders disagree on (<, >, &, U+2028, quotes,
// backslashes, control characters, Chinese), its predecessor's hash, and the hash it must give.
type hashVector struct {
	PrevHash string `json:"prev_hash"`
	Fields   []any  `json:"fields"`
	Hash     string `json:"hash"`
}

func readVector(t *testing.T) hashVector {
	t.Helper()
	b, err := os.ReadFile("testdata/hash-vector.json")
	if err != nil {
		t.Fatal(err)
	}
	var v hashVector
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestHashVector: the service's own Hash gives the published vector's hash from the record, and
// the few lines of Python in scripts/hash-vector.py (what a third party would write from the
// documentation) give the same.
func TestHashVector(t *testing.T) {
	v := readVector(t)
	f := v.Fields
	num := func(i int) int64 { n, _ := f[i].(json.Number).Int64(); return n }
	at, err := time.Parse("2006-01-02T15:04:05.000000Z", f[21].(string))
	if err != nil {
		t.Fatal(err)
	}
	d := &storage.Decision{ChainID: f[0].(string), Seq: uint64(num(1)), DecisionID: f[2].(string), ApplicationID: f[3].(string),
		CustomerID: f[4].(string), BranchID: f[5].(string), IndustryCode: f[6].(string), AmountFen: money.Fen(num(7)),
		LoanKind: f[8].(string), Outcome: f[9].(string), Stance: f[10].(string), Green: f[11].(bool), GreenCategory: f[12].(string),
		ExistingBalanceFen: money.Fen(num(13)), ExistingBalanceSource: f[14].(string), Reasons: f[15].(string), Request: f[16].(string),
		Input: f[17].(string), Result: f[18].(string), PolicyRevision: f[19].(string), PolicyDigest: f[20].(string), DecidedAt: at,
		RequestedBy: f[22].(string), ApplicantNameHash: f[23].(string), ApplicantIDHash: f[24].(string), GreenCategoryVersion: f[25].(string),
		ReasonCodes: f[26].(string), PrevHash: v.PrevHash}
	if got := decisionlog.Hash(d); got != v.Hash {
		t.Fatalf("Hash gives %s, the published vector says %s", got, v.Hash)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 checks the vector as a third party would: %v", err)
	}
	out, err := exec.Command(py, "../scripts/hash-vector.py", "testdata/hash-vector.json").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != v.Hash {
		t.Fatalf("the Python recomputation gives %q (%v), want %s", out, err, v.Hash)
	}
}
