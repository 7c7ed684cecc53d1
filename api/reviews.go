package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/review"
	"greencredit/storage"
)

// Bounds of a review's text.
const (
	maxRationale     = 2000
	maxConditions    = 20
	maxConditionSize = 500
)

var reasonCodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)

// ReviewView is one review as answered.
type ReviewView struct {
	ReviewID      string    `json:"review_id"`
	DecisionID    string    `json:"decision_id"`
	Step          int       `json:"step"`
	Action        string    `json:"action"`
	ExceptionCode string    `json:"exception_code,omitempty"`
	Conditions    []string  `json:"conditions"`
	Rationale     string    `json:"rationale"`
	Reviewer      string    `json:"reviewer"`
	ReviewedAt    time.Time `json:"reviewed_at"`
	State         string    `json:"state"`
	FinalOutcome  string    `json:"final_outcome"`
	Seq           uint64    `json:"seq"`
	PrevHash      string    `json:"prev_hash"`
	Hash          string    `json:"hash"`
}

func reviewView(r *storage.Review) ReviewView {
	v := ReviewView{ReviewID: r.ReviewID, DecisionID: r.DecisionID, Step: r.Step, Action: r.Action, ExceptionCode: r.ExceptionCode,
		Rationale: r.Rationale, Reviewer: r.Reviewer, ReviewedAt: r.ReviewedAt.UTC(), State: r.State,
		FinalOutcome: r.FinalOutcome, Seq: r.Seq, PrevHash: r.PrevHash, Hash: r.Hash, Conditions: []string{}}
	_ = json.Unmarshal([]byte(r.Conditions), &v.Conditions) // written by this service as a JSON array
	return v
}

// postReview serves POST /v1/decisions/{decision_id}/reviews: a reviewer's approve or decline
// (with conditions and a rationale), an override of a decline (approve with an exception code),
// or the second reviewer's confirm or reject of a pending override.
func (s *Server) postReview(c *gin.Context) error {
	var errs []FieldProblem
	o, err := readObject(c, &errs)
	if err != nil {
		return err
	}
	var in review.Input
	in.Action = o.enum("action", true, "", storage.ReviewApprove, storage.ReviewDecline, storage.ReviewConfirm, storage.ReviewReject)
	in.ExceptionCode = o.str("exception_code", false, 64, true)
	in.Rationale = strings.TrimSpace(o.str("rationale", true, maxRationale, false))
	if o.fields["rationale"] != nil && in.Rationale == "" {
		o.fail("rationale", "is required: why the reviewer decided so")
	}
	in.Conditions = o.strings("conditions", maxConditions, maxConditionSize)
	o.unknown()
	if len(errs) > 0 {
		return invalidInput(errs)
	}
	r, rec, err := s.Reviews.Submit(c.Request.Context(), principal(c), c.Param("decision_id"), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, gin.H{"review": reviewView(r), "decision_id": rec.Row.DecisionID, "outcome": rec.Row.Outcome,
		"final_outcome": rec.FinalOutcome(), "review_state": rec.ReviewState()})
	return nil
}

// QueueEntry is a decision in the review queue.
type QueueEntry struct {
	DecisionID    string     `json:"decision_id"`
	ApplicationID string     `json:"application_id"`
	CustomerID    string     `json:"customer_id"`
	BranchID      string     `json:"branch_id"`
	IndustryCode  string     `json:"industry_code"`
	Amount        money.Fen  `json:"amount"`
	Outcome       string     `json:"outcome"`
	Stance        string     `json:"stance"`
	ReasonCodes   []string   `json:"reason_codes"`
	DecidedAt     time.Time  `json:"decided_at"`
	AgeHours      int64      `json:"age_hours"`
	RequestedBy   string     `json:"requested_by"`
	State         string     `json:"state"`
	FinalOutcome  string     `json:"final_outcome"`
	ReviewedBy    string     `json:"reviewed_by,omitempty"`
	ReviewedAt    *time.Time `json:"reviewed_at,omitempty"`
	// FirstReviewer and ExceptionCode are a pending override's (the second reviewer must differ).
	FirstReviewer string `json:"first_reviewer,omitempty"`
	ExceptionCode string `json:"exception_code,omitempty"`
}

