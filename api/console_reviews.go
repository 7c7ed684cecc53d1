package api

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"greencredit/policy"
)

// consoleReviews serves GET /console/reviews: the review queue (GET /v1/reviews) with its
// filters, oldest first, with each decision's age.
func (s *Server) consoleReviews(c *gin.Context) error {
	q := url.Values{"limit": {"1000"}} // the API's largest page: a day's queue is far shorter
	for _, k := range []string{"state", "branch_id", "reason_code", "min_age_hours"} {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	p := page{Title: "审查队列 Review queue", Section: "reviews"}
	var list struct {
		Reviews []QueueEntry `json:"reviews"`
	}
	if err := s.apiJSON(c, http.MethodGet, "/v1/reviews?"+q.Encode(), nil, &list); err != nil {
		e, err := shownRefusal(err)
		if err != nil {
			return err
		}
		p.Message, p.Problems = e.Message, e.Details
	}
	p.Data = gin.H{"Form": c.Request.URL.Query(), "Queue": list.Reviews}
	s.render(c, http.StatusOK, "reviews", p)
	return nil
}

// reviewForm is what the review form shows: the decision, the actions its state admits, the
// exception codes an override may cite (with the declines each covers), and what was entered.
type reviewForm struct {
	D          DecisionRecord
	Actions    []string
	Exceptions []policy.Exception
	Declines   []string
	Entered    url.Values
}

func (s *Server) reviewFormOf(c *gin.Context, id string, entered url.Values) (*reviewForm, error) {
	var rec DecisionRecord
	if err := s.apiJSON(c, http.MethodGet, "/v1/decisions/"+url.PathEscape(id), nil, &rec); err != nil {
		return nil, err
	}
	f := &reviewForm{D: rec, Entered: entered}
	switch {
	case rec.ReviewState == "pending_second_approval":
		f.Actions = []string{"confirm", "reject"}
	case rec.FinalOutcome == "refer":
		f.Actions = []string{"approve", "decline"}
	case rec.FinalOutcome == "decline":
		f.Actions = []string{"approve"} // an override, with an exception code
	case rec.FinalOutcome == "approve":
		f.Actions = []string{"decline"}
	}
	for _, r := range rec.Reasons {
		if r.Outcome == "decline" {
			f.Declines = append(f.Declines, r.Code)
		}
	}
	if pol := s.Policy.Active(); pol != nil {
		for _, x := range pol.Exceptions {
			f.Exceptions = append(f.Exceptions, x)
		}
		slices.SortFunc(f.Exceptions, func(a, b policy.Exception) int {
			// Those that cover this decision's declines first.
			return cmp.Or(-cmp.Compare(b2n(a.Covers(f.Declines)), b2n(b.Covers(f.Declines))), cmp.Compare(a.Code, b.Code))
		})
	}
	return f, nil
}

func b2n(b bool) int {
	if b {
		return 1
	}
	return 0
}

// consoleReviewForm serves GET /console/reviews/{decision_id}.
func (s *Server) consoleReviewForm(c *gin.Context) error {
	f, err := s.reviewFormOf(c, c.Param("decision_id"), url.Values{})
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "review", page{Title: "审查 Review " + f.D.ApplicationID, Section: "reviews", Data: f})
	return nil
}

// consoleReview serves POST /console/reviews/{decision_id}: the review goes to POST
// /v1/decisions/{id}/reviews as the signed-in reviewer; a refusal (self-review, four eyes, a missing
// rationale, an exception that does not cover the declines, …) is shown on the form with what was
// entered, and nothing is recorded.
func (s *Server) consoleReview(c *gin.Context) error {
	id := c.Param("decision_id")
	body := map[string]any{"action": c.PostForm("action"), "rationale": c.PostForm("rationale")}
	if x := strings.TrimSpace(c.PostForm("exception_code")); x != "" {
		body["exception_code"] = x
	}
	var conds []string
	for _, line := range strings.Split(c.PostForm("conditions"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			conds = append(conds, line)
		}
	}
	if len(conds) > 0 {
		body["conditions"] = conds
	}
	err := s.apiJSON(c, http.MethodPost, "/v1/decisions/"+url.PathEscape(id)+"/reviews", body, &struct{}{})
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/console/decisions/"+url.PathEscape(id)+"?reviewed=1")
		return nil
	}
	e, err := shownRefusal(err)
	if err != nil {
		return err
	}
	f, ferr := s.reviewFormOf(c, id, c.Request.PostForm)
	if ferr != nil {
		return ferr
	}
	s.render(c, e.Status, "review", page{Title: "审查 Review " + f.D.ApplicationID, Section: "reviews", Message: e.Message, Problems: e.Details, Data: f})
	return nil
}
