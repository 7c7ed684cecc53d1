package reports

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
	"greencredit/portfolio"
	"greencredit/storage"
)

// The central bank's quarterly green-finance evaluation (《银行业金融机构绿色金融评价方案》,
// 银发〔2021〕142号, in force since 2021-07-01): its four quantitative indicators at a quarter end
// from the loan book by date, for the bank and by branch, over the last eight quarter ends; and
// the qualitative checklist's evidence from the decision log, the reviews and the revisions.
// The service holds the loan book only: the "green finance business" here is green loans.

// Quarter is a calendar quarter.
type Quarter struct{ Year, Q int }

var quarterPattern = regexp.MustCompile(`^([0-9]{4})Q([0-9])$`)

// ParseQuarter reads "2026Q3"; a quarter outside Q1..Q4 or before year 2000 does not exist.
func ParseQuarter(s string) (Quarter, bool) {
	m := quarterPattern.FindStringSubmatch(s)
	if m == nil {
		return Quarter{}, false
	}
	y, _ := strconv.Atoi(m[1])
	q, _ := strconv.Atoi(m[2])
	if q < 1 || q > 4 || y < 2000 {
		return Quarter{}, false
	}
	return Quarter{y, q}, true
}

// QuarterOf is the quarter of a day.
func QuarterOf(day time.Time) Quarter { return Quarter{day.Year(), int(day.Month()-1)/3 + 1} }

func (q Quarter) String() string { return fmt.Sprintf("%dQ%d", q.Year, q.Q) }

// Start is the quarter's first day.
func (q Quarter) Start() time.Time {
	return time.Date(q.Year, time.Month(3*q.Q-2), 1, 0, 0, 0, 0, time.UTC)
}

// End is the quarter's last day (its quarter end).
func (q Quarter) End() time.Time { return q.Add(1).Start().AddDate(0, 0, -1) }

// Add is the quarter n quarters later (n < 0: earlier).
func (q Quarter) Add(n int) Quarter {
	i := q.Year*4 + q.Q - 1 + n
	return Quarter{i / 4, i%4 + 1}
}

// ExactRatio is a ratio as an exact decimal — numerator ÷ denominator rounded to six places, half away
// from zero, in integer arithmetic — with the fen figures it is computed from. Value is null when
// the denominator is zero (no base to compare with).
type ExactRatio struct {
	Value       *string   `json:"value"`
	Numerator   money.Fen `json:"numerator"`
	Denominator money.Fen `json:"denominator"`
}

// RatioDecimals is how many decimals a ratio has.
const RatioDecimals = 6

func ratioOf(num, den money.Fen) ExactRatio {
	r := ExactRatio{Numerator: num, Denominator: den}
	if den != 0 {
		v := new(big.Rat).SetFrac(big.NewInt(int64(num)), big.NewInt(int64(den))).FloatString(RatioDecimals)
		r.Value = &v
	}
	return r
}

