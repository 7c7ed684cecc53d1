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
	DecisionID            string          `json:"decision_id"`
	ApplicationID         string          `json:"application_id"`
	Outcome               string          `json:"outcome"`
	Stance                string          `json:"stance"`
	Green                 bool            `json:"green"`
	GreenCategory         string          `json:"green_category"`
	Reasons               []policy.Reason `json:"reasons"`
	Conditions            []string        `json:"conditions"`
	ExistingBalance       models.Fen      `json:"existing_balance"`
	ExistingBalanceSource string          `json:"existing_balance_source"`
	PolicyRevision        string          `json:"policy_revision"`
	PolicyDigest          string          `json:"policy_digest"`
	DecidedAt             time.Time       `json:"decided_at"`
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
	req, problems := decodeScreening(body, s.Ref)
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
	return newResponse(d, res.Reasons, res.Conditions), nil
}

// evaluate is a screening without the database: given the customer's booked balance and the
// loan book, it evaluates the policy and builds the decision's record (masked, encoded).
func (s *Server) evaluate(ctx context.Context, pol *policy.Policy, req *ScreeningRequest, booked models.Fen,
	book models.Book, decisionID, requestedBy string) (*models.Decision, *policy.Result, error) {
	// The existing balance is the larger of the book's and the core system's.
	existing, source := models.Fen(0), "request"
	if req.Applicant.ExistingBalance != nil {
		existing = *req.Applicant.ExistingBalance
	}
	if booked > existing {
		existing, source = booked, "book"
	}
	in := &policy.Input{
		ApplicationID: req.ApplicationID,
		BranchID:      req.BranchID,
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
		},
		Loan: policy.Loan{
			AmountFen:     int64(req.Loan.Amount),
			TermMonths:    req.Loan.TermMonths,
			Kind:          req.Loan.Kind,
			Purpose:       req.Loan.Purpose,
			GreenCategory: req.Loan.GreenCategory,
		},
		Book: policy.Book{TotalFen: int64(book.TotalFen), THOSFen: int64(book.THOSFen),
			RealEstateFen: int64(book.RealEstateFen), GreenFen: int64(book.GreenFen)},
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
		ExistingBalanceFen:    existing,
		ExistingBalanceSource: source,
		Reasons:               string(reasons),
		Request:               string(stored),
		Input:                 string(input),
		Result:                string(result),
		PolicyRevision:        pol.Revision,
		PolicyDigest:          pol.Digest,
		DecidedAt:             time.Now().UTC().Truncate(time.Microsecond),
		RequestedBy:           requestedBy,
		ApplicantNameHash:     nameHash,
		ApplicantIDHash:       idHash,
	}, res, nil
}
