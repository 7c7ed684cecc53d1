package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
			got := r.ByCategory[i]
			got.Benefits = nil // no benefits reported here: TestLoanBenefits
			if !reflect.DeepEqual(got, want[i]) {
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
		wantSize := []reports.BreakdownRow{ // no size reported with these loans
			{Key: "unknown", BookFen: y(860000), GreenFen: y(120000), GreenLoans: 3, GreenShare: "0.1395", GreenPreviousQuarterEndFen: y(130000), GreenYearBeforeFen: y(100000)},
		}
		for name, rows := range map[string][2][]reports.BreakdownRow{"branch": {r.ByBranch, wantBranch}, "kind": {r.ByKind, wantKind}, "size": {r.BySize, wantSize}} {
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
		checkFormats(t, h, "/v1/reports/green-loans?as_of=2026-09-30", []string{"category", "branch", "kind", "size"}, r.Tables())

		if w := do(t, h, http.MethodGet, "/v1/reports/green-loans?as_of=2026-02-30&format=pdf", nil); w.Code != http.StatusBadRequest ||
			!bytes.Contains(w.Body.Bytes(), []byte("as_of")) || !bytes.Contains(w.Body.Bytes(), []byte("format")) {
			t.Fatalf("bad query: %d %s", w.Code, w.Body)
		}
	})
}

