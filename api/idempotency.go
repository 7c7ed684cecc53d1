package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"greencredit/models"
	"greencredit/policy"
)

const (
	maxIdempotencyKey = 128
	ctxDecisionID     = "reserved_decision_id"
	idemPoll          = 50 * time.Millisecond
)

// idempotencyKey reads the Idempotency-Key header: "" when absent; 400 when empty, repeated,
// longer than 128 characters or not printable ASCII.
func idempotencyKey(c *gin.Context) (string, error) {
	vals := c.Request.Header.Values("Idempotency-Key")
	if len(vals) == 0 {
		return "", nil
	}
	bad := func(problem string) error {
		return invalidInput([]FieldProblem{{Field: "Idempotency-Key", Problem: problem}})
	}
	if len(vals) > 1 {
		return "", bad("must be sent once")
	}
	k := vals[0]
	if k == "" || len(k) > maxIdempotencyKey {
		return "", bad(fmt.Sprintf("must be 1–%d characters", maxIdempotencyKey))
	}
	if !printableASCII(k) {
		return "", bad("must be printable ASCII without spaces")
	}
	return k, nil
}

// staleAfter is how old a pending reservation must be before another request may take it
// over: longer than any request may live, so its owner is surely gone.
func (s *Server) staleAfter() time.Duration {
	if s.RequestTimeout > 0 {
		return 2*s.RequestTimeout + 5*time.Second
	}
	return time.Minute
}

// screenIdempotent decides a screening at most once per (principal, key): the first request
// reserves the key with the body's sha256 and a decision_id fixed in advance; a retry with the
// same body replays that decision (200, Idempotent-Replayed: true), with another body it is
// 409 idempotency_conflict; a concurrent retry waits for the first to finish.
func (s *Server) screenIdempotent(c *gin.Context, key string, body []byte, req *ScreeningRequest) {
	ctx := c.Request.Context()
	id, err := uuid.NewV7()
	if err != nil {
		writeError(c, s.Log, fmt.Errorf("decision id: %w", err))
		return
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	own := &models.IdempotencyKey{Principal: principal(c), Key: key, BodySHA256: sha256Hex(body),
		DecisionID: id.String(), State: models.IdemPending, Owner: uuid.NewString(), ReservedAt: now, CreatedAt: now}
	held, err := s.Store.ReserveIdempotency(ctx, own)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	waitUntil := time.Now().Add(s.staleAfter() / 2)
	for held != nil {
		if held.BodySHA256 != own.BodySHA256 {
			s.auditBestEffort(c, "idempotency.conflict", map[string]string{"idempotency_key": key, "decision_id": held.DecisionID})
			writeError(c, s.Log, &Error{Status: http.StatusConflict, Code: "idempotency_conflict",
				Message: "this Idempotency-Key was already used with a different body"})
			return
		}
		d, err := s.Store.GetDecision(ctx, held.DecisionID)
		if err == nil {
			s.replay(c, d)
			return
		}
		if !errors.Is(err, models.ErrNotFound) {
			writeError(c, s.Log, err)
			return
		}
		if held.State == models.IdemFailed || time.Since(held.ReservedAt) > s.staleAfter() {
			newOwner := uuid.NewString()
			won, err := s.Store.TakeOverIdempotency(ctx, held, newOwner, time.Now().UTC().Truncate(time.Microsecond))
			if err != nil {
				writeError(c, s.Log, err)
				return
			}
			if won {
				s.logFor(c).InfoContext(ctx, "idempotency key taken over", "idempotency_key", key, "decision_id", held.DecisionID, "previous_state", held.State)
				own = held
				own.Owner, own.State = newOwner, models.IdemPending
				break
			}
		} else if time.Now().After(waitUntil) || !sleepCtx(ctx, idemPoll) {
			c.Header("Retry-After", "1")
			writeError(c, s.Log, &Error{Status: http.StatusConflict, Code: "idempotency_in_progress",
				Message: "a request with this Idempotency-Key is still being decided; retry it"})
			return
		}
		if held, err = s.Store.GetIdempotency(ctx, principal(c), key); err != nil {
			writeError(c, s.Log, err)
			return
		}
	}
	id, err = uuid.Parse(own.DecisionID)
	if err != nil {
		writeError(c, s.Log, fmt.Errorf("reserved decision id %q: %w", own.DecisionID, err))
		return
	}
	c.Set(ctxDecisionID, id)
	resp, err := s.decide(c, req)
	// The request may be out of time; finishing the reservation must still be tried.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err != nil {
		// In doubt (e.g. the commit's acknowledgement was lost, or a takeover raced us and won
		// the unique decision_id): if the decision exists, it is this key's answer.
		if d, gerr := s.Store.GetDecision(fctx, own.DecisionID); gerr == nil {
			_ = s.Store.FinishIdempotency(fctx, own, models.IdemDone)
			s.replay(c, d)
			return
		}
		if ferr := s.Store.FinishIdempotency(fctx, own, models.IdemFailed); ferr != nil {
			s.logFor(c).WarnContext(ctx, "idempotency key left pending", "idempotency_key", key, "err", ferr)
		}
		writeError(c, s.Log, err)
		return
	}
	if err := s.Store.FinishIdempotency(fctx, own, models.IdemDone); err != nil {
		// The decision is committed; a retry finds it by its decision_id.
		s.logFor(c).WarnContext(ctx, "idempotency key not marked done", "idempotency_key", key, "err", err)
	}
	c.JSON(http.StatusCreated, resp)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// reservedDecisionID is the decision_id fixed by an idempotency reservation, else a new UUIDv7.
func reservedDecisionID(c *gin.Context) (uuid.UUID, error) {
	if v, ok := c.Get(ctxDecisionID); ok {
		if id, ok := v.(uuid.UUID); ok {
			return id, nil
		}
	}
	return uuid.NewV7()
}

// replay answers 200 with the recorded decision, as the original 201 answered it.
func (s *Server) replay(c *gin.Context, d *models.Decision) {
	resp, err := responseFromDecision(d)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.Header("Idempotent-Replayed", "true")
	c.JSON(http.StatusOK, resp)
}

// responseFromDecision rebuilds the screening answer from the decision log's record.
func responseFromDecision(d *models.Decision) (*ScreeningResponse, error) {
	res, err := recordedResult(d)
	if err != nil {
		return nil, err
	}
	in, err := recordedInputOf(d)
	if err != nil {
		return nil, err
	}
	return newResponse(d, res.Reasons, res.Conditions, in.defaulted(), in.bookComplete()), nil
}

// newResponse is the screening answer for a recorded decision: the first answer and every
// replay are built by this one function, so they are the same.
func newResponse(d *models.Decision, reasons []policy.Reason, conditions, defaulted []string, bookComplete bool) *ScreeningResponse {
	return &ScreeningResponse{
		DecisionID:            d.DecisionID,
		ApplicationID:         d.ApplicationID,
		Outcome:               d.Outcome,
		Stance:                d.Stance,
		Green:                 d.Green,
		GreenCategory:         d.GreenCategory,
		GreenCategoryVersion:  d.GreenCategoryVersion,
		Reasons:               reasons,
		Conditions:            conditions,
		Defaulted:             defaulted,
		BookComplete:          bookComplete,
		ExistingBalance:       d.ExistingBalanceFen,
		ExistingBalanceSource: d.ExistingBalanceSource,
		PolicyRevision:        d.PolicyRevision,
		PolicyDigest:          d.PolicyDigest,
		DecidedAt:             d.DecidedAt.UTC(),
	}
}

// sleepCtx waits d unless ctx ends first; it tells whether the full wait happened.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
