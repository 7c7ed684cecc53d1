package reports_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"greencredit/money"
	"greencredit/policy"
	"greencredit/refdata"
	"greencredit/reports"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// BenchmarkReports builds the green-loans, exposure, statistics and compression reports over a book of
// GREENCREDIT_BENCH_LOANS (default 1,000,000) loans on MariaDB, reported over 24 month ends in 12
// branches, 4 industries, 3 categories of 2 catalogues and 4 borrower kinds (each independently), and reports each report's
// time and peak heap: the first three read book_changes (one row per day and bucket), not the loans;
// the compression report reads the loans of the solar/PV/wind codes (here 1% of the book, 10,000
// loans) through their index. Each report is built once to warm the buffer pool, then measured.
// Run with -benchtime=1x.
func BenchmarkReports(b *testing.B) {
	loans := 1_000_000
	if v := os.Getenv("GREENCREDIT_BENCH_LOANS"); v != "" {
		fmt.Sscan(v, &loans)
	}
	ctx := context.Background()
	s := dbtest.MySQL(b)
	i := 0
	start := time.Now()
	if _, err := s.ImportLoans(ctx, nil, func(*storage.Store) (storage.LoanRecord, bool, error) {
		if i >= loans {
			return storage.LoanRecord{}, false, nil
		}
		i++
		// Each dimension from its own digits of i, so that they vary independently.
		r := storage.LoanRecord{LoanID: fmt.Sprintf("L%08d", i), CustomerID: fmt.Sprintf("C%06d", i%50000),
			BranchID: fmt.Sprintf("YY-%02d", (i/24)%12), IndustryCode: []string{"C3011", "A0111", "K7010", "F5211"}[(i/288)%4],
			LoanAttributes: storage.LoanAttributes{ApplicantKind: []string{"enterprise", "individual_business", "farmer_household", "individual"}[(i/1152)%4]},
			BalanceFen:     money.Fen(100000 + i), AsOf: time.Date(2025, time.Month(1+i%24), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, -1).Format(time.DateOnly)}
		if i%100 == 0 { // 1% of the loans are to solar, PV or wind enterprises
			r.IndustryCode = "D4416"
		}
		if (i/7)%9 == 0 {
			r.Green, r.GreenCategory = true, []string{"1.1.1", "3.2.2", "4.2.1"}[(i/13)%3]
			r.GreenCategoryVersion = []string{"2019", "2025"}[(i/17)%2]
		}
		return r, true, nil
	}); err != nil {
		b.Fatal(err)
	}
	var changes int64
	s.DB.Model(&storage.BookChange{}).Count(&changes)
	b.Logf("%d loans imported in %s; book_changes holds %d rows", loans, time.Since(start).Round(time.Second), changes)
	ref, err := refdata.LoadRefData()
	if err != nil {
		b.Fatal(err)
	}
	files, err := policy.ReadDir("../rego")
	if err != nil {
		b.Fatal(err)
	}
	pol, err := policy.Compile(ctx, files, "bench")
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		for name, build := range map[string]func() error{
			"green-loans": func() error { _, err := reports.BuildGreenLoans(ctx, s, ref, day); return err },
			"exposure":    func() error { _, err := reports.BuildExposure(ctx, s, pol, 100, day); return err },
			"statistics":  func() error { _, err := reports.BuildGreenStatistics(ctx, s, ref, ref, day); return err },
			"compression": func() error { _, err := reports.BuildCompression(ctx, s, pol, nil, "2025-12-31", day); return err },
		} {
			// A first build warms the buffer pool (after the import, the new index's pages are
			// still being merged); the second is measured.
			if err := build(); err != nil {
				b.Fatal(err)
			}
			var err error
			t0 := time.Now()
			peak := dbtest.PeakHeap(func() { err = build() })
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(time.Since(t0).Milliseconds()), name+"-ms")
			b.ReportMetric(float64(peak)/(1<<20), name+"-peak-heap-MiB")
		}
	}
}
