package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// PolicyRevision is a policy bundle the service has accepted (compiled, tests passed), kept
// so any instance can activate it and any past decision can be replayed under it.
type PolicyRevision struct {
	Digest      string     `gorm:"primaryKey;size:71"`
	Revision    string     `gorm:"size:64;not null"`
	Bundle      []byte     `gorm:"type:longblob;not null"`
	Source      string     `gorm:"size:255;not null"`
	UploadedBy  string     `gorm:"size:64;not null"`
	UploadedAt  time.Time  `gorm:"precision:6;not null"`
	ActivatedAt *time.Time `gorm:"precision:6"`
	// ApprovedBy is the second risk principal who approved the revision ("" = pending; in
	// development mode and for the deployment's first revision, the uploader or "startup").
	ApprovedBy string     `gorm:"size:64;not null;default:''"`
	ApprovedAt *time.Time `gorm:"precision:6"`
}

// PolicyActive names the revision every instance must run (a single row, id 1).
type PolicyActive struct {
	ID          int       `gorm:"primaryKey;autoIncrement:false"`
	Digest      string    `gorm:"size:71;not null"`
	ActivatedBy string    `gorm:"size:64;not null"`
	ActivatedAt time.Time `gorm:"precision:6;not null"`
	// ApprovedBy is who approved the active revision (two-person changes).
	ApprovedBy string `gorm:"size:64;not null;default:''"`
}

// SaveRevision stores a revision unless its digest is already stored; with activateBy set it
// also makes it the active revision. The audit event, when given, is inserted in the same
// transaction: the revision, its activation and their audit record commit together or not at all.
func (s *Store) SaveRevision(ctx context.Context, r *PolicyRevision, activateBy string, audit *AuditEvent) error {
	db, cancel := s.op(ctx)
	defer cancel()
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(r).Error; err != nil {
			return err
		}
		if activateBy != "" {
			if err := setActive(tx, r.Digest, activateBy); err != nil {
				return err
			}
		}
		return insertAudit(tx, audit)
	})
	if err != nil {
		return unavailable("store policy revision", err)
	}
	return nil
}

// GetRevision reads a stored revision with its bundle.
func (s *Store) GetRevision(ctx context.Context, digest string) (*PolicyRevision, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	return takeOne[PolicyRevision](db.Where("digest = ?", digest), "policy revision "+digest)
}

// ListRevisions lists stored revisions, newest first, without their bundles.
func (s *Store) ListRevisions(ctx context.Context) ([]PolicyRevision, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []PolicyRevision
	if err := db.Select("digest", "revision", "source", "uploaded_by", "uploaded_at", "activated_at", "approved_by", "approved_at").
		Order("uploaded_at DESC").Limit(1000).Find(&out).Error; err != nil {
		return nil, unavailable("list policy revisions", err)
	}
	return out, nil
}

// SetActive makes a stored revision the one every instance runs, with its audit event (when
// given) in the same transaction.
func (s *Store) SetActive(ctx context.Context, digest, by string, audit *AuditEvent) error {
	db, cancel := s.op(ctx)
	defer cancel()
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := setActive(tx, digest, by); err != nil {
			return err
		}
		return insertAudit(tx, audit)
	})
	if err != nil {
		return unavailable("activate policy "+digest, err)
	}
	return nil
}

func setActive(tx *gorm.DB, digest, by string) error {
	now := time.Now().UTC().Truncate(time.Microsecond)
	var rev PolicyRevision
	if err := tx.Select("digest", "approved_by").Where("digest = ?", digest).Take(&rev).Error; err != nil {
		return err
	}
	if err := tx.Model(&PolicyRevision{}).Where("digest = ?", digest).Update("activated_at", now).Error; err != nil {
		return err
	}
	return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&PolicyActive{ID: 1, Digest: digest, ActivatedBy: by, ActivatedAt: now,
		ApprovedBy: rev.ApprovedBy}).Error
}

// ApproveRevision records a second principal's approval of a pending revision, with its audit
// event, in one transaction; false when the revision was approved meanwhile.
func (s *Store) ApproveRevision(ctx context.Context, digest, by string, audit *AuditEvent) (bool, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	approved := false
	err := db.Transaction(func(tx *gorm.DB) error {
		now := time.Now().UTC().Truncate(time.Microsecond)
		res := tx.Model(&PolicyRevision{}).Where("digest = ? AND approved_by = ''", digest).
			Updates(map[string]any{"approved_by": by, "approved_at": now})
		if res.Error != nil || res.RowsAffected != 1 {
			return res.Error
		}
		approved = true
		return insertAudit(tx, audit)
	})
	if err != nil {
		return false, unavailable("approve policy revision "+digest, err)
	}
	return approved, nil
}

// GetActive reads which revision should run; ErrNotFound when none was ever activated.
func (s *Store) GetActive(ctx context.Context) (*PolicyActive, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	return takeOne[PolicyActive](db.Where("id = 1"), "active policy")
}
