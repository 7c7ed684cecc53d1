package decisionlog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sync"

	"greencredit/jsonw"
	"greencredit/storage"
)

// canonicalTime is how decided_at enters the hash: UTC, microseconds, fixed width.
const canonicalTime = "2006-01-02T15:04:05.000000Z"

// Hash is sha256 over the previous hash, a newline, and the canonical encoding of
// the record: a JSON array of its fields in this fixed order —
// chain_id, seq, decision_id, application_id, customer_id, branch_id, industry_code,
// amount_fen, loan_kind, outcome, stance, green, green_category, existing_balance_fen,
// existing_balance_source, reasons, request, input, result, policy_revision,
// policy_digest, decided_at (UTC, microseconds), requested_by, applicant_name_hash,
// applicant_id_hash, green_category_version when it is not empty (rules version 2), and
// reason_codes when it is not empty (issue 22). How the record is stored (record_format, body)
// is not part of it: the same content hashes the same in every format.
func Hash(d *storage.Decision) string {
	buf := canonicalBufs.Get().(*[]byte)
	defer canonicalBufs.Put(buf)
	*buf = appendCanonical((*buf)[:0], d)
	return chained(d.PrevHash, *buf)
}

// canonicalBufs holds the buffers Hash writes the canonical encoding into: it is hashed and
// dropped, and at several KiB a decision it was an eighth of the bytes a screening allocated.
var canonicalBufs = sync.Pool{New: func() any { return new([]byte) }}

// appendCanonical appends the JSON array Hash is taken over, written as json.Marshal writes
// the same []any of strings, integers and booleans (TestCanonicalAsEncodingJSON), without its
// reflection: the reasons, request, input and result are large strings of JSON.
func appendCanonical(b []byte, d *storage.Decision) []byte {
	b = slices.Grow(b, 1024+2*(len(d.Reasons)+len(d.Request)+len(d.Input)+len(d.Result)))
	b = append(b, '[')
	str := func(s string) { b = jsonw.String(b, s); b = append(b, ',') }
	str(d.ChainID)
	b = append(jsonw.Uint(b, d.Seq), ',')
	for _, s := range []string{d.DecisionID, d.ApplicationID, d.CustomerID, d.BranchID, d.IndustryCode} {
		str(s)
	}
	b = append(jsonw.Int(b, int64(d.AmountFen)), ',')
	str(d.LoanKind)
	str(d.Outcome)
	str(d.Stance)
	b = append(jsonw.Bool(b, d.Green), ',')
	str(d.GreenCategory)
	b = append(jsonw.Int(b, int64(d.ExistingBalanceFen)), ',')
	for _, s := range []string{d.ExistingBalanceSource, d.Reasons, d.Request, d.Input, d.Result, d.PolicyRevision,
		d.PolicyDigest, d.DecidedAt.UTC().Format(canonicalTime), d.RequestedBy, d.ApplicantNameHash} {
		str(s)
	}
	b = jsonw.String(b, d.ApplicantIDHash)
	// Rules version 2 added the catalogue version; records written before it have none, and
	// their hashes stay as they were.
	if d.GreenCategoryVersion != "" {
		b = jsonw.String(append(b, ','), d.GreenCategoryVersion)
	}
	// Issue 22 added the reason codes the review queue filters on (the reasons are stored
	// compressed); records written before have none, and their hashes stay as they were.
	if d.ReasonCodes != "" {
		b = jsonw.String(append(b, ','), d.ReasonCodes)
	}
	return append(b, ']')
}

// chained is the hex sha256 over the previous hash, a newline and a canonical encoding: how a
// decision's and a review's hashes link them into their chains.
func chained(prev string, enc []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write(enc)
	return hex.EncodeToString(h.Sum(nil))
}

// HashReview is sha256 over the previous review's hash, a newline, and the canonical encoding
// of the review: a JSON array of seq, review_id, decision_id, step, action, exception_code,
// conditions, rationale, reviewer, reviewed_at (UTC, microseconds), state, final_outcome.
func HashReview(r *storage.Review) string {
	enc, _ := json.Marshal([]any{r.Seq, r.ReviewID, r.DecisionID, r.Step, r.Action, r.ExceptionCode, r.Conditions,
		r.Rationale, r.Reviewer, r.ReviewedAt.UTC().Format(canonicalTime), r.State, r.FinalOutcome})
	return chained(r.PrevHash, enc)
}
