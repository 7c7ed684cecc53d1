package storage_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"greencredit/money"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

func classify(_ context.Context, code string) (map[string]bool, error) {
	return map[string]bool{"thos": code == "C3011", "real_estate": code == "K7010"}, nil
}

// TestBookCacheStaleness: the cache serves a book at most TTL old — a change made behind it
// (e.g. by another instance) is invisible before the TTL and visible once it has passed.
func TestBookCacheStaleness(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		clock := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
		cache := s.NewBookCache(2*time.Second, func() time.Time { return clock })
		put := func(id, code string, fen money.Fen, green bool) {
			if _, err := s.PutLoan(ctx, storage.LoanRecord{LoanID: id, CustomerID: "C", BranchID: "B", IndustryCode: code,
				Green: green, BalanceFen: fen, AsOf: "2026-11-24"}); err != nil {
				t.Fatal(err)
			}
		}
		put("L1", "C3011", 300, false)
		put("L2", "K7010", 200, false)
		put("L3", "A0111", 500, true)
		book, err := cache.Book(ctx, "d1", classify)
		if err != nil || book != (storage.Book{TotalFen: 1000, THOSFen: 300, RealEstateFen: 200, GreenFen: 500, UnknownKindFen: 1000, UnknownPurposeFen: 1000}) {
			t.Fatalf("book %+v %v", book, err)
		}
		put("L1", "C3011", 1300, false) // behind the cache's back
		clock = clock.Add(1999 * time.Millisecond)
		if book, _ = cache.Book(ctx, "d1", classify); book.THOSFen != 300 {
			t.Fatalf("within the TTL the cache re-read the table: %+v", book)
		}
		clock = clock.Add(time.Millisecond)
		if book, _ = cache.Book(ctx, "d1", classify); book.THOSFen != 1300 || book.TotalFen != 2000 {
			t.Fatalf("after the TTL the change is not seen: %+v", book)
		}
		put("L1", "C3011", 0, false) // closed
		cache.Invalidate()
		if book, _ = cache.Book(ctx, "d1", classify); book.THOSFen != 0 || book.TotalFen != 700 {
			t.Fatalf("after Invalidate: %+v", book)
		}
		// Another policy may classify differently: the classification is per digest.
		if book, _ = cache.Book(ctx, "d2", func(context.Context, string) (map[string]bool, error) {
			return map[string]bool{"thos": true}, nil
		}); book.THOSFen != 700 {
			t.Fatalf("classification not per policy digest: %+v", book)
		}
	})
}

// TestBookCacheNoLockAcrossWork: the cache's lock is not held while the book is read or
// classified, so an invalidation (after a loan report) never waits behind a slow refresh; a
// refresh that began before the invalidation is not served as fresh afterwards.
func TestBookCacheNoLockAcrossWork(t *testing.T) {
	s := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := s.PutLoan(ctx, storage.LoanRecord{LoanID: "L1", CustomerID: "C", BranchID: "B", IndustryCode: "C3011",
		BalanceFen: 100, AsOf: "2026-11-24"}); err != nil {
		t.Fatal(err)
	}
	cache := s.NewBookCache(time.Hour, nil)
	entered, release := make(chan struct{}), make(chan struct{})
	slow := func(ctx context.Context, code string) (map[string]bool, error) {
		close(entered)
		<-release
		return classify(ctx, code)
	}
	done := make(chan error, 1)
	go func() { _, err := cache.Book(ctx, "d1", slow); done <- err }()
	<-entered
	invalidated := make(chan struct{})
	go func() { cache.Invalidate(); close(invalidated) }()
	select {
	case <-invalidated:
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("Invalidate waited for a screening's classification: the lock is held across it")
	}
	if _, err := s.PutLoan(ctx, storage.LoanRecord{LoanID: "L2", CustomerID: "C", BranchID: "B", IndustryCode: "A0111",
		BalanceFen: 50, AsOf: "2026-11-24"}); err != nil {
		t.Fatal(err)
	}
	cache.Invalidate()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if book, err := cache.Book(ctx, "d1", classify); err != nil || book.TotalFen != 150 {
		t.Fatalf("a book read before the invalidation was served after it: %+v %v", book, err)
	}
}

