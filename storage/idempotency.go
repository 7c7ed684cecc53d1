package storage

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// Idempotency reservation states.
const (
	IdemPending = "pending" // a request is deciding under this key
	IdemDone    = "done"    // the decision is committed
	IdemFailed  = "failed"  // the owner gave up; the next retry takes over
)

// IdempotencyKey is one Idempotency-Key of one principal. The row is reserved before the
// policy is evaluated and fixes the decision_id in advance: since decision_id is unique in the
// decision log, however many instances retry the key concurrently, at most one decision exists.
type IdempotencyKey struct {
	Principal  string `gorm:"primaryKey;size:64"`
	Key        string `gorm:"primaryKey;size:128;column:idem_key"`
	BodySHA256 string `gorm:"size:64;not null"`
	DecisionID string `gorm:"size:36;not null"`
	State      string `gorm:"size:8;not null"`
	// Owner is the token of the request holding the reservation; takeovers compare-and-set it.
	Owner      string    `gorm:"size:36;not null"`
	ReservedAt time.Time `gorm:"precision:6;not null"`
	CreatedAt  time.Time `gorm:"precision:6;not null;index"`
}

// ReserveIdempotency inserts k unless its (principal, key) exists; then it returns the
// existing row (and k was not written).
func (s *Store) ReserveIdempotency(ctx context.Context, k *IdempotencyKey) (*IdempotencyKey, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	// On a multi-primary cluster (Galera) two nodes reserving the same key at once conflict at
	// certification, which the loser sees as a deadlock: the reservation is an insert-or-read,
	// safe to try again.
	res := s.DB.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(k)
	for attempt := 0; deadlocked(res.Error) && attempt < 3; attempt++ {
		res = s.DB.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(k)
	}
	if res.Error != nil {
		return nil, unavailable("reserve idempotency key", res.Error)
	}
	if res.RowsAffected == 1 {
		return nil, nil
	}
	return s.getIdempotency(ctx, k.Principal, k.Key)
}

// GetIdempotency reads the reservation of (principal, key).
func (s *Store) GetIdempotency(ctx context.Context, principal, key string) (*IdempotencyKey, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	return s.getIdempotency(ctx, principal, key)
}

func (s *Store) getIdempotency(ctx context.Context, principal, key string) (*IdempotencyKey, error) {
	return takeOne[IdempotencyKey](s.DB.WithContext(ctx).Where("principal = ? AND idem_key = ?", principal, key), "idempotency key")
}

// TakeOverIdempotency hands a failed or stale reservation to newOwner if it is still held by
// oldOwner and not done; it tells whether this caller won.
func (s *Store) TakeOverIdempotency(ctx context.Context, k *IdempotencyKey, newOwner string, now time.Time) (bool, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	res := db.Model(&IdempotencyKey{}).
		Where("principal = ? AND idem_key = ? AND owner = ? AND state <> ?", k.Principal, k.Key, k.Owner, IdemDone).
		Updates(map[string]any{"owner": newOwner, "state": IdemPending, "reserved_at": now})
	if res.Error != nil {
		return false, unavailable("take over idempotency key", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// FinishIdempotency sets the state of a reservation the owner still holds.
func (s *Store) FinishIdempotency(ctx context.Context, k *IdempotencyKey, state string) error {
	db, cancel := s.op(ctx)
	defer cancel()
	err := db.Model(&IdempotencyKey{}).
		Where("principal = ? AND idem_key = ? AND owner = ?", k.Principal, k.Key, k.Owner).
		Update("state", state).Error
	if err != nil {
		return unavailable("finish idempotency key", err)
	}
	return nil
}

// PurgeIdempotency deletes keys created before before (at most batch at a time; how many it
// deleted). A pending reservation that old is long stale: its owner is gone.
func (s *Store) PurgeIdempotency(ctx context.Context, before time.Time, batch int) (int64, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var old []IdempotencyKey
	if err := db.Select("principal", "idem_key").Where("created_at < ?", before.UTC()).
		Order("created_at").Limit(batch).Find(&old).Error; err != nil {
		return 0, unavailable("purge idempotency keys", err)
	}
	if len(old) == 0 {
		return 0, nil
	}
	keys := make([][]any, len(old))
	for i, k := range old {
		keys[i] = []any{k.Principal, k.Key}
	}
	res := db.Where("(principal, idem_key) IN ?", keys).Where("created_at < ?", before.UTC()).Delete(&IdempotencyKey{})
	if res.Error != nil {
		return 0, unavailable("purge idempotency keys", res.Error)
	}
	return res.RowsAffected, nil
}
