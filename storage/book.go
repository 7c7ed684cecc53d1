package storage

import (
	"context"
	"fmt"
	"greencredit/money"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
	"gorm.io/gorm"
)

// Book is the loan book's current balances as the policy sees them.
type Book struct {
	TotalFen money.Fen
	// THOSFen: loans whose industry code may lie in 两高一剩 (a coarse code counts when any class
	// under it would), except personal loans (borrower kind individual), which are not THOS credit.
	THOSFen money.Fen
	// RealEstateFen: loans to K70 and quasi-real-estate borrowers plus loans with a real-estate
	// purpose; PersonalHousingFen is the part with purpose personal_housing.
	RealEstateFen      money.Fen
	PersonalHousingFen money.Fen
	GreenFen           money.Fen
	// RenewableFen: loans whose industry code may be solar, PV or wind (有压: compressed, not
	// capped); reported, not given to the policy.
	RenewableFen money.Fen
	// UnknownKindFen and UnknownPurposeFen are balances of loans reported without the
	// borrower's kind or the loan's real-estate purpose (counted toward THOS by their industry
	// code all the same, the safe side of the cap; reported, not guessed).
	UnknownKindFen    money.Fen
	UnknownPurposeFen money.Fen
	// Complete is whether an admin has declared the book complete, as of CompleteAsOf.
	Complete     bool
	CompleteAsOf string
}

// Classifier tells which of the policy's lists an industry code is on (keys "thos",
// "real_estate", ...): the policy, not the database, decides what counts as THOS.
type Classifier func(ctx context.Context, industryCode string) (map[string]bool, error)

// BookCache serves the book to screenings from the small book_totals table, re-read at most
// every TTL: a screening never aggregates the loan table, and sees loan changes made on
// other instances at most TTL late (changes made through this instance at once). No lock is
// held across a database read: concurrent screenings that find the totals stale share one read
// (singleflight), and the others go on with the book they had. The sums are kept per snapshot
// and policy digest, so a screening between two reads costs a map look-up.
type BookCache struct {
	store *Store
	ttl   time.Duration
	now   func() time.Time
	group singleflight.Group

	mu       sync.Mutex
	gen      uint64 // bumped by Invalidate: a read begun before it is not served as fresh
	rows     []BookTotal
	declared *BookDeclaration
	loadedAt time.Time // zero: never read, or invalidated
	digest   string
	classes  map[string]map[string]bool // industry code → classes, for digest
	book     *Book                      // the sums of rows under digest's classes (nil: not yet)
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
	b.gen++
	b.loadedAt, b.book = time.Time{}, nil
	b.mu.Unlock()
}

func (b *BookCache) fresh() bool { return !b.loadedAt.IsZero() && b.now().Sub(b.loadedAt) < b.ttl }

// Book sums the book under the classification of the policy with this digest.
func (b *BookCache) Book(ctx context.Context, digest string, classify Classifier) (Book, error) {
	b.mu.Lock()
	if b.fresh() && b.digest == digest && b.book != nil {
		book := *b.book
		b.mu.Unlock()
		return book, nil
	}
	gen, stale := b.gen, !b.fresh()
	b.mu.Unlock()
	if stale {
		if err := b.reload(ctx, gen); err != nil {
			return Book{}, err
		}
	}
	b.mu.Lock()
	rows, declared, snapGen := b.rows, b.declared, b.gen
	if b.digest != digest {
		b.digest, b.classes, b.book = digest, map[string]map[string]bool{}, nil
	}
	classes := b.classes
	known := make(map[string]map[string]bool, len(rows))
	for _, r := range rows {
		if c, ok := classes[r.IndustryCode]; ok {
			known[r.IndustryCode] = c
		}
	}
	b.mu.Unlock()
	// Classifying a new code evaluates the policy: done without the lock.
	book, fresh, err := sumBook(ctx, rows, declared, known, classify)
	if err != nil {
		return Book{}, err
	}
	b.mu.Lock()
	if b.digest == digest {
		for code, c := range fresh {
			b.classes[code] = c
		}
		if b.gen == snapGen && b.fresh() {
			kept := book
			b.book = &kept
		}
	}
	b.mu.Unlock()
	return book, nil
}

// BookUncached sums the book under another policy's classification (a candidate's, for the
// playground) without putting it in the cache: the cache keeps the active policy's classes, which
// every screening needs.
func (b *BookCache) BookUncached(ctx context.Context, classify Classifier) (Book, error) {
	b.mu.Lock()
	gen, stale := b.gen, !b.fresh()
	b.mu.Unlock()
	if stale {
		if err := b.reload(ctx, gen); err != nil {
			return Book{}, err
		}
	}
	b.mu.Lock()
	rows, declared := b.rows, b.declared
	b.mu.Unlock()
	book, _, err := sumBook(ctx, rows, declared, map[string]map[string]bool{}, classify)
	return book, err
}

