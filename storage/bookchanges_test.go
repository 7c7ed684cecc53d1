package storage_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"greencredit/money"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// bookModel is the loan book kept the plain way: every loan's dated balances with their classes,
// and the attributes of its latest report.
type bookModel struct {
	hist  map[string]map[string]dated
	attrs map[string]storage.LoanRecord // the report that set the current attributes
}

type dated struct {
	balance money.Fen
	class   string
}

// report records a report: its balance, and its class when it gives one (the same date again
// without one keeps that date's).
func (m *bookModel) report(r storage.LoanRecord) {
	if m.hist[r.LoanID] == nil {
		m.hist[r.LoanID] = map[string]dated{}
	}
	class := r.Classification
	if class == "" {
		class = m.hist[r.LoanID][r.AsOf].class
	}
	m.hist[r.LoanID][r.AsOf] = dated{r.BalanceFen, class}
	if cur, ok := m.attrs[r.LoanID]; !ok || r.AsOf >= cur.AsOf {
		m.attrs[r.LoanID] = r
	}
}

// at is the book at the end of day, by bucket: each loan's balance at its latest date on or
// before day, under its current attributes.
func (m *bookModel) at(day string) []storage.BookCell {
	cells := map[storage.BookBucket]*storage.BookCell{}
	for id, h := range m.hist {
		last := ""
		for d := range h {
			if d <= day && d > last {
				last = d
			}
		}
		if last == "" {
			continue
		}
		// Its class at last: the latest one reported on or before it, else unclassified.
		class, classDay := storage.ClassUnclassified, ""
		for d, v := range h {
			if d <= last && v.class != "" && d >= classDay {
				class, classDay = v.class, d
			}
		}
		a := m.attrs[id]
		b := storage.BookBucket{BranchID: a.BranchID, IndustryCode: a.IndustryCode, Green: a.Green, GreenCategory: a.GreenCategory,
			GreenCategoryVersion: a.GreenCategoryVersion, ApplicantKind: a.ApplicantKind, RealEstatePurpose: a.RealEstatePurpose,
			QuasiRealEstate: a.QuasiRealEstate, ApplicantSize: a.ApplicantSize, Classification: class}
		c := cells[b]
		if c == nil {
			c = &storage.BookCell{BookBucket: b}
			cells[b] = c
		}
		c.BalanceFen += h[last].balance
		if h[last].balance != 0 {
			c.Loans++
			v := a.Attributed() // the current report's benefits, by its financing share
			c.Benefits.CoalSavedKg += v[0]
			c.Benefits.CO2eReducedKg += v[1]
			c.Benefits.CODReducedKg += v[2]
			c.Benefits.AmmoniaNitrogenReducedKg += v[3]
			c.Benefits.SO2ReducedKg += v[4]
			c.Benefits.NOxReducedKg += v[5]
			c.Benefits.WaterSavedKg += v[6]
		}
	}
	var out []storage.BookCell
	for _, c := range cells {
		if c.BalanceFen != 0 || c.Loans != 0 {
			out = append(out, *c)
		}
	}
	sortCells(out)
	return out
}

func sortCells(cs []storage.BookCell) {
	slices.SortFunc(cs, func(a, b storage.BookCell) int {
		return cmp.Or(cmp.Compare(a.BranchID, b.BranchID), cmp.Compare(a.IndustryCode, b.IndustryCode), cmp.Compare(fmt.Sprint(a.Green), fmt.Sprint(b.Green)),
			cmp.Compare(a.GreenCategory, b.GreenCategory), cmp.Compare(a.GreenCategoryVersion, b.GreenCategoryVersion),
			cmp.Compare(a.ApplicantKind, b.ApplicantKind), cmp.Compare(a.RealEstatePurpose, b.RealEstatePurpose),
			cmp.Compare(fmt.Sprint(a.QuasiRealEstate), fmt.Sprint(b.QuasiRealEstate)), cmp.Compare(a.ApplicantSize, b.ApplicantSize),
			cmp.Compare(a.Classification, b.Classification))
	})
}

