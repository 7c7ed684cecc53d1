package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Review actions.
const (
	ReviewApprove = "approve" // approve a referred decision; on a declined one, an override (four eyes)
	ReviewDecline = "decline" // decline a referred or approved decision
	ReviewConfirm = "confirm" // the second reviewer confirms a pending override
	ReviewReject  = "reject"  // the second reviewer rejects a pending override
)

// Review states of a decision.
const (
	ReviewOpen          = "open"                    // a referral no one has reviewed (derived: no status row)
	ReviewPendingSecond = "pending_second_approval" // an override waiting for its second reviewer
	ReviewClosed        = "closed"                  // decided by people
	ReviewNone          = "none"                    // an automated approve or decline no one reviewed
)

// ReviewChainID names the one hash chain of reviews in verification results.
const ReviewChainID = "reviews"

// Review is one person's review of a decision: appended to the review chain (hash-chained like
// the decisions), never updated or deleted. The decision it reviews never changes; its final
// outcome is the last review's.
type Review struct {
	ID         uint64 `gorm:"primaryKey;autoIncrement"`
	ReviewID   string `gorm:"size:36;not null;uniqueIndex"`
	DecisionID string `gorm:"size:36;not null;uniqueIndex:idx_reviews_decision_step,priority:1"`
	// Step is the review's place among its decision's reviews (1, 2, ...): two reviewers racing
	// on one decision cannot both take the same step.
	Step          int    `gorm:"not null;uniqueIndex:idx_reviews_decision_step,priority:2"`
	Action        string `gorm:"size:8;not null"`
	ExceptionCode string `gorm:"size:64;not null;index"`
	// Conditions is a JSON array of the conditions attached by the reviewer.
	Conditions string    `gorm:"type:text;not null"`
	Rationale  string    `gorm:"type:text;not null"`
	Reviewer   string    `gorm:"size:64;not null;index"`
	ReviewedAt time.Time `gorm:"precision:6;not null;index"`
	// After this review: the decision's review state and final outcome.
	State        string `gorm:"size:24;not null"`
	FinalOutcome string `gorm:"size:8;not null"`
	// The review's place in the review chain.
	Seq      uint64 `gorm:"not null;uniqueIndex"`
	PrevHash string `gorm:"size:64;not null"`
	Hash     string `gorm:"size:64;not null"`
}

// DecisionStatus is a reviewed decision's current state: an index of its last review (the
// chain holds the truth; verification checks that this row says what the last review says). A
// decision without a row has had no review.
type DecisionStatus struct {
	DecisionID   string    `gorm:"primaryKey;size:36"`
	BranchID     string    `gorm:"size:32;not null;index"`
	Outcome      string    `gorm:"size:8;not null"` // the automated outcome
	DecidedAt    time.Time `gorm:"precision:6;not null"`
	State        string    `gorm:"size:24;not null;index:idx_status_state_reviewed,priority:1"`
	FinalOutcome string    `gorm:"size:8;not null;index"`
	Steps        int       `gorm:"not null"`
	// ReviewedBy and ReviewedAt are the last review's; FirstReviewer is the reviewer of a pending
	// override (the one who may not confirm it).
	ReviewedBy    string    `gorm:"size:64;not null"`
	ReviewedAt    time.Time `gorm:"precision:6;not null;index:idx_status_state_reviewed,priority:2"`
	FirstReviewer string    `gorm:"size:64;not null"`
	ExceptionCode string    `gorm:"size:64;not null"`
}

// TableName: one row per reviewed decision.
func (DecisionStatus) TableName() string { return "decision_status" }

// ReviewHead is the head of the review chain (one row), moved in the same transaction as every
// review, so a deleted newest review is evident.
type ReviewHead struct {
	ID        int       `gorm:"primaryKey;autoIncrement:false"`
	Seq       uint64    `gorm:"not null"`
	Hash      string    `gorm:"size:64;not null"`
	UpdatedAt time.Time `gorm:"precision:6;not null"`
	// HeadNote is the review chain's head signed by the service's key, as DecisionChain.HeadNote.
	HeadNote string `gorm:"column:head_note"`
}