// reviewQueue serves GET /v1/reviews?state=&branch_id=&reason_code=&min_age_hours=&limit=: the
// decisions awaiting people (open referrals by default, or pending second approvals), or the
// closed ones, oldest decision first.
func (s *Server) reviewQueue(c *gin.Context) error {
	q := newQuery(c)
	f := storage.QueueFilter{State: q.enum("state", storage.ReviewOpen, storage.ReviewPendingSecond, storage.ReviewClosed),
		BranchID: q.id("branch_id", maxBranchID), Limit: q.limit(100, 1, 1000)}
	if f.State == "" {
		f.State = storage.ReviewOpen
	}
	if v := c.Query("reason_code"); v != "" {
		if !reasonCodePattern.MatchString(v) {
			q.fail("reason_code", "must be a reason code such as THOS_ADMISSION_REVIEW")
		}
		f.ReasonCode = v
	}
	now := time.Now().UTC()
	if v := c.Query("min_age_hours"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 24*3660 {
			q.fail("min_age_hours", "must be a whole number of hours from 0 to 87840")
		} else {
			f.DecidedBefore = now.Add(-time.Duration(n) * time.Hour)
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	items, err := s.Store.ReviewQueue(c.Request.Context(), f)
	if err != nil {
		return err
	}
	out := make([]QueueEntry, 0, len(items))
	for _, it := range items {
		rec, err := decisionlog.Decode(&it.Decision)
		if err != nil {
			return err
		}
		rec.Status = it.Status
		d := rec.Row
		e := QueueEntry{DecisionID: d.DecisionID, ApplicationID: d.ApplicationID, CustomerID: d.CustomerID, BranchID: d.BranchID,
			IndustryCode: d.IndustryCode, Amount: d.AmountFen, Outcome: d.Outcome, Stance: d.Stance, ReasonCodes: recordReasonCodes(rec),
			DecidedAt: d.DecidedAt.UTC(), AgeHours: int64(now.Sub(d.DecidedAt) / time.Hour), RequestedBy: d.RequestedBy,
			State: rec.ReviewState(), FinalOutcome: rec.FinalOutcome()}
		if st := it.Status; st != nil {
			at := st.ReviewedAt.UTC()
			e.ReviewedBy, e.ReviewedAt, e.FirstReviewer, e.ExceptionCode = st.ReviewedBy, &at, st.FirstReviewer, st.ExceptionCode
		}
		out = append(out, e)
	}
	c.JSON(http.StatusOK, gin.H{"state": f.State, "reviews": out})
	return nil
}

func recordReasonCodes(r *decisionlog.Record) []string {
	out := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		out[i] = x.Code
	}
	return out
}

// ReportRow is one review with the decision it reviewed, as compliance's report lists it.
type ReportRow struct {
	ReviewView
	ApplicationID string    `json:"application_id"`
	CustomerID    string    `json:"customer_id"`
	BranchID      string    `json:"branch_id"`
	IndustryCode  string    `json:"industry_code"`
	Amount        money.Fen `json:"amount"`
	Outcome       string    `json:"outcome"`
	ReasonCodes   []string  `json:"reason_codes"`
	DecidedAt     time.Time `json:"decided_at"`
	RequestedBy   string    `json:"requested_by"`
}

var reportHeader = []string{"review_id", "reviewed_at", "decision_id", "step", "action", "exception_code", "reviewer", "state",
	"final_outcome", "conditions", "rationale", "application_id", "customer_id", "branch_id", "industry_code", "amount",
	"outcome", "reason_codes", "decided_at", "requested_by", "seq", "hash"}

// reviewReport serves GET /v1/reviews/report?from=&to=&reviewer=&branch_id=&exception_code=
// &reason_code=&overrides=true: the reviews and overrides of a period with their decisions, as
// JSON (with counts by reviewer, branch, exception code, reason code and action; at most
// `limit` rows listed) or, with format=csv (Accept: text/csv), every row streamed.
func (s *Server) reviewReport(c *gin.Context) error {
	q := newQuery(c)
	f := storage.ReviewFilter{From: q.time("from", false), To: q.time("to", false), Reviewer: q.id("reviewer", 64),
		BranchID: q.id("branch_id", maxBranchID), ExceptionCode: q.id("exception_code", 64)}
	if v := c.Query("reason_code"); v != "" {
		if !reasonCodePattern.MatchString(v) {
			q.fail("reason_code", "must be a reason code such as THOS_ADMISSION_REVIEW")
		}
		f.ReasonCode = v
	}
	if b := q.boolean("overrides"); b != nil {
		f.OverridesOnly = *b
	}
	limit := q.limit(1000, 1, 10000)
	format := exportFormat(c)
	if v := c.Query("format"); v != "" && v != "csv" && v != "json" {
		q.fail("format", "must be json or csv")
	}
	if err := q.err(); err != nil {
		return err
	}
	ctx := c.Request.Context()
	if format == "csv" {
		return s.streamSheet(c, "reviews.csv", reportHeader, func(write func([]string) error) error {
			return s.Store.StreamReviews(ctx, f, func(rw *storage.ReviewWithDecision) error {
				r, err := reportRow(rw)
				if err != nil {
					return err
				}
				conds, _ := json.Marshal(r.Conditions)
				return write([]string{r.ReviewID, r.ReviewedAt.Format(time.RFC3339Nano), r.DecisionID, strconv.Itoa(r.Step), r.Action,
					r.ExceptionCode, r.Reviewer, r.State, r.FinalOutcome, string(conds), r.Rationale, r.ApplicationID, r.CustomerID,
					r.BranchID, r.IndustryCode, r.Amount.String(), r.Outcome, strings.Join(r.ReasonCodes, "|"),
					r.DecidedAt.Format(time.RFC3339Nano), r.RequestedBy, strconv.FormatUint(r.Seq, 10), r.Hash})
			})
		})
	}
	counts := map[string]map[string]int{"reviewer": {}, "branch_id": {}, "exception_code": {}, "reason_code": {}, "action": {}}
	rows := []ReportRow{}
	total := 0
	err := s.Store.StreamReviews(ctx, f, func(rw *storage.ReviewWithDecision) error {
		r, err := reportRow(rw)
		if err != nil {
			return err
		}
		total++
		counts["reviewer"][r.Reviewer]++
		counts["branch_id"][r.BranchID]++
		counts["action"][r.Action]++
		if r.ExceptionCode != "" {
			counts["exception_code"][r.ExceptionCode]++
		}
		for _, code := range r.ReasonCodes {
			counts["reason_code"][code]++
		}
		if len(rows) < limit {
			rows = append(rows, *r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"from": f.From, "to": f.To, "total": total, "truncated": total > len(rows), "by": counts, "reviews": rows})
	return nil
}

func reportRow(rw *storage.ReviewWithDecision) (*ReportRow, error) {
	rec, err := decisionlog.Decode(&rw.Decision)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	d := rec.Row
	return &ReportRow{ReviewView: reviewView(&rw.Review), ApplicationID: d.ApplicationID, CustomerID: d.CustomerID,
		BranchID: d.BranchID, IndustryCode: d.IndustryCode, Amount: d.AmountFen, Outcome: d.Outcome, ReasonCodes: recordReasonCodes(rec),
		DecidedAt: d.DecidedAt.UTC(), RequestedBy: d.RequestedBy}, nil
}
