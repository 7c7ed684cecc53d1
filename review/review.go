// Package review is the human side of a decision: reviews of referrals, overrides of declines
// with four eyes (例外审批), and declines of approvals. A review is appended to the review chain
// of the decision log; the decision itself never changes, its final outcome is the last
// confirmed review's.
package review

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"greencredit/decisionlog"
	"greencredit/models"
	"greencredit/policy"
	"greencredit/refusal"
)

func conflict(code, msg string) error { return models.Refuse(refusal.NewConflict(code, msg)) }

// Input is a reviewer's review.
type Input struct {
	Action        string   // approve, decline, confirm, reject
	ExceptionCode string   // an override's exception code (approve of a declined decision)
	Conditions    []string // conditions attached to an approval
	Rationale     string   // required
}

// Service records reviews.
type Service struct {
	Store  *models.Store
	Policy *policy.Engine
}

// Submit records a review of a decision by reviewer and returns it with the decision's record
// as it now stands. Two reviewers at once on one decision: the first wins, the second's review
// is refused as a conflict with the state the first left.
func (s *Service) Submit(ctx context.Context, reviewer, decisionID string, in Input) (*models.Review, *decisionlog.Record, error) {
	rec, err := decisionlog.Get(ctx, s.Store, decisionID)
	if err != nil {
		return nil, nil, err
	}
	if reviewer == rec.Row.RequestedBy {
		return nil, nil, refusal.NewForbidden("self_review", "the principal that requested the screening may not review it")
	}
	var exc *policy.Exception
	if in.ExceptionCode != "" {
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
	}
	conds, err := json.Marshal(orEmpty(in.Conditions))
	if err != nil {
		return nil, nil, fmt.Errorf("encode conditions: %w", err)
	}
	r, err := decisionlog.AppendReview(ctx, s.Store, decisionID, func(cur *models.DecisionStatus) (*models.Review, *models.DecisionStatus, error) {
		return next(rec, cur, reviewer, in, exc, string(conds))
	})
	if err != nil {
		return nil, nil, err
	}
	if rec, err = decisionlog.Get(ctx, s.Store, decisionID); err != nil {
		return nil, nil, err
	}
	return r, rec, nil
}

// next is the review state machine: from the decision's final outcome and review state, what
// the reviewer's action makes of it.
func next(rec *decisionlog.Record, cur *models.DecisionStatus, reviewer string, in Input, exc *policy.Exception,
	conditions string) (*models.Review, *models.DecisionStatus, error) {
	d := rec.Row
	final, state, first, code := d.Outcome, models.ReviewNone, "", ""
	if cur != nil {
		final, state, first, code = cur.FinalOutcome, cur.State, cur.FirstReviewer, cur.ExceptionCode
	} else if d.Outcome == "refer" {
		state = models.ReviewOpen
	}
	r := &models.Review{Action: in.Action, Conditions: conditions, Rationale: in.Rationale, Reviewer: reviewer}
	st := &models.DecisionStatus{BranchID: d.BranchID, Outcome: d.Outcome, DecidedAt: d.DecidedAt, ReviewedBy: reviewer}
	pending := state == models.ReviewPendingSecond
	if in.ExceptionCode != "" && !(in.Action == models.ReviewApprove && final == "decline" && !pending) {
		return nil, nil, models.Refuse(refusal.NewInvalid("exception_code", "is only for approving a declined decision (an override)"))
	}
	switch in.Action {
	case models.ReviewApprove:
		switch {
		case pending:
			return nil, nil, conflict("pending_second_approval", "an override of this decision awaits its second reviewer: confirm or reject it")
		case final == "approve":
			return nil, nil, conflict("already_approved", "the decision's final outcome is already approve")
		case final == "refer":
			r.State, r.FinalOutcome = models.ReviewClosed, "approve"
		default: // an override of a decline: four eyes
			if exc == nil {
				return nil, nil, models.Refuse(refusal.NewInvalid("exception_code", "is required to approve a declined decision (an override)"))
			}
			if declines := rec.DeclineCodes(); d.Outcome == "decline" && !exc.Covers(declines) {
				return nil, nil, models.Refuse(refusal.NewInvalid("exception_code", fmt.Sprintf("%s does not cover the decline reasons %s (it covers %s)",
					exc.Code, strings.Join(declines, ", "), strings.Join(exc.AppliesTo, ", "))))
			}
			r.ExceptionCode = exc.Code
			r.State, r.FinalOutcome = models.ReviewPendingSecond, final
			st.FirstReviewer, st.ExceptionCode = reviewer, exc.Code
		}
	case models.ReviewDecline:
		switch {
		case pending:
			return nil, nil, conflict("pending_second_approval", "an override of this decision awaits its second reviewer: confirm or reject it")
		case final == "decline":
			return nil, nil, conflict("already_declined", "the decision's final outcome is already decline")
		}
		r.State, r.FinalOutcome = models.ReviewClosed, "decline"
	case models.ReviewConfirm, models.ReviewReject:
		if !pending {
			return nil, nil, conflict("nothing_to_confirm", "no override of this decision awaits a second reviewer")
		}
		if reviewer == first {
			return nil, nil, models.Refuse(refusal.NewForbidden("four_eyes", "an override needs a second, different reviewer: "+first+" proposed it"))
		}
		r.ExceptionCode, st.FirstReviewer, st.ExceptionCode = code, first, code
		r.State, r.FinalOutcome = models.ReviewClosed, "decline"
		if in.Action == models.ReviewConfirm {
			r.FinalOutcome = "approve"
		}
	default:
		return nil, nil, models.Refuse(refusal.NewInvalid("action", "must be approve, decline, confirm or reject"))
	}
	st.State, st.FinalOutcome = r.State, r.FinalOutcome
	return r, st, nil
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
