package screening

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"greencredit/decisionlog"
	"greencredit/storage"
)

// idemPoll is how often a retry waiting for the first request looks again.
const idemPoll = 50 * time.Millisecond

// ConflictError: the Idempotency-Key was already used with a different body.
type ConflictError struct{ Key, DecisionID string }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("idempotency key %q was already used with a different body (decision %s)", e.Key, e.DecisionID)
}

// ErrInProgress: a request with this Idempotency-Key is still being decided; retry it.
var ErrInProgress = errors.New("a request with this idempotency key is still being decided")

func (s *Service) staleAfter() time.Duration {
	if s.StaleAfter > 0 {
		return s.StaleAfter
	}
	return time.Minute
}

// ScreenOnce decides a screening at most once per (principal, key): the first request reserves
// the key with the body's digest and a decision id fixed in advance, then Screens; a retry with
// the same body gets that decision's record back (replayed true), with another body a
// *ConflictError; a concurrent retry waits for the first to finish (at most half of StaleAfter,
// then ErrInProgress). A reservation whose owner failed or vanished is taken over.
func (s *Service) ScreenOnce(ctx context.Context, principal, key string, body []byte, req *Request) (rec *decisionlog.Record, replayed bool, err error) {
	id, err := uuid.NewV7()
	if err != nil {
		return nil, false, fmt.Errorf("decision id: %w", err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	own := &storage.IdempotencyKey{Principal: principal, Key: key, BodySHA256: s.BodyDigest(body),
		DecisionID: id.String(), State: storage.IdemPending, Owner: uuid.NewString(), ReservedAt: now, CreatedAt: now}
	held, err := s.Store.ReserveIdempotency(ctx, own)
	if err != nil {
		return nil, false, err
	}
	waitUntil := time.Now().Add(s.staleAfter() / 2)
	for held != nil {
		if held.BodySHA256 != own.BodySHA256 {
			return nil, false, &ConflictError{Key: key, DecisionID: held.DecisionID}
		}
		rec, err := decisionlog.Get(ctx, s.Store, held.DecisionID)
		if err == nil {
			return rec, true, nil
		}
		if !errors.Is(err, storage.ErrNotFound) {
			return nil, false, err
		}
		if held.State == storage.IdemFailed || time.Since(held.ReservedAt) > s.staleAfter() {
			newOwner := uuid.NewString()
			won, err := s.Store.TakeOverIdempotency(ctx, held, newOwner, time.Now().UTC().Truncate(time.Microsecond))
			if err != nil {
				return nil, false, err
			}
			if won {
				s.note(ctx, "idempotency key taken over", "idempotency_key", key, "decision_id", held.DecisionID, "previous_state", held.State)
				own = held
				own.Owner, own.State = newOwner, storage.IdemPending
				break
			}
		} else if time.Now().After(waitUntil) || !sleepCtx(ctx, idemPoll) {
			return nil, false, ErrInProgress
		}
		if held, err = s.Store.GetIdempotency(ctx, principal, key); err != nil {
			return nil, false, err
		}
	}
	rec, err = s.Screen(ctx, principal, req, own.DecisionID)
	// The request may be out of time; finishing the reservation must still be tried.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err != nil {
		// In doubt (e.g. the commit's acknowledgement was lost, or a takeover raced us and won
		// the unique decision_id): if the decision exists, it is this key's answer.
		if rec, gerr := decisionlog.Get(fctx, s.Store, own.DecisionID); gerr == nil {
			_ = s.Store.FinishIdempotency(fctx, own, storage.IdemDone)
			return rec, true, nil
		}
		if ferr := s.Store.FinishIdempotency(fctx, own, storage.IdemFailed); ferr != nil {
			s.note(ctx, "idempotency key left pending", "idempotency_key", key, "err", ferr)
		}
		return nil, false, err
	}
	if err := s.Store.FinishIdempotency(fctx, own, storage.IdemDone); err != nil {
		// The decision is committed; a retry finds it by its decision_id.
		s.note(ctx, "idempotency key not marked done", "idempotency_key", key, "err", err)
	}
	return rec, false, nil
}

func (s *Service) note(ctx context.Context, msg string, args ...any) {
	if s.Logger != nil {
		s.Logger.WarnContext(ctx, msg, args...)
	}
}

// BodyDigest identifies a request body for the reservation: the same body, the same digest. It
// is keyed (HMAC-SHA256 under the masking key): the body holds the clear name and ID number, and
// an unkeyed hash of it could be searched for them.
func (s *Service) BodyDigest(b []byte) string {
	return s.Mask.Hash("idempotency_body", string(b))
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
