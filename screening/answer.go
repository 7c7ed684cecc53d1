package screening

import (
	"strconv"
	"time"

	"greencredit/decisionlog"
	"greencredit/jsonw"
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

// AppendJSON appends the answer as json.Marshal writes it (TestScreenUseCase compares), without
// its reflection or its second pass over every reason's evidence.
func (r *Response) AppendJSON(b []byte) []byte {
	b = jsonw.String(append(b, `{"decision_id":`...), r.DecisionID)
	b = jsonw.String(append(b, `,"application_id":`...), r.ApplicationID)
	b = jsonw.String(append(b, `,"outcome":`...), r.Outcome)
	b = jsonw.String(append(b, `,"stance":`...), r.Stance)
	b = jsonw.Bool(append(b, `,"green":`...), r.Green)
	b = jsonw.String(append(b, `,"green_category":`...), r.GreenCategory)
	b = jsonw.String(append(b, `,"green_category_version":`...), r.GreenCategoryVersion)
	b = policy.AppendReasons(append(b, `,"reasons":`...), r.Reasons)
	b = jsonw.Strings(append(b, `,"conditions":`...), r.Conditions)
	b = jsonw.Strings(append(b, `,"defaulted":`...), r.Defaulted)
	b = jsonw.Bool(append(b, `,"book_complete":`...), r.BookComplete)
	b = strconv.AppendQuote(append(b, `,"existing_balance":`...), r.ExistingBalance.String())
	b = jsonw.String(append(b, `,"existing_balance_source":`...), r.ExistingBalanceSource)
	b = jsonw.String(append(b, `,"policy_revision":`...), r.PolicyRevision)
	b = jsonw.String(append(b, `,"policy_digest":`...), r.PolicyDigest)
	b = append(r.DecidedAt.AppendFormat(append(b, `,"decided_at":"`...), time.RFC3339Nano), '"')
	return append(b, '}')
}
