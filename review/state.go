package review

import (
	"greencredit/refusal"
	"greencredit/storage"
)

// State is where a decision stands with people: its review state, final outcome, how many
// reviews it has, and, for a pending override, who proposed it under which exception code. It is
// derived from the review chain — the decision's last review — never from the status index, which
// anyone with write access to the database could change.
type State struct {
	State         string
	Final         string
	Steps         int
	FirstReviewer string
	ExceptionCode string
}

// Initial is a decision's state before any review: open for a referral, none otherwise.
func Initial(outcome string) State {
	if outcome == "refer" {
		return State{State: storage.ReviewOpen, Final: outcome}
	}
	return State{State: storage.ReviewNone, Final: outcome}
}

// after is the state a review left.
func after(r *storage.Review) State {
	st := State{State: r.State, Final: r.FinalOutcome, Steps: r.Step, ExceptionCode: r.ExceptionCode}
	if r.State == storage.ReviewPendingSecond {
		st.FirstReviewer = r.Reviewer
	}
	return st
}

// Transition is the review rules without the policy: what a reviewer's action makes of a decision
// (automated outcome, requester) in state cur. Whether an exception code covers the decision's
// decline reasons is the policy's to say (Service.Submit); here an override needs one, and a
// confirmation or rejection needs a pending override by someone else. The service applies it
// before appending a review; verification replays it over the chain.
func Transition(requestedBy string, cur State, reviewer, action, exceptionCode string) (State, *refusal.Error) {
	if reviewer == requestedBy {
		return cur, refusal.NewForbidden("self_review", "the principal that requested the screening may not review it")
	}
	pending := cur.State == storage.ReviewPendingSecond
	if exceptionCode != "" && !(action == storage.ReviewApprove && cur.Final == "decline" && !pending) &&
		!(pending && (action == storage.ReviewConfirm || action == storage.ReviewReject)) {
		return cur, refusal.NewInvalid("exception_code", "is only for approving a declined decision (an override)")
	}
	next := State{Steps: cur.Steps + 1}
	switch action {
	case storage.ReviewApprove:
		switch {
		case pending:
			return cur, refusal.NewConflict("pending_second_approval", "an override of this decision awaits its second reviewer: confirm or reject it")
		case cur.Final == "approve":
			return cur, refusal.NewConflict("already_approved", "the decision's final outcome is already approve")
		case cur.Final == "refer":
			next.State, next.Final = storage.ReviewClosed, "approve"
		default: // an override of a decline: four eyes
			if exceptionCode == "" {
				return cur, refusal.NewInvalid("exception_code", "is required to approve a declined decision (an override)")
			}
			next.State, next.Final = storage.ReviewPendingSecond, cur.Final
			next.FirstReviewer, next.ExceptionCode = reviewer, exceptionCode
		}
	case storage.ReviewDecline:
		switch {
		case pending:
			return cur, refusal.NewConflict("pending_second_approval", "an override of this decision awaits its second reviewer: confirm or reject it")
		case cur.Final == "decline":
			return cur, refusal.NewConflict("already_declined", "the decision's final outcome is already decline")
		}
		next.State, next.Final = storage.ReviewClosed, "decline"
	case storage.ReviewConfirm, storage.ReviewReject:
		if !pending {
			return cur, refusal.NewConflict("nothing_to_confirm", "no override of this decision awaits a second reviewer")
		}
		if reviewer == cur.FirstReviewer {
			return cur, refusal.NewForbidden("four_eyes", "an override needs a second, different reviewer: "+cur.FirstReviewer+" proposed it")
		}
		next.State, next.Final, next.FirstReviewer, next.ExceptionCode = storage.ReviewClosed, "decline", cur.FirstReviewer, cur.ExceptionCode
		if action == storage.ReviewConfirm {
			next.Final = "approve"
		}
	default:
		return cur, refusal.NewInvalid("action", "must be approve, decline, confirm or reject")
	}
	return next, nil
}
