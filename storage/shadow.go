package storage

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// PolicyShadow is the revision in shadow (issue 25): a stored revision every screening is also
// evaluated under, after its answer, off the request path. One row (id 1) while a shadow is on.
type PolicyShadow struct {
	ID        int        `gorm:"primaryKey;autoIncrement:false"`
	Digest    string     `gorm:"size:71;not null"`
	Revision  string     `gorm:"size:64;not null"`
	Until     *time.Time `gorm:"precision:6"`
	StartedBy string     `gorm:"size:64;not null"`
	StartedAt time.Time  `gorm:"precision:6;not null"`
}

// ShadowResult is a decision's evaluation under the shadow revision, stored beside the decision
// and never in its hash-chained record (which stays the active policy's decision). The decision's
// own verdict and where it was made are copied for the report.
type ShadowResult struct {
	DecisionID   string    `gorm:"primaryKey;size:36"`
	ShadowDigest string    `gorm:"primaryKey;size:71;index:idx_shadow_results_digest_decided,priority:1"`
	DecidedAt    time.Time `gorm:"precision:6;not null;index:idx_shadow_results_digest_decided,priority:2"`
	BranchID     string    `gorm:"size:32;not null"`
	IndustryCode string    `gorm:"size:8;not null"`
	// The active policy's verdict (the decision's) and the shadow's.
	ActiveOutcome     string `gorm:"size:8;not null"`
	ActiveStance      string `gorm:"size:8;not null"`
	ActiveGreen       bool   `gorm:"not null"`
	ActiveReasonCodes string `gorm:"size:1024;not null"`
	Outcome           string `gorm:"size:8;not null"`
	Stance            string `gorm:"size:8;not null"`
	Green             bool   `gorm:"not null"`
	ReasonCodes       string `gorm:"size:1024;not null"`
	// Error is why the shadow revision did not answer ("" when it did): the verdict is then empty.
	Error       string    `gorm:"size:500;not null"`
	EvaluatedAt time.Time `gorm:"precision:6;not null"`
}

// ErrShadowOn: a shadow is on already (at most one at a time).
var ErrShadowOn = errors.New("a revision is in shadow already")

// StartShadow puts a revision in shadow with its audit event, in one transaction; ErrShadowOn when
// one is on.
func (s *Store) StartShadow(ctx context.Context, sh *PolicyShadow, audit *AuditEvent) error {
	db, cancel := s.op(ctx)
	defer cancel()
	sh.ID = 1
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(sh)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrShadowOn
		}
		return insertAudit(tx, audit)
	})
	if errors.Is(err, ErrShadowOn) {
		return err
	}
	return unavailable("start the shadow", err)
}

// EndShadowRow ends exactly this shadow (its digest and start) with its audit event: false when it
// was ended meanwhile (another instance, or DELETE, perhaps followed by a new one).
func (s *Store) EndShadowRow(ctx context.Context, sh *PolicyShadow, audit *AuditEvent) (bool, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	ended := false
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Where("id = 1 AND digest = ? AND started_at = ?", sh.Digest, sh.StartedAt).Delete(&PolicyShadow{})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		ended = true
		return insertAudit(tx, audit)
	})
	return ended, unavailable("end the shadow", err)
}

// Shadow is the shadow on (nil: none).
func (s *Store) Shadow(ctx context.Context) (*PolicyShadow, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	sh, err := takeOne[PolicyShadow](db.Where("id = 1"), "shadow")
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return sh, err
}

// SaveShadowResults stores a batch of shadow results (a decision evaluated twice under one digest
// keeps its first).
func (s *Store) SaveShadowResults(ctx context.Context, rs []ShadowResult) error {
	if len(rs) == 0 {
		return nil
	}
	db, cancel := s.op(ctx)
	defer cancel()
	return unavailable("store shadow results", db.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rs, 500).Error)
}

// ShadowCursor is where a page of shadow results ends.
type ShadowCursor struct {
	DecidedAt  time.Time
	DecisionID string
}

// StreamShadowResults calls fn for the results of a digest decided in [from, to), in decision
// order, a page at a time.
func (s *Store) StreamShadowResults(ctx context.Context, digest string, from, to time.Time, fn func(*ShadowResult) error) error {
	var after *ShadowCursor
	for {
		page, err := s.ShadowResults(ctx, digest, from, to, after, 1000)
		if err != nil {
			return err
		}
		for i := range page {
			if err := fn(&page[i]); err != nil {
				return err
			}
		}
		if len(page) < 1000 {
			return nil
		}
		last := page[len(page)-1]
		after = &ShadowCursor{last.DecidedAt, last.DecisionID}
	}
}

// ShadowResults reads up to limit results of a digest decided in [from, to) after a cursor.
func (s *Store) ShadowResults(ctx context.Context, digest string, from, to time.Time, after *ShadowCursor, limit int) ([]ShadowResult, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	q := db.Where("shadow_digest = ? AND decided_at >= ? AND decided_at < ?", digest, from.UTC(), to.UTC())
	if after != nil {
		q = q.Where("decided_at > ? OR (decided_at = ? AND decision_id > ?)", after.DecidedAt.UTC(), after.DecidedAt.UTC(), after.DecisionID)
	}
	var out []ShadowResult
	err := q.Order("decided_at, decision_id").Limit(limit).Find(&out).Error
	return out, unavailable("read shadow results", err)
}

// CountShadowResults counts a digest's results, whatever their dates.
func (s *Store) CountShadowResults(ctx context.Context, digest string) (int64, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var n int64
	err := db.Model(&ShadowResult{}).Where("shadow_digest = ?", digest).Count(&n).Error
	return n, unavailable("count shadow results", err)
}
