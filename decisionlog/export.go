package decisionlog

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"golang.org/x/mod/sumdb/note"

	"greencredit/money"
	"greencredit/storage"
)

// The verifiable export: the whole log as NDJSON, what an auditor needs to check it with no
// database — every chain's head and signed registration, then every record the tree holds in leaf
// order (with its leaf index), then the records no checkpoint took yet. Each record carries every
// field its hash covers.

// ExportLine is one line of the verifiable export.
type ExportLine struct {
	Kind      string          `json:"kind"` // "chain", "decision" or "review"
	LeafIndex *int64          `json:"leaf_index,omitempty"`
	Chain     *ExportChain    `json:"chain,omitempty"`
	Decision  *ExportDecision `json:"decision,omitempty"`
	Review    *ExportReview   `json:"review,omitempty"`
}

// ExportChain is a chain's head with its signed note, and for a decision chain its signed
// registration (the review chain, chain_id "reviews", has none).
type ExportChain struct {
	ChainID      string    `json:"chain_id"`
	Seq          uint64    `json:"seq"`
	Hash         string    `json:"hash"`
	StartedAt    time.Time `json:"started_at"`
	Registration string    `json:"registration"`
	HeadNote     string    `json:"head_note,omitempty"`
}

// ExportDecision is a decision with every field its hash covers.
type ExportDecision struct {
	ChainID               string    `json:"chain_id"`
	Seq                   uint64    `json:"seq"`
	DecisionID            string    `json:"decision_id"`
	ApplicationID         string    `json:"application_id"`
	CustomerID            string    `json:"customer_id"`
	BranchID              string    `json:"branch_id"`
	IndustryCode          string    `json:"industry_code"`
	AmountFen             int64     `json:"amount_fen"`
	LoanKind              string    `json:"loan_kind"`
	Outcome               string    `json:"outcome"`
	Stance                string    `json:"stance"`
	Green                 bool      `json:"green"`
	GreenCategory         string    `json:"green_category"`
	GreenCategoryVersion  string    `json:"green_category_version"`
	ExistingBalanceFen    int64     `json:"existing_balance_fen"`
	ExistingBalanceSource string    `json:"existing_balance_source"`
	Reasons               string    `json:"reasons"`
	Request               string    `json:"request"`
	Input                 string    `json:"input"`
	Result                string    `json:"result"`
	PolicyRevision        string    `json:"policy_revision"`
	PolicyDigest          string    `json:"policy_digest"`
	DecidedAt             time.Time `json:"decided_at"`
	RequestedBy           string    `json:"requested_by"`
	ApplicantNameHash     string    `json:"applicant_name_hash"`
	ApplicantIDHash       string    `json:"applicant_id_hash"`
	// ReasonCodes: records since issue 22 (omitted before, as their hashes do not cover it).
	ReasonCodes string `json:"reason_codes,omitempty"`
	PrevHash    string `json:"prev_hash"`
	Hash        string `json:"hash"`
}

func exportDecision(d *storage.Decision) *ExportDecision {
	return &ExportDecision{ChainID: d.ChainID, Seq: d.Seq, DecisionID: d.DecisionID, ApplicationID: d.ApplicationID,
		CustomerID: d.CustomerID, BranchID: d.BranchID, IndustryCode: d.IndustryCode, AmountFen: int64(d.AmountFen),
		LoanKind: d.LoanKind, Outcome: d.Outcome, Stance: d.Stance, Green: d.Green, GreenCategory: d.GreenCategory,
		GreenCategoryVersion: d.GreenCategoryVersion, ExistingBalanceFen: int64(d.ExistingBalanceFen),
		ExistingBalanceSource: d.ExistingBalanceSource, Reasons: d.Reasons, Request: d.Request, Input: d.Input, Result: d.Result,
		PolicyRevision: d.PolicyRevision, PolicyDigest: d.PolicyDigest, DecidedAt: d.DecidedAt.UTC(), RequestedBy: d.RequestedBy,
		ApplicantNameHash: d.ApplicantNameHash, ApplicantIDHash: d.ApplicantIDHash, ReasonCodes: d.ReasonCodes, PrevHash: d.PrevHash, Hash: d.Hash}
}

