// Package reports builds the reports compliance and risk staff file and watch from the loan book
// by date (storage.BookAt and BookByMonth: summed from book_changes, never from the loans'
// history) and, for the quarterly evaluation's checklist, from the decision log, the reviews and
// the policy revisions; each as a value for JSON and as tables (table.go) that CSV and XLSX write
// from the same cells.
package reports

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"greencredit/money"
	"greencredit/portfolio"
	"greencredit/refdata"
	"greencredit/storage"
)

// Uncategorised is the category of a green loan booked without one: a row of its own.
const Uncategorised = "uncategorised"

// GreenLoans is the green-loans-by-category report at a date (issue 23, item 1), with the same
// figures at the previous quarter end and a year before.
type GreenLoans struct {
	AsOf               string `json:"as_of"`
	PreviousQuarterEnd string `json:"previous_quarter_end"`
	YearBefore         string `json:"year_before"`
	// The book and its green part at each of the three dates.
	Book  Figures `json:"book"`
	Green Figures `json:"green"`
	// GreenBenefits: the benefits of all the green loans with a balance at as_of, attributed.
	GreenBenefits map[string]string `json:"green_benefits"`
	GreenShare    string            `json:"green_share"` // green ÷ book at as_of, 4 decimals
	ByCategory    []CategoryRow     `json:"by_category"`
	ByBranch      []BreakdownRow    `json:"by_branch"`
	ByKind        []BreakdownRow    `json:"by_applicant_kind"`
	BySize        []BreakdownRow    `json:"by_applicant_size"`
	Notes         []string          `json:"notes"`
}

// Figures are a balance and a number of loans at the report's date, the previous quarter end and
// a year before, with the changes since each.
type Figures struct {
	BalanceFen              money.Fen `json:"balance"`
	Loans                   int64     `json:"loans"`
	PreviousQuarterEndFen   money.Fen `json:"previous_quarter_end_balance"`
	YearBeforeFen           money.Fen `json:"year_before_balance"`
	ChangeFromQuarterFen    money.Fen `json:"change_from_previous_quarter_end"`
	ChangeFromYearBeforeFen money.Fen `json:"change_from_year_before"`
}

// CategoryRow is the green loans of one level-2 category of one catalogue version.
type CategoryRow struct {
	CatalogueVersion string `json:"catalogue_version"` // "2019", "2025" or "" (booked without one)
	Level1           string `json:"level1"`
	Level1Name       string `json:"level1_name"`
	Level2           string `json:"level2"`
	Level2Name       string `json:"level2_name"`
	Figures
	ShareOfBook  string `json:"share_of_book"`
	ShareOfGreen string `json:"share_of_green"`
	// Benefits: the environmental benefits of the category's loans with a balance at as_of, each
	// attributed by its financing share, in tonnes ("coal_saved_t": "12.500", ...).
	Benefits map[string]string `json:"benefits"`
	benefits storage.BenefitFigures
}

// BreakdownRow is the book and its green part in one branch or one borrower kind.
type BreakdownRow struct {
	Key        string    `json:"key"`
	BookFen    money.Fen `json:"book_balance"`
	GreenFen   money.Fen `json:"green_balance"`
	GreenLoans int64     `json:"green_loans"`
	GreenShare string    `json:"green_share"`
	// GreenPreviousQuarterEndFen and GreenYearBeforeFen: the green balance at those dates.
	GreenPreviousQuarterEndFen money.Fen `json:"green_previous_quarter_end_balance"`
	GreenYearBeforeFen         money.Fen `json:"green_year_before_balance"`
}

// PreviousQuarterEnd is the last quarter end (03-31, 06-30, 09-30, 12-31) strictly before day.
func PreviousQuarterEnd(day time.Time) time.Time { return QuarterOf(day).Add(-1).End() }

// YearBefore is the same date a year before (29 February: 28 February).
func YearBefore(day time.Time) time.Time {
	d := day.AddDate(-1, 0, 0)
	if d.Day() != day.Day() {
		d = d.AddDate(0, 0, -d.Day())
	}
	return d
}

// Catalogues names the catalogue items.
type Catalogues interface {
	GreenEntry(version, code string) (refdata.RefItem, bool)
}

type bookAt interface {
	BookAt(ctx context.Context, day string) ([]storage.BookCell, error)
}

