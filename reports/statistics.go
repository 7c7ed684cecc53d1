package reports

import (
	"cmp"
	"context"
	"slices"
	"time"

	"greencredit/money"
	"greencredit/refdata"
)

// Kinds are the borrower kinds the statistics view has a column for, in its order; loans reported
// without a kind are the column "unknown".
var Kinds = []string{"enterprise", "individual_business", "farmer_household", "individual", "unknown"}

// Sizes are the borrower sizes the statistics view has a column for; "unknown": not reported.
var Sizes = []string{"large", "medium", "small", "micro", "unknown"}

var sizeNames = map[string][2]string{"large": {"大型", "large"}, "medium": {"中型", "medium"}, "small": {"小型", "small"},
	"micro": {"微型", "micro"}, "unknown": {"未报送规模", "size not reported"}}

var kindNames = map[string][2]string{"enterprise": {"企业", "enterprise"}, "individual_business": {"个体工商户", "individual business"},
	"farmer_household": {"农户", "farmer household"}, "individual": {"个人", "individual"}, "unknown": {"未报送", "not reported"}}

// Cell is a balance and a number of loans.
type Cell struct {
	BalanceFen money.Fen `json:"balance"`
	Loans      int64     `json:"loans"`
}

func (c *Cell) add(fen money.Fen, loans int64) { c.BalanceFen += fen; c.Loans += loans }

// StatRow is a line of the statistics view: a level-1 category (Level2 "": its subtotal) or a
// level-2 one of the 2025 catalogue, with its figures in all and by borrower kind.
type StatRow struct {
	Level1     string          `json:"level1"`
	Level1Name string          `json:"level1_name"`
	Level2     string          `json:"level2"`
	Level2Name string          `json:"level2_name"`
	Total      Cell            `json:"total"`
	ByKind     map[string]Cell `json:"by_kind"`
	BySize     map[string]Cell `json:"by_size"`
}

// DivisionRow is the 2025-catalogue green loans of one GB/T 4754 division.
type DivisionRow struct {
	Division string `json:"division"`
	Name     string `json:"name"`
	Cell
}

// GreenStatistics is the central bank's green-loan statistics view (绿色贷款专项统计; issue 23,
// item 2) at a date: the green loans identified under the 2025 catalogue by level-1 and level-2
// item and borrower kind, and by GB/T division; the green loans identified under the 2019
// catalogue and those without a category as lines of their own (the view counts 2025 items). Each
// figure's loans are listed by GET /v1/reports/green-statistics/loans with the same keys.
type GreenStatistics struct {
	AsOf          string          `json:"as_of"`
	Catalogue     string          `json:"catalogue"`
	Items         []StatRow       `json:"items"`
	Total         Cell            `json:"total"`
	TotalByKind   map[string]Cell `json:"total_by_kind"`
	ByDivision    []DivisionRow   `json:"by_division"`
	Catalogue2019 Cell            `json:"identified_under_2019"`
	Uncategorised Cell            `json:"uncategorised"`
	Notes         []string        `json:"notes"`
}

// Industries names GB/T 4754 divisions.
type Industries interface {
	Industry(code string) (refdata.RefItem, bool)
}

