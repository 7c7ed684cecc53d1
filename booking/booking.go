// Package booking is the loan book's use cases: a loan report bound to the decision it names (the
// same customer, branch and industry code, an approving final outcome, the green classification
// inherited or set otherwise with a reason), the single report and the all-or-nothing import, each
// invalidating the book cache once committed; and the list of booked loans that break these rules.
package booking

import (
	"context"
	"errors"
	"strconv"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/refusal"
	"greencredit/storage"
)

// Service books loans.
type Service struct {
	Store *storage.Store
	// Book is the cache of the book's balances, invalidated after every committed change.
	Book interface{ Invalidate() }
}

// Report is one loan report as validated at the edge, with which optional fields were given.
type Report struct {
	storage.LoanRecord
	GreenGiven, QuasiGiven bool
	// GreenReason says why the green classification differs from the decision's.
	GreenReason string
}

// Problem is a field of a report that its decision makes invalid (400).
type Problem struct{ Field, Problem string }

// Bound is a report after Resolve: the record to write, the override of the decision's green
// classification to audit (nil when none), the field problems and the refusal (409).
type Bound struct {
	Record   storage.LoanRecord
	Override map[string]any
	Problems []Problem
	Refused  *refusal.Error
}

// Voucher tells whether the decision log vouches for a decision (decisionlog.Heads).
type Voucher interface {
	Vouch(ctx context.Context, store *storage.Store, d *storage.Decision) error
}

// Resolve binds a report naming a decision to it, read through store (for an import line, the
// import's transaction): the log must vouch for the decision (heads: a record past its chain's
// signed head is refused, record_unvouched), it must match the decision (Bind) and inherits the decision's green
// classification, catalogue version and cap attributes unless the report sets them; a green
// classification set otherwise needs a reason. A report without a decision is returned as it is.
// An error means the decision could not be read (the database), not a fault of the report.
func Resolve(ctx context.Context, store *storage.Store, heads Voucher, rep *Report) (*Bound, error) {
	b := &Bound{Record: rep.LoanRecord}
	r := &b.Record
	if r.DecisionID == "" {
		return b, nil
	}
	rec, err := decisionlog.Get(ctx, store, r.DecisionID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		b.Problems = append(b.Problems, Problem{"decision_id", "no such decision"})
		return b, nil
	case err != nil:
		return nil, err
	}
	d := rec.Row
	if err := heads.Vouch(ctx, store, d); err != nil {
		var refused *refusal.Error
		if !errors.As(err, &refused) {
			return nil, err
		}
		b.Refused = refused
		return b, nil
	}
	if b.Refused = Bind(rec, r.CustomerID, r.BranchID, r.IndustryCode); b.Refused != nil {
		return b, nil
	}
	// A loan is not reported for a day before the decision that approved it: a report at a past
	// date would count a loan that was not yet approved (historical loans carry no decision).
	if on := rec.DecidedOn(); r.AsOf != "" && r.AsOf < on {
		b.Refused = &refusal.Error{Kind: refusal.Conflict, Code: "booked_before_decision", Field: "as_of",
			Message: "is " + r.AsOf + ", before " + on + ", the date (China Standard Time) of decision " + d.DecisionID +
				" that approved the loan: a loan booked on a decision is reported from that date on"}
		return b, nil
	}
	if !rep.GreenGiven {
		r.Green = d.Green
	}
	if r.GreenCategory == "" {
		r.GreenCategory = d.GreenCategory
	}
	if r.Green != d.Green || (r.Green && r.GreenCategory != d.GreenCategory) {
		if rep.GreenReason == "" {
			b.Problems = append(b.Problems, Problem{"green_reason", "is required when the green classification differs from the decision's (" +
				strconv.FormatBool(d.Green) + " " + d.GreenCategory + "): why it is set otherwise"})
		}
		b.Override = map[string]any{"loan_id": r.LoanID, "decision_id": d.DecisionID, "decision_green": d.Green,
			"decision_green_category": d.GreenCategory, "green": r.Green, "green_category": r.GreenCategory, "reason": rep.GreenReason}
	}
	if r.GreenCategoryVersion == "" {
		r.GreenCategoryVersion = d.GreenCategoryVersion
	}
	if r.ApplicantKind == "" {
		r.ApplicantKind = rec.Input.Applicant.Kind
	}
	if r.ApplicantSize == "" {
		r.ApplicantSize = rec.Input.Applicant.Size
	}
	if r.RealEstatePurpose == "" {
		r.RealEstatePurpose = rec.Input.Loan.RealEstatePurpose
	}
	if !rep.QuasiGiven {
		r.QuasiRealEstate = rec.Result.Classes["quasi_real_estate"]
	}
	return b, nil
}

// Put books one loan report and invalidates the book cache.
func (s *Service) Put(ctx context.Context, r storage.LoanRecord) (*storage.Loan, error) {
	l, err := s.Store.PutLoan(ctx, r)
	if err != nil {
		return nil, err
	}
	s.Book.Invalidate()
	return l, nil
}

// Import books the reports next yields in one transaction — all or nothing — with the audit
// event audit makes of their count, and invalidates the book cache once committed. next reads its
// decisions through tx, the import's transaction.
func (s *Service) Import(ctx context.Context, audit func(n int) *storage.AuditEvent,
	next func(tx *storage.Store) (storage.LoanRecord, bool, error)) (int, error) {
	n, err := s.Store.ImportLoans(ctx, audit, next)
	if err != nil {
		return 0, err
	}
	s.Book.Invalidate()
	return n, nil
}

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
