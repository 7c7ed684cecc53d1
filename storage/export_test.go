package storage

import "time"

// SetBalanceSpacing sets the least time between two balance batches (tests).
func (s *Store) SetBalanceSpacing(d time.Duration) { s.balances.spacing = d }
