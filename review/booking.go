package review

import (
	"context"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/refusal"
	"greencredit/storage"
)

// Bind checks that a loan may be booked on a decision: the same customer, branch and industry
// code as screened, and a final outcome of approve (an approved referral or a confirmed override).
// A refusal is a conflict: decision_mismatch (naming the field) or decision_not_approved.
func Bind(rec *decisionlog.Record, customerID, branchID, industryCode string) *refusal.Error {
	d := rec.Row
	for _, m := range []struct{ field, loan, decided string }{
		{"customer_id", customerID, d.CustomerID}, {"branch_id", branchID, d.BranchID}, {"industry_code", industryCode, d.IndustryCode},
	} {
		if m.loan != m.decided {
			return &refusal.Error{Kind: refusal.Conflict, Code: "decision_mismatch", Field: m.field,
				Message: "is " + m.loan + " but decision " + d.DecisionID + " screened " + m.decided}
		}
	}
	if f := rec.FinalOutcome(); f != "approve" {
		return &refusal.Error{Kind: refusal.Conflict, Code: "decision_not_approved", Field: "decision_id",
			Message: "names a decision whose final outcome is " + f + " (review state " + rec.ReviewState() + "); a loan is booked only on an approving decision"}
	}
	return nil
}

// Exception kinds of booked loans.
const (
	// NoDecision: reported without a decision after the book was declared complete (only the
	// historical book may be booked without one).
	NoDecision = "no_decision"
	// DecisionMissing: names a decision the log does not hold.
	DecisionMissing = "decision_missing"
	// NotApproved: its decision's final outcome is not approve (e.g. declined on review after
	// booking).
	NotApproved = "decision_not_approved"
	// GreenDiffers: its green classification differs from its decision's (set otherwise, audited).
	GreenDiffers = "green_differs"
	// OverAmount: its balance is above the amount its decision screened.
	OverAmount = "balance_over_decision"
)

// LoanException is a current loan booked without an approving decision or differing from it.
type LoanException struct {
	Loan       storage.Loan
	Kinds      []string
	Decision   *decisionlog.Record // nil when booked without one, or the log lacks it
	DecidedFen money.Fen
}

// ExceptionPage is a page of LoanExceptions, after a loan id, with the loans checked.
type ExceptionPage struct {
	Exceptions []LoanException
	Checked    int
	// NextCursor is the last loan id checked when more may follow ("" at the end).
	NextCursor string
}

// Exceptions checks up to limit current loans after afterLoanID (loan id order) and returns those
// booked without an approving decision or differing from it.
func Exceptions(ctx context.Context, store *storage.Store, afterLoanID string, limit int) (*ExceptionPage, error) {
	loans, err := store.CurrentLoans(ctx, afterLoanID, limit)
	if err != nil {
		return nil, err
	}
	declared, err := store.BookDeclared(ctx)
	if err != nil {
		return nil, err
	}
	page := &ExceptionPage{Checked: len(loans), Exceptions: []LoanException{}}
	if len(loans) == limit {
		page.NextCursor = loans[len(loans)-1].LoanID
	}
	ids := make([]string, 0, len(loans))
	for _, l := range loans {
		if l.DecisionID != "" {
			ids = append(ids, l.DecisionID)
		}
	}
	recs, err := decisionlog.GetMany(ctx, store, ids)
	if err != nil {
		return nil, err
	}
	for _, l := range loans {
		e := LoanException{Loan: l}
		if l.DecisionID == "" {
			if declared != nil && declared.Complete && l.AsOf > declared.AsOf {
				e.Kinds = append(e.Kinds, NoDecision)
			}
		} else if rec := recs[l.DecisionID]; rec == nil {
			e.Kinds = append(e.Kinds, DecisionMissing)
		} else {
			e.Decision, e.DecidedFen = rec, rec.Row.AmountFen
			if rec.FinalOutcome() != "approve" {
				e.Kinds = append(e.Kinds, NotApproved)
			}
			if l.Green != rec.Row.Green || (l.Green && l.GreenCategory != rec.Row.GreenCategory) {
				e.Kinds = append(e.Kinds, GreenDiffers)
			}
			if l.BalanceFen > rec.Row.AmountFen {
				e.Kinds = append(e.Kinds, OverAmount)
			}
		}
		if len(e.Kinds) > 0 {
			page.Exceptions = append(page.Exceptions, e)
		}
	}
	return page, nil
}
