package decisionlog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"greencredit/models"
)

// HashReview is sha256 over the previous review's hash, a newline, and the canonical encoding
// of the review: a JSON array of seq, review_id, decision_id, step, action, exception_code,
// conditions, rationale, reviewer, reviewed_at (UTC, microseconds), state, final_outcome.
func HashReview(r *models.Review) string {
	enc, _ := json.Marshal([]any{r.Seq, r.ReviewID, r.DecisionID, r.Step, r.Action, r.ExceptionCode, r.Conditions,
		r.Rationale, r.Reviewer, r.ReviewedAt.UTC().Format(canonicalTime), r.State, r.FinalOutcome})
	h := sha256.New()
	h.Write([]byte(r.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(enc)
	return hex.EncodeToString(h.Sum(nil))
}

// NextReview decides, under the review chain's lock, what review to append to a decision given
// its current status (nil: never reviewed): the review (action, exception code, conditions,
// rationale, reviewer, state and final outcome after it) and the status after it, or an error
// (wrap a refusal with models.Refuse so that it reaches the caller as it is).
type NextReview func(status *models.DecisionStatus) (*models.Review, *models.DecisionStatus, error)

// AppendReview appends one review of a decision to the review chain, with the decision's status,
// in one transaction under the chain's lock: reviews of one decision are serialised, and a
// second reviewer sees the first's review. It fills the review's id, step, time and chain place.
func AppendReview(ctx context.Context, store *models.Store, decisionID string, next NextReview) (*models.Review, error) {
	var out *models.Review
	err := store.WithReviewLock(ctx, func(tx *gorm.DB, head *models.ReviewHead) error {
		var st []models.DecisionStatus
		if err := tx.Where("decision_id = ?", decisionID).Limit(1).Find(&st).Error; err != nil {
			return err
		}
		var cur *models.DecisionStatus
		if len(st) == 1 {
			cur = &st[0]
		}
		r, status, err := next(cur)
		if err != nil {
			return err
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		r.ReviewID, r.DecisionID, r.ReviewedAt = id.String(), decisionID, now
		r.Step = 1
		if cur != nil {
			r.Step = cur.Steps + 1
		}
		r.Seq, r.PrevHash = head.Seq+1, head.Hash
		r.Hash = HashReview(r)
		status.DecisionID, status.Steps, status.ReviewedAt = decisionID, r.Step, now
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(status).Error; err != nil {
			return err
		}
		res := tx.Model(&models.ReviewHead{}).Where("id = 1 AND seq = ?", head.Seq).
			Updates(map[string]any{"seq": r.Seq, "hash": r.Hash, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return models.ErrReviewConflict
		}
		out = r
		return nil
	})
	if errors.Is(err, models.ErrReviewConflict) {
		return nil, models.ErrReviewConflict
	}
	return out, err
}

// verifyReviews recomputes the review chain from its first review and checks its head, that
// every review names a recorded decision, and that each decision's status row says what its
// last review says (the status is an index of the chain, kept beside it).
func verifyReviews(ctx context.Context, s *models.Store, res *VerifyResult) error {
	fail := func(check string, seq uint64, reason string) error {
		res.fail(check, models.ReviewChainID, seq, reason)
		return nil
	}
	var heads []models.ReviewHead
	if err := s.DB.WithContext(ctx).Where("id = 1").Find(&heads).Error; err != nil {
		return fmt.Errorf("read review head: %w: %w", models.ErrUnavailable, err)
	}
	var head models.ReviewHead
	if len(heads) == 1 {
		head = heads[0]
	}
	last := map[string]*models.Review{}
	var want uint64 = 1
	prev := ""
	const page = 1000
	for {
		var rows []models.Review
		if err := s.DB.WithContext(ctx).Where("seq >= ?", want).Order("seq").Limit(page).Find(&rows).Error; err != nil {
			return fmt.Errorf("read reviews: %w: %w", models.ErrUnavailable, err)
		}
		for i := range rows {
			r := &rows[i]
			switch {
			case r.Seq != want:
				return fail(CheckChainLink, want, fmt.Sprintf("review %d is missing (next present is %d)", want, r.Seq))
			case r.PrevHash != prev:
				return fail(CheckChainLink, r.Seq, "prev_hash does not match the previous review")
			case HashReview(r) != r.Hash:
				return fail(CheckRecordHash, r.Seq, "review content does not match its hash (edited)")
			}
			if p := last[r.DecisionID]; (p == nil && r.Step != 1) || (p != nil && r.Step != p.Step+1) {
				return fail(CheckChainLink, r.Seq, "review steps of its decision are not consecutive")
			}
			prev, want = r.Hash, want+1
			last[r.DecisionID] = r
			res.ReviewsChecked++
		}
		if len(rows) < page {
			break
		}
	}
	if want-1 != head.Seq || prev != head.Hash {
		if want-1 < head.Seq {
			return fail(CheckChainLink, want, fmt.Sprintf("the review chain head says %d reviews; review %d is missing", head.Seq, want))
		}
		return fail(CheckChainHead, head.Seq, "the review chain head does not match the last review")
	}
	// Every reviewed decision is recorded, and its status is its last review's.
	ids := make([]string, 0, len(last))
	for id := range last {
		ids = append(ids, id)
	}
	for start := 0; start < len(ids); start += page {
		chunk := ids[start:min(start+page, len(ids))]
		var n int64
		if err := s.DB.WithContext(ctx).Model(&models.Decision{}).Where("decision_id IN ?", chunk).Count(&n).Error; err != nil {
			return fmt.Errorf("read reviewed decisions: %w: %w", models.ErrUnavailable, err)
		}
		if n != int64(len(chunk)) {
			return fail(CheckReviewStatus, 0, "a review names a decision the log does not hold")
		}
	}
	var statuses []models.DecisionStatus
	if err := s.DB.WithContext(ctx).Find(&statuses).Error; err != nil {
		return fmt.Errorf("read decision status: %w: %w", models.ErrUnavailable, err)
	}
	if len(statuses) != len(last) {
		return fail(CheckReviewStatus, 0, fmt.Sprintf("%d decisions have reviews but %d have a review status", len(last), len(statuses)))
	}
	for _, st := range statuses {
		r := last[st.DecisionID]
		if r == nil || st.State != r.State || st.FinalOutcome != r.FinalOutcome || st.Steps != r.Step ||
			st.ReviewedBy != r.Reviewer || !st.ReviewedAt.Equal(r.ReviewedAt) {
			return fail(CheckReviewStatus, 0, "decision "+st.DecisionID+": its review status does not match its last review")
		}
	}
	return nil
}
