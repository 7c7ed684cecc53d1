package api

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
)

// verifyDecisions serves GET /v1/decisions/verify: the incremental verification against the
// signed checkpoints (new records since the last verified checkpoint, the registry, the
// signatures), bounded by VerifyTimeout instead of the request deadline.
func (s *Server) verifyDecisions(c *gin.Context) error {
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.verifyTimeout())
	defer cancel()
	r, err := s.Verifier.Incremental(ctx)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, r)
	return nil
}

func (s *Server) verifyTimeout() time.Duration {
	if s.VerifyTimeout > 0 {
		return s.VerifyTimeout
	}
	return 10 * time.Minute
}

// startVerifyJob serves POST /v1/decisions/verify/jobs: a full verification in the background
// (every record recomputed, the tree rebuilt); 202 with the job, or 200 with the one running.
func (s *Server) startVerifyJob(c *gin.Context) error {
	job, started := s.VerifyJobs.Start()
	c.Header("Location", "/v1/decisions/verify/jobs/"+job.ID)
	if started {
		c.JSON(http.StatusAccepted, job)
	} else {
		c.JSON(http.StatusOK, job)
	}
	return nil
}

// getVerifyJob serves GET /v1/decisions/verify/jobs/{job_id}: progress, then the result.
func (s *Server) getVerifyJob(c *gin.Context) error {
	job := s.VerifyJobs.Get(c.Param("job_id"))
	if job == nil {
		return errNotFound("verification job")
	}
	c.JSON(http.StatusOK, job)
	return nil
}

// decisionProof serves GET /v1/decisions/{decision_id}/proof?size=: the decision's inclusion proof
// in the checkpoint of that size (default the latest).
func (s *Server) decisionProof(c *gin.Context) error {
	q := newQuery(c)
	size := q.int64("size", 0)
	if err := q.err(); err != nil {
		return err
	}
	ctx := c.Request.Context()
	d, err := s.Store.GetDecision(ctx, c.Param("decision_id"))
	if err != nil {
		return err
	}
	p, err := decisionlog.ProveDecision(ctx, s.Store, d, size)
	if errors.Is(err, decisionlog.ErrNotCheckpointed) {
		return &Error{Status: http.StatusNotFound, Code: "not_checkpointed", Message: "the decision is not in that checkpoint yet; ask again after the next", Cause: err}
	}
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, p)
	return nil
}

// listCheckpoints serves GET /v1/checkpoints?from=&limit=: the signed checkpoints of size ≥ from,
// oldest first, as published (also written to GREENCREDIT_CHECKPOINT_DIR).
func (s *Server) listCheckpoints(c *gin.Context) error {
	q := newQuery(c)
	from := q.int64("from", 0)
	limit := q.limit(100, 1, 1000)
	if err := q.err(); err != nil {
		return err
	}
	cps, err := decisionlog.Published(c.Request.Context(), s.Store, from, limit)
	if err != nil {
		return err
	}
	if cps == nil {
		cps = []*decisionlog.SignedCheckpoint{}
	}
	c.JSON(http.StatusOK, gin.H{"public_key": s.PublicKey, "checkpoints": cps})
	return nil
}

// publicKey serves GET /v1/checkpoints/public-key: the key compliance verifies checkpoints with.
func (s *Server) publicKey(c *gin.Context) error {
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(s.PublicKey+"\n"))
	return nil
}

// consistencyProof serves GET /v1/checkpoints/consistency?old=&new=: proof that checkpoint new
// extends checkpoint old.
func (s *Server) consistencyProof(c *gin.Context) error {
	q := newQuery(c)
	oldSize, newSize := q.int64("old", -1), q.int64("new", -1)
	if oldSize <= 0 {
		q.fail("old", "is required: the size of a checkpoint you hold")
	}
	if newSize < oldSize {
		q.fail("new", "is required: the size of a later checkpoint")
	}
	if err := q.err(); err != nil {
		return err
	}
	p, err := decisionlog.ProveConsistency(c.Request.Context(), s.Store, oldSize, newSize)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, p)
	return nil
}

// exportLog serves GET /v1/log/export: the verifiable export of the whole log (chains, every
// record with every field its hash covers, leaf indexes), NDJSON, streamed; what
// `greencredit verify-export` checks with the checkpoints and the public key.
func (s *Server) exportLog(c *gin.Context) error {
	c.Header("Content-Type", "application/x-ndjson")
	c.Header("Content-Disposition", `attachment; filename="decision-log.ndjson"`)
	w := bufio.NewWriterSize(c.Writer, 64<<10)
	c.Status(http.StatusOK)
	if err := decisionlog.Export(c.Request.Context(), s.Store, w); err != nil {
		// Headers are gone: the truncated file fails verification.
		s.logFor(c).ErrorContext(c.Request.Context(), "log export interrupted", "err", err)
		return nil
	}
	return w.Flush()
}
