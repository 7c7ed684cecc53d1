package screening

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
	"greencredit/refdata"
	"greencredit/storage"
)

// Service decides screenings. It holds no mutable state of its own.
type Service struct {
	Store  *storage.Store
	Policy *policy.Engine
	// Book serves the loan book's balances (bounded staleness).
	Book *storage.BookCache
	// Log is the decision log writer; Mask masks personal data before a record is kept.
	Log  *decisionlog.Writer
	Mask *decisionlog.Masker
	// StaleAfter is how old a pending idempotency reservation must be before another request
	// may take it over (default 1 minute): longer than any request may live.
	StaleAfter time.Duration
	// Logger, when set, notes idempotency takeovers and reservations left pending.
	Logger *slog.Logger
	// OnDecision, when set, is told each committed decision's outcome and stance (metrics).
	OnDecision func(outcome, stance string)
	// Clock is the time decisions are made at (nil: the system's). Tests set it to decide on an
	// earlier day, as a bank's history holds decisions of earlier days.
	Clock func() time.Time
}

// now is the time a decision is made at.
func (s *Service) now() time.Time {
	if s.Clock != nil {
		return s.Clock()
	}
	return time.Now()
}

// MaskHash is the keyed hash of a personal value (kind: decisionlog.KindName, KindIDNumber) that
// decisions are searched by.
func (s *Service) MaskHash(kind, value string) string { return s.Mask.Hash(kind, value) }

// CatalogueInForce is the green catalogue version a request naming none means today: the
// active policy's, else the 2025 catalogue.
func (s *Service) CatalogueInForce() string {
	if pol := s.Policy.Active(); pol != nil {
		return pol.CatalogueInForce(decisionlog.BankDate(s.now()))
	}
	return refdata.GreenCatalogue2025
}

// Screen decides one screening under the active policy and returns its record once it is
// durably committed to the decision log (never before). The decision id is the caller's: a new
// UUIDv7, or the one an idempotency reservation fixed.
func (s *Service) Screen(ctx context.Context, principal string, req *Request, decisionID string) (*decisionlog.Record, error) {
	pol := s.Policy.Active()
	if pol == nil {
		return nil, policy.ErrNoPolicy
	}
	booked, err := s.Store.CustomerBalance(ctx, req.Applicant.CustomerID)
	if err != nil {
		return nil, err
	}
	book, err := s.Book.Book(ctx, pol.Digest, pol.Classify)
	if err != nil {
		return nil, err
	}
	rec, err := s.Evaluate(ctx, pol, req, booked, book, decisionID, principal)
	if err != nil {
		return nil, err
	}
	if err := s.Log.Append(ctx, rec.Row); err != nil {
		return nil, err
	}
	if s.OnDecision != nil {
		s.OnDecision(rec.Row.Outcome, rec.Row.Stance)
	}
	return rec, nil
}

// Try decides a screening under pol — the active revision or a stored candidate — with the
// customer's booked balance and the loan book as Screen reads them, and returns the record it
// would make; nothing is appended to the log (the console's playground).
func (s *Service) Try(ctx context.Context, pol *policy.Policy, req *Request) (*decisionlog.Record, error) {
	booked, err := s.Store.CustomerBalance(ctx, req.Applicant.CustomerID)
	if err != nil {
		return nil, err
	}
	var book storage.Book
	if a := s.Policy.Active(); a != nil && a.Digest == pol.Digest {
		book, err = s.Book.Book(ctx, pol.Digest, pol.Classify)
	} else { // another revision's classes: not in the cache the screenings use
		book, err = s.Book.BookUncached(ctx, pol.Classify)
	}
	if err != nil {
		return nil, err
	}
	return s.Evaluate(ctx, pol, req, booked, book, "", "playground")
}