// exposureBook books, at 2026-09-30 (yuan): A C3011 enterprise 1,500,000 (两高一剩); A K7010
// development 1,000,000 (real estate); B A0111 individual personal housing 800,000 (real estate and
// personal housing); B D4416 enterprise 600,000 (solar); B A0111 farmer 6,100,000. Earlier, at
// 2026-06-30, only the first (1,000,000) and the last (5,000,000).
func exposureBook(t *testing.T, store *storage.Store) {
	t.Helper()
	type rep struct {
		id, branch, code, kind, purpose, asOf string
		balance                               int64
	}
	for _, r := range []rep{
		{"E1", "YY-A", "C3011", "enterprise", "none", "2026-06-30", 1000000},
		{"E5", "YY-B", "A0111", "farmer_household", "none", "2026-06-30", 5000000},
		{"E1", "YY-A", "C3011", "enterprise", "none", "2026-09-30", 1500000},
		{"E2", "YY-A", "K7010", "enterprise", "development", "2026-09-30", 1000000},
		{"E3", "YY-B", "A0111", "individual", "personal_housing", "2026-09-30", 800000},
		{"E4", "YY-B", "D4416", "enterprise", "none", "2026-09-30", 600000},
		{"E5", "YY-B", "A0111", "farmer_household", "none", "2026-09-30", 6100000},
	} {
		if _, err := store.PutLoan(context.Background(), storage.LoanRecord{LoanID: r.id, CustomerID: "C-" + r.id, BranchID: r.branch,
			IndustryCode: r.code, LoanAttributes: storage.LoanAttributes{ApplicantKind: r.kind, RealEstatePurpose: r.purpose},
			BalanceFen: money.Fen(r.balance * 100), AsOf: r.asOf}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExposureReport (issue 23, item 3): the book against the shipped caps (15%, 17.5%, 12.5%) at
// 2026-09-30 — 两高一剩 exactly at its cap (warning, no headroom), real estate over, personal housing
// with its headroom to the fen, solar uncapped — by branch, as a history of month ends, as the
// Prometheus gauges, the same cells through CSV and XLSX, and a loan under a coarse code counted.
func TestExposureReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		s.CapWarningMarginBP = 100
		h = NewRouter(s)
		exposureBook(t, store)
		y := func(v int64) money.Fen { return money.Fen(v * 100) }
		w := do(t, h, http.MethodGet, "/v1/reports/exposure?as_of=2026-09-30", nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		e, err := reports.BuildExposure(context.Background(), store, s.Policy.Active(), 100, time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(e); !bytes.Equal(b, w.Body.Bytes()) {
			t.Fatalf("JSON answer:\n %s\nwant\n %s", w.Body, b)
		}
		want := []reports.CategoryExposure{
			{Category: "thos", BalanceFen: y(1500000), Share: "0.1500", Cap: "0.1500", State: "warning"},
			{Category: "real_estate", BalanceFen: y(1800000), Share: "0.1800", Cap: "0.1750", State: "over"},
			{Category: "personal_housing", BalanceFen: y(800000), Share: "0.0800", Cap: "0.1250", HeadroomFen: 51428571, State: "ok"},
			{Category: "renewable", BalanceFen: y(600000), Share: "0.0600", State: "no_cap"},
		}
		if e.BookFen != y(10000000) || !slices.Equal(e.Categories, want) {
			t.Fatalf("categories: book %s, %+v", e.BookFen, e.Categories)
		}
		wantBranch := []reports.BranchExposure{
			{BranchID: "YY-A", BookFen: y(2500000), THOSFen: y(1500000), RealEstateFen: y(1000000)},
			{BranchID: "YY-B", BookFen: y(7500000), RealEstateFen: y(800000), PersonalHousingFen: y(800000), RenewableFen: y(600000)},
		}
		if !slices.Equal(e.ByBranch, wantBranch) {
			t.Fatalf("by branch: %+v", e.ByBranch)
		}
		checkFormats(t, h, "/v1/reports/exposure?as_of=2026-09-30", []string{"caps", "branch"}, e.Tables())

		// The month ends from June: 两高一剩 over its cap at the end of June (1/6 of the book), July and
		// August, and at it at the end of September.
		hw := do(t, h, http.MethodGet, "/v1/reports/exposure/history?from=2026-06-01&to=2026-09-30", nil)
		var hist struct{ Points []reports.ExposurePoint }
		if err := json.Unmarshal(hw.Body.Bytes(), &hist); hw.Code != http.StatusOK && err == nil {
			t.Fatalf("history: %d %s", hw.Code, hw.Body)
		}
		points, err := reports.BuildExposureHistory(context.Background(), store, s.Policy.Active(), 100,
			[]string{"2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30"})
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(points); !bytes.Contains(hw.Body.Bytes(), b) {
			t.Fatalf("history answer %s\nwant points %s", hw.Body, b)
		}
		for i, p := range points {
			thos := p.Categories[0]
			if want := []string{"over", "over", "over", "warning"}[i]; thos.State != want ||
				(i < 3 && (p.BookFen != y(6000000) || thos.Share != "0.1667")) {
				t.Fatalf("point %s: book %s, thos %+v", p.AsOf, p.BookFen, thos)
			}
		}
		checkFormats(t, h, "/v1/reports/exposure/history?from=2026-06-01&to=2026-09-30", []string{"history"}, []*reports.Table{reports.HistoryTable(points)})

		m := do(t, h, http.MethodGet, "/metrics", nil).Body.String()
		for _, line := range []string{`greencredit_cap_state{category="thos"} 1`, `greencredit_cap_state{category="real_estate"} 2`,
			`greencredit_cap_state{category="personal_housing"} 0`, `greencredit_cap_headroom_yuan{category="personal_housing"} 514285.71`,
			`greencredit_cap_share{category="renewable"} 0.06`} {
			if !strings.Contains(m, line+"\n") {
				t.Fatalf("/metrics lacks %q", line)
			}
		}
		// A loan booked under a coarse code (the division C30, under which cement is 两高一剩)
		// counts toward the cap, as the screenings count it.
		if _, err := store.PutLoan(context.Background(), storage.LoanRecord{LoanID: "E6", CustomerID: "C-E6", BranchID: "YY-A",
			IndustryCode: "C30", LoanAttributes: storage.LoanAttributes{ApplicantKind: "enterprise", RealEstatePurpose: "none"},
			BalanceFen: y(500000), AsOf: "2026-09-30"}); err != nil {
			t.Fatal(err)
		}
		e, err = reports.BuildExposure(context.Background(), store, s.Policy.Active(), 100, time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC))
		if err != nil || e.BookFen != y(10500000) || e.Categories[0].BalanceFen != y(2000000) || e.Categories[0].Share != "0.1905" || e.Categories[0].State != "over" {
			t.Fatalf("with a coarse code: %+v %v", e, err)
		}
		if w := do(t, h, http.MethodGet, "/v1/reports/exposure/history?from=2026-10-01&to=2026-09-30&format=doc", nil); w.Code != http.StatusBadRequest ||
			!bytes.Contains(w.Body.Bytes(), []byte(`"to"`)) || !bytes.Contains(w.Body.Bytes(), []byte(`"format"`)) {
			t.Fatalf("bad history query: %d %s", w.Code, w.Body)
		}
	})
}

// checkFormats reads a report back as each CSV (table= each of names) and as XLSX, and checks
// every header and cell against the tables of its JSON answer: text and counts exactly, amounts
// and ratios as the same number (a cell with no figure empty in every format).
func checkFormats(t *testing.T, h http.Handler, path string, names []string, tables []*reports.Table) {
	t.Helper()
	x := do(t, h, http.MethodGet, path+"&format=xlsx", nil)
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
		c := do(t, h, http.MethodGet, path+"&format=csv&table="+names[ti], nil)
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
				if (col.Kind == reports.Yuan || col.Kind == reports.Ratio || col.Kind == reports.Quantity || col.Kind == reports.Exact) && want != "" {
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
}

// TestCompressionReport (issue 23, item 4): the solar/PV/wind book against its baseline
// (2025-12-31) and an admin's reduction path, at 2026-09-30 — totals, each target met, missed or
// pending with what is left to reduce, and the customers who did not reduce first — hand-computed,
// on both databases, through JSON, CSV and XLSX; a bad plan is refused naming every bad field and
// leaves nothing written; setting one is audited.
//
//	R1 CA D4416: 2025-12-31 1,000,000; 2026-06-30 900,000; 2026-09-30 700,000
//	R2 CB D4415: 2025-12-31 500,000; 2026-06-30 600,000
//	R3 CC D4416: 2025-12-31 300,000; closed 2026-08-31
//	R4 CD D4416: 2026-03-31 200,000 (new since the baseline)
//	N1 CA A0111: 2025-12-31 5,000,000 (not solar, PV or wind)
func TestCompressionReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		type rep struct {
			id, customer, code, asOf string
			balance                  int64
		}
		for _, r := range []rep{
			{"R1", "CA", "D4416", "2025-12-31", 1000000}, {"R1", "CA", "D4416", "2026-06-30", 900000}, {"R1", "CA", "D4416", "2026-09-30", 700000},
			{"R2", "CB", "D4415", "2025-12-31", 500000}, {"R2", "CB", "D4415", "2026-06-30", 600000},
			{"R3", "CC", "D4416", "2025-12-31", 300000}, {"R3", "CC", "D4416", "2026-08-31", 0},
			{"R4", "CD", "D4416", "2026-03-31", 200000}, {"N1", "CA", "A0111", "2025-12-31", 5000000},
		} {
			if _, err := store.PutLoan(context.Background(), storage.LoanRecord{LoanID: r.id, CustomerID: r.customer, BranchID: "YY-A",
				IndustryCode: r.code, BalanceFen: money.Fen(r.balance * 100), AsOf: r.asOf}); err != nil {
				t.Fatal(err)
			}
		}
		// No plan yet: the report needs a baseline.
		if w := do(t, h, http.MethodGet, "/v1/reports/compression?as_of=2026-09-30", nil); w.Code != http.StatusBadRequest ||
			!bytes.Contains(w.Body.Bytes(), []byte(`"baseline"`)) {
			t.Fatalf("no plan, no baseline: %d %s", w.Code, w.Body)
		}
		bad := `{"baseline_as_of": "2099-01-01", "targets": [{"by": "2026-09-30", "max_share_of_baseline": "0.8"},
			{"by": "2026-06-30", "max_share_of_baseline": "0.95", "x": 1}, {"by": "2026-12-31", "max_share_of_baseline": "1.5"}], "extra": true}`
		w := do(t, h, http.MethodPut, "/v1/reports/compression/plan", []byte(bad))
		for _, field := range []string{`"baseline_as_of"`, `"targets[1].by"`, `"targets[1].max_share_of_baseline"`, `"targets[1].x"`,
			`"targets[2].max_share_of_baseline"`, `"extra"`} {
			if w.Code != http.StatusBadRequest || !bytes.Contains(w.Body.Bytes(), []byte(field)) {
				t.Fatalf("a bad plan: %d %s (wants %s named)", w.Code, w.Body, field)
			}
		}
		if p, err := store.LatestCompressionPlan(context.Background()); err != nil || p != nil {
			t.Fatalf("a refused plan was written: %+v %v", p, err)
		}
		plan := `{"baseline_as_of": "2025-12-31", "targets": [{"by": "2026-06-30", "max_share_of_baseline": "0.95"},
			{"by": "2026-09-30", "max_share_of_baseline": "0.80"}, {"by": "2026-12-31", "max_share_of_baseline": 0.7}], "note": "压降计划"}`
		if w := do(t, h, http.MethodPut, "/v1/reports/compression/plan", []byte(plan)); w.Code != http.StatusOK ||
			!bytes.Contains(w.Body.Bytes(), []byte(`"max_share_of_baseline":"0.7000"`)) {
			t.Fatalf("set the plan: %d %s", w.Code, w.Body)
		}
		var audited int64
		store.DB.Model(&storage.AuditEvent{}).Where("action = ?", "compression.plan").Count(&audited)
		if audited != 1 {
			t.Fatalf("%d audit events for the plan", audited)
		}

		w = do(t, h, http.MethodGet, "/v1/reports/compression?as_of=2026-09-30", nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		stored, _ := store.LatestCompressionPlan(context.Background())
		view, _ := reports.PlanOf(stored)
		r, err := reports.BuildCompression(context.Background(), store, s.Policy.Active(), view, "", time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(r); !bytes.Equal(b, w.Body.Bytes()) {
			t.Fatalf("JSON answer:\n %s\nwant\n %s", w.Body, b)
		}
		y := func(v int64) money.Fen { return money.Fen(v * 100) }
		if r.BaselineAsOf != "2025-12-31" || !slices.Equal(r.IndustryCodes, []string{"D4415", "D4416"}) || r.BaselineFen != y(1800000) ||
			r.BalanceFen != y(1500000) || r.ReductionFen != y(300000) || r.ShareOfBaseline != "0.8333" || r.NotReduced != 2 {
			t.Fatalf("totals: %+v", r)
		}
		then1, then2 := y(2000000), y(1500000)
		wantPath := []reports.PathPoint{
			{CompressionTarget: reports.CompressionTarget{By: "2026-06-30", MaxShareOfBaseline: "0.9500", MaxSharePPM: 950000}, MaxBalanceFen: y(1710000), BalanceFen: &then1, State: "missed"},
			{CompressionTarget: reports.CompressionTarget{By: "2026-09-30", MaxShareOfBaseline: "0.8000", MaxSharePPM: 800000}, MaxBalanceFen: y(1440000), BalanceFen: &then2, State: "missed"},
			{CompressionTarget: reports.CompressionTarget{By: "2026-12-31", MaxShareOfBaseline: "0.7000", MaxSharePPM: 700000}, MaxBalanceFen: y(1260000), State: "pending", ToReduceFen: y(240000)},
		}
		for i, p := range r.Path {
			wp := wantPath[i]
			if p.CompressionTarget != wp.CompressionTarget || p.MaxBalanceFen != wp.MaxBalanceFen || p.State != wp.State || p.ToReduceFen != wp.ToReduceFen ||
				(p.BalanceFen == nil) != (wp.BalanceFen == nil) || (p.BalanceFen != nil && *p.BalanceFen != *wp.BalanceFen) {
				t.Fatalf("path point %d: %+v", i, p)
			}
		}
		wantCustomers := []reports.CustomerReduction{
			{CustomerID: "CB", BaselineFen: y(500000), BalanceFen: y(600000), ChangeFen: y(100000)},
			{CustomerID: "CD", BalanceFen: y(200000), ChangeFen: y(200000)},
			{CustomerID: "CA", BaselineFen: y(1000000), BalanceFen: y(700000), ChangeFen: y(-300000), Reduced: true},
			{CustomerID: "CC", BaselineFen: y(300000), ChangeFen: y(-300000), Reduced: true},
		}
		if !slices.Equal(r.Customers, wantCustomers) {
			t.Fatalf("customers: %+v", r.Customers)
		}
		checkFormats(t, h, "/v1/reports/compression?as_of=2026-09-30", []string{"path", "customer"}, r.Tables())
	})
}

// TestGreenStatistics (issue 23, item 2): the statistics view at 2026-09-30 over a hand-computed
// book — 2025 items with their level-1 subtotals by borrower kind, GB/T divisions, the loans
// identified under 2019 and those without a category apart — each figure's loans listed by the
// drill-down, through JSON, CSV and XLSX, on both databases.
//
//	G1 2025 1.1.1 enterprise C3411 100,000      G4 2019 3.2.2 enterprise D4416 20,000
//	G2 2025 1.1.2 farmer household A0111 50,000 G5 green, no category, kind not reported, A0111 10,000
//	G3 2025 3.2.2 individual business D4416 30,000; N1 not green, 1,000,000; G6 2025 1.1.1 closed before
func TestGreenStatistics(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		type rep struct {
			id, cat, version, kind, code, asOf string
			green                              bool
			balance                            int64
		}
		for _, r := range []rep{
			{"G1", "1.1.1", "2025", "enterprise", "C3411", "2026-09-30", true, 100000},
			{"G2", "1.1.2", "2025", "farmer_household", "A0111", "2026-09-30", true, 50000},
			{"G3", "3.2.2", "2025", "individual_business", "D4416", "2026-09-30", true, 30000},
			{"G4", "3.2.2", "2019", "enterprise", "D4416", "2026-09-30", true, 20000},
			{"G5", "", "", "", "A0111", "2026-09-30", true, 10000},
			{"G6", "1.1.1", "2025", "enterprise", "C3411", "2026-01-31", true, 70000},
			{"G6", "1.1.1", "2025", "enterprise", "C3411", "2026-08-31", true, 0},
			{"N1", "", "", "enterprise", "C3011", "2026-09-30", false, 1000000},
		} {
			if _, err := store.PutLoan(context.Background(), storage.LoanRecord{LoanID: r.id, CustomerID: "C-" + r.id, BranchID: "YY-A",
				IndustryCode: r.code, Green: r.green, GreenCategory: r.cat,
				LoanAttributes: storage.LoanAttributes{GreenCategoryVersion: r.version, ApplicantKind: r.kind},
				BalanceFen:     money.Fen(r.balance * 100), AsOf: r.asOf}); err != nil {
				t.Fatal(err)
			}
		}
		w := do(t, h, http.MethodGet, "/v1/reports/green-statistics?as_of=2026-09-30", nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		r, err := reports.BuildGreenStatistics(context.Background(), store, s.Ref, s.Ref, time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(r); !bytes.Equal(b, w.Body.Bytes()) {
			t.Fatalf("JSON answer:\n %s\nwant\n %s", w.Body, b)
		}
		y := func(v int64) money.Fen { return money.Fen(v * 100) }
		cell := func(v, n int64) reports.Cell { return reports.Cell{BalanceFen: y(v), Loans: n} }
		if r.Total != cell(180000, 3) || r.Catalogue2019 != cell(20000, 1) || r.Uncategorised != cell(10000, 1) ||
			r.TotalByKind["enterprise"] != cell(100000, 1) || r.TotalByKind["farmer_household"] != cell(50000, 1) ||
			r.TotalByKind["individual_business"] != cell(30000, 1) || r.TotalByKind["unknown"] != (reports.Cell{}) {
			t.Fatalf("totals: %+v", r)
		}
		type line struct {
			l1, l2 string
			total  reports.Cell
			kinds  map[string]reports.Cell
		}
		want := []line{
			{"1", "", cell(150000, 2), map[string]reports.Cell{"enterprise": cell(100000, 1), "farmer_household": cell(50000, 1)}},
			{"1", "1.1", cell(150000, 2), map[string]reports.Cell{"enterprise": cell(100000, 1), "farmer_household": cell(50000, 1)}},
			{"3", "", cell(30000, 1), map[string]reports.Cell{"individual_business": cell(30000, 1)}},
			{"3", "3.2", cell(30000, 1), map[string]reports.Cell{"individual_business": cell(30000, 1)}},
		}
		if len(r.Items) != len(want) {
			t.Fatalf("items: %+v", r.Items)
		}
		for i, wl := range want {
			it := r.Items[i]
			if it.Level1 != wl.l1 || it.Level2 != wl.l2 || it.Total != wl.total || it.Level1Name == "" || (wl.l2 != "" && it.Level2Name == "") {
				t.Fatalf("item %d: %+v", i, it)
			}
			for _, k := range reports.Kinds {
				if it.ByKind[k] != wl.kinds[k] {
					t.Fatalf("item %d, %s: %+v", i, k, it.ByKind[k])
				}
			}
			if it.BySize["unknown"] != wl.total || it.BySize["small"] != (reports.Cell{}) { // no size reported
				t.Fatalf("item %d by size: %+v", i, it.BySize)
			}
		}
		wantDiv := []reports.DivisionRow{{Division: "A01", Name: "农业", Cell: cell(50000, 1)}, {Division: "C34", Name: r.ByDivision[1].Name, Cell: cell(100000, 1)},
			{Division: "D44", Name: r.ByDivision[2].Name, Cell: cell(30000, 1)}}
		if !slices.Equal(r.ByDivision, wantDiv) || r.ByDivision[1].Name == "" {
			t.Fatalf("divisions: %+v", r.ByDivision)
		}
		checkFormats(t, h, "/v1/reports/green-statistics?as_of=2026-09-30", []string{"items", "size", "division"}, r.Tables())

		// The drill-down: each figure's loans.
		for query, ids := range map[string][]string{
			"category=1.1":                    {"G1", "G2"},
			"category=1&kind=enterprise":      {"G1"},
			"division=D44":                    {"G3"},
			"catalogue_version=2019":          {"G4"},
			"uncategorised=true&kind=unknown": {"G5"},
			"category=1.1&limit=1&cursor=G1":  {"G2"},
		} {
			w := do(t, h, http.MethodGet, "/v1/reports/green-statistics/loans?as_of=2026-09-30&"+query, nil)
			var page struct {
				Loans []struct {
					LoanID  string    `json:"loan_id"`
					Balance money.Fen `json:"balance"`
				}
			}
			if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil || w.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", query, w.Code, w.Body)
			}
			var got []string
			for _, l := range page.Loans {
				got = append(got, l.LoanID)
			}
			if !slices.Equal(got, ids) {
				t.Fatalf("%s: loans %v, want %v", query, got, ids)
			}
		}
		if w := do(t, h, http.MethodGet, "/v1/reports/green-statistics/loans?category=1%25&division=X1&kind=robot", nil); w.Code != http.StatusBadRequest ||
			!bytes.Contains(w.Body.Bytes(), []byte(`"category"`)) || !bytes.Contains(w.Body.Bytes(), []byte(`"division"`)) || !bytes.Contains(w.Body.Bytes(), []byte(`"kind"`)) {
			t.Fatalf("bad drill-down: %d %s", w.Code, w.Body)
		}
	})
}

