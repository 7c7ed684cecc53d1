package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"greencredit/lifecycle"
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
