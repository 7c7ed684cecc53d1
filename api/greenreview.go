package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"greencredit/models"
	"greencredit/policy"
)

// GreenReviewLoan is a booked loan whose green flag the active policy would set differently.
type GreenReviewLoan struct {
	LoanID            string     `json:"loan_id"`
	DecisionID        string     `json:"decision_id"`
	BranchID          string     `json:"branch_id"`
	IndustryCode      string     `json:"industry_code"`
	Balance           models.Fen `json:"balance"`
	BookedGreen       bool       `json:"booked_green"`
	BookedCategory    string     `json:"booked_green_category"`
	BookedVersion     string     `json:"booked_green_category_version"`
	PolicyGreen       bool       `json:"policy_green"`
	PolicyCategory    string     `json:"policy_green_category"`
	PolicyVersion     string     `json:"policy_green_category_version"`
	PolicyOutcome     string     `json:"policy_outcome"`
	PolicyReasonCodes []string   `json:"policy_reason_codes"`
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

// greenReview serves GET /v1/portfolio/green-review?limit=&cursor=: the booked loans whose green
// flag the active policy would set differently from the one they carry, re-evaluating each
// loan's recorded decision input under the active revision (as impact analysis does: the
// input's own date and catalogue version, so a loan keeps the historical standard it was
// approved under). Nothing is changed: compliance decides, and re-reports the loan if it must.
func (s *Server) greenReview(c *gin.Context) {
	ctx := c.Request.Context()
	limit := 500
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5000 {
			writeError(c, s.Log, invalidInput([]FieldProblem{{Field: "limit", Problem: "must be a whole number from 1 to 5000"}}))
			return
		}
		limit = n
	}
	cursor := c.Query("cursor")
	if cursor != "" && (len(cursor) > 64 || !idPattern.MatchString(cursor)) {
		writeError(c, s.Log, invalidInput([]FieldProblem{{Field: "cursor", Problem: "is not a cursor of this report"}}))
		return
	}
	pol := s.Policy.Active()
	if pol == nil {
		writeError(c, s.Log, policy.ErrNoPolicy)
		return
	}
	rows, err := s.Store.LoansWithDecisions(ctx, cursor, limit)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	out := GreenReview{PolicyRevision: pol.Revision, Differ: []GreenReviewLoan{}, MissingDecision: []string{}}
	if out.NotCheckable, err = s.Store.CountLoansWithoutDecision(ctx); err != nil {
		writeError(c, s.Log, err)
		return
	}
	for _, r := range rows {
		if r.Decision == nil {
			out.MissingDecision = append(out.MissingDecision, r.Loan.LoanID)
			continue
		}
		res, err := pol.DecideRecorded(ctx, []byte(r.Decision.Input))
		if err != nil {
			writeError(c, s.Log, err)
			return
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
	c.JSON(http.StatusOK, out)
}