// BuildGreenLoans computes the report at day from the book by date.
func BuildGreenLoans(ctx context.Context, store bookAt, cat Catalogues, day time.Time) (*GreenLoans, error) {
	days := [3]string{day.Format(time.DateOnly), PreviousQuarterEnd(day).Format(time.DateOnly), YearBefore(day).Format(time.DateOnly)}
	var books [3][]storage.BookCell
	for i, d := range days {
		var err error
		if books[i], err = store.BookAt(ctx, d); err != nil {
			return nil, err
		}
	}
	r := &GreenLoans{AsOf: days[0], PreviousQuarterEnd: days[1], YearBefore: days[2], ByCategory: []CategoryRow{},
		ByBranch: []BreakdownRow{}, ByKind: []BreakdownRow{}, BySize: []BreakdownRow{},
		Notes: []string{"Each loan counts at its latest reported balance on or before each date, under its current branch, category and borrower kind.",
			"A green loan booked without a category is the row with category \"" + Uncategorised + "\"; a borrower kind or size not reported is \"unknown\"."}}
	var greenBenefits storage.BenefitFigures
	type catKey struct{ version, l2 string }
	cats := map[catKey]*CategoryRow{}
	branches, kinds, sizes := map[string]*BreakdownRow{}, map[string]*BreakdownRow{}, map[string]*BreakdownRow{}
	row := func(m map[string]*BreakdownRow, k string) *BreakdownRow {
		if m[k] == nil {
			m[k] = &BreakdownRow{Key: k}
		}
		return m[k]
	}
	for i, book := range books {
		for _, c := range book {
			bump(&r.Book, i, c.BalanceFen, c.Loans)
			br, kr, sr := row(branches, c.BranchID), row(kinds, orUnknown(c.ApplicantKind)), row(sizes, orUnknown(c.ApplicantSize))
			if i == 0 {
				br.BookFen += c.BalanceFen
				kr.BookFen += c.BalanceFen
				sr.BookFen += c.BalanceFen
			}
			if !c.Green {
				continue
			}
			bump(&r.Green, i, c.BalanceFen, c.Loans)
			for _, b := range []*BreakdownRow{br, kr, sr} {
				switch i {
				case 0:
					b.GreenFen += c.BalanceFen
					b.GreenLoans += c.Loans
				case 1:
					b.GreenPreviousQuarterEndFen += c.BalanceFen
				case 2:
					b.GreenYearBeforeFen += c.BalanceFen
				}
			}
			k := catKey{c.GreenCategoryVersion, level(c.GreenCategory, 2)}
			if c.GreenCategory == "" {
				k = catKey{c.GreenCategoryVersion, Uncategorised}
			}
			cr := cats[k]
			if cr == nil {
				cr = &CategoryRow{CatalogueVersion: k.version, Level2: k.l2}
				if k.l2 == Uncategorised {
					cr.Level1 = Uncategorised
				} else {
					cr.Level1 = level(k.l2, 1)
					cr.Level1Name = itemName(cat, k.version, cr.Level1)
					cr.Level2Name = itemName(cat, k.version, k.l2)
				}
				cats[k] = cr
			}
			bump(&cr.Figures, i, c.BalanceFen, c.Loans)
			if i == 0 {
				addBenefits(&cr.benefits, &c.Benefits)
				addBenefits(&greenBenefits, &c.Benefits)
			}
		}
	}
	r.GreenBenefits = benefitsMap(&greenBenefits)
	finish(&r.Book)
	finish(&r.Green)
	r.GreenShare = portfolio.Share(r.Green.BalanceFen, r.Book.BalanceFen)
	for _, cr := range cats {
		finish(&cr.Figures)
		cr.ShareOfBook = portfolio.Share(cr.BalanceFen, r.Book.BalanceFen)
		cr.ShareOfGreen = portfolio.Share(cr.BalanceFen, r.Green.BalanceFen)
		cr.Benefits = benefitsMap(&cr.benefits)
		r.ByCategory = append(r.ByCategory, *cr)
	}
	slices.SortFunc(r.ByCategory, func(a, b CategoryRow) int {
		return cmp.Or(cmp.Compare(a.CatalogueVersion, b.CatalogueVersion), cmp.Compare(b2i(a.Level1 == Uncategorised), b2i(b.Level1 == Uncategorised)),
			compareCodes(a.Level2, b.Level2))
	})
	for _, m := range []struct {
		from map[string]*BreakdownRow
		to   *[]BreakdownRow
	}{{branches, &r.ByBranch}, {kinds, &r.ByKind}, {sizes, &r.BySize}} {
		for _, b := range m.from {
			b.GreenShare = portfolio.Share(b.GreenFen, b.BookFen)
			*m.to = append(*m.to, *b)
		}
		slices.SortFunc(*m.to, func(a, b BreakdownRow) int { return cmp.Compare(a.Key, b.Key) })
	}
	return r, nil
}

func bump(f *Figures, at int, fen money.Fen, loans int64) {
	switch at {
	case 0:
		f.BalanceFen += fen
		f.Loans += loans
	case 1:
		f.PreviousQuarterEndFen += fen
	case 2:
		f.YearBeforeFen += fen
	}
}

func finish(f *Figures) {
	f.ChangeFromQuarterFen = f.BalanceFen - f.PreviousQuarterEndFen
	f.ChangeFromYearBeforeFen = f.BalanceFen - f.YearBeforeFen
}

// kindOf names a borrower kind, "unknown" for a loan booked without it.
func orUnknown(k string) string {
	if k == "" {
		return "unknown"
	}
	return k
}

// level is a catalogue code cut to a level: level("3.2.2", 2) = "3.2".
func level(code string, n int) string {
	parts := strings.SplitN(code, ".", n+1)
	return strings.Join(parts[:min(n, len(parts))], ".")
}

func itemName(cat Catalogues, version, code string) string {
	if it, ok := cat.GreenEntry(version, code); ok {
		return it.Name
	}
	return ""
}