// BenchmarkImportLoans imports GREENCREDIT_BENCH_ROWS (default 1,000,000) generated rows in one
// transaction on MariaDB and reports rows/s and the peak heap. Run with -benchtime=1x.
func BenchmarkImportLoans(b *testing.B) {
	rows := 1_000_000
	if v := testingEnv("GREENCREDIT_BENCH_ROWS"); v != "" {
		fmt.Sscan(v, &rows)
	}
	for b.Loop() {
		s := dbtest.MySQL(b)
		i := 0
		start := time.Now()
		var n int
		var err error
		peak := dbtest.PeakHeap(func() {
			n, err = s.ImportLoans(context.Background(), nil, func(*storage.Store) (storage.LoanRecord, bool, error) {
				if i >= rows {
					return storage.LoanRecord{}, false, nil
				}
				i++
				return storage.LoanRecord{LoanID: fmt.Sprintf("L%08d", i), CustomerID: fmt.Sprintf("C%06d", i%50000),
					BranchID: fmt.Sprintf("YY-%02d", i%12), IndustryCode: []string{"C3011", "A0111", "K7010", "F5211"}[i%4],
					Green: i%9 == 0, BalanceFen: money.Fen(100000 + i), AsOf: "2026-10-31"}, true, nil
			})
		})
		if err != nil || n != rows {
			b.Fatalf("imported %d of %d: %v", n, rows, err)
		}
		b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	}
}

func testingEnv(k string) string { return os.Getenv(k) }

// TestConcurrentFirstReports_MySQLOnlyRowLocks: concurrent reports of the same new loans (and of others) keep
// book_totals equal to the sum of the loans' current balances.
func TestConcurrentFirstReports_MySQLOnlyRowLocks(t *testing.T) {
	s := dbtest.MySQL(t)
	ctx := context.Background()
	var g errgroup.Group
	for w := range 16 {
		g.Go(func() error {
			for i := range 4 {
				id := fmt.Sprintf("L%d", i) // every worker reports the same four new loans
				if _, err := s.PutLoan(ctx, storage.LoanRecord{LoanID: id, CustomerID: "C", BranchID: "B",
					IndustryCode: "A0111", BalanceFen: money.Fen(100 * (w + 1)), AsOf: fmt.Sprintf("2026-11-%02d", w+1)}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	var loans, totals struct{ S int64 }
	s.DB.Model(&storage.Loan{}).Select("COALESCE(SUM(balance_fen),0) AS s").Scan(&loans)
	s.DB.Model(&storage.BookTotal{}).Select("COALESCE(SUM(balance_fen),0) AS s").Scan(&totals)
	if loans.S != totals.S || loans.S == 0 {
		t.Fatalf("book_totals %d, loans %d", totals.S, loans.S)
	}
}

// TestBookTotalsRebuiltOnUpgrade: a database upgraded from rules version 1 has loans but no
// version-2 totals; the migration rebuilds them from the loans, so the book is not empty.
func TestBookTotalsRebuiltOnUpgrade(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		for i, code := range []string{"C3011", "K7010", "A0111"} {
			if _, err := s.PutLoan(ctx, storage.LoanRecord{LoanID: fmt.Sprintf("U%d", i), CustomerID: "C", BranchID: "B",
				IndustryCode: code, BalanceFen: money.Fen(100 * (i + 1)), AsOf: "2026-11-24"}); err != nil {
				t.Fatal(err)
			}
		}
		// As version 1 left it: the loans, and no totals (the table emptied).
		if err := s.DB.Exec("DELETE FROM book_totals").Error; err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		book, err := s.NewBookCache(time.Second, nil).Book(ctx, "d", classify)
		if err != nil || book.TotalFen != 600 || book.THOSFen != 100 || book.RealEstateFen != 200 || book.UnknownKindFen != 600 {
			t.Fatalf("rebuilt book %+v %v", book, err)
		}
		if err := s.Migrate(ctx); err != nil { // a second start changes nothing
			t.Fatal(err)
		}
		if book, _ := s.NewBookCache(time.Second, nil).Book(ctx, "d", classify); book.TotalFen != 600 {
			t.Fatalf("the rebuild ran twice: %+v", book)
		}
	})
}