// Statuses reads the status rows of these decisions, by decision id.
func (s *Store) Statuses(ctx context.Context, decisionIDs []string) (map[string]*DecisionStatus, error) {
	out := make(map[string]*DecisionStatus, len(decisionIDs))
	if len(decisionIDs) == 0 {
		return out, nil
	}
	db, cancel := s.op(ctx)
	defer cancel()
	var rows []DecisionStatus
	if err := db.Where("decision_id IN ?", decisionIDs).Find(&rows).Error; err != nil {
		return nil, unavailable("decision status", err)
	}
	for i := range rows {
		out[rows[i].DecisionID] = &rows[i]
	}
	return out, nil
}

// ReviewsOf reads a decision's reviews, in order.
func (s *Store) ReviewsOf(ctx context.Context, decisionID string) ([]Review, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []Review
	if err := db.Where("decision_id = ?", decisionID).Order("step").Find(&out).Error; err != nil {
		return nil, unavailable("reviews of "+decisionID, err)
	}
	return out, nil
}

// QueueFilter selects the review queue: State is open, pending_second_approval or closed.
type QueueFilter struct {
	State      string
	BranchID   string
	ReasonCode string
	// DecidedBefore keeps decisions at least this old (zero: any age).
	DecidedBefore time.Time
	Limit         int
}

// QueueItem is a decision in the review queue.
type QueueItem struct {
	Decision Decision
	Status   *DecisionStatus // nil for an open referral
}

// ReviewQueue lists decisions by review state, oldest decision first.
func (s *Store) ReviewQueue(ctx context.Context, f QueueFilter) ([]QueueItem, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	q := s.DB.WithContext(ctx).Model(&Decision{})
	if f.State == ReviewOpen {
		q = q.Where("outcome = 'refer' AND NOT EXISTS (SELECT 1 FROM decision_status s WHERE s.decision_id = decisions.decision_id)")
	} else {
		q = q.Where("decision_id IN (SELECT decision_id FROM decision_status WHERE state = ?)", f.State)
	}
	if f.BranchID != "" {
		q = q.Where("branch_id = ?", f.BranchID)
	}
	if f.ReasonCode != "" {
		q = whereReasonCode(q, f.ReasonCode)
	}
	if !f.DecidedBefore.IsZero() {
		q = q.Where("decided_at < ?", f.DecidedBefore.UTC())
	}
	var decs []Decision
	if err := q.Order("decided_at, id").Limit(f.Limit).Find(&decs).Error; err != nil {
		return nil, unavailable("review queue", err)
	}
	ids := make([]string, len(decs))
	for i := range decs {
		ids[i] = decs[i].DecisionID
	}
	st, err := s.Statuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]QueueItem, len(decs))
	for i := range decs {
		out[i] = QueueItem{Decision: decs[i], Status: st[decs[i].DecisionID]}
	}
	return out, nil
}

// OpenReviews counts the open referrals and the oldest one's decision time (zero when none).
func (s *Store) OpenReviews(ctx context.Context) (int64, time.Time, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	const open = "outcome = 'refer' AND NOT EXISTS (SELECT 1 FROM decision_status s WHERE s.decision_id = decisions.decision_id)"
	var n int64
	if err := db.Model(&Decision{}).Where(open).Count(&n).Error; err != nil {
		return 0, time.Time{}, unavailable("open reviews", err)
	}
	if n == 0 {
		return 0, time.Time{}, nil
	}
	var oldest []Decision
	if err := db.Select("decided_at").Where(open).Order("decided_at").Limit(1).Find(&oldest).Error; err != nil {
		return 0, time.Time{}, unavailable("oldest open review", err)
	}
	if len(oldest) == 0 {
		return n, time.Time{}, nil
	}
	return n, oldest[0].DecidedAt.UTC(), nil
}

// ReviewFilter selects reviews for compliance's report.
type ReviewFilter struct {
	From, To      time.Time
	Reviewer      string
	BranchID      string
	ExceptionCode string
	ReasonCode    string
	OverridesOnly bool
}

// ReviewWithDecision is a review and the decision it reviewed.
type ReviewWithDecision struct {
	Review   Review
	Decision Decision
}

