package review

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"greencredit/decisionlog"
	"greencredit/storage"
)

// The review chain: reviews appended under the chain's lock, from the state the decision's last
// review left, and the chain's verification, which replays the review rules over it.

// NextReview decides, under the review chain's lock, what a review makes of a decision in state
// cur (derived from the decision's last review in the chain): the state after it and the review
// (action, conditions, rationale, reviewer), or an error (a *refusal.Error reaches the caller as it is).
type NextReview func(cur State) (State, *storage.Review, error)

// Append appends one review of a decision to the review chain, with the decision's status
// index, in one transaction under the chain's lock: reviews of one decision are serialised, and a
// second reviewer sees the first's review. The state the review starts from is read from the
// chain (the decision's last review), not from the index. It fills the review's id, step, time,
// state and chain place, and returns it with the index row it wrote.
//
// With keys, the review chain's new head is signed (decisionlog.SignedHead), as the decision
// chains' are.
func Append(ctx context.Context, store *storage.Store, keys *decisionlog.Keys, d *storage.Decision, next NextReview) (*storage.Review, *storage.DecisionStatus, error) {
	var out *storage.Review
	var status *storage.DecisionStatus
	err := store.WithReviewLock(ctx, func(tx *storage.LogTx, head *storage.ReviewHead) error {
		last, err := tx.LastReview(d.DecisionID)
		if err != nil {
			return err
		}
		cur := Initial(d.Outcome)
		if last != nil {
			cur = after(last)
		}
		st, r, err := next(cur)
		if err != nil {
			return err
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		r.ReviewID, r.DecisionID, r.ReviewedAt, r.Step = id.String(), d.DecisionID, now, cur.Steps+1
		r.State, r.FinalOutcome, r.ExceptionCode = st.State, st.Final, st.ExceptionCode
		r.Seq, r.PrevHash = head.Seq+1, head.Hash
		r.Hash = decisionlog.HashReview(r)
		status = &storage.DecisionStatus{DecisionID: d.DecisionID, BranchID: d.BranchID, Outcome: d.Outcome, DecidedAt: d.DecidedAt,
			State: st.State, FinalOutcome: st.Final, Steps: r.Step, ReviewedBy: r.Reviewer, ReviewedAt: now,
			FirstReviewer: st.FirstReviewer, ExceptionCode: st.ExceptionCode}
		note := ""
		if keys != nil {
			if note, err = keys.SignHead(decisionlog.SignedHead{ChainID: storage.ReviewChainID, Seq: r.Seq, Hash: r.Hash, At: now}); err != nil {
				return err
			}
		}
		if err := tx.AppendReview(r, status, head.Seq, note, now); err != nil {
			return err
		}
		out = r
		return nil
	})
	if errors.Is(err, storage.ErrReviewConflict) {
		return nil, nil, storage.ErrReviewConflict
	}
	return out, status, err
}

// VerifyChain recomputes the review chain up to its head and checks it: every review's hash and
// link, that each one is a transition the review rules allow from the state its decision's earlier
// reviews left (Transition: no self-review, an override's confirmation by someone else, ...), that
// every reviewed decision is recorded, and that the status index says what the chain says. It is
// read while the service goes on: reviews after the head read, and index rows they moved, are left
// for the next verification.
func VerifyChain(ctx context.Context, s *storage.Store, res *decisionlog.VerifyResult) error {
	fail := func(check string, seq uint64, reason string) error {
		res.Fail(check, storage.ReviewChainID, seq, reason)
		return nil
	}
	db := s.Log(ctx)
	head, err := db.ReviewHead()
	if err != nil {
		return err
	}
	type decided struct{ outcome, requestedBy string }
	var checked int64
	// The count is set, not added to: a full verification's stream counted the same reviews.
	defer func() { res.ReviewsChecked = checked }()
	states := map[string]State{}
	lastBy := map[string]*storage.Review{}
	var want uint64 = 1
	prev := ""
	const page = 1000
	for want <= head.Seq {
		rows, err := db.Reviews(want, head.Seq, page)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
		ids := make([]string, 0, len(rows))
		for i := range rows {
			ids = append(ids, rows[i].DecisionID)
		}
		decs, err := db.DecisionOwners(ids)
		if err != nil {
			return err
		}
		info := make(map[string]decided, len(decs))
		for _, d := range decs {
			info[d.DecisionID] = decided{d.Outcome, d.RequestedBy}
		}
		for i := range rows {
			r := &rows[i]
			if !decisionlog.CheckLink(res, storage.ReviewChainID, storage.Link{Seq: want - 1, Hash: prev},
				storage.Link{Seq: r.Seq, PrevHash: r.PrevHash, Hash: r.Hash}, decisionlog.HashReview(r)) {
				return nil
			}
			d, ok := info[r.DecisionID]
			if !ok {
				return fail(decisionlog.CheckReviewStatus, r.Seq, "a review names a decision the log does not hold")
			}
			cur, seen := states[r.DecisionID]
			if !seen {
				cur = Initial(d.outcome)
			}
			next, refused := Transition(d.requestedBy, cur, r.Reviewer, r.Action, r.ExceptionCode)
			if refused != nil {
				return fail(decisionlog.CheckReviewStatus, r.Seq, "review "+r.ReviewID+" is not a review the rules allow: "+refused.Error())
			}
			if r.Step != next.Steps || r.State != next.State || r.FinalOutcome != next.Final || r.ExceptionCode != next.ExceptionCode {
				return fail(decisionlog.CheckReviewStatus, r.Seq, "review "+r.ReviewID+" does not record the state its action leads to")
			}
			states[r.DecisionID], lastBy[r.DecisionID] = next, r
			prev, want = r.Hash, want+1
			checked++
		}
	}
	if want-1 != head.Seq || prev != head.Hash {
		if want-1 < head.Seq {
			return fail(decisionlog.CheckChainLink, want, fmt.Sprintf("the review chain head says %d reviews; review %d is missing", head.Seq, want))
		}
		return fail(decisionlog.CheckChainHead, head.Seq, "the review chain head does not match the last review")
	}
	return checkIndex(db, states, lastBy, res)
}

// checkIndex checks the review status index, read after the chain, against the states the
// chain's reviews lead to: a row may be newer than the reviews read (a review since), never
// older, and every decision reviewed has one.
func checkIndex(db *storage.LogTx, states map[string]State, lastBy map[string]*storage.Review, res *decisionlog.VerifyResult) error {
	fail := func(reason string) error {
		res.Fail(decisionlog.CheckReviewStatus, storage.ReviewChainID, 0, reason)
		return nil
	}
	statuses, err := db.AllStatuses()
	if err != nil {
		return err
	}
	indexed := make(map[string]bool, len(statuses))
	for _, st := range statuses {
		indexed[st.DecisionID] = true
		want, ok := states[st.DecisionID]
		switch {
		case !ok || st.Steps > want.Steps:
			continue // reviewed since the head was read
		case st.Steps < want.Steps:
			return fail("decision " + st.DecisionID + ": its review status is older than its reviews")
		}
		r := lastBy[st.DecisionID]
		if st.State != want.State || st.FinalOutcome != want.Final || st.FirstReviewer != want.FirstReviewer ||
			st.ExceptionCode != want.ExceptionCode || st.ReviewedBy != r.Reviewer || !st.ReviewedAt.Equal(r.ReviewedAt) {
			return fail("decision " + st.DecisionID + ": its review status does not match its reviews")
		}
	}
	for id := range states {
		if !indexed[id] {
			return fail("decision " + id + " has reviews but no review status")
		}
	}
	return nil
}

// ChainCheck is the review chain's check for the decision log's verifier.
func ChainCheck(store *storage.Store) decisionlog.ChainCheck {
	return func(ctx context.Context, res *decisionlog.VerifyResult) error { return VerifyChain(ctx, store, res) }
}
