package storage_test

import (
	"context"
	"os"
	"testing"

	"github.com/pressly/goose/v3"

	"greencredit/money"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestLoanQualityMigrationDown: migration 8 taken back (a release rolled back) sums each bucket's
// classes into one row again, so the book at every date is what it was; taken up again, the book
// is the same, every balance unclassified.
func TestLoanQualityMigrationDown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		green := func(r storage.LoanRecord) storage.LoanRecord { // a green loan with benefits, wholly financed
			r.Green, r.FinancingSharePPM = true, 1_000_000
			r.SetFigures([7]int64{5000, 0, 0, 0, 0, 0, 0})
			return r
		}
		for _, r := range []storage.LoanRecord{
			green(storage.LoanRecord{LoanID: "M1", CustomerID: "C1", BranchID: "YY-A", IndustryCode: "A0111", BalanceFen: 100_00, AsOf: "2026-03-31", Classification: storage.ClassNormal}),
			green(storage.LoanRecord{LoanID: "M1", CustomerID: "C1", BranchID: "YY-A", IndustryCode: "A0111", BalanceFen: 80_00, AsOf: "2026-06-30", Classification: storage.ClassSubstandard}),
			{LoanID: "M2", CustomerID: "C2", BranchID: "YY-A", IndustryCode: "A0111", BalanceFen: 50_00, AsOf: "2026-06-30", Classification: storage.ClassLoss},
		} {
			if _, err := s.PutLoan(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		coal := func(day string) int64 {
			cells, err := s.BookAt(ctx, day)
			if err != nil {
				t.Fatal(err)
			}
			var kg int64
			for _, c := range cells {
				kg += c.Benefits.CoalSavedKg
			}
			return kg
		}
		if coal("2026-06-30") != 5000 {
			t.Fatalf("fixture: %d kg", coal("2026-06-30"))
		}
		total := func(day string) (money.Fen, int64) {
			cells, err := s.BookAt(ctx, day)
			if err != nil {
				t.Fatal(err)
			}
			var f money.Fen
			var n int64
			for _, c := range cells {
				f += c.BalanceFen
				n += c.Loans
			}
			return f, n
		}
		sqlDB, err := s.DB.DB()
		if err != nil {
			t.Fatal(err)
		}
		dir := os.DirFS("migrations/" + s.Dialect) // the files the binary embeds
		dialect := goose.DialectSQLite3
		if s.Dialect == "mysql" {
			dialect = goose.DialectMySQL
		}
		p, err := goose.NewProvider(dialect, sqlDB, dir, goose.WithDisableGlobalRegistry(true))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.DownTo(ctx, 7); err != nil {
			t.Fatalf("down: %v", err)
		}
		var rows []struct {
			Day         string
			BalanceFen  money.Fen
			Loans, Coal int64
		}
		if err := s.DB.Raw("SELECT day, SUM(balance_fen) AS balance_fen, SUM(loans) AS loans, SUM(coal_saved_kg) AS coal FROM book_changes GROUP BY day ORDER BY day").
			Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		// 2026-03-31: M1 100 in (5 t of coal); 2026-06-30: M1 −100 +80, M2 +50 (the class moves
		// summed back, the benefits moving with M1 netting out).
		if len(rows) != 2 || rows[0].BalanceFen != 100_00 || rows[0].Loans != 1 || rows[0].Coal != 5000 || rows[1].BalanceFen != 30_00 ||
			rows[1].Loans != 1 || rows[1].Coal != 0 {
			t.Fatalf("book_changes after down: %+v", rows)
		}
		if _, err := p.Up(ctx); err != nil {
			t.Fatalf("up again: %v", err)
		}
		if f, n := total("2026-06-30"); f != 130_00 || n != 2 || coal("2026-06-30") != 5000 {
			t.Fatalf("the book after down and up: %s in %d loans", f, n)
		}
		if f, n := total("2026-03-31"); f != 100_00 || n != 1 {
			t.Fatalf("the book at 2026-03-31 after down and up: %s in %d loans", f, n)
		}
	})
}