// sumBook sums the totals' rows under their industry codes' classes: those known, and those
// classify gives for the others (returned in fresh, and added to known).
func sumBook(ctx context.Context, rows []BookTotal, declared *BookDeclaration, known map[string]map[string]bool,
	classify Classifier) (Book, map[string]map[string]bool, error) {
	var book Book
	if declared != nil && declared.Complete {
		book.Complete, book.CompleteAsOf = true, declared.AsOf
	}
	fresh := map[string]map[string]bool{}
	for _, r := range rows {
		c, ok := known[r.IndustryCode]
		if !ok {
			var err error
			if c, err = classify(ctx, r.IndustryCode); err != nil {
				return Book{}, nil, err
			}
			known[r.IndustryCode], fresh[r.IndustryCode] = c, c
		}
		if err := book.Add(r, c); err != nil {
			return Book{}, nil, err
		}
	}
	return book, fresh, nil
}

// reload reads the totals and the declaration once for all the screenings that found them stale
// at generation gen. The read is bounded by the store's statement timeout, not by the first
// caller's request: one caller giving up does not fail the others.
func (b *BookCache) reload(ctx context.Context, gen uint64) error {
	_, err, _ := b.group.Do(strconv.FormatUint(gen, 10), func() (any, error) {
		rctx := context.WithoutCancel(ctx)
		rows, err := b.store.BookTotals(rctx)
		if err != nil {
			return nil, err
		}
		declared, err := b.store.BookDeclared(rctx)
		if err != nil {
			return nil, err
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		b.rows, b.declared, b.book = rows, declared, nil
		if b.gen == gen {
			b.loadedAt = b.now()
		} // else invalidated meanwhile: this read may predate the change; the next Book reads again
		return nil, nil
	})
	return err
}

// realEstatePurposes are the loan purposes that make a loan a real-estate loan.
var realEstatePurposes = map[string]bool{"development": true, "commercial_property": true, "personal_housing": true}

// Add counts one row of the totals under the policy's classes of its industry code
// (`thos_possible`, `real_estate_possible` and `renewable_possible`; a bundle before rules
// version 2 has only `thos`, `real_estate` and `renewable`). The reports count the book by date
// with it too, so that a cap's balance is the same wherever it is shown.
func (book *Book) Add(r BookTotal, c map[string]bool) error {
	ok := true
	add := func(dst *money.Fen) {
		var sum money.Fen
		if sum, ok = money.AddFen(*dst, r.BalanceFen); ok {
			*dst = sum
		}
	}
	add(&book.TotalFen)
	if (c["thos_possible"] || c["thos"]) && r.ApplicantKind != "individual" && ok {
		add(&book.THOSFen)
	}
	if (c["real_estate_possible"] || c["real_estate"] || r.QuasiRealEstate || realEstatePurposes[r.RealEstatePurpose]) && ok {
		add(&book.RealEstateFen)
	}
	if r.RealEstatePurpose == "personal_housing" && ok {
		add(&book.PersonalHousingFen)
	}
	if (c["renewable_possible"] || c["renewable"]) && ok {
		add(&book.RenewableFen)
	}
	if r.Green && ok {
		add(&book.GreenFen)
	}
	if r.ApplicantKind == "" && ok {
		add(&book.UnknownKindFen)
	}
	if r.RealEstatePurpose == "" && ok {
		add(&book.UnknownPurposeFen)
	}
	if !ok || r.BalanceFen < 0 || book.TotalFen > money.MaxBookFen {
		return fmt.Errorf("the loan book's totals are out of range (a total above %d fen or negative): %w", money.MaxBookFen, ErrUnavailable)
	}
	return nil
}

// BookDeclaration is an admin's statement that the existing book has been imported whole
// (complete) as of a date, or its withdrawal. Rows are only inserted; the latest one holds.
type BookDeclaration struct {
	ID         uint64    `gorm:"primaryKey;autoIncrement"`
	Complete   bool      `gorm:"not null"`
	AsOf       string    `gorm:"size:10;not null"`
	DeclaredBy string    `gorm:"size:64;not null"`
	DeclaredAt time.Time `gorm:"precision:6;not null"`
	Note       string    `gorm:"size:500;not null"`
}

// BookDeclared is the latest declaration, or nil when the book was never declared complete.
func (s *Store) BookDeclared(ctx context.Context) (*BookDeclaration, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []BookDeclaration
	if err := db.Order("id DESC").Limit(1).Find(&out).Error; err != nil {
		return nil, unavailable("book declaration", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return &out[0], nil
}

// DeclareBook records a declaration together with its audit event, in one transaction.
func (s *Store) DeclareBook(ctx context.Context, d *BookDeclaration, audit *AuditEvent) error {
	db, cancel := s.op(ctx)
	defer cancel()
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		return tx.Create(audit).Error
	})
	if err != nil {
		return unavailable("declare the book", err)
	}
	return nil
}
