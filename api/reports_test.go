package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"greencredit/money"
	"greencredit/reports"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// reportBook books five loans with history (figures in yuan; green_loans_test's hand computation
// in TestGreenLoansReport):
//
//	L1 branch A, green 2025 1.1.1, enterprise:      2025-09-30 100,000; 2026-06-30 80,000; 2026-09-30 60,000
//	L2 branch A, green 2019 3.2.2, farmer household: 2026-03-31 50,000
//	L3 branch B, not green, enterprise:             2025-06-30 500,000; 2026-09-01 440,000
//	L4 branch B, green without a category, kind not reported: 2026-08-15 10,000; closed 2026-10-20
//	L5 branch C, not green, individual:             2026-09-30 300,000, then back-dated 2026-06-30 250,000
func reportBook(t *testing.T, store *storage.Store) {
	t.Helper()
	yuan := func(y int64) money.Fen { return money.Fen(y * 100) }
	type rep struct {
		id, branch, cat, version, kind, asOf string
		green                                bool
		balance                              int64
	}
	for _, r := range []rep{
		{"L1", "YY-A", "1.1.1", "2025", "enterprise", "2025-09-30", true, 100000},
		{"L1", "YY-A", "1.1.1", "2025", "enterprise", "2026-06-30", true, 80000},
		{"L1", "YY-A", "1.1.1", "2025", "enterprise", "2026-09-30", true, 60000},
		{"L2", "YY-A", "3.2.2", "2019", "farmer_household", "2026-03-31", true, 50000},
		{"L3", "YY-B", "", "", "enterprise", "2025-06-30", false, 500000},
		{"L3", "YY-B", "", "", "enterprise", "2026-09-01", false, 440000},
		{"L4", "YY-B", "", "", "", "2026-08-15", true, 10000},
		{"L4", "YY-B", "", "", "", "2026-10-20", true, 0},
		{"L5", "YY-C", "", "", "individual", "2026-09-30", false, 300000},
		{"L5", "YY-C", "", "", "individual", "2026-06-30", false, 250000},
	} {
		if _, err := store.PutLoan(context.Background(), storage.LoanRecord{LoanID: r.id, DecisionID: "d-" + r.id, CustomerID: "C-" + r.id,
			BranchID: r.branch, IndustryCode: "C3011", Green: r.green, GreenCategory: r.cat,
			LoanAttributes: storage.LoanAttributes{GreenCategoryVersion: r.version, ApplicantKind: r.kind},
			BalanceFen:     yuan(r.balance), AsOf: r.asOf}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGreenLoansReport (issue 23, item 1): the report at 2026-09-30 against the hand-computed
// figures — each category with its previous-quarter-end (2026-06-30) and year-before (2025-09-30)
// balances, a green loan without a category as its own row, a closed loan and a back-dated report
// where they belong, by branch and borrower kind — and the same cells through JSON, CSV and XLSX.
func TestGreenLoansReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		reportBook(t, store)
		w := do(t, h, http.MethodGet, "/v1/reports/green-loans?as_of=2026-09-30", nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		rp, err := reports.BuildGreenLoans(context.Background(), store, s.Ref, time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		r := *rp
		// The JSON answer is this report (amounts as yuan strings, changes signed).
		if b, _ := json.Marshal(rp); !bytes.Equal(b, w.Body.Bytes()) {
			t.Fatalf("JSON answer:\n %s\nwant\n %s", w.Body, b)
		}
		if !bytes.Contains(w.Body.Bytes(), []byte(`"change_from_previous_quarter_end":"-20000.00"`)) {
			t.Fatalf("JSON answer: %s", w.Body)
		}
		y := func(v int64) money.Fen { return money.Fen(v * 100) }
		if r.PreviousQuarterEnd != "2026-06-30" || r.YearBefore != "2025-09-30" ||
			r.Book != (reports.Figures{BalanceFen: y(860000), Loans: 5, PreviousQuarterEndFen: y(880000), YearBeforeFen: y(600000),
				ChangeFromQuarterFen: y(-20000), ChangeFromYearBeforeFen: y(260000)}) ||
			r.Green != (reports.Figures{BalanceFen: y(120000), Loans: 3, PreviousQuarterEndFen: y(130000), YearBeforeFen: y(100000),
				ChangeFromQuarterFen: y(-10000), ChangeFromYearBeforeFen: y(20000)}) || r.GreenShare != "0.1395" {
			t.Fatalf("totals: %+v", r)
		}
		want := []reports.CategoryRow{
			{CatalogueVersion: "", Level1: reports.Uncategorised, Level2: reports.Uncategorised,
				Figures:     reports.Figures{BalanceFen: y(10000), Loans: 1, ChangeFromQuarterFen: y(10000), ChangeFromYearBeforeFen: y(10000)},
				ShareOfBook: "0.0116", ShareOfGreen: "0.0833"},
			{CatalogueVersion: "2019", Level1: "3", Level1Name: "清洁能源产业", Level2: "3.2", Level2Name: "清洁能源设施建设和运营",
				Figures:     reports.Figures{BalanceFen: y(50000), Loans: 1, PreviousQuarterEndFen: y(50000), ChangeFromYearBeforeFen: y(50000)},
				ShareOfBook: "0.0581", ShareOfGreen: "0.4167"},
			{CatalogueVersion: "2025", Level1: "1", Level1Name: "节能降碳产业", Level2: "1.1", Level2Name: "高效节能装备制造",
				Figures: reports.Figures{BalanceFen: y(60000), Loans: 1, PreviousQuarterEndFen: y(80000), YearBeforeFen: y(100000),
					ChangeFromQuarterFen: y(-20000), ChangeFromYearBeforeFen: y(-40000)},
				ShareOfBook: "0.0698", ShareOfGreen: "0.5000"},
		}
		if len(r.ByCategory) != len(want) || r.ByCategory[1].Level1Name == "" || r.ByCategory[1].Level2Name == "" {
			t.Fatalf("categories: %+v", r.ByCategory)
		}
		for i := range want {
			if r.ByCategory[i] != want[i] {
				t.Fatalf("category row %d:\n got  %+v\n want %+v", i, r.ByCategory[i], want[i])
			}
		}
		wantBranch := []reports.BreakdownRow{
			{Key: "YY-A", BookFen: y(110000), GreenFen: y(110000), GreenLoans: 2, GreenShare: "1.0000", GreenPreviousQuarterEndFen: y(130000), GreenYearBeforeFen: y(100000)},
			{Key: "YY-B", BookFen: y(450000), GreenFen: y(10000), GreenLoans: 1, GreenShare: "0.0222"},
			{Key: "YY-C", BookFen: y(300000), GreenShare: "0.0000"},
		}
		wantKind := []reports.BreakdownRow{
			{Key: "enterprise", BookFen: y(500000), GreenFen: y(60000), GreenLoans: 1, GreenShare: "0.1200", GreenPreviousQuarterEndFen: y(80000), GreenYearBeforeFen: y(100000)},
			{Key: "farmer_household", BookFen: y(50000), GreenFen: y(50000), GreenLoans: 1, GreenShare: "1.0000", GreenPreviousQuarterEndFen: y(50000)},
			{Key: "individual", BookFen: y(300000), GreenShare: "0.0000"},
			{Key: "unknown", BookFen: y(10000), GreenFen: y(10000), GreenLoans: 1, GreenShare: "1.0000"},
		}
		for name, rows := range map[string][2][]reports.BreakdownRow{"branch": {r.ByBranch, wantBranch}, "kind": {r.ByKind, wantKind}} {
			if len(rows[0]) != len(rows[1]) {
				t.Fatalf("by %s: %+v", name, rows[0])
			}
			for i := range rows[1] {
				if rows[0][i] != rows[1][i] {
					t.Fatalf("by %s row %d:\n got  %+v\n want %+v", name, i, rows[0][i], rows[1][i])
				}
			}
		}

		// The same cells in every format: the tables of the JSON answer, each CSV, the XLSX read back.
		tables := r.Tables()
		x := do(t, h, http.MethodGet, "/v1/reports/green-loans?as_of=2026-09-30&format=xlsx", nil)
		if x.Code != http.StatusOK {
			t.Fatalf("xlsx: %d %s", x.Code, x.Body)
		}
		book, err := excelize.OpenReader(bytes.NewReader(x.Body.Bytes()))
		if err != nil {
			t.Fatalf("the XLSX does not open: %v", err)
		}
		defer book.Close()
		if sheets := book.GetSheetList(); len(sheets) != len(tables) {
			t.Fatalf("sheets %q", sheets)
		}
		for ti, tab := range tables {
			c := do(t, h, http.MethodGet, "/v1/reports/green-loans?as_of=2026-09-30&format=csv&table="+[]string{"category", "branch", "kind"}[ti], nil)
			body := c.Body.Bytes()
			if c.Code != http.StatusOK || !bytes.HasPrefix(body, []byte("\uFEFF")) {
				t.Fatalf("csv %d: %d %q", ti, c.Code, body[:min(len(body), 40)])
			}
			recs, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			rows, err := book.GetRows(tab.Sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("sheet %q: %v", tab.Sheet, err)
			}
			if len(recs) != len(tab.Rows)+1 || len(rows) != len(tab.Rows)+1 {
				t.Fatalf("%s: %d table rows, %d CSV records, %d sheet rows", tab.Sheet, len(tab.Rows), len(recs), len(rows))
			}
			for ci, col := range tab.Columns {
				if h := col.Zh + " " + col.En; recs[0][ci] != h || rows[0][ci] != h {
					t.Fatalf("%s header %d: CSV %q, XLSX %q, want %q", tab.Sheet, ci, recs[0][ci], rows[0][ci], h)
				}
			}
			for ri := range tab.Rows {
				for ci, col := range tab.Columns {
					want, csvCell := tab.Cell(ri, ci), recs[ri+1][ci]
					xlsxCell := ""
					if ci < len(rows[ri+1]) {
						xlsxCell = rows[ri+1][ci]
					}
					same := csvCell == want && xlsxCell == want
					if col.Kind == reports.Yuan || col.Kind == reports.Ratio {
						w, _ := strconv.ParseFloat(want, 64)
						xv, errX := strconv.ParseFloat(xlsxCell, 64)
						same = csvCell == want && errX == nil && xv == w
					}
					if !same {
						t.Fatalf("%s row %d column %q: JSON %q, CSV %q, XLSX %q", tab.Sheet, ri, col.En, want, csvCell, xlsxCell)
					}
				}
			}
		}

		if w := do(t, h, http.MethodGet, "/v1/reports/green-loans?as_of=2026-02-30&format=pdf", nil); w.Code != http.StatusBadRequest ||
			!bytes.Contains(w.Body.Bytes(), []byte("as_of")) || !bytes.Contains(w.Body.Bytes(), []byte("format")) {
			t.Fatalf("bad query: %d %s", w.Code, w.Body)
		}
	})
}
