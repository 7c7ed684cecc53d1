package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/models"
	"greencredit/policy"
)

// ScreeningResponse is the answer to POST /v1/screenings.
type ScreeningResponse struct {
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
	BookComplete          bool       `json:"book_complete"`
	ExistingBalance       models.Fen `json:"existing_balance"`
	ExistingBalanceSource string     `json:"existing_balance_source"`
	PolicyRevision        string     `json:"policy_revision"`
	PolicyDigest          string     `json:"policy_digest"`
	DecidedAt             time.Time  `json:"decided_at"`
}

// readJSONBody enforces the content type and the body limit.
func (s *Server) readJSONBody(c *gin.Context) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/json" && mt != "application/problem+json") {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "the body must be JSON (Content-Type: application/json)"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, s.BodyLimit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("the body is larger than %d bytes", s.BodyLimit)}
	}
	if err != nil {
		return nil, &Error{Status: http.StatusBadRequest, Code: "invalid_input", Message: "the body could not be read", Cause: err}
	}
	if !json.Valid(body) {
		return nil, invalidInput([]FieldProblem{{Field: "", Problem: "malformed JSON"}})
	}
	return body, nil
}

func (s *Server) screen(c *gin.Context) {
	idemKey, err := idempotencyKey(c)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	body, err := s.readJSONBody(c)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	inForce := models.GreenCatalogue2025
	if pol := s.Policy.Active(); pol != nil {
		inForce = pol.CatalogueInForce(decisionDate(time.Now()))
	}
	req, problems := decodeScreening(body, s.Ref, inForce)
	if problems != nil {
		writeError(c, s.Log, invalidInput(problems))
		return
	}
	if idemKey != "" {
		s.screenIdempotent(c, idemKey, body, req)
		return
	}
	resp, err := s.decide(c, req)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.JSON(http.StatusCreated, resp)
}

// decide evaluates the policy and records the decision; it returns an answer only
// once the decision is durably committed.
func (s *Server) decide(c *gin.Context, req *ScreeningRequest) (*ScreeningResponse, error) {
	ctx := c.Request.Context()
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
	id, err := reservedDecisionID(c)
	if err != nil {
		return nil, fmt.Errorf("decision id: %w", err)
	}
	d, res, err := s.evaluate(ctx, pol, req, booked, book, id.String(), principal(c))
	if err != nil {
		return nil, err
	}
	if err := s.Decisions.Append(ctx, d); err != nil {
		return nil, err
	}
	s.Metrics.decisions.WithLabelValues(d.Outcome, d.Stance).Inc()
	return newResponse(d, res.Reasons, res.Conditions, req.Defaulted, book.Complete), nil
}

// chinaStandardTime is the bank's time zone (UTC+8, no daylight saving): a decision's date,
// which decides the green catalogue in force, is its date in Yuyao.
var chinaStandardTime = time.FixedZone("CST", 8*60*60)

// decisionDate is the date (YYYY-MM-DD) of an instant in China Standard Time.
func decisionDate(t time.Time) string { return t.In(chinaStandardTime).Format(time.DateOnly) }

// evaluate is a screening without the database: given the customer's booked balance and the
// loan book, it evaluates the policy and builds the decision's record (masked, encoded).
func (s *Server) evaluate(ctx context.Context, pol *policy.Policy, req *ScreeningRequest, booked models.Fen,
	book models.Book, decisionID, requestedBy string) (*models.Decision, *policy.Result, error) {
	// Once the book is declared complete its balance is authoritative (a larger claim is
	// referred by the policy); before that, the larger of the book's and the core system's.
	requested := models.Fen(0)
	if req.Applicant.ExistingBalance != nil {
		requested = *req.Applicant.ExistingBalance
	}
	existing, source := requested, "request"
	if booked > existing || book.Complete {
		existing, source = booked, "book"
	}
	decidedAt := time.Now().UTC().Truncate(time.Microsecond)
	in := &policy.Input{
		ApplicationID: req.ApplicationID,
		BranchID:      req.BranchID,
		DecidedOn:     decisionDate(decidedAt),
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
	res, err := pol.Decide(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	reasons, err := json.Marshal(res.Reasons)
	if err != nil {
		return nil, nil, fmt.Errorf("encode reasons: %w", err)
	}
	result, err := json.Marshal(res)
	if err != nil {
		return nil, nil, fmt.Errorf("encode result: %w", err)
	}
	input, err := in.JSON()
	if err != nil {
		return nil, nil, err
	}
	if input, err = s.Mask.MaskDoc(input); err != nil {
		return nil, nil, err
	}
	stored, nameHash, idHash, err := s.Mask.MaskRequest(req)
	if err != nil {
		return nil, nil, err
	}
	return &models.Decision{
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
	}, res, nil
}