// UnmarshalJSON reads a ratio as MarshalJSON writes it (its numerator may be negative, which an
// amount is not).
func (r *ExactRatio) UnmarshalJSON(b []byte) error {
	var raw struct {
		Value                  *string
		Numerator, Denominator string
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	signed := func(s string) (money.Fen, error) {
		neg := strings.HasPrefix(s, "-")
		f, err := money.ParseYuan([]byte(strings.TrimPrefix(s, "-")))
		if neg {
			f = -f
		}
		return f, err
	}
	var err1, err2 error
	r.Value = raw.Value
	r.Numerator, err1 = signed(raw.Numerator)
	r.Denominator, err2 = signed(raw.Denominator)
	return errors.Join(err1, err2)
}

// text is the ratio's value, "" when there is none.
func (r ExactRatio) text() string {
	if r.Value == nil {
		return ""
	}
	return *r.Value
}

// QualityFigures are a book's (or its green part's) balance at a date with its loan quality.
type QualityFigures struct {
	BalanceFen money.Fen `json:"balance"`
	Loans      int64     `json:"loans"`
	// NonPerformingFen: substandard, doubtful and loss (次级、可疑、损失).
	NonPerformingFen money.Fen `json:"non_performing_balance"`
	// UnclassifiedFen: balances reported without a classification, counted in neither.
	UnclassifiedFen money.Fen `json:"unclassified_balance"`
}

func (f *QualityFigures) add(c *storage.MonthCell) {
	f.BalanceFen += c.BalanceFen
	f.Loans += c.Loans
	switch {
	case storage.NonPerforming(c.Classification):
		f.NonPerformingFen += c.BalanceFen
	case c.Classification == storage.ClassUnclassified:
		f.UnclassifiedFen += c.BalanceFen
	}
}

// Indicators are the evaluation's loan indicators of the bank or of a branch at a quarter end.
type Indicators struct {
	Book            QualityFigures `json:"book"`
	Green           QualityFigures `json:"green"`
	BookYearBefore  QualityFigures `json:"book_year_before"`
	GreenYearBefore QualityFigures `json:"green_year_before"`
	// GreenShare: green balance ÷ book balance (绿色金融业务总额占比), against the plan's target.
	GreenShare  ExactRatio `json:"green_share"`
	MeetsTarget bool       `json:"meets_target"`
	// GreenGrowth: the green balance's change over the same quarter end a year before ÷ that
	// balance (绿色金融业务总额同比增速); BookGrowth the same for the whole book.
	GreenGrowth ExactRatio `json:"green_growth"`
	BookGrowth  ExactRatio `json:"book_growth"`
	// GreenNPLRatio: non-performing green balance ÷ green balance (绿色金融业务风险总额占比);
	// BookNPLRatio the same for the whole book.
	GreenNPLRatio ExactRatio `json:"green_npl_ratio"`
	BookNPLRatio  ExactRatio `json:"book_npl_ratio"`
}

func indicators(now, yearBefore [2]QualityFigures, targetBP int64) Indicators {
	in := Indicators{Book: now[0], Green: now[1], BookYearBefore: yearBefore[0], GreenYearBefore: yearBefore[1]}
	in.GreenShare = ratioOf(in.Green.BalanceFen, in.Book.BalanceFen)
	// Exactly: green × 10000 ≥ target × book.
	in.MeetsTarget = in.Book.BalanceFen > 0 && new(big.Int).Mul(big.NewInt(int64(in.Green.BalanceFen)), big.NewInt(10000)).
		Cmp(new(big.Int).Mul(big.NewInt(targetBP), big.NewInt(int64(in.Book.BalanceFen)))) >= 0
	in.GreenGrowth = ratioOf(in.Green.BalanceFen-in.GreenYearBefore.BalanceFen, in.GreenYearBefore.BalanceFen)
	in.BookGrowth = ratioOf(in.Book.BalanceFen-in.BookYearBefore.BalanceFen, in.BookYearBefore.BalanceFen)
	in.GreenNPLRatio = ratioOf(in.Green.NonPerformingFen, in.Green.BalanceFen)
	in.BookNPLRatio = ratioOf(in.Book.NonPerformingFen, in.Book.BalanceFen)
	return in
}

// Regional is the bank's green balance as a share of the region's (绿色金融业务总额份额占比),
// computed when an admin has entered the region's total for the quarter.
type Regional struct {
	Entered bool        `json:"entered"`
	Status  string      `json:"status"` // "entered" or "not entered"
	Total   *money.Fen  `json:"regional_green_total"`
	Source  string      `json:"source,omitempty"`
	SetBy   string      `json:"set_by,omitempty"`
	SetAt   *time.Time  `json:"set_at,omitempty"`
	Share   *ExactRatio `json:"share"`
}

func regionalOf(t storage.RegionalGreenTotal, ok bool, green money.Fen) Regional {
	if !ok {
		return Regional{Status: "not entered"}
	}
	total, at, share := t.TotalFen, t.SetAt.UTC(), ratioOf(green, t.TotalFen)
	return Regional{Entered: true, Status: "entered", Total: &total, Source: t.Source, SetBy: t.SetBy, SetAt: &at, Share: &share}
}

// QuarterPoint is the bank's indicators at one quarter end of the series.
type QuarterPoint struct {
	Quarter    string `json:"quarter"`
	QuarterEnd string `json:"quarter_end"`
	Indicators
	Regional Regional `json:"regional"`
}

// BranchIndicators are a branch's indicators at the quarter end.
type BranchIndicators struct {
	BranchID string `json:"branch_id"`
	Indicators
}

// QualityRow is the book and its green part in one class at the quarter end.
type QualityRow struct {
	Classification string    `json:"classification"`
	NameZh         string    `json:"name_zh"`
	NonPerforming  bool      `json:"non_performing"`
	BookFen        money.Fen `json:"book_balance"`
	BookLoans      int64     `json:"book_loans"`
	GreenFen       money.Fen `json:"green_balance"`
	GreenLoans     int64     `json:"green_loans"`
}

// ClassNames are the classes' Chinese names.
var ClassNames = map[string]string{storage.ClassNormal: "正常", storage.ClassSpecialMention: "关注", storage.ClassSubstandard: "次级",
	storage.ClassDoubtful: "可疑", storage.ClassLoss: "损失", storage.ClassUnclassified: "未分类"}

// Evaluation is the quarter's evaluation (issue 29).
type Evaluation struct {
	Quarter    string `json:"quarter"`
	QuarterEnd string `json:"quarter_end"`
	// Provisional: the quarter has not ended; the figures are the book reported so far.
	Provisional    bool               `json:"provisional"`
	PolicyRevision string             `json:"policy_revision"`
	TargetShare    string             `json:"target_share"` // the bundle's green share target, "0.10"
	Bank           Indicators         `json:"bank"`
	Regional       Regional           `json:"regional"`
	ByBranch       []BranchIndicators `json:"by_branch"`
	LoanQuality    []QualityRow       `json:"loan_quality"`
	// Series: the bank's indicators at the last eight quarter ends, oldest first (this one last).
	Series    []QuarterPoint `json:"series"`
	Checklist Checklist      `json:"checklist"`
	Notes     []string       `json:"notes"`
}

// Checklist is the qualitative part's evidence for one quarter (decisions, reviews and revisions
// of [from, to], China Standard Time), under the three areas of the evaluation.
type Checklist struct {
	From string `json:"from"`
	To   string `json:"to"`
	// National and local green-finance policy (30%): the decisions each rule of 有保/有控/有压 made.
	Rules []RuleCount `json:"policy_rules"`
	// The bank's own green-finance rules and their implementation (40%): the revisions that decided,
	// who approved them, the reviews and the overrides with their exception codes.
	Revisions []RevisionRow    `json:"revisions"`
	Reviews   map[string]int64 `json:"reviews"`
	Overrides []OverrideRow    `json:"overrides"`
	// Support for green industries (30%): green loans by catalogue category at the quarter end.
	GreenByCategory []GreenCategoryRow `json:"green_by_category"`
}

// RuleCount is what one rule (reason code) of the policy decided in the quarter.
type RuleCount struct {
	Code      string `json:"code"`
	Stance    string `json:"stance"` // support, control, compress; "" when the active revision does not know the code
	StanceZh  string `json:"stance_zh"`
	Clause    string `json:"clause"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
	Declined  int64  `json:"declined"`
	Referred  int64  `json:"referred"`
	Approved  int64  `json:"approved"`
}

// RevisionRow is a revision that decided screenings in the quarter.
type RevisionRow struct {
	Revision   string     `json:"revision"`
	Digest     string     `json:"digest"`
	Decisions  int64      `json:"decisions"`
	First      time.Time  `json:"first_decision_at"`
	Last       time.Time  `json:"last_decision_at"`
	UploadedBy string     `json:"uploaded_by"`
	ApprovedBy string     `json:"approved_by"`
	ApprovedAt *time.Time `json:"approved_at"`
	// NotStored: the log names this digest but the service does not hold the revision (so who
	// uploaded and approved it is unknown): a finding, not a pending approval.
	NotStored bool `json:"not_stored"`
}

// OverrideRow is the quarter's overrides under one exception code.
type OverrideRow struct {
	ExceptionCode string `json:"exception_code"`
	Message       string `json:"message"`
	Proposed      int64  `json:"proposed"`
	Confirmed     int64  `json:"confirmed"`
	Rejected      int64  `json:"rejected"`
}

// GreenCategoryRow is the green loans of one level-1 category at the quarter end.
type GreenCategoryRow struct {
	CatalogueVersion string    `json:"catalogue_version"`
	Level1           string    `json:"level1"`
	Level1Name       string    `json:"level1_name"`
	BalanceFen       money.Fen `json:"balance"`
	Loans            int64     `json:"loans"`
}

// EvaluationStore is what the evaluation reads.
type EvaluationStore interface {
	bookAt
	BookByMonth(ctx context.Context, lastDay string) ([]storage.MonthCell, error)
	RegionalTotals(ctx context.Context, quarters []string) (map[string]storage.RegionalGreenTotal, error)
	DecisionsByReason(ctx context.Context, from, to time.Time) ([]storage.ReasonCount, error)
	RevisionsUsed(ctx context.Context, from, to time.Time) ([]storage.RevisionUse, error)
	ReviewsByAction(ctx context.Context, from, to time.Time) ([]storage.ReviewCount, error)
}

// SeriesLength is how many quarter ends the series has.
const SeriesLength = 8

var stanceZh = map[string]string{"support": "有保", "control": "有控", "compress": "有压"}

// BuildEvaluation computes the quarter's evaluation; today decides whether it has ended.
func BuildEvaluation(ctx context.Context, store EvaluationStore, cat Catalogues, pol *policy.Policy, q Quarter, today time.Time) (*Evaluation, error) {
	r, err := BuildIndicators(ctx, store, pol, q, today)
	if err != nil {
		return nil, err
	}
	if err := r.buildChecklist(ctx, store, cat, pol, q); err != nil {
		return nil, err
	}
	return r, nil
}

// BuildIndicators computes the evaluation's figures from the book — the indicators, the series
// and loan quality — without the checklist (what the dashboard shows).
func BuildIndicators(ctx context.Context, store EvaluationStore, pol *policy.Policy, q Quarter, today time.Time) (*Evaluation, error) {
	end := q.End()
	r := &Evaluation{Quarter: q.String(), QuarterEnd: end.Format(time.DateOnly), Provisional: today.In(decisionlog.BankZone).Format(time.DateOnly) <= end.Format(time.DateOnly),
		PolicyRevision: pol.Revision, TargetShare: portfolio.Target(pol.GreenShareTargetBP), ByBranch: []BranchIndicators{},
		Notes: []string{
			"Green finance business is the bank's green loans: the service holds the loan book, not green bonds or other green business.",
			"Each loan counts at its latest reported balance on or before a quarter end, under its current branch and green classification and under the five-category class of that report.",
			"Non-performing: substandard, doubtful and loss (次级、可疑、损失). Balances reported without a classification are unclassified: counted in the balance, in neither the performing nor the non-performing part.",
			"Ratios are exact decimals of their numerator and denominator (fen), rounded to six places; a ratio without a base (denominator 0) is null.",
			"The checklist counts the decisions, reviews and revisions of the quarter's days in China Standard Time; rule texts and stances are the active revision's.",
		}}
	// The book by month up to the quarter end: every quarter end of the series and a year before each.
	first := q.Add(-(SeriesLength - 1) - 4)
	months, err := store.BookByMonth(ctx, r.QuarterEnd)
	if err != nil {
		return nil, err
	}
	// at[i]: the book at the end of quarter first+i, by branch ("" = the bank) and green (0, 1).
	type key struct {
		branch string
		green  int
	}
	n := SeriesLength + 4
	at := make([]map[key]*QualityFigures, n)
	running := map[key]*QualityFigures{}
	mi := 0
	cell := func(m map[key]*QualityFigures, k key) *QualityFigures {
		if m[k] == nil {
			m[k] = &QualityFigures{}
		}
		return m[k]
	}
	for i := range n {
		lastMonth := first.Add(i).End().Format("2006-01")
		for ; mi < len(months) && months[mi].Month <= lastMonth; mi++ {
			c := &months[mi]
			for _, b := range []string{"", c.BranchID} {
				cell(running, key{b, 0}).add(c)
				if c.Green {
					cell(running, key{b, 1}).add(c)
				}
			}
		}
		at[i] = make(map[key]*QualityFigures, len(running))
		for k, f := range running {
			v := *f
			at[i][k] = &v
		}
	}
	figures := func(i int, branch string) [2]QualityFigures {
		var out [2]QualityFigures
		for g := range 2 {
			if f := at[i][key{branch, g}]; f != nil {
				out[g] = *f
			}
		}
		return out
	}
	quarters := make([]string, SeriesLength)
	for i := range SeriesLength {
		quarters[i] = q.Add(i - (SeriesLength - 1)).String()
	}
	regional, err := store.RegionalTotals(ctx, quarters)
	if err != nil {
		return nil, err
	}
	for i := range SeriesLength {
		j := i + 4 // index in at of this point's quarter
		in := indicators(figures(j, ""), figures(j-4, ""), pol.GreenShareTargetBP)
		t, ok := regional[quarters[i]]
		r.Series = append(r.Series, QuarterPoint{Quarter: quarters[i], QuarterEnd: first.Add(j).End().Format(time.DateOnly),
			Indicators: in, Regional: regionalOf(t, ok, in.Green.BalanceFen)})
	}
	last := r.Series[SeriesLength-1]
	r.Bank, r.Regional = last.Indicators, last.Regional
	// Branches with a balance now or a year before.
	branches := map[string]bool{}
	for _, i := range []int{n - 1, n - 5} {
		for k, f := range at[i] {
			if k.branch != "" && (f.BalanceFen != 0 || f.Loans != 0) {
				branches[k.branch] = true
			}
		}
	}
	for b := range branches {
		r.ByBranch = append(r.ByBranch, BranchIndicators{BranchID: b,
			Indicators: indicators(figures(n-1, b), figures(n-5, b), pol.GreenShareTargetBP)})
	}
	slices.SortFunc(r.ByBranch, func(a, b BranchIndicators) int { return cmp.Compare(a.BranchID, b.BranchID) })
	// Loan quality by class at the quarter end.
	classes := append(slices.Clone(storage.Classifications), storage.ClassUnclassified)
	quality := map[string]*QualityRow{}
	for _, c := range months {
		qr := quality[c.Classification]
		if qr == nil {
			qr = &QualityRow{Classification: c.Classification, NameZh: ClassNames[c.Classification], NonPerforming: storage.NonPerforming(c.Classification)}
			quality[c.Classification] = qr
			if !slices.Contains(classes, c.Classification) { // not a class of this release: a row of its own
				classes = append(classes, c.Classification)
			}
		}
		qr.BookFen += c.BalanceFen
		qr.BookLoans += c.Loans
		if c.Green {
			qr.GreenFen += c.BalanceFen
			qr.GreenLoans += c.Loans
		}
	}
	for _, c := range classes {
		if qr := quality[c]; qr != nil {
			r.LoanQuality = append(r.LoanQuality, *qr)
		} else {
			r.LoanQuality = append(r.LoanQuality, QualityRow{Classification: c, NameZh: ClassNames[c], NonPerforming: storage.NonPerforming(c)})
		}
	}
	return r, nil
}

// buildChecklist gathers the qualitative part's evidence of the quarter.
func (r *Evaluation) buildChecklist(ctx context.Context, store EvaluationStore, cat Catalogues, pol *policy.Policy, q Quarter) error {
	from := time.Date(q.Year, time.Month(3*q.Q-2), 1, 0, 0, 0, 0, decisionlog.BankZone)
	to := from.AddDate(0, 3, 0)
	ch := &r.Checklist
	ch.From, ch.To = q.Start().Format(time.DateOnly), q.End().Format(time.DateOnly)
	counts, err := store.DecisionsByReason(ctx, from, to)
	if err != nil {
		return err
	}
	rules := map[string]*RuleCount{}
	for _, c := range counts {
		if c.Code == "" {
			continue // decisions without a reason: no rule fired
		}
		rc := rules[c.Code]
		if rc == nil {
			info := pol.ReasonTable[c.Code]
			if c.Code == storage.UnreadableReasons {
				info = policy.ReasonInfo{Message: "记录的原因无法读取（请运行日志校验）", MessageEn: "recorded reasons that do not read: run the log's verification"}
			}
			rc = &RuleCount{Code: c.Code, Stance: info.Stance, StanceZh: stanceZh[info.Stance], Clause: info.Clause,
				Message: info.Message, MessageEn: info.MessageEn}
			rules[c.Code] = rc
		}
		switch c.Outcome {
		case "decline":
			rc.Declined += c.Decisions
		case "refer":
			rc.Referred += c.Decisions
		case "approve":
			rc.Approved += c.Decisions
		}
	}
	order := map[string]int{"support": 0, "control": 1, "compress": 2}
	ch.Rules = []RuleCount{}
	for _, rc := range rules {
		ch.Rules = append(ch.Rules, *rc)
	}
	slices.SortFunc(ch.Rules, func(a, b RuleCount) int {
		oa, ok := order[a.Stance]
		if !ok {
			oa = 3
		}
		ob, ok := order[b.Stance]
		if !ok {
			ob = 3
		}
		return cmp.Or(cmp.Compare(oa, ob), cmp.Compare(a.Code, b.Code))
	})
	uses, err := store.RevisionsUsed(ctx, from, to)
	if err != nil {
		return err
	}
	ch.Revisions = []RevisionRow{}
	for _, u := range uses {
		ch.Revisions = append(ch.Revisions, RevisionRow{Revision: u.Revision, Digest: u.Digest, Decisions: u.Decisions, First: u.First,
			Last: u.Last, UploadedBy: u.UploadedBy, ApprovedBy: u.ApprovedBy, ApprovedAt: u.ApprovedAt, NotStored: u.NotStored})
	}
	reviews, err := store.ReviewsByAction(ctx, from, to)
	if err != nil {
		return err
	}
	ch.Reviews = map[string]int64{}
	byCode := map[string]*OverrideRow{}
	ch.Overrides = []OverrideRow{}
	for _, o := range reviews {
		ch.Reviews[o.Action] += o.Reviews
		if o.ExceptionCode == "" {
			continue
		}
		row := byCode[o.ExceptionCode]
		if row == nil {
			row = &OverrideRow{ExceptionCode: o.ExceptionCode, Message: pol.Exceptions[o.ExceptionCode].Message}
			byCode[o.ExceptionCode] = row
		}
		switch o.Action {
		case storage.ReviewApprove:
			row.Proposed += o.Reviews
		case storage.ReviewConfirm:
			row.Confirmed += o.Reviews
		case storage.ReviewReject:
			row.Rejected += o.Reviews
		}
	}
	for _, row := range byCode {
		ch.Overrides = append(ch.Overrides, *row)
	}
	slices.SortFunc(ch.Overrides, func(a, b OverrideRow) int { return cmp.Compare(a.ExceptionCode, b.ExceptionCode) })
	book, err := store.BookAt(ctx, r.QuarterEnd)
	if err != nil {
		return err
	}
	type catKey struct{ version, l1 string }
	cats := map[catKey]*GreenCategoryRow{}
	for _, c := range book {
		if !c.Green {
			continue
		}
		k := catKey{c.GreenCategoryVersion, level(c.GreenCategory, 1)}
		if c.GreenCategory == "" {
			k.l1 = Uncategorised
		}
		row := cats[k]
		if row == nil {
			row = &GreenCategoryRow{CatalogueVersion: k.version, Level1: k.l1}
			if k.l1 != Uncategorised {
				row.Level1Name = itemName(cat, k.version, k.l1)
			}
			cats[k] = row
		}
		row.BalanceFen += c.BalanceFen
		row.Loans += c.Loans
	}
	ch.GreenByCategory = []GreenCategoryRow{}
	for _, row := range cats {
		ch.GreenByCategory = append(ch.GreenByCategory, *row)
	}
	slices.SortFunc(ch.GreenByCategory, func(a, b GreenCategoryRow) int {
		return cmp.Or(cmp.Compare(a.CatalogueVersion, b.CatalogueVersion), cmp.Compare(b2i(a.Level1 == Uncategorised), b2i(b.Level1 == Uncategorised)),
			compareCodes(a.Level1, b.Level1))
	})
	return nil
}

// Tables are the evaluation as sheets: the series, the branches, loan quality, and the
// checklist's rules, revisions, reviews and overrides, and green loans by category.
func (r *Evaluation) Tables() []*Table {
	ind := []Column{{"全部贷款余额", "book balance", Yuan}, {"绿色贷款余额", "green balance", Yuan}, {"绿色贷款占比", "green share", Exact},
		{"是否达到目标", "meets target", Text}, {"上年同期全部贷款余额", "book balance a year before", Yuan},
		{"上年同期绿色贷款余额", "green balance a year before", Yuan}, {"绿色贷款同比增速", "green growth", Exact}, {"全部贷款同比增速", "book growth", Exact},
		{"绿色不良贷款余额", "green non-performing balance", Yuan}, {"绿色贷款不良率", "green NPL ratio", Exact},
		{"不良贷款余额", "book non-performing balance", Yuan}, {"全部贷款不良率", "book NPL ratio", Exact},
		{"绿色贷款未分类余额", "green unclassified balance", Yuan}, {"未分类余额", "book unclassified balance", Yuan}}
	cells := func(in Indicators) []any {
		met := "未达标 not met"
		if in.MeetsTarget {
			met = "达标 met"
		}
		return []any{in.Book.BalanceFen, in.Green.BalanceFen, in.GreenShare.text(), met, in.BookYearBefore.BalanceFen, in.GreenYearBefore.BalanceFen,
			in.GreenGrowth.text(), in.BookGrowth.text(), in.Green.NonPerformingFen, in.GreenNPLRatio.text(), in.Book.NonPerformingFen,
			in.BookNPLRatio.text(), in.Green.UnclassifiedFen, in.Book.UnclassifiedFen}
	}
	series := &Table{Sheet: "季度序列 series", Columns: append(append([]Column{{"季度", "quarter", Text}, {"季末", "quarter end", Text}}, ind...),
		Column{"地区绿色贷款总额", "regional green total", Yuan}, Column{"地区份额占比", "regional share", Exact},
		Column{"地区总额来源", "regional total source", Text})}
	for _, p := range r.Series {
		var total any = ""
		share := ""
		if p.Regional.Entered {
			total, share = *p.Regional.Total, p.Regional.Share.text()
		}
		source := p.Regional.Source
		if !p.Regional.Entered {
			source = "未录入 not entered"
		}
		series.Rows = append(series.Rows, append(append([]any{p.Quarter, p.QuarterEnd}, cells(p.Indicators)...), total, share, source))
	}
	branch := &Table{Sheet: "按支行 by branch", Columns: append([]Column{{"支行", "branch", Text}}, ind...)}
	for _, b := range r.ByBranch {
		branch.Rows = append(branch.Rows, append([]any{b.BranchID}, cells(b.Indicators)...))
	}
	quality := &Table{Sheet: "五级分类 loan quality", Columns: []Column{{"分类", "classification", Text}, {"名称", "name", Text},
		{"是否不良", "non-performing", Text}, {"全部贷款余额", "book balance", Yuan}, {"全部贷款笔数", "book loans", Count},
		{"绿色贷款余额", "green balance", Yuan}, {"绿色贷款笔数", "green loans", Count}}}
	for _, q := range r.LoanQuality {
		quality.Rows = append(quality.Rows, []any{q.Classification, q.NameZh, yesNo(q.NonPerforming), q.BookFen, q.BookLoans, q.GreenFen, q.GreenLoans})
	}
	ch := &r.Checklist
	rules := &Table{Sheet: "政策执行 policy rules", Columns: []Column{{"政策取向", "stance", Text}, {"原因代码", "reason code", Text},
		{"方案条款", "clause", Text}, {"说明", "message", Text}, {"Message", "message (English)", Text}, {"拒绝笔数", "declined", Count},
		{"转人工笔数", "referred", Count}, {"通过笔数", "approved", Count}}}
	for _, x := range ch.Rules {
		rules.Rows = append(rules.Rows, []any{x.StanceZh + " " + x.Stance, x.Code, x.Clause, x.Message, x.MessageEn, x.Declined, x.Referred, x.Approved})
	}
	revisions := &Table{Sheet: "政策版本 revisions", Columns: []Column{{"版本", "revision", Text}, {"摘要", "digest", Text},
		{"决策笔数", "decisions", Count}, {"首笔决策时间", "first decision at", Text}, {"末笔决策时间", "last decision at", Text},
		{"上传人", "uploaded by", Text}, {"批准人", "approved by", Text}, {"批准时间", "approved at", Text}, {"版本未存档", "not stored", Text}}}
	for _, v := range ch.Revisions {
		approvedAt := ""
		if v.ApprovedAt != nil {
			approvedAt = v.ApprovedAt.UTC().Format(time.RFC3339)
		}
		revisions.Rows = append(revisions.Rows, []any{v.Revision, v.Digest, v.Decisions, v.First.Format(time.RFC3339), v.Last.Format(time.RFC3339),
			v.UploadedBy, v.ApprovedBy, approvedAt, yesNo(v.NotStored)})
	}
	reviews := &Table{Sheet: "人工审查 reviews", Columns: []Column{{"操作", "action", Text}, {"笔数", "reviews", Count}}}
	for _, a := range []string{storage.ReviewApprove, storage.ReviewDecline, storage.ReviewConfirm, storage.ReviewReject} {
		reviews.Rows = append(reviews.Rows, []any{a, ch.Reviews[a]})
	}
	overrides := &Table{Sheet: "例外审批 overrides", Columns: []Column{{"例外代码", "exception code", Text}, {"说明", "message", Text},
		{"提议笔数", "proposed", Count}, {"确认笔数", "confirmed", Count}, {"否决笔数", "rejected", Count}}}
	for _, o := range ch.Overrides {
		overrides.Rows = append(overrides.Rows, []any{o.ExceptionCode, o.Message, o.Proposed, o.Confirmed, o.Rejected})
	}
	cats := &Table{Sheet: "绿色产业 green by category", Columns: []Column{{"目录版本", "catalogue version", Text},
		{"一级类别", "level 1", Text}, {"一级类别名称", "level 1 name", Text}, {"余额", "balance", Yuan}, {"笔数", "loans", Count}}}
	for _, c := range ch.GreenByCategory {
		cats.Rows = append(cats.Rows, []any{c.CatalogueVersion, c.Level1, c.Level1Name, c.BalanceFen, c.Loans})
	}
	return []*Table{series, branch, quality, rules, revisions, reviews, overrides, cats}
}

func yesNo(b bool) string {
	if b {
		return "是 yes"
	}
	return "否 no"
}

// EvaluationTables names the evaluation's tables for CSV (table=), in the order of Tables.
var EvaluationTables = []string{"series", "branch", "quality", "rules", "revisions", "reviews", "overrides", "categories"}
