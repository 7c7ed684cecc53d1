package storage

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// AuditEvent records who did what and when: administrative actions (policy uploads and
// activations, imports) and refused attempts. Rows are only ever inserted.
type AuditEvent struct {
	ID        uint64    `gorm:"primaryKey;autoIncrement"`
	At        time.Time `gorm:"precision:6;not null;index"`
	Actor     string    `gorm:"size:64;not null;index"`
	Action    string    `gorm:"size:64;not null;index"`
	Method    string    `gorm:"size:8;not null"`
	Path      string    `gorm:"size:255;not null"`
	RequestID string    `gorm:"size:64;not null;index"`
	// Detail is JSON describing the action (e.g. the activated digest).
	Detail string `gorm:"type:mediumtext;not null"`
}

// AuditFilter selects audit events; zero fields do not filter. AfterID pages (oldest first).
type AuditFilter struct {
	From, To time.Time
	Actor    string
	Action   string
	AfterID  uint64
	Limit    int
}

// InsertAudit commits one audit event.
func (s *Store) InsertAudit(ctx context.Context, e *AuditEvent) error {
	db, cancel := s.op(ctx)
	defer cancel()
	if err := db.Create(e).Error; err != nil {
		return unavailable("record audit event "+e.Action, err)
	}
	return nil
}

// insertAudit adds an audit event to a transaction (nil: none).
func insertAudit(tx *gorm.DB, e *AuditEvent) error {
	if e == nil {
		return nil
	}
	return tx.Create(e).Error
}

// ListAudit returns the events matching f, oldest first, at most f.Limit of them.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	q := db.Model(&AuditEvent{}).Where("id > ?", f.AfterID)
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To)
	}
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	var out []AuditEvent
	if err := q.Order("id").Limit(f.Limit).Find(&out).Error; err != nil {
		return nil, unavailable("list audit events", err)
	}
	return out, nil
}