// BuildGreenStatistics computes the view at day from the book by date.
func BuildGreenStatistics(ctx context.Context, store bookAt, cat Catalogues, ind Industries, day time.Time) (*GreenStatistics, error) {
	cells, err := store.BookAt(ctx, day.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	r := &GreenStatistics{AsOf: day.Format(time.DateOnly), Catalogue: refdata.GreenCatalogue2025, Items: []StatRow{}, ByDivision: []DivisionRow{}, TotalByKind: map[string]Cell{},
		Notes: []string{"A borrower kind or size not reported with the loan (nor taken from its decision) is \"unknown\".",
			"Green loans identified under the 2019 catalogue (with those booked before the service without a version, read as 2019) are counted apart; GET /v1/portfolio/green-review re-identifies them under the policy in force."}}
	rows := map[string]*StatRow{}
	divisions := map[string]*DivisionRow{}
	row := func(code string) *StatRow {
		if rows[code] == nil {
			l1 := level(code, 1)
			rows[code] = &StatRow{Level1: l1, Level1Name: itemName(cat, refdata.GreenCatalogue2025, l1), ByKind: map[string]Cell{}, BySize: map[string]Cell{}}
			if code != l1 {
				rows[code].Level2, rows[code].Level2Name = code, itemName(cat, refdata.GreenCatalogue2025, code)
			}
		}
		return rows[code]
	}
	for _, c := range cells {
		switch {
		case !c.Green:
			continue
		case c.GreenCategory == "":
			r.Uncategorised.add(c.BalanceFen, c.Loans)
			continue
		case c.GreenCategoryVersion != refdata.GreenCatalogue2025:
			r.Catalogue2019.add(c.BalanceFen, c.Loans)
			continue
		}
		k := orUnknown(c.ApplicantKind)
		for _, code := range []string{level(c.GreenCategory, 1), level(c.GreenCategory, 2)} {
			sr := row(code)
			sr.Total.add(c.BalanceFen, c.Loans)
			kc := sr.ByKind[k]
			kc.add(c.BalanceFen, c.Loans)
			sr.ByKind[k] = kc
			sc := sr.BySize[orUnknown(c.ApplicantSize)]
			sc.add(c.BalanceFen, c.Loans)
			sr.BySize[orUnknown(c.ApplicantSize)] = sc
		}
		r.Total.add(c.BalanceFen, c.Loans)
		tk := r.TotalByKind[k]
		tk.add(c.BalanceFen, c.Loans)
		r.TotalByKind[k] = tk
		div := divisionOf(c.IndustryCode)
		if divisions[div] == nil {
			name := ""
			if it, ok := ind.Industry(div); ok {
				name = it.Name
			}
			divisions[div] = &DivisionRow{Division: div, Name: name}
		}
		divisions[div].add(c.BalanceFen, c.Loans)
	}
	for _, k := range Kinds {
		if _, ok := r.TotalByKind[k]; !ok {
			r.TotalByKind[k] = Cell{}
		}
	}
	for _, sr := range rows {
		for _, k := range Kinds {
			if _, ok := sr.ByKind[k]; !ok {
				sr.ByKind[k] = Cell{}
			}
		}
		for _, z := range Sizes {
			if _, ok := sr.BySize[z]; !ok {
				sr.BySize[z] = Cell{}
			}
		}
		r.Items = append(r.Items, *sr)
	}
	// Each level-1 subtotal, then its level-2 lines.
	slices.SortFunc(r.Items, func(a, b StatRow) int {
		return cmp.Or(compareCodes(a.Level1, b.Level1), compareCodes(a.Level2, b.Level2))
	})
	for _, d := range divisions {
		r.ByDivision = append(r.ByDivision, *d)
	}
	slices.SortFunc(r.ByDivision, func(a, b DivisionRow) int { return cmp.Compare(a.Division, b.Division) })
	return r, nil
}

// divisionOf is a GB/T 4754 code's division: the section letter and two digits (C3011 → C30).
func divisionOf(code string) string { return code[:min(3, len(code))] }

// Tables are the items by borrower kind (a subtotal line per level-1 item, then the total and
// the lines counted apart) and the divisions.
func (r *GreenStatistics) Tables() []*Table {
	items := &Table{Sheet: "按项目和客户类型 by item and kind", Columns: []Column{{"一级项目", "level 1", Text}, {"一级项目名称", "level 1 name", Text},
		{"二级项目", "level 2", Text}, {"二级项目名称", "level 2 name", Text}, {"余额", "balance", Yuan}, {"笔数", "loans", Count}}}
	for _, k := range Kinds {
		n := kindNames[k]
		items.Columns = append(items.Columns, Column{n[0] + "余额", n[1] + " balance", Yuan}, Column{n[0] + "笔数", n[1] + " loans", Count})
	}
	line := func(l1, l1n, l2, l2n string, total Cell, byKind map[string]Cell) []any {
		out := []any{l1, l1n, l2, l2n, total.BalanceFen, total.Loans}
		for _, k := range Kinds {
			out = append(out, byKind[k].BalanceFen, byKind[k].Loans)
		}
		return out
	}
	for _, sr := range r.Items {
		l2 := sr.Level2
		if l2 == "" {
			l2 = "小计 subtotal"
		}
		items.Rows = append(items.Rows, line(sr.Level1, sr.Level1Name, l2, sr.Level2Name, sr.Total, sr.ByKind))
	}
	items.Rows = append(items.Rows, line("合计 total", "", "", "", r.Total, r.TotalByKind),
		line("2019", "按2019年版目录认定 identified under the 2019 catalogue", "", "", r.Catalogue2019, map[string]Cell{}),
		line(Uncategorised, "未标注类别 without a category", "", "", r.Uncategorised, map[string]Cell{}))
	div := &Table{Sheet: "按行业大类 by industry division", Columns: []Column{{"行业大类", "division", Text}, {"名称", "name", Text},
		{"余额", "balance", Yuan}, {"笔数", "loans", Count}}}
	for _, d := range r.ByDivision {
		div.Rows = append(div.Rows, []any{d.Division, d.Name, d.BalanceFen, d.Loans})
	}
	sizes := &Table{Sheet: "按项目和企业规模 by item and size", Columns: []Column{{"一级项目", "level 1", Text}, {"二级项目", "level 2", Text},
		{"余额", "balance", Yuan}, {"笔数", "loans", Count}}}
	for _, z := range Sizes {
		n := sizeNames[z]
		sizes.Columns = append(sizes.Columns, Column{n[0] + "余额", n[1] + " balance", Yuan}, Column{n[0] + "笔数", n[1] + " loans", Count})
	}
	for _, sr := range r.Items {
		l2 := sr.Level2
		if l2 == "" {
			l2 = "小计 subtotal"
		}
		row := []any{sr.Level1, l2, sr.Total.BalanceFen, sr.Total.Loans}
		for _, z := range Sizes {
			row = append(row, sr.BySize[z].BalanceFen, sr.BySize[z].Loans)
		}
		sizes.Rows = append(sizes.Rows, row)
	}
	return []*Table{items, sizes, div}
}
