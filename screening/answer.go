package screening

import (
	"time"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
)

// Response is the answer to a screening (POST /v1/screenings).
type Response struct {
	DecisionID           string          `json:"decision_id"`
	ApplicationID        string          `json:"application_id"`
	Outcome              string          `json:"outcome"`
	Stance               string          `json:"stance"`
	Green                bool            `json:"green"`
	GreenCategory        string          `json:"green_category"`
	GreenCategoryVersion string          `json:"green_category_version"`
	Reasons              []policy.Reason `json:"reasons"`
	Conditions           []string        `json:"conditions"`
	Defaulted            []string        `json:"defaulted"`
	// BookComplete says whether the loan book was declared complete: before that, caps that
	// would fire are referred (CAP_BOOK_INCOMPLETE).
	BookComplete          bool      `json:"book_complete"`
	ExistingBalance       money.Fen `json:"existing_balance"`
	ExistingBalanceSource string    `json:"existing_balance_source"`
	PolicyRevision        string    `json:"policy_revision"`
	PolicyDigest          string    `json:"policy_digest"`
	DecidedAt             time.Time `json:"decided_at"`
}

// Answer is the screening answer for a recorded decision: the first answer and every replay
// are built by this one function from the record, so they are the same.
func Answer(rec *decisionlog.Record) *Response {
	d := rec.Row
	return &Response{
		DecisionID:            d.DecisionID,
		ApplicationID:         d.ApplicationID,
		Outcome:               d.Outcome,
		Stance:                d.Stance,
		Green:                 d.Green,
		GreenCategory:         d.GreenCategory,
		GreenCategoryVersion:  d.GreenCategoryVersion,
		Reasons:               rec.Reasons,
		Conditions:            rec.Result.Conditions,
		Defaulted:             rec.Input.DefaultedFields(),
		BookComplete:          rec.Input.BookComplete(),
		ExistingBalance:       d.ExistingBalanceFen,
		ExistingBalanceSource: d.ExistingBalanceSource,
		PolicyRevision:        d.PolicyRevision,
		PolicyDigest:          d.PolicyDigest,
		DecidedAt:             d.DecidedAt.UTC(),
	}
}