// TestBookAtAnyDate (issue 23): after random reports — new loans, later balances, back-dated
// ones, the same day again, a loan moving branch or category, closing at zero, environmental
// benefits reported, changed or dropped, five-category classes given, changed or left out (a
// balance then has the class last reported on or before its date, whatever order the reports
// came in: issue 29) — through the single report and the import, the book at
// every date, summed from book_changes, is what the loans' histories say it is (the benefits of
// the loans with a balance, under their current reports, attributed by their financing shares).
func TestBookAtAnyDate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		rng := rand.New(rand.NewPCG(7, 22))
		m := &bookModel{hist: map[string]map[string]dated{}, attrs: map[string]storage.LoanRecord{}}
		days := []string{"2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31", "2026-01-15", "2026-03-31", "2026-06-30"}
		random := func() storage.LoanRecord {
			green := rng.IntN(3) == 0
			r := storage.LoanRecord{LoanID: fmt.Sprintf("L%02d", rng.IntN(30)), CustomerID: "C1",
				BranchID: []string{"YY-LC-01", "YY-CB-02"}[rng.IntN(2)], IndustryCode: []string{"C3011", "D4416", "A0111"}[rng.IntN(3)],
				Green: green, AsOf: days[rng.IntN(len(days))]}
			if green {
				r.GreenCategory, r.GreenCategoryVersion = []string{"1.1.1", "3.2.2", ""}[rng.IntN(3)], []string{"2025", "2019"}[rng.IntN(2)]
			}
			r.ApplicantKind = []string{"enterprise", "farmer_household", ""}[rng.IntN(3)]
			r.ApplicantSize = []string{"small", "micro", ""}[rng.IntN(3)]
			r.Classification = []string{"normal", "substandard", "loss", ""}[rng.IntN(4)] // "": carried over
			if rng.IntN(5) > 0 {
				r.BalanceFen = money.Fen(rng.IntN(1_000_000) * 100)
			}
			if green && rng.IntN(2) == 0 {
				var v [7]int64
				for i := range v {
					v[i] = int64(rng.IntN(10_000_000))
				}
				r.SetFigures(v)
				r.FinancingSharePPM = int64(rng.IntN(1_000_001))
			}
			return r
		}
		for round := range 6 {
			if round%2 == 0 {
				for range 25 {
					r := random()
					if _, err := s.PutLoan(ctx, r); err != nil {
						t.Fatal(err)
					}
					m.report(r)
				}
			} else {
				var batch []storage.LoanRecord
				for range 40 {
					batch = append(batch, random())
				}
				i := 0
				if _, err := s.ImportLoans(ctx, nil, func(*storage.Store) (storage.LoanRecord, bool, error) {
					if i == len(batch) {
						return storage.LoanRecord{}, false, nil
					}
					i++
					return batch[i-1], true, nil
				}); err != nil {
					t.Fatal(err)
				}
				for _, r := range batch {
					m.report(r)
				}
			}
			for _, day := range append([]string{"2025-01-01", "2025-07-01", "2099-12-31"}, days...) {
				got, err := s.BookAt(ctx, day)
				if err != nil {
					t.Fatal(err)
				}
				sortCells(got)
				if want := m.at(day); !slices.Equal(got, want) {
					t.Fatalf("round %d, the book at %s:\n got  %+v\n want %+v", round, day, got, want)
				}
			}
		}
	})
}