// Evaluate is a screening without the database: given the customer's booked balance and the
// loan book, it evaluates the policy and builds the decision's record (masked, encoded), not
// yet appended to the log.
func (s *Service) Evaluate(ctx context.Context, pol *policy.Policy, req *Request, booked money.Fen,
	book storage.Book, decisionID, requestedBy string) (*decisionlog.Record, error) {
	// Once the book is declared complete its balance is authoritative (a larger claim is
	// referred by the policy); before that, the larger of the book's and the core system's.
	requested := money.Fen(0)
	if req.Applicant.ExistingBalance != nil {
		requested = *req.Applicant.ExistingBalance
	}
	existing, source := requested, "request"
	if booked > existing || book.Complete {
		existing, source = booked, "book"
	}
	decidedAt := s.now().UTC().Truncate(time.Microsecond)
	in := policyInput(req, decidedAt, existing, requested, booked, book)
	res, err := pol.Decide(ctx, in)
	if err != nil {
		return nil, err
	}
	// As json.Marshal writes them (policy.AppendReasons), without its reflection.
	reasons := policy.AppendReasons(nil, res.Reasons)
	result := res.AppendJSONWithReasons(make([]byte, 0, len(reasons)+1024), reasons)
	input, err := in.JSON()
	if err != nil {
		return nil, err
	}
	if input, err = s.Mask.MaskDoc(input); err != nil {
		return nil, err
	}
	stored, nameHash, idHash, err := s.maskRequest(req)
	if err != nil {
		return nil, err
	}
	rec := &decisionlog.Record{Reasons: res.Reasons, Result: res, Row: &storage.Decision{
		DecisionID:            decisionID,
		ApplicationID:         req.ApplicationID,
		CustomerID:            req.Applicant.CustomerID,
		BranchID:              req.BranchID,
		IndustryCode:          req.Applicant.IndustryCode,
		AmountFen:             req.Loan.Amount,
		LoanKind:              req.Loan.Kind,
		Outcome:               res.Outcome,
		Stance:                res.Stance,
		Green:                 res.Green,
		GreenCategory:         res.GreenCategory,
		GreenCategoryVersion:  res.GreenCategoryVersion,
		ExistingBalanceFen:    existing,
		ExistingBalanceSource: source,
		Reasons:               string(reasons),
		Request:               string(stored),
		Input:                 string(input),
		Result:                string(result),
		PolicyRevision:        pol.Revision,
		PolicyDigest:          pol.Digest,
		DecidedAt:             decidedAt,
		RequestedBy:           requestedBy,
		ApplicantNameHash:     nameHash,
		ApplicantIDHash:       idHash,
		ReasonCodes:           storage.ReasonCodes(res.Codes()),
	}}
	rec.Input.Defaulted = req.Defaulted
	rec.Input.Applicant.Kind = req.Applicant.Kind
	rec.Input.Loan.RealEstatePurpose = req.Loan.RealEstatePurpose
	complete := book.Complete
	rec.Input.Book.Complete = &complete
	return rec, nil
}

// policyInput is the document the policy evaluates.
func policyInput(req *Request, decidedAt time.Time, existing, requested, booked money.Fen, book storage.Book) *policy.Input {
	return &policy.Input{
		ApplicationID: req.ApplicationID,
		BranchID:      req.BranchID,
		DecidedOn:     decisionlog.BankDate(decidedAt),
		Defaulted:     req.Defaulted,
		Applicant: policy.Applicant{
			CustomerID:             req.Applicant.CustomerID,
			Kind:                   req.Applicant.Kind,
			Size:                   req.Applicant.Size,
			IndustryCode:           req.Applicant.IndustryCode,
			EnvCreditRating:        req.Applicant.EnvCreditRating,
			IndustrialPolicyClass:  req.Applicant.IndustrialPolicyClass,
			EnergyCompliant:        req.Applicant.EnergyCompliant,
			RealEstateRevenueRatio: req.Applicant.RealEstateRevenueRatio,
			ExistingBalanceFen:     int64(existing),
			RequestedBalanceFen:    int64(requested),
			BookedBalanceFen:       int64(booked),
		},
		Loan: policy.Loan{
			AmountFen:            int64(req.Loan.Amount),
			TermMonths:           req.Loan.TermMonths,
			Kind:                 req.Loan.Kind,
			Purpose:              req.Loan.Purpose,
			GreenCategory:        req.Loan.GreenCategory,
			GreenCategoryVersion: req.Loan.GreenCategoryVersion,
			ProjectType:          req.Loan.ProjectType,
			RealEstatePurpose:    req.Loan.RealEstatePurpose,
		},
		Book: policy.Book{TotalFen: int64(book.TotalFen), THOSFen: int64(book.THOSFen),
			RealEstateFen: int64(book.RealEstateFen), PersonalHousingFen: int64(book.PersonalHousingFen),
			GreenFen: int64(book.GreenFen), Complete: book.Complete},
	}
}

// maskRequest is the request as stored (personal data replaced by keyed hashes, the extra
// paths masked) and the hashes of the name and the ID number.
func (s *Service) maskRequest(req *Request) (stored []byte, nameHash, idHash string, err error) {
	r := *req
	r.Applicant.Name, r.Applicant.IDNumber, nameHash, idHash = s.Mask.MaskIdentity(r.Applicant.Name, r.Applicant.IDNumber)
	if stored, err = json.Marshal(&r); err != nil {
		return nil, "", "", fmt.Errorf("encode request: %w", err)
	}
	if stored, err = s.Mask.MaskDoc(stored); err != nil {
		return nil, "", "", err
	}
	return stored, nameHash, idHash, nil
}