// TestLoanBenefits (issue 23, item 5): environmental benefits reported with loans (PUT and the CSV
// import) are validated — every bad field named, nothing written — and totalled in the green-loans
// report by category, each attributed by the loan's financing share, counting only loans with a
// balance at the date; the XLSX carries them as numbers.
//
//	B1 2025 1.1.1: coal 100.5 t, CO2e 250 t, share 0.4 -> 40.2 t, 100 t
//	B2 2025 1.1.2 (import): coal 10 t, share 1 -> 10 t
//	B3 2025 1.1.1: coal 1,000 t, share 1, closed before the date -> not counted
func TestLoanBenefits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		body := func(extra string) []byte {
			return []byte(`{"customer_id": "CB", "branch_id": "YY-A", "industry_code": "C3411", "green": true, "green_category": "1.1.1",
				"green_category_version": "2025", "balance": "100000.00", "as_of": "2026-09-30"` + extra + `}`)
		}
		w := do(t, h, http.MethodPut, "/v1/loans/B1", body(`, "coal_saved_t": "-1", "co2e_reduced_t": "1.2345", "so2_reduced_t": "x"`))
		for _, f := range []string{`"coal_saved_t"`, `"co2e_reduced_t"`, `"so2_reduced_t"`, `"financing_share"`} {
			if w.Code != http.StatusBadRequest || !bytes.Contains(w.Body.Bytes(), []byte(f)) {
				t.Fatalf("bad benefits: %d %s (wants %s named)", w.Code, w.Body, f)
			}
		}
		// A share given as null is no share; benefits on a loan that is not green are refused.
		if w := do(t, h, http.MethodPut, "/v1/loans/B1", body(`, "coal_saved_t": "100", "financing_share": null`)); w.Code != http.StatusBadRequest ||
			!bytes.Contains(w.Body.Bytes(), []byte(`"financing_share"`)) {
			t.Fatalf("a null share: %d %s", w.Code, w.Body)
		}
		notGreen := []byte(`{"customer_id": "CB", "branch_id": "YY-A", "industry_code": "C3411", "balance": "100.00", "as_of": "2026-09-30",
			"coal_saved_t": "1", "financing_share": "1"}`)
		if w := do(t, h, http.MethodPut, "/v1/loans/N1", notGreen); w.Code != http.StatusBadRequest || !bytes.Contains(w.Body.Bytes(), []byte("not green")) {
			t.Fatalf("benefits on a loan that is not green: %d %s", w.Code, w.Body)
		}
		var n int64
		store.DB.Model(&storage.Loan{}).Count(&n)
		if n != 0 {
			t.Fatalf("a refused report wrote %d loans", n)
		}
		put := func(id string, b []byte) []byte {
			t.Helper()
			w := do(t, h, http.MethodPut, "/v1/loans/"+id, b)
			if w.Code != http.StatusOK {
				t.Fatalf("put %s: %d %s", id, w.Code, w.Body)
			}
			return w.Body.Bytes()
		}
		if v := put("B1", body(`, "coal_saved_t": "100.5", "co2e_reduced_t": 250, "financing_share": "0.4"`)); !bytes.Contains(v, []byte(`"coal_saved_t":"100.500"`)) ||
			!bytes.Contains(v, []byte(`"financing_share":"0.4000"`)) {
			t.Fatalf("the loan as answered: %s", v)
		}
		put("B3", body(`, "coal_saved_t": "1000", "financing_share": "1"`))
		b3closed := []byte(`{"customer_id": "CB", "branch_id": "YY-A", "industry_code": "C3411", "green": true, "green_category": "1.1.1",
			"green_category_version": "2025", "balance": "0", "as_of": "2026-09-30", "coal_saved_t": "1000", "financing_share": "1"}`)
		put("B3", b3closed)
		csvFile := "loan_id,customer_id,branch_id,industry_code,green,green_category,green_category_version,balance,as_of,coal_saved_t,financing_share\n" +
			"B2,CB,YY-A,C3411,true,1.1.2,2025,50000.00,2026-09-30,10,1\n"
		if w := do(t, h, http.MethodPost, "/v1/loans/import", []byte(csvFile), "Content-Type", "text/csv"); w.Code != http.StatusOK {
			t.Fatalf("import: %d %s", w.Code, w.Body)
		}
		r, err := reports.BuildGreenLoans(context.Background(), store, s.Ref, time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC))
		if err != nil || len(r.ByCategory) != 1 {
			t.Fatalf("%+v %v", r, err)
		}
		b := r.ByCategory[0].Benefits
		if b["coal_saved_t"] != "50.200" || b["co2e_reduced_t"] != "100.000" || b["water_saved_t"] != "0.000" ||
			r.GreenBenefits["coal_saved_t"] != "50.200" {
			t.Fatalf("benefits of 1.1: %v, all green %v", b, r.GreenBenefits)
		}
		checkFormats(t, h, "/v1/reports/green-loans?as_of=2026-09-30", []string{"category", "branch", "kind", "size"}, r.Tables())
	})
}