// StreamReviews calls fn for every matching review, in review order, in pages.
func (s *Store) StreamReviews(ctx context.Context, f ReviewFilter, fn func(*ReviewWithDecision) error) error {
	const page = 500
	var after uint64
	for {
		qctx, cancel := context.WithTimeout(ctx, s.opTimeout)
		q := s.DB.WithContext(qctx).Model(&Review{}).Where("seq > ?", after)
		if !f.From.IsZero() {
			q = q.Where("reviewed_at >= ?", f.From.UTC())
		}
		if !f.To.IsZero() {
			q = q.Where("reviewed_at < ?", f.To.UTC())
		}
		if f.Reviewer != "" {
			q = q.Where("reviewer = ?", f.Reviewer)
		}
		if f.ExceptionCode != "" {
			q = q.Where("exception_code = ?", f.ExceptionCode)
		}
		if f.OverridesOnly {
			q = q.Where("exception_code <> ''")
		}
		if f.BranchID != "" || f.ReasonCode != "" {
			sub := s.DB.Model(&Decision{}).Select("decision_id")
			if f.BranchID != "" {
				sub = sub.Where("branch_id = ?", f.BranchID)
			}
			if f.ReasonCode != "" {
				sub = whereReasonCode(sub, f.ReasonCode)
			}
			q = q.Where("decision_id IN (?)", sub)
		}
		var revs []Review
		err := q.Order("seq").Limit(page).Find(&revs).Error
		var decs []Decision
		if err == nil && len(revs) > 0 {
			ids := make([]string, len(revs))
			for i := range revs {
				ids[i] = revs[i].DecisionID
			}
			err = s.DB.WithContext(qctx).Where("decision_id IN ?", ids).Find(&decs).Error
		}
		cancel()
		if err != nil {
			return unavailable("reviews", err)
		}
		byID := make(map[string]*Decision, len(decs))
		for i := range decs {
			byID[decs[i].DecisionID] = &decs[i]
		}
		for i := range revs {
			d := byID[revs[i].DecisionID]
			if d == nil {
				return fmt.Errorf("review %s names decision %s, which the log does not hold", revs[i].ReviewID, revs[i].DecisionID)
			}
			if err := fn(&ReviewWithDecision{Review: revs[i], Decision: *d}); err != nil {
				return err
			}
		}
		if len(revs) < page {
			return nil
		}
		after = revs[len(revs)-1].Seq
	}
}

// ErrReviewConflict: another review of the same decision committed first.
var ErrReviewConflict = errors.New("another review of this decision was recorded first")

// WithReviewLock runs fn in a transaction that holds the review chain's head (locked on MySQL;
// SQLite has one writer), creating the head on first use. fn appends reviews through tx.
func (s *Store) WithReviewLock(ctx context.Context, fn func(tx *LogTx, head *ReviewHead) error) error {
	db, cancel := s.op(ctx)
	defer cancel()
	// The head row exists before any transaction locks it (created once, outside: an INSERT ...
	// SELECT inside would take shared locks that two reviewers then both try to raise).
	err := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&ReviewHead{ID: 1, UpdatedAt: time.Now().UTC()}).Error
	for attempt := 0; err == nil || deadlocked(err); attempt++ {
		err = db.Transaction(func(tx *gorm.DB) error {
			var head ReviewHead
			q := tx
			if s.Dialect == "mysql" {
				q = q.Clauses(lockingUpdate)
			}
			if err := q.Where("id = 1").Take(&head).Error; err != nil {
				return err
			}
			return fn(&LogTx{db: tx}, &head)
		})
		if !deadlocked(err) || attempt == 3 {
			break
		}
	}
	if duplicateKey(err) {
		return ErrReviewConflict
	}
	return storeError("record review", err) // a refusal from fn reaches the caller as it is
}

var lockingUpdate = clause.Locking{Strength: "UPDATE"}

// duplicateKey tells whether an insert hit a unique index (MySQL 1062, SQLite's UNIQUE constraint).
func duplicateKey(err error) bool {
	var me *mysqldrv.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1062
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}
