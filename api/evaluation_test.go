package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"greencredit/money"
	"greencredit/reports"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// evaluationBook books a hand-computed book over five quarters (yuan; "-" = classification not
// given, carried from the loan's report before):
//
//	G1 branch A, green 2025 1.1.1 (through PUT): 2025-09-30 100,000 normal; 2026-03-31 120,000 -;
//	   2026-05-15 120,000 substandard (downgraded mid-year); 2026-09-30 110,000 -
//	G2 branch A, green 2019 3.2.2: 2025-12-31 50,000 loss; 2026-06-30 0 loss (closed)
//	G3 branch B, green, no category, never classified: 2024-12-31 30,000
//	N1 branch B, not green: 2024-12-31 400,000 normal; 2026-03-31 380,000 special_mention;
//	   2026-09-30 350,000 doubtful
//	N2 branch C, not green (a branch without green loans): 2025-09-30 200,000 unclassified;
//	   2026-06-30 200,000 normal
func evaluationBook(t *testing.T, h http.Handler, store *storage.Store) {
	t.Helper()
	for _, r := range []struct{ asOf, balance, class string }{
		{"2025-09-30", "100000.00", "normal"}, {"2026-03-31", "120000.00", ""}, {"2026-05-15", "120000.00", "substandard"}, {"2026-09-30", "110000.00", ""},
	} {
		m := map[string]any{"customer_id": "C-G1", "branch_id": "YY-A", "industry_code": "C3411", "green": true, "green_category": "1.1.1",
			"green_category_version": "2025", "balance": r.balance, "as_of": r.asOf}
		if r.class != "" {
			m["classification"] = r.class
		}
		b, _ := json.Marshal(m)
		w := do(t, h, http.MethodPut, "/v1/loans/G1", b, as("officer-a")...)
		if w.Code != http.StatusOK {
			t.Fatalf("G1 %s: %d %s", r.asOf, w.Code, w.Body)
		}
		// A report without a class carries the loan's class before it.
		if want := map[string]string{"2026-03-31": "normal", "2026-09-30": "substandard"}[r.asOf]; want != "" &&
			!strings.Contains(w.Body.String(), `"classification":"`+want+`"`) {
			t.Fatalf("G1 %s: %s", r.asOf, w.Body)
		}
	}
	yuan := func(y int64) money.Fen { return money.Fen(y * 100) }
	for _, r := range []struct {
		id, branch, cat, version, asOf, class string
		green                                 bool
		balance                               int64
	}{
		{"G2", "YY-A", "3.2.2", "2019", "2025-12-31", "loss", true, 50000},
		{"G2", "YY-A", "3.2.2", "2019", "2026-06-30", "loss", true, 0},
		{"G3", "YY-B", "", "", "2024-12-31", "", true, 30000},
		{"N1", "YY-B", "", "", "2024-12-31", "normal", false, 400000},
		{"N1", "YY-B", "", "", "2026-03-31", "special_mention", false, 380000},
		{"N1", "YY-B", "", "", "2026-09-30", "doubtful", false, 350000},
		{"N2", "YY-C", "", "", "2025-09-30", "unclassified", false, 200000},
		{"N2", "YY-C", "", "", "2026-06-30", "normal", false, 200000},
	} {
		if _, err := store.PutLoan(context.Background(), storage.LoanRecord{LoanID: r.id, CustomerID: "C-" + r.id, BranchID: r.branch,
			IndustryCode: "C3011", Green: r.green, GreenCategory: r.cat, LoanAttributes: storage.LoanAttributes{GreenCategoryVersion: r.version},
			BalanceFen: yuan(r.balance), AsOf: r.asOf, Classification: r.class}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGreenEvaluation (issue 29): the four indicators of 2026Q3 for the bank and by branch, the
// eight-quarter series (growth across a year boundary, a base of zero), loan quality with a loan
// downgraded mid-year, a closed non-performing loan, a branch without green loans and unclassified
// balances, the regional share with and without the region's figure — all against the hand
// computation, on both databases, through JSON, CSV and XLSX; the checklist's counts of the
// quarter's decisions (China Standard Time days), revisions, reviews and overrides.
func TestGreenEvaluation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		s.SettleWindow = time.Nanosecond
		h := NewRouter(s)
		evaluationBook(t, h, store)

		// The region's total: 2026Q2 entered twice (the latest in force), 2026Q3 not.
		for _, total := range []string{"1000000.00", "1500000.00"} {
			w := do(t, h, http.MethodPut, "/v1/reports/green-evaluation/regional-totals/2026Q2",
				[]byte(`{"total": "`+total+`", "source": "中国人民银行宁波市分行 2026年二季度绿色贷款统计"}`), as("admin-1")...)
			if w.Code != http.StatusOK {
				t.Fatalf("regional total: %d %s", w.Code, w.Body)
			}
		}

		y := func(v int64) money.Fen { return money.Fen(v * 100) }
		w := do(t, h, http.MethodGet, "/v1/reports/green-evaluation?quarter=2026Q3", nil, as("comp")...)
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		// The JSON answer is this report (a growth's numerator may be negative, which an amount
		// field refuses to decode: the answer is compared as bytes).
		rp, err := reports.BuildEvaluation(context.Background(), store, s.Ref, s.Policy.Active(), reports.Quarter{Year: 2026, Q: 3}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(rp); string(b) != w.Body.String() {
			t.Fatalf("JSON answer:\n %s\nwant\n %s", w.Body, b)
		}
		if !strings.Contains(w.Body.String(), `"book_growth":{"value":"-0.054795","numerator":"-40000.00","denominator":"730000.00"}`) {
			t.Fatalf("JSON answer: %s", w.Body)
		}
		r := *rp
		if r.Quarter != "2026Q3" || r.QuarterEnd != "2026-09-30" || r.Provisional || r.TargetShare != "0.10" {
			t.Fatalf("header: %+v", r)
		}
		ratio := func(v string, num, den int64) reports.ExactRatio {
			x := reports.ExactRatio{Numerator: y(num), Denominator: y(den)}
			if v != "" {
				x.Value = &v
			}
			return x
		}
		q := func(bal int64, loans int64, npl, unc int64) reports.QualityFigures {
			return reports.QualityFigures{BalanceFen: y(bal), Loans: loans, NonPerformingFen: y(npl), UnclassifiedFen: y(unc)}
		}
		// The bank at 2026-09-30: G1 110,000 substandard, G3 30,000 unclassified, N1 350,000 doubtful,
		// N2 200,000 normal (G2 closed); a year before G1 100,000, G3 30,000, N1 400,000, N2 200,000.
		wantBank := reports.Indicators{
			Book: q(690000, 4, 460000, 30000), Green: q(140000, 2, 110000, 30000),
			BookYearBefore: q(730000, 4, 0, 230000), GreenYearBefore: q(130000, 2, 0, 30000),
			GreenShare: ratio("0.202899", 140000, 690000), MeetsTarget: true,
			GreenGrowth: ratio("0.076923", 10000, 130000), BookGrowth: ratio("-0.054795", -40000, 730000),
			GreenNPLRatio: ratio("0.785714", 110000, 140000), BookNPLRatio: ratio("0.666667", 460000, 690000),
		}
		if !reflect.DeepEqual(r.Bank, wantBank) {
			t.Fatalf("bank:\n got  %+v\n want %+v", r.Bank, wantBank)
		}
		if r.Regional.Entered || r.Regional.Status != "not entered" || r.Regional.Share != nil || r.Regional.Total != nil {
			t.Fatalf("2026Q3's regional figure was not entered: %+v", r.Regional)
		}
		wantBranches := []reports.BranchIndicators{
			{BranchID: "YY-A", Indicators: reports.Indicators{
				Book: q(110000, 1, 110000, 0), Green: q(110000, 1, 110000, 0), BookYearBefore: q(100000, 1, 0, 0), GreenYearBefore: q(100000, 1, 0, 0),
				GreenShare: ratio("1.000000", 110000, 110000), MeetsTarget: true, GreenGrowth: ratio("0.100000", 10000, 100000),
				BookGrowth: ratio("0.100000", 10000, 100000), GreenNPLRatio: ratio("1.000000", 110000, 110000), BookNPLRatio: ratio("1.000000", 110000, 110000)}},
			{BranchID: "YY-B", Indicators: reports.Indicators{
				Book: q(380000, 2, 350000, 30000), Green: q(30000, 1, 0, 30000), BookYearBefore: q(430000, 2, 0, 30000), GreenYearBefore: q(30000, 1, 0, 30000),
				GreenShare: ratio("0.078947", 30000, 380000), GreenGrowth: ratio("0.000000", 0, 30000), BookGrowth: ratio("-0.116279", -50000, 430000),
				GreenNPLRatio: ratio("0.000000", 0, 30000), BookNPLRatio: ratio("0.921053", 350000, 380000)}},
			{BranchID: "YY-C", Indicators: reports.Indicators{
				Book: q(200000, 1, 0, 0), BookYearBefore: q(200000, 1, 0, 200000),
				GreenShare: ratio("0.000000", 0, 200000), GreenGrowth: ratio("", 0, 0), BookGrowth: ratio("0.000000", 0, 200000),
				GreenNPLRatio: ratio("", 0, 0), BookNPLRatio: ratio("0.000000", 0, 200000)}},
		}
		if !reflect.DeepEqual(r.ByBranch, wantBranches) {
			t.Fatalf("branches:\n got  %+v\n want %+v", r.ByBranch, wantBranches)
		}
		wantQuality := []reports.QualityRow{
			{Classification: "normal", NameZh: "正常", BookFen: y(200000), BookLoans: 1},
			{Classification: "special_mention", NameZh: "关注"},
			{Classification: "substandard", NameZh: "次级", NonPerforming: true, BookFen: y(110000), BookLoans: 1, GreenFen: y(110000), GreenLoans: 1},
			{Classification: "doubtful", NameZh: "可疑", NonPerforming: true, BookFen: y(350000), BookLoans: 1},
			{Classification: "loss", NameZh: "损失", NonPerforming: true},
			{Classification: "unclassified", NameZh: "未分类", BookFen: y(30000), BookLoans: 1, GreenFen: y(30000), GreenLoans: 1},
		}
		if !reflect.DeepEqual(r.LoanQuality, wantQuality) {
			t.Fatalf("loan quality:\n got  %+v\n want %+v", r.LoanQuality, wantQuality)
		}
		// The series: 2024Q4 … 2026Q3, each against the same quarter end a year before.
		type point struct {
			quarter, end          string
			book, green           int64
			share, growth, bgrow  string
			gnpl, bnpl            int64
			regional, regionalOut string
		}
		wantSeries := []point{
			{"2024Q4", "2024-12-31", 430000, 30000, "0.069767", "", "", 0, 0, "", "not entered"},
			{"2025Q1", "2025-03-31", 430000, 30000, "0.069767", "", "", 0, 0, "", "not entered"},
			{"2025Q2", "2025-06-30", 430000, 30000, "0.069767", "", "", 0, 0, "", "not entered"},
			{"2025Q3", "2025-09-30", 730000, 130000, "0.178082", "", "", 0, 0, "", "not entered"},
			{"2025Q4", "2025-12-31", 780000, 180000, "0.230769", "5.000000", "0.813953", 50000, 50000, "", "not entered"},
			{"2026Q1", "2026-03-31", 780000, 200000, "0.256410", "5.666667", "0.813953", 50000, 50000, "", "not entered"},
			{"2026Q2", "2026-06-30", 730000, 150000, "0.205479", "4.000000", "0.697674", 120000, 120000, "0.100000", "entered"},
			{"2026Q3", "2026-09-30", 690000, 140000, "0.202899", "0.076923", "-0.054795", 110000, 460000, "", "not entered"},
		}
		if len(r.Series) != len(wantSeries) {
			t.Fatalf("series: %d points", len(r.Series))
		}
		val := func(x reports.ExactRatio) string {
			if x.Value == nil {
				return ""
			}
			return *x.Value
		}
		for i, p := range r.Series {
			share := ""
			if p.Regional.Share != nil {
				share = val(*p.Regional.Share)
			}
			got := point{p.Quarter, p.QuarterEnd, int64(p.Book.BalanceFen) / 100, int64(p.Green.BalanceFen) / 100, val(p.GreenShare),
				val(p.GreenGrowth), val(p.BookGrowth), int64(p.Green.NonPerformingFen) / 100, int64(p.Book.NonPerformingFen) / 100, share, p.Regional.Status}
			if got != wantSeries[i] {
				t.Fatalf("series point %d:\n got  %+v\n want %+v", i, got, wantSeries[i])
			}
		}
		if reg := r.Series[6].Regional; reg.Total == nil || *reg.Total != y(1500000) || reg.SetBy != "admin-1" || !strings.Contains(reg.Source, "二季度") {
			t.Fatalf("2026Q2's regional figure: %+v", reg)
		}

		// The answer decodes back to the report (a negative numerator included).
		var decoded reports.Evaluation
		if err := json.Unmarshal(w.Body.Bytes(), &decoded); err != nil || !reflect.DeepEqual(decoded.Bank, r.Bank) {
			t.Fatalf("decoded: %v %+v", err, decoded.Bank)
		}
		// The tables carry the figures under their headers: the series' last row and YY-B's row.
		tables := rp.Tables()
		cell := func(tab *reports.Table, row int, en string) string {
			for ci, col := range tab.Columns {
				if col.En == en {
					return tab.Cell(row, ci)
				}
			}
			t.Fatalf("%s has no column %q", tab.Sheet, en)
			return ""
		}
		for en, want := range map[string]string{"quarter": "2026Q3", "book balance": "690000.00", "green balance": "140000.00", "green share": "0.202899",
			"meets target": "达标 met", "green growth": "0.076923", "book growth": "-0.054795", "green non-performing balance": "110000.00",
			"green NPL ratio": "0.785714", "book non-performing balance": "460000.00", "book NPL ratio": "0.666667", "book unclassified balance": "30000.00",
			"regional share": "", "regional total source": "未录入 not entered"} {
			if got := cell(tables[0], 7, en); got != want {
				t.Errorf("series 2026Q3 %s: %q, want %q", en, got, want)
			}
		}
		if got := cell(tables[0], 6, "regional share"); got != "0.100000" {
			t.Errorf("series 2026Q2 regional share: %q", got)
		}
		for en, want := range map[string]string{"branch": "YY-B", "green share": "0.078947", "meets target": "未达标 not met", "book growth": "-0.116279",
			"book NPL ratio": "0.921053"} {
			if got := cell(tables[1], 1, en); got != want {
				t.Errorf("branch YY-B %s: %q, want %q", en, got, want)
			}
		}
		if got := cell(tables[1], 2, "green growth"); got != "" {
			t.Errorf("YY-C's green growth has no base: %q", got)
		}
		if t.Failed() {
			t.FailNow()
		}
		// JSON, CSV and XLSX give the same cells (read by a router without keys: development mode).
		s.Keys = nil
		checkFormats(t, NewRouter(s), "/v1/reports/green-evaluation?quarter=2026Q3", reports.EvaluationTables, rp.Tables())
	})
}

// TestGreenEvaluationChecklist (issue 29, item 3): the qualitative checklist counts the quarter's
// decisions by rule and outcome — by the days of China Standard Time, a decision at 00:10 on the
// first day of the next quarter out — names the revision that decided them, and counts the
// reviews and the overrides with their exception codes.
func TestGreenEvaluationChecklist(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		s.SettleWindow = time.Nanosecond
		h := NewRouter(s)
		at := func(v string) {
			ts, err := time.Parse("2006-01-02 15:04 -0700", v)
			if err != nil {
				t.Fatal(err)
			}
			screeningOf(s).Clock = func() time.Time { return ts }
		}
		type answer struct {
			outcome string
			codes   []string
		}
		screen := func(edit func(m map[string]any)) answer {
			m := screenAs(t, h, "officer-a", edit)
			var a answer
			a.outcome = m["outcome"].(string)
			for _, r := range m["reasons"].([]any) {
				a.codes = append(a.codes, r.(map[string]any)["code"].(string))
			}
			return a
		}
		var in []answer
		at("2026-07-01 00:05 +0800") // the quarter's first minutes
		in = append(in, screen(nil))
		at("2026-08-10 10:00 +0800")
		in = append(in, screen(declinedWithException))
		in = append(in, screen(func(m map[string]any) {
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["customer_id"] = "C-FARM"
			m["application_id"] = "APP-FARM"
		}))
		at("2026-09-30 23:59 +0800")
		in = append(in, screen(declinedWithException))
		at("2026-06-30 23:59 +0800") // the quarter before
		screen(declinedWithException)
		at("2026-09-30 16:10 +0000") // 2026-10-01 00:10 in China: the next quarter
		screen(declinedWithException)

		// A record of an earlier release's format whose reasons an insider broke: counted as
		// unreadable, not failing the report.
		if err := store.DB.Create(&storage.Decision{DecisionID: "insider-1", ApplicationID: "X", CustomerID: "X", BranchID: "YY-A", IndustryCode: "C3011",
			Outcome: "decline", Stance: "compress", Reasons: "{broken", DecidedAt: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC), ChainID: "insider", Seq: 1,
			PolicyRevision: "old", PolicyDigest: "sha256:old", RecordFormat: storage.FormatText}).Error; err != nil {
			t.Fatal(err)
		}
		// What the four answers of the quarter said, counted by code and outcome.
		want := map[string][3]int64{} // declined, referred, approved
		for _, a := range in {
			for _, c := range a.codes {
				v := want[c]
				switch a.outcome {
				case "decline":
					v[0]++
				case "refer":
					v[1]++
				case "approve":
					v[2]++
				}
				want[c] = v
			}
		}
		if len(want) < 3 || want["ENV_RED_NEW"][0] != 2 {
			t.Fatalf("fixture: %v %+v", want, in)
		}
		want[storage.UnreadableReasons] = [3]int64{1, 0, 0}
		w := do(t, h, http.MethodGet, "/v1/reports/green-evaluation?quarter=2026Q3", nil, as("comp")...)
		var r struct { // the checklist (amounts may be negative elsewhere, which Fen does not decode)
			Provisional bool
			Checklist   reports.Checklist
		}
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		got := map[string][3]int64{}
		for _, rc := range r.Checklist.Rules {
			got[rc.Code] = [3]int64{rc.Declined, rc.Referred, rc.Approved}
			if rc.Code != storage.UnreadableReasons && (rc.Stance == "" || rc.StanceZh == "" || rc.Message == "" || rc.Clause == "") {
				t.Fatalf("rule %s without its texts: %+v", rc.Code, rc)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("rules:\n got  %v\n want %v", got, want)
		}
		// Support first, then control, then compress, then what the active revision does not know.
		order := map[string]int{"support": 0, "control": 1, "compress": 2, "": 3}
		if !slices.IsSortedFunc(r.Checklist.Rules, func(a, b reports.RuleCount) int { return order[a.Stance] - order[b.Stance] }) {
			t.Fatalf("rules not in stance order: %+v", r.Checklist.Rules)
		}
		// The revision that decided: the test server runs it without storing it, which the checklist
		// flags (who uploaded and approved it is unknown).
		pol := s.Policy.Active()
		// (first used first: the insider's record is dated after the quarter's first screening)
		if len(r.Checklist.Revisions) != 2 || r.Checklist.Revisions[0].Digest != pol.Digest || r.Checklist.Revisions[0].Decisions != 4 ||
			!r.Checklist.Revisions[0].NotStored || r.Checklist.Revisions[1].Digest != "sha256:old" || !r.Checklist.Revisions[1].NotStored {
			t.Fatalf("revisions: %+v", r.Checklist.Revisions)
		}
		// Stored, with its uploader and approver: named.
		now := time.Now().UTC().Truncate(time.Microsecond)
		if err := store.SaveRevision(context.Background(), &storage.PolicyRevision{Digest: pol.Digest, Revision: pol.Revision, Bundle: []byte("-"),
			Source: "test", UploadedBy: "risk-1", UploadedAt: now, ApprovedBy: "risk-2", ApprovedAt: &now}, "", nil); err != nil {
			t.Fatal(err)
		}
		w = do(t, h, http.MethodGet, "/v1/reports/green-evaluation?quarter=2026Q3", nil, as("comp")...)
		r.Checklist = reports.Checklist{}
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || len(r.Checklist.Revisions) != 2 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if v := r.Checklist.Revisions[0]; v.NotStored || v.UploadedBy != "risk-1" || v.ApprovedBy != "risk-2" || v.ApprovedAt == nil {
			t.Fatalf("the stored revision: %+v", v)
		}

		// Reviews are of today's quarter: an override proposed and confirmed, another rejected.
		screeningOf(s).Clock = time.Now
		for i, second := range []string{"confirm", "reject"} {
			dec := screenAs(t, h, "officer-a", func(m map[string]any) {
				declinedWithException(m)
				m["application_id"] = fmt.Sprintf("APP-OV-%d", i)
			})
			id := dec["decision_id"].(string)
			if code, m := reviewAs(t, h, "rev-1", id, `{"action":"approve","exception_code":"EX_POLLUTION_CONTROL","rationale":"retrofit under an accepted plan"}`); code != http.StatusCreated {
				t.Fatalf("override: %d %v", code, m)
			}
			if code, m := reviewAs(t, h, "rev-2", id, `{"action":"`+second+`","rationale":"checked"}`); code != http.StatusCreated {
				t.Fatalf("%s: %d %v", second, code, m)
			}
		}
		cur := reports.QuarterOf(bankToday())
		w = do(t, h, http.MethodGet, "/v1/reports/green-evaluation?quarter="+cur.String(), nil, as("comp")...)
		r.Checklist, r.Provisional = reports.Checklist{}, false
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		wantOverrides := []reports.OverrideRow{{ExceptionCode: "EX_POLLUTION_CONTROL", Message: pol.Exceptions["EX_POLLUTION_CONTROL"].Message,
			Proposed: 2, Confirmed: 1, Rejected: 1}}
		if !r.Provisional || !reflect.DeepEqual(r.Checklist.Overrides, wantOverrides) ||
			!reflect.DeepEqual(r.Checklist.Reviews, map[string]int64{"approve": 2, "confirm": 1, "reject": 1}) {
			t.Fatalf("overrides of %s: provisional %v %+v %+v", cur, r.Provisional, r.Checklist.Overrides, r.Checklist.Reviews)
		}
	})
}

