package portfolio

import (
	"context"

	"greencredit/money"
	"greencredit/policy"
	"greencredit/storage"
)

// GreenReviewLoan is a booked loan whose green flag the active policy would set differently.
type GreenReviewLoan struct {
	LoanID            string    `json:"loan_id"`
	DecisionID        string    `json:"decision_id"`
	BranchID          string    `json:"branch_id"`
	IndustryCode      string    `json:"industry_code"`
	Balance           money.Fen `json:"balance"`
	BookedGreen       bool      `json:"booked_green"`
	BookedCategory    string    `json:"booked_green_category"`
	BookedVersion     string    `json:"booked_green_category_version"`
	PolicyGreen       bool      `json:"policy_green"`
	PolicyCategory    string    `json:"policy_green_category"`
	PolicyVersion     string    `json:"policy_green_category_version"`
	PolicyOutcome     string    `json:"policy_outcome"`
	PolicyReasonCodes []string  `json:"policy_reason_codes"`
}

// GreenReview is the answer of GET /v1/portfolio/green-review.
type GreenReview struct {
	PolicyRevision string            `json:"policy_revision"`
	Checked        int               `json:"checked"`
	Differ         []GreenReviewLoan `json:"differ"`
	// NotCheckable counts current loans booked without a decision (their flag was reported).
	NotCheckable int64 `json:"not_checkable"`
	// MissingDecision lists the loans of this page that name a decision the log does not hold.
	MissingDecision []string `json:"missing_decision"`
	NextCursor      string   `json:"next_cursor"`
}

// Review lists, from the loan after afterLoanID, up to limit booked loans whose green flag the
// policy would set differently from the one they carry, re-evaluating each loan's recorded
// decision input under pol (as impact analysis does: the input's own date and catalogue
// version, so a loan keeps the historical standard it was approved under). Nothing is changed:
// compliance decides, and re-reports the loan if it must.
func Review(ctx context.Context, store *storage.Store, pol *policy.Policy, afterLoanID string, limit int) (*GreenReview, error) {
	if pol == nil {
		return nil, policy.ErrNoPolicy
	}
	rows, err := store.LoansWithDecisions(ctx, afterLoanID, limit)
	if err != nil {
		return nil, err
	}
	out := &GreenReview{PolicyRevision: pol.Revision, Differ: []GreenReviewLoan{}, MissingDecision: []string{}}
	if out.NotCheckable, err = store.CountLoansWithoutDecision(ctx); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r.Decision == nil {
			out.MissingDecision = append(out.MissingDecision, r.Loan.LoanID)
			continue
		}
		res, err := pol.DecideRecorded(ctx, []byte(r.Decision.Input))
		if err != nil {
			return nil, err
		}
		out.Checked++
		if res.Green == r.Loan.Green && (!res.Green || res.GreenCategory == r.Loan.GreenCategory) {
			continue
		}
		codes := make([]string, len(res.Reasons))
		for i, x := range res.Reasons {
			codes[i] = x.Code
		}
		out.Differ = append(out.Differ, GreenReviewLoan{LoanID: r.Loan.LoanID, DecisionID: r.Loan.DecisionID, BranchID: r.Loan.BranchID,
			IndustryCode: r.Loan.IndustryCode, Balance: r.Loan.BalanceFen, BookedGreen: r.Loan.Green, BookedCategory: r.Loan.GreenCategory,
			BookedVersion: r.Loan.GreenCategoryVersion, PolicyGreen: res.Green, PolicyCategory: res.GreenCategory,
			PolicyVersion: res.GreenCategoryVersion, PolicyOutcome: res.Outcome, PolicyReasonCodes: codes})
	}
	if len(rows) == limit {
		out.NextCursor = rows[len(rows)-1].Loan.LoanID
	}
	return out, nil
}
