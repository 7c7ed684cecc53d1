package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"greencredit/lifecycle"
	"greencredit/policy"
	"greencredit/screening"
	"greencredit/storage"
)

// impact serves POST /v1/policy/impact?from=&to=&limit=: the recorded inputs of a decided_at
// range re-evaluated under a candidate bundle, which is compiled for the look only (not stored,
// remembered or counted).
func (s *Server) impact(c *gin.Context) error {
	q := newQuery(c)
	f := storage.DecisionFilter{From: q.time("from", true), To: q.time("to", true)}
	limit := q.limit(100, 0, 1000)
	if err := q.err(); err != nil {
		return err
	}
	files, err := readBundle(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	cand, err := s.Policies.Candidate(ctx, files, "impact:"+principal(c))
	if err != nil {
		return err
	}
	report, err := lifecycle.Impact(ctx, s.Store, cand, f, limit)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, report)
	return nil
}

// replayDecision serves GET /v1/decisions/{decision_id}/replay: the decision re-evaluated under
// the revision that made it.
func (s *Server) replayDecision(c *gin.Context) error {
	r, err := s.Policies.Replay(c.Request.Context(), c.Param("decision_id"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, r)
	return nil
}

// Evaluation is one revision's answer to a tried application: a screening's answer (its
// decision_id empty: nothing was recorded) and whether the revision is the active one.
type Evaluation struct {
	Active bool `json:"active"`
	*screening.Response
}

// maxTryRevisions bounds how many stored revisions one try compares with the active one.
const maxTryRevisions = 4

// tryApplication serves POST /v1/policy/evaluate?digest=…: an application (the body of POST
// /v1/screenings) decided under the active revision and each stored revision named (up to four),
// with the book and the customer's balance as a screening would see them now. Nothing is
// recorded: no decision, no log entry, no idempotency key.
func (s *Server) tryApplication(c *gin.Context) error {
	body, err := readJSONBody(c)
	if err != nil {
		return err
	}
	req, problems := decodeScreening(body, s.Ref, s.Screening.CatalogueInForce())
	digests := c.QueryArray("digest")
	if len(digests) > maxTryRevisions {
		problems = append(problems, FieldProblem{Field: "digest", Problem: fmt.Sprintf("names at most %d revisions", maxTryRevisions)})
	}
	for _, d := range digests {
		if !revisionDigest(d) {
			problems = append(problems, FieldProblem{Field: "digest", Problem: "must be a stored revision's digest, sha256:<64 hex>"})
			break
		}
	}
	if problems != nil {
		return invalidInput(problems)
	}
	active := s.Policy.Active()
	if active == nil {
		return policy.ErrNoPolicy
	}
	pols := []*policy.Policy{active}
	for _, d := range digests {
		p, err := s.Policies.PolicyFor(c.Request.Context(), d)
		if err != nil {
			return err
		}
		pols = append(pols, p)
	}
	out := make([]Evaluation, 0, len(pols))
	for i, p := range pols {
		rec, err := s.Screening.Try(c.Request.Context(), p, req)
		if err != nil {
			return err
		}
		out = append(out, Evaluation{Active: i == 0, Response: screening.Answer(rec)})
	}
	c.JSON(http.StatusOK, gin.H{"evaluations": out, "recorded": false})
	return nil
}