// TestGreenEvaluationRefusals: an unknown classification, a quarter that does not exist or has not
// begun, a regional total below zero or without its source get 400 naming the field, and nothing
// is written; only an admin enters a regional total.
func TestGreenEvaluationRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		h := NewRouter(s)
		bad := func(w interface {
			Result() *http.Response
		}, body string, fields ...string) {
			t.Helper()
			if w.Result().StatusCode != http.StatusBadRequest {
				t.Fatalf("%d %s", w.Result().StatusCode, body)
			}
			for _, f := range fields {
				if !strings.Contains(body, `"field":"`+f+`"`) {
					t.Fatalf("%q not named: %s", f, body)
				}
			}
		}
		lw := do(t, h, http.MethodPut, "/v1/loans/Q1", []byte(`{"customer_id": "C1", "branch_id": "YY-A", "industry_code": "C3011",
			"balance": "100.00", "as_of": "2026-09-30", "classification": "关注"}`), as("officer-a")...)
		bad(lw, lw.Body.String(), "classification")
		lw = do(t, h, http.MethodPost, "/v1/loans/import", []byte("loan_id,customer_id,branch_id,industry_code,balance,as_of,classification\n"+
			"Q2,C2,YY-A,C3011,100.00,2026-09-30,normal\nQ3,C3,YY-A,C3011,100.00,2026-09-30,performing\n"), append(as("admin-1"), "Content-Type", "text/csv")...)
		bad(lw, lw.Body.String(), "line 3: classification")
		for _, quarter := range []string{"2026Q5", "2026Q0", "2026-Q3", "1999Q4", "2099Q1"} {
			w := do(t, h, http.MethodGet, "/v1/reports/green-evaluation?quarter="+quarter, nil, as("comp")...)
			bad(w, w.Body.String(), "quarter")
		}
		for _, c := range []struct{ path, body, field string }{
			{"2026Q3", `{"total": "-1.00", "source": "x"}`, "total"},
			{"2026Q3", `{"total": "1.00"}`, "source"},
			{"2026Q3", `{"total": "1.00", "source": "  "}`, "source"},
			{"2026Q5", `{"total": "1.00", "source": "x"}`, "quarter"},
			{reports.QuarterOf(bankToday()).String(), `{"total": "1.00", "source": "x"}`, "quarter"},
			{"2026Q3", `{"total": "1.00", "source": "x", "note": "y"}`, "note"},
		} {
			w := do(t, h, http.MethodPut, "/v1/reports/green-evaluation/regional-totals/"+c.path, []byte(c.body), as("admin-1")...)
			bad(w, w.Body.String(), c.field)
		}
		if w := do(t, h, http.MethodPut, "/v1/reports/green-evaluation/regional-totals/2026Q3", []byte(`{"total": "1.00", "source": "x"}`), as("comp")...); w.Code != http.StatusForbidden {
			t.Fatalf("compliance entered a regional total: %d", w.Code)
		}
		var loans, totals int64
		store.DB.Model(&storage.Loan{}).Count(&loans)
		store.DB.Model(&storage.RegionalGreenTotal{}).Count(&totals)
		if loans != 0 || totals != 0 {
			t.Fatalf("refused input wrote %d loans, %d regional totals", loans, totals)
		}
		// The same file with known classes imports, through NDJSON too; a regional total of 0 is
		// entered (its share has no base).
		lw = do(t, h, http.MethodPost, "/v1/loans/import", []byte("loan_id,customer_id,branch_id,industry_code,balance,as_of,classification\n"+
			"Q2,C2,YY-A,C3011,100.00,2026-09-30,normal\nQ3,C3,YY-A,C3011,100.00,2026-09-30,loss\n"), append(as("admin-1"), "Content-Type", "text/csv")...)
		nw := do(t, h, http.MethodPost, "/v1/loans/import", []byte(`{"loan_id": "Q4", "customer_id": "C4", "branch_id": "YY-A", "industry_code": "C3011", "balance": "1.00", "as_of": "2026-09-30", "classification": "doubtful"}`+"\n"),
			append(as("admin-1"), "Content-Type", "application/x-ndjson")...)
		if lw.Code != http.StatusOK || nw.Code != http.StatusOK {
			t.Fatalf("imports: %d %s; %d %s", lw.Code, lw.Body, nw.Code, nw.Body)
		}
		var classes []string
		store.DB.Model(&storage.Loan{}).Order("loan_id").Pluck("classification", &classes)
		if !slices.Equal(classes, []string{"normal", "loss", "doubtful"}) {
			t.Fatalf("imported classes: %v", classes)
		}
		if w := do(t, h, http.MethodPut, "/v1/reports/green-evaluation/regional-totals/2026Q3", []byte(`{"total": "0.00", "source": "x"}`), as("admin-1")...); w.Code != http.StatusOK {
			t.Fatalf("a regional total of 0: %d %s", w.Code, w.Body)
		}
	})
}