func (e *ExportDecision) row() *storage.Decision {
	return &storage.Decision{ChainID: e.ChainID, Seq: e.Seq, DecisionID: e.DecisionID, ApplicationID: e.ApplicationID,
		CustomerID: e.CustomerID, BranchID: e.BranchID, IndustryCode: e.IndustryCode, AmountFen: money.Fen(e.AmountFen),
		LoanKind: e.LoanKind, Outcome: e.Outcome, Stance: e.Stance, Green: e.Green, GreenCategory: e.GreenCategory,
		GreenCategoryVersion: e.GreenCategoryVersion, ExistingBalanceFen: money.Fen(e.ExistingBalanceFen),
		ExistingBalanceSource: e.ExistingBalanceSource, Reasons: e.Reasons, Request: e.Request, Input: e.Input, Result: e.Result,
		PolicyRevision: e.PolicyRevision, PolicyDigest: e.PolicyDigest, DecidedAt: e.DecidedAt, RequestedBy: e.RequestedBy,
		ApplicantNameHash: e.ApplicantNameHash, ApplicantIDHash: e.ApplicantIDHash, ReasonCodes: e.ReasonCodes, PrevHash: e.PrevHash, Hash: e.Hash}
}

// ExportReview is a review with every field its hash covers.
type ExportReview struct {
	Seq           uint64    `json:"seq"`
	ReviewID      string    `json:"review_id"`
	DecisionID    string    `json:"decision_id"`
	Step          int       `json:"step"`
	Action        string    `json:"action"`
	ExceptionCode string    `json:"exception_code"`
	Conditions    string    `json:"conditions"`
	Rationale     string    `json:"rationale"`
	Reviewer      string    `json:"reviewer"`
	ReviewedAt    time.Time `json:"reviewed_at"`
	State         string    `json:"state"`
	FinalOutcome  string    `json:"final_outcome"`
	PrevHash      string    `json:"prev_hash"`
	Hash          string    `json:"hash"`
}

func exportReview(r *storage.Review) *ExportReview {
	return &ExportReview{Seq: r.Seq, ReviewID: r.ReviewID, DecisionID: r.DecisionID, Step: r.Step, Action: r.Action,
		ExceptionCode: r.ExceptionCode, Conditions: r.Conditions, Rationale: r.Rationale, Reviewer: r.Reviewer,
		ReviewedAt: r.ReviewedAt.UTC(), State: r.State, FinalOutcome: r.FinalOutcome, PrevHash: r.PrevHash, Hash: r.Hash}
}

func (e *ExportReview) row() *storage.Review {
	return &storage.Review{Seq: e.Seq, ReviewID: e.ReviewID, DecisionID: e.DecisionID, Step: e.Step, Action: e.Action,
		ExceptionCode: e.ExceptionCode, Conditions: e.Conditions, Rationale: e.Rationale, Reviewer: e.Reviewer,
		ReviewedAt: e.ReviewedAt, State: e.State, FinalOutcome: e.FinalOutcome, PrevHash: e.PrevHash, Hash: e.Hash}
}

// Export writes the verifiable export of the whole log to w, in constant memory: the lines of
// DBSource, one consistent cut.
func Export(ctx context.Context, store *storage.Store, w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return DBSource(store)(ctx, func(l *ExportLine) error { return enc.Encode(l) })
}

// VerifyExport checks a verifiable export against signed checkpoints with no database: every
// checkpoint's signature, then the one verification algorithm (verifyStream) over the export's
// lines. What an auditor runs on the files handed to them.
func VerifyExport(r io.Reader, checkpoints []*SignedCheckpoint, key note.Verifier) (*VerifyResult, error) {
	res := &VerifyResult{OK: true, Mode: "offline"}
	for _, c := range checkpoints {
		if err := OpenCheckpoint(c, key); err != nil {
			res.Fail(CheckCheckpointSignature, "", 0, err.Error())
			return res, nil
		}
	}
	if err := verifyStream(context.Background(), ReaderSource(r), checkpoints, key, res, nil); err != nil {
		return nil, err
	}
	return res, nil
}

func latestRegistry(c *SignedCheckpoint) []RegistryEntry {
	if c == nil {
		return nil
	}
	return c.Registry
}