// TestImportSeesConcurrentReport_MySQLOnlyIsolation: a report committed while an import runs, for
// a loan the import reaches in a later chunk, is in the history the import reads for that loan
// (its transaction runs at READ COMMITTED on MySQL: at REPEATABLE READ it would read the snapshot
// of its first chunk and count the loan's history wrong in book_changes).
func TestImportSeesConcurrentReport_MySQLOnlyIsolation(t *testing.T) {
	s := dbtest.MySQL(t)
	ctx := context.Background()
	z := func(day string, yuan int64) storage.LoanRecord {
		return storage.LoanRecord{LoanID: "Z", CustomerID: "CZ", BranchID: "YY-Z", IndustryCode: "A0111", BalanceFen: money.Fen(yuan * 100), AsOf: day}
	}
	if _, err := s.PutLoan(ctx, z("2026-01-31", 100)); err != nil {
		t.Fatal(err)
	}
	i := 0
	if _, err := s.ImportLoans(ctx, nil, func(*storage.Store) (storage.LoanRecord, bool, error) {
		i++
		switch {
		case i <= 1000: // the first chunk
			return storage.LoanRecord{LoanID: fmt.Sprintf("A%04d", i), CustomerID: "CA", BranchID: "YY-A", IndustryCode: "A0111",
				BalanceFen: 100, AsOf: "2026-01-31"}, true, nil
		case i == 1001: // the first chunk is written: another report of Z commits meanwhile
			if _, err := s.PutLoan(ctx, z("2026-02-28", 200)); err != nil {
				return storage.LoanRecord{}, false, err
			}
			return z("2026-03-31", 300), true, nil
		}
		return storage.LoanRecord{}, false, nil
	}); err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]money.Fen{"2026-01-31": 10000, "2026-02-28": 20000, "2026-03-31": 30000} {
		cells, err := s.BookAt(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cells {
			if c.BranchID == "YY-Z" && (c.BalanceFen != want || c.Loans != 1) {
				t.Fatalf("loan Z at %s in the book by date: %s (%d loans), want %s", day, c.BalanceFen, c.Loans, want)
			}
		}
	}
}

// TestClassReportedLate (issue 29): a balance reported without a class has the class last reported
// on or before its date, whatever order the reports came in — a downgrade reported after a later
// balance that gave no class reaches it, in the book by date and as the loan's class — and a report
// of the same date again without a class keeps that date's.
func TestClassReportedLate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		rep := func(id, day, class string) storage.LoanRecord {
			return storage.LoanRecord{LoanID: id, CustomerID: "C" + id, BranchID: "YY-A", IndustryCode: "A0111", BalanceFen: 100_00, AsOf: day, Classification: class}
		}
		// X in date order; Y with the downgrade last, by import; Z by single reports.
		for _, batch := range [][]storage.LoanRecord{
			{rep("X", "2026-03-31", "normal"), rep("X", "2026-05-15", "substandard"), rep("X", "2026-06-30", "")},
			{rep("Y", "2026-03-31", "normal"), rep("Y", "2026-06-30", ""), rep("Y", "2026-05-15", "substandard")},
		} {
			i := 0
			if _, err := s.ImportLoans(ctx, nil, func(*storage.Store) (storage.LoanRecord, bool, error) {
				if i == len(batch) {
					return storage.LoanRecord{}, false, nil
				}
				i++
				return batch[i-1], true, nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		var z *storage.Loan
		for _, r := range []storage.LoanRecord{rep("Z", "2026-03-31", "normal"), rep("Z", "2026-06-30", ""), rep("Z", "2026-05-15", "substandard"),
			rep("Z", "2026-05-15", "")} { // the same date again, no class: substandard stands
			var err error
			if z, err = s.PutLoan(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if z.Classification != storage.ClassSubstandard {
			t.Fatalf("Z's class: %q", z.Classification)
		}
		for day, want := range map[string]string{"2026-04-30": storage.ClassNormal, "2026-06-30": storage.ClassSubstandard} {
			cells, err := s.BookAt(ctx, day)
			if err != nil {
				t.Fatal(err)
			}
			if len(cells) != 1 || cells[0].Classification != want || cells[0].Loans != 3 || cells[0].BalanceFen != 300_00 {
				t.Fatalf("the book at %s: %+v, want the three loans %s", day, cells, want)
			}
		}
		var classes []string
		s.DB.Model(&storage.Loan{}).Order("loan_id").Pluck("classification", &classes)
		if !slices.Equal(classes, []string{"substandard", "substandard", "substandard"}) {
			t.Fatalf("the loans' classes: %v", classes)
		}
	})
}
