package models

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Book is the loan book's current balances as the policy sees them.
type Book struct {
	TotalFen Fen
	// THOSFen: loans whose industry code may lie in 两高一剩 (a coarse code counts when any class
	// under it would), except personal loans (borrower kind individual), which are not THOS credit.
	THOSFen Fen
	// RealEstateFen: loans to K70 and quasi-real-estate borrowers plus loans with a real-estate
	// purpose; PersonalHousingFen is the part with purpose personal_housing.
	RealEstateFen      Fen
	PersonalHousingFen Fen
	GreenFen           Fen
	// UnknownKindFen and UnknownPurposeFen are balances of loans reported without the
	// borrower's kind or the loan's real-estate purpose (counted toward THOS by their industry
	// code all the same, the safe side of the cap; reported, not guessed).
	UnknownKindFen    Fen
	UnknownPurposeFen Fen
	// Complete is whether an admin has declared the book complete, as of CompleteAsOf.
	Complete     bool
	CompleteAsOf string
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
	declared *BookDeclaration
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
		declared, err := b.store.BookDeclared(ctx)
		if err != nil {
			return Book{}, err
		}
		b.rows, b.declared, b.loadedAt = rows, declared, b.now()
	}
	if b.digest != digest {
		b.digest, b.classes = digest, map[string]map[string]bool{}
	}
	var book Book
	if d := b.declared; d != nil && d.Complete {
		book.Complete, book.CompleteAsOf = true, d.AsOf
	}
	for _, r := range b.rows {
		c, ok := b.classes[r.IndustryCode]
		if !ok {
			var err error
			if c, err = classify(ctx, r.IndustryCode); err != nil {
				return Book{}, err
			}
			b.classes[r.IndustryCode] = c
		}
		book.add(r, c)
	}
	return book, nil
}

// realEstatePurposes are the loan purposes that make a loan a real-estate loan.
var realEstatePurposes = map[string]bool{"development": true, "commercial_property": true, "personal_housing": true}

// add counts one row of the totals under the policy's classes of its industry code
// (`thos_possible` and `real_estate_possible`; a bundle before rules version 2 has only
// `thos` and `real_estate`).
func (book *Book) add(r BookTotal, c map[string]bool) {
	book.TotalFen += r.BalanceFen
	if (c["thos_possible"] || c["thos"]) && r.ApplicantKind != "individual" {
		book.THOSFen += r.BalanceFen
	}
	if c["real_estate_possible"] || c["real_estate"] || r.QuasiRealEstate || realEstatePurposes[r.RealEstatePurpose] {
		book.RealEstateFen += r.BalanceFen
	}
	if r.RealEstatePurpose == "personal_housing" {
		book.PersonalHousingFen += r.BalanceFen
	}
	if r.Green {
		book.GreenFen += r.BalanceFen
	}
	if r.ApplicantKind == "" {
		book.UnknownKindFen += r.BalanceFen
	}
	if r.RealEstatePurpose == "" {
		book.UnknownPurposeFen += r.BalanceFen
	}
}

// BookDeclaration is an admin's statement that the existing book has been imported whole
// (complete) as of a date, or its withdrawal. Rows are only inserted; the latest one holds.
type BookDeclaration struct {
	ID         uint64    `gorm:"primaryKey;autoIncrement" json:"-"`
	Complete   bool      `gorm:"not null" json:"complete"`
	AsOf       string    `gorm:"size:10;not null" json:"as_of"`
	DeclaredBy string    `gorm:"size:64;not null" json:"declared_by"`
	DeclaredAt time.Time `gorm:"precision:6;not null" json:"declared_at"`
	Note       string    `gorm:"size:500;not null" json:"note"`
}

// BookDeclared is the latest declaration, or nil when the book was never declared complete.
func (s *Store) BookDeclared(ctx context.Context) (*BookDeclaration, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	var out []BookDeclaration
	if err := s.DB.WithContext(ctx).Order("id DESC").Limit(1).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("book declaration: %w: %w", ErrUnavailable, err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return &out[0], nil
}

// DeclareBook records a declaration together with its audit event, in one transaction.
func (s *Store) DeclareBook(ctx context.Context, d *BookDeclaration, audit *AuditEvent) error {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		return tx.Create(audit).Error
	})
	if err != nil {
		return fmt.Errorf("declare the book: %w: %w", ErrUnavailable, err)
	}
	return nil
}
