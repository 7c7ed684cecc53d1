// Package review is the human side of a decision: reviews of referrals, overrides of declines
// with four eyes (例外审批), and declines of approvals: the review state machine (state.go) and the
// review chain (chain.go: appended under its lock, verified by replaying the rules). The decision
// itself never changes; its final outcome is the last confirmed review's.
package review

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"greencredit/decisionlog"
	"greencredit/policy"
	"greencredit/refusal"
	"greencredit/storage"
)

// Input is a reviewer's review.
type Input struct {
	Action        string   // approve, decline, confirm, reject
	ExceptionCode string   // an override's exception code (approve of a declined decision)
	Conditions    []string // conditions attached to an approval
	Rationale     string   // required
}

// Service records reviews.
type Service struct {
	Store  *storage.Store
	Policy *policy.Engine
	// Keys sign the review chain's heads (nil: unsigned, development and tests without keys).
	Keys *decisionlog.Keys
	// Heads vouch for a decision before it is reviewed (a record the log does not vouch for is
	// refused: record_unvouched).
	Heads *decisionlog.Heads
}

// Submit records a review of a decision by reviewer and returns it with the decision's record
// as it now stands. Two reviewers at once on one decision: the first wins, the second's review
// is refused as a conflict with the state the first left.
func (s *Service) Submit(ctx context.Context, reviewer, decisionID string, in Input) (*storage.Review, *decisionlog.Record, error) {
	rec, err := decisionlog.Get(ctx, s.Store, decisionID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.Heads.Vouch(ctx, s.Store, rec.Row); err != nil {
		return nil, nil, err
	}
	if reviewer == rec.Row.RequestedBy {
		return nil, nil, refusal.NewForbidden("self_review", "the principal that requested the screening may not review it")
	}
	var exc *policy.Exception
	if in.ExceptionCode != "" && in.Action == storage.ReviewApprove {
		pol := s.Policy.Active()
		if pol == nil {
			return nil, nil, policy.ErrNoPolicy
		}
		x, ok := pol.Exceptions[in.ExceptionCode]
		if !ok {
			return nil, nil, refusal.NewInvalid("exception_code",
				"is not an exception code of the active policy ("+strings.Join(codes(pol.Exceptions), ", ")+")")
		}
		exc = &x
	} else if in.ExceptionCode != "" {
		return nil, nil, refusal.NewInvalid("exception_code", "is only for approving a declined decision (an override)")
	}
	conds, err := json.Marshal(orEmpty(in.Conditions))
	if err != nil {
		return nil, nil, fmt.Errorf("encode conditions: %w", err)
	}
	r, status, err := Append(ctx, s.Store, s.Keys, rec.Row, func(cur State) (State, *storage.Review, error) {
		next, refused := Transition(rec.Row.RequestedBy, cur, reviewer, in.Action, in.ExceptionCode)
		if refused != nil {
			return cur, nil, refused
		}
		// An override's exception code must cover every reason the policy declined the decision for.
		if next.State == storage.ReviewPendingSecond && rec.Row.Outcome == "decline" && !exc.Covers(rec.DeclineCodes()) {
			return cur, nil, refusal.NewInvalid("exception_code", fmt.Sprintf("%s does not cover the decline reasons %s (it covers %s)",
				exc.Code, strings.Join(rec.DeclineCodes(), ", "), strings.Join(exc.AppliesTo, ", ")))
		}
		return next, &storage.Review{Action: in.Action, Conditions: string(conds), Rationale: in.Rationale, Reviewer: reviewer}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	// Answered from what was written (the review is recorded: a failed re-read must not say otherwise).
	rec.Status = status
	return r, rec, nil
}

func codes(m map[string]policy.Exception) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
