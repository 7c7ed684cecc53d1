package storage

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// ConsoleSession is a browser's signed-in session of the console (issue 24). The browser holds a
// random token in an HttpOnly cookie; the database holds only its sha256 (IDHash), so a copy of
// the table signs nobody in. KeySHA256 names the API key that signed in (its sha256, as the
// operator's key list holds it; "" in development mode), so that each request takes the key's
// current roles and a key removed from the list ends its sessions. CSRF is the token every form
// that changes something must carry.
type ConsoleSession struct {
	IDHash     string    `gorm:"primaryKey;size:64"`
	KeySHA256  string    `gorm:"size:64;not null"`
	Principal  string    `gorm:"size:64;not null"`
	CSRF       string    `gorm:"column:csrf;size:64;not null"`
	CreatedAt  time.Time `gorm:"precision:6;not null"`
	LastSeenAt time.Time `gorm:"precision:6;not null;index"`
}

// CreateSession stores a new session, first deleting the one it replaces (replaces: the IDHash
// of the browser's previous session, "" for none) and every session past its lifetime: a session
// id is never carried across a sign-in.
func (s *Store) CreateSession(ctx context.Context, sess *ConsoleSession, replaces string, idle, maxAge time.Duration) error {
	db, cancel := s.op(ctx)
	defer cancel()
	now := sess.CreatedAt
	return unavailable("create a console session", db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("id_hash = ? OR last_seen_at < ? OR created_at < ?", replaces, now.Add(-idle), now.Add(-maxAge)).
			Delete(&ConsoleSession{}).Error; err != nil {
			return err
		}
		return tx.Create(sess).Error
	}))
}

// Session reads a session by its IDHash; ErrNotFound when there is none.
func (s *Store) Session(ctx context.Context, idHash string) (*ConsoleSession, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	return takeOne[ConsoleSession](db.Where("id_hash = ?", idHash), "console session")
}

// TouchSession records that a session was used at now.
func (s *Store) TouchSession(ctx context.Context, idHash string, now time.Time) error {
	db, cancel := s.op(ctx)
	defer cancel()
	return unavailable("touch a console session", db.Model(&ConsoleSession{}).Where("id_hash = ?", idHash).Update("last_seen_at", now).Error)
}

// DeleteSession ends a session (sign-out, expiry); ending one that is gone is not an error.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	db, cancel := s.op(ctx)
	defer cancel()
	err := db.Where("id_hash = ?", idHash).Delete(&ConsoleSession{}).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		err = nil
	}
	return unavailable("end a console session", err)
}
