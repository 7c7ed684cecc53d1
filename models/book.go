package models

import (
	"context"
	"sync"
	"time"
)

// Book is the loan book's current balances as the policy sees them.
type Book struct {
	TotalFen      Fen
	THOSFen       Fen
	RealEstateFen Fen
	GreenFen      Fen
}

// Classifier tells which of the policy's lists an industry code is on (keys "thos",
// "real_estate", ...): the policy, not the database, decides what counts as THOS.
type Classifier func(ctx context.Context, industryCode string) (map[string]bool, error)

// BookCache serves the book to screenings from the small book_totals table, re-read at most
// every TTL: a screening never aggregates the loan table, and sees loan changes made on
// other instances at most TTL late (changes made through this instance at once).
type BookCache struct {
	store *Store
	ttl   time.Duration
	now   func() time.Time

	mu       sync.Mutex
	rows     []BookTotal
	loadedAt time.Time
	digest   string
	classes  map[string]map[string]bool // industry code → classes, for digest
}

// NewBookCache reads the book at most every ttl (default 2s); now may be nil (time.Now).
func (s *Store) NewBookCache(ttl time.Duration, now func() time.Time) *BookCache {
	if ttl <= 0 {
		ttl = 2 * time.Second
	}
	if now == nil {
		now = time.Now
	}
	return &BookCache{store: s, ttl: ttl, now: now}
}

// TTL is the staleness bound.
func (b *BookCache) TTL() time.Duration { return b.ttl }

// Invalidate makes the next Book re-read the totals (after a change through this instance).
func (b *BookCache) Invalidate() {
	b.mu.Lock()
	b.loadedAt = time.Time{}
	b.mu.Unlock()
}

// Book sums the book under the classification of the policy with this digest.
func (b *BookCache) Book(ctx context.Context, digest string, classify Classifier) (Book, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.loadedAt.IsZero() || b.now().Sub(b.loadedAt) >= b.ttl {
		rows, err := b.store.BookTotals(ctx)
		if err != nil {
			return Book{}, err
		}
		b.rows, b.loadedAt = rows, b.now()
	}
	if b.digest != digest {
		b.digest, b.classes = digest, map[string]map[string]bool{}
	}
	var book Book
	for _, r := range b.rows {
		c, ok := b.classes[r.IndustryCode]
		if !ok {
			var err error
			if c, err = classify(ctx, r.IndustryCode); err != nil {
				return Book{}, err
			}
			b.classes[r.IndustryCode] = c
		}
		book.TotalFen += r.BalanceFen
		if c["thos"] {
			book.THOSFen += r.BalanceFen
		}
		if c["real_estate"] {
			book.RealEstateFen += r.BalanceFen
		}
		if r.Green {
			book.GreenFen += r.BalanceFen
		}
	}
	return book, nil
}