// compareCodes orders catalogue codes numerically part by part ("3.10" after "3.9").
func compareCodes(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(pa), len(pb)) {
		var x, y int
		_, ex := fmt.Sscan(pa[i], &x)
		_, ey := fmt.Sscan(pb[i], &y)
		if ex != nil || ey != nil {
			if c := cmp.Compare(pa[i], pb[i]); c != 0 {
				return c
			}
			continue
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Tables are the report's breakdowns: by category, by branch, by borrower kind.
func (r *GreenLoans) Tables() []*Table {
	fig := []Column{{"余额", "balance", Yuan}, {"笔数", "loans", Count}, {"上季末余额", "previous quarter end balance", Yuan},
		{"较上季末变动", "change from previous quarter end", Yuan}, {"上年同期余额", "year before balance", Yuan},
		{"较上年同期变动", "change from year before", Yuan}}
	cat := &Table{Sheet: "按类别 by category", Columns: append([]Column{{"目录版本", "catalogue version", Text},
		{"一级类别", "level 1", Text}, {"一级类别名称", "level 1 name", Text}, {"二级类别", "level 2", Text}, {"二级类别名称", "level 2 name", Text}},
		append(append(fig, Column{"占全部贷款比例", "share of book", Ratio}, Column{"占绿色贷款比例", "share of green", Ratio}), benefitColumns...)...)}
	figures := func(f Figures) []any {
		return []any{f.BalanceFen, f.Loans, f.PreviousQuarterEndFen, f.ChangeFromQuarterFen, f.YearBeforeFen, f.ChangeFromYearBeforeFen}
	}
	for _, c := range r.ByCategory {
		cat.Rows = append(cat.Rows, append(append(append([]any{c.CatalogueVersion, c.Level1, c.Level1Name, c.Level2, c.Level2Name}, figures(c.Figures)...),
			c.ShareOfBook, c.ShareOfGreen), benefitCells(c.Benefits)...))
	}
	cat.Rows = append(cat.Rows, append(append(append([]any{"", "合计 total", "", "", ""}, figures(r.Green)...), r.GreenShare,
		portfolio.Share(r.Green.BalanceFen, r.Green.BalanceFen)), benefitCells(r.GreenBenefits)...))
	breakdown := func(sheet, zh, en string, rows []BreakdownRow) *Table {
		t := &Table{Sheet: sheet, Columns: []Column{{zh, en, Text}, {"全部贷款余额", "book balance", Yuan}, {"绿色贷款余额", "green balance", Yuan},
			{"绿色贷款笔数", "green loans", Count}, {"绿色贷款占比", "green share", Ratio}, {"上季末绿色贷款余额", "green previous quarter end balance", Yuan},
			{"上年同期绿色贷款余额", "green year before balance", Yuan}}}
		for _, b := range rows {
			t.Rows = append(t.Rows, []any{b.Key, b.BookFen, b.GreenFen, b.GreenLoans, b.GreenShare, b.GreenPreviousQuarterEndFen, b.GreenYearBeforeFen})
		}
		return t
	}
	return []*Table{cat, breakdown("按支行 by branch", "支行", "branch", r.ByBranch), breakdown("按客户类型 by borrower kind", "客户类型", "borrower kind", r.ByKind),
		breakdown("按企业规模 by borrower size", "企业规模", "borrower size", r.BySize)}
}

func addBenefits(to, f *storage.BenefitFigures) {
	v, w := to.List(), f.List()
	to.CoalSavedKg, to.CO2eReducedKg, to.CODReducedKg = v[0]+w[0], v[1]+w[1], v[2]+w[2]
	to.AmmoniaNitrogenReducedKg, to.SO2ReducedKg, to.NOxReducedKg, to.WaterSavedKg = v[3]+w[3], v[4]+w[4], v[5]+w[5], v[6]+w[6]
}

// benefitsMap is the figures in tonnes by name ("coal_saved_t").
func benefitsMap(f *storage.BenefitFigures) map[string]string {
	out := make(map[string]string, len(storage.BenefitNames))
	for i, v := range f.List() {
		out[storage.BenefitNames[i]+"_t"] = Tonnes(v)
	}
	return out
}

// benefitColumns are the tables' columns of the benefits, in BenefitNames' order.
var benefitColumns = []Column{{"节约标准煤(吨)", "standard coal saved (t)", Quantity}, {"减排二氧化碳当量(吨)", "CO2 equivalent reduced (t)", Quantity},
	{"减排化学需氧量(吨)", "COD reduced (t)", Quantity}, {"减排氨氮(吨)", "ammonia nitrogen reduced (t)", Quantity},
	{"减排二氧化硫(吨)", "SO2 reduced (t)", Quantity}, {"减排氮氧化物(吨)", "NOx reduced (t)", Quantity}, {"节水(吨)", "water saved (t)", Quantity}}

func benefitCells(m map[string]string) []any {
	out := make([]any, len(storage.BenefitNames))
	for i, n := range storage.BenefitNames {
		out[i] = m[n+"_t"]
	}
	return out
}
