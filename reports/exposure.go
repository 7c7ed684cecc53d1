package reports

import (
	"cmp"
	"context"
	"slices"
	"time"

	"greencredit/money"
	"greencredit/policy"
	"greencredit/portfolio"
	"greencredit/storage"
)

// Exposure is the book against the volume caps at a date (issue 23, item 3): 有控 — 两高一剩,
// real estate and personal housing against their caps — and 有压 — solar, PV and wind, which have
// no cap but are compressed — overall and by branch.
type Exposure struct {
	AsOf            string             `json:"as_of"`
	PolicyRevision  string             `json:"policy_revision"`
	BookFen         money.Fen          `json:"book_balance"`
	WarningMarginBP int64              `json:"warning_margin_bp"`
	Categories      []CategoryExposure `json:"categories"`
	ByBranch        []BranchExposure   `json:"by_branch"`
}

// CategoryExposure is one category against its cap.
type CategoryExposure struct {
	Category   string    `json:"category"` // thos, real_estate, personal_housing, renewable
	BalanceFen money.Fen `json:"balance"`
	// Share of the book, rounded up (a share over the cap never reads as at it).
	Share string `json:"share"`
	// Cap in force ("" for renewable, which has none); Headroom: how much more the category may
	// lend before passing it (rounded down; 0 at or over it); State: ok, warning (within the
	// margin of the cap) or over; "no_cap" for renewable.
	Cap         string    `json:"cap"`
	HeadroomFen money.Fen `json:"headroom"`
	State       string    `json:"state"`
}

// BranchExposure is one branch's book and its balances in each category.
type BranchExposure struct {
	BranchID           string    `json:"branch_id"`
	BookFen            money.Fen `json:"book_balance"`
	THOSFen            money.Fen `json:"thos_balance"`
	RealEstateFen      money.Fen `json:"real_estate_balance"`
	PersonalHousingFen money.Fen `json:"personal_housing_balance"`
	RenewableFen       money.Fen `json:"renewable_balance"`
}

// exposureCategories are the categories in the order reported: the capped ones, then renewable.
var exposureCategories = []string{"thos", "real_estate", "personal_housing", "renewable"}

// classifier memoises the policy's classification of industry codes within one report.
type classifier struct {
	pol   *policy.Policy
	codes map[string]map[string]bool
}

func (c *classifier) classes(ctx context.Context, code string) (map[string]bool, error) {
	if m, ok := c.codes[code]; ok {
		return m, nil
	}
	m, err := c.pol.Classify(ctx, code)
	if err != nil {
		return nil, err
	}
	c.codes[code] = m
	return m, nil
}

// bookOf sums cells as the caps count them (storage.Book.Add), overall and by branch.
func bookOf(ctx context.Context, cl *classifier, cells []storage.BookCell) (storage.Book, map[string]*storage.Book, error) {
	var all storage.Book
	branches := map[string]*storage.Book{}
	for _, c := range cells {
		classes, err := cl.classes(ctx, c.IndustryCode)
		if err != nil {
			return all, nil, err
		}
		row := storage.BookTotal{BranchID: c.BranchID, IndustryCode: c.IndustryCode, Green: c.Green, ApplicantKind: c.ApplicantKind,
			RealEstatePurpose: c.RealEstatePurpose, QuasiRealEstate: c.QuasiRealEstate, BalanceFen: c.BalanceFen}
		b := branches[c.BranchID]
		if b == nil {
			b = &storage.Book{}
			branches[c.BranchID] = b
		}
		if err := all.Add(row, classes); err != nil {
			return all, nil, err
		}
		if err := b.Add(row, classes); err != nil {
			return all, nil, err
		}
	}
	return all, branches, nil
}

func categoryBalance(b *storage.Book, category string) money.Fen {
	return map[string]money.Fen{"thos": b.THOSFen, "real_estate": b.RealEstateFen, "personal_housing": b.PersonalHousingFen,
		"renewable": b.RenewableFen}[category]
}

// Categories is each category of a book against pol's caps.
func Categories(b *storage.Book, pol *policy.Policy, marginBP int64) []CategoryExposure {
	out := make([]CategoryExposure, 0, len(exposureCategories))
	for _, cat := range exposureCategories {
		bal := categoryBalance(b, cat)
		e := CategoryExposure{Category: cat, BalanceFen: bal, Share: portfolio.ShareUp(bal, b.TotalFen), State: "no_cap"}
		if bp, ok := pol.CapsBP[cat]; ok {
			e.Cap = portfolio.Fraction(bp)
			e.HeadroomFen = portfolio.Headroom(bal, b.TotalFen, bp)
			e.State = portfolio.CapState(bal, b.TotalFen, bp, marginBP)
		}
		out = append(out, e)
	}
	return out
}

// BuildExposure computes the exposure at day under pol's classification and caps.
func BuildExposure(ctx context.Context, store bookAt, pol *policy.Policy, marginBP int64, day time.Time) (*Exposure, error) {
	cells, err := store.BookAt(ctx, day.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	all, branches, err := bookOf(ctx, &classifier{pol: pol, codes: map[string]map[string]bool{}}, cells)
	if err != nil {
		return nil, err
	}
	e := &Exposure{AsOf: day.Format(time.DateOnly), PolicyRevision: pol.Revision, BookFen: all.TotalFen, WarningMarginBP: marginBP,
		Categories: Categories(&all, pol, marginBP), ByBranch: []BranchExposure{}}
	for id, b := range branches {
		e.ByBranch = append(e.ByBranch, BranchExposure{BranchID: id, BookFen: b.TotalFen, THOSFen: b.THOSFen, RealEstateFen: b.RealEstateFen,
			PersonalHousingFen: b.PersonalHousingFen, RenewableFen: b.RenewableFen})
	}
	slices.SortFunc(e.ByBranch, func(a, b BranchExposure) int { return cmp.Compare(a.BranchID, b.BranchID) })
	return e, nil
}

// ExposurePoint is the exposure at one date of a history.
type ExposurePoint struct {
	AsOf       string             `json:"as_of"`
	BookFen    money.Fen          `json:"book_balance"`
	Categories []CategoryExposure `json:"categories"`
}

// BuildExposureHistory is the exposure at each of the dates (portfolio.HistoryDates).
func BuildExposureHistory(ctx context.Context, store bookAt, pol *policy.Policy, marginBP int64, dates []string) ([]ExposurePoint, error) {
	cl := &classifier{pol: pol, codes: map[string]map[string]bool{}}
	out := make([]ExposurePoint, 0, len(dates))
	for _, d := range dates {
		cells, err := store.BookAt(ctx, d)
		if err != nil {
			return nil, err
		}
		all, _, err := bookOf(ctx, cl, cells)
		if err != nil {
			return nil, err
		}
		out = append(out, ExposurePoint{AsOf: d, BookFen: all.TotalFen, Categories: Categories(&all, pol, marginBP)})
	}
	return out, nil
}

var categoryNames = map[string][2]string{"thos": {"两高一剩", "THOS"}, "real_estate": {"房地产", "real estate"},
	"personal_housing": {"个人住房", "personal housing"}, "renewable": {"光伏、风电", "solar, PV and wind"}}

// Tables are the categories against their caps, and the branches.
func (e *Exposure) Tables() []*Table {
	cats := &Table{Sheet: "限额 caps", Columns: []Column{{"类别", "category", Text}, {"类别名称", "category name", Text},
		{"余额", "balance", Yuan}, {"占全部贷款比例", "share of book", Ratio}, {"上限", "cap", Ratio}, {"可新增额度", "headroom", Yuan},
		{"状态", "state", Text}}}
	for _, c := range e.Categories {
		n := categoryNames[c.Category]
		cats.Rows = append(cats.Rows, []any{c.Category, n[0] + " " + n[1], c.BalanceFen, c.Share, c.Cap, c.HeadroomFen, c.State})
	}
	cats.Rows = append(cats.Rows, []any{"book", "全部贷款 the book", e.BookFen, "1.0000", "", money.Fen(0), ""})
	br := &Table{Sheet: "按支行 by branch", Columns: []Column{{"支行", "branch", Text}, {"全部贷款余额", "book balance", Yuan},
		{"两高一剩余额", "THOS balance", Yuan}, {"房地产余额", "real estate balance", Yuan}, {"个人住房余额", "personal housing balance", Yuan},
		{"光伏、风电余额", "solar, PV and wind balance", Yuan}}}
	for _, b := range e.ByBranch {
		br.Rows = append(br.Rows, []any{b.BranchID, b.BookFen, b.THOSFen, b.RealEstateFen, b.PersonalHousingFen, b.RenewableFen})
	}
	return []*Table{cats, br}
}

// HistoryTable is a history as one table: a row per date, each category's balance and share.
func HistoryTable(points []ExposurePoint) *Table {
	t := &Table{Sheet: "历史 history", Columns: []Column{{"日期", "date", Text}, {"全部贷款余额", "book balance", Yuan}}}
	for _, cat := range exposureCategories {
		n := categoryNames[cat]
		t.Columns = append(t.Columns, Column{n[0] + "余额", n[1] + " balance", Yuan}, Column{n[0] + "占比", n[1] + " share", Ratio},
			Column{n[0] + "状态", n[1] + " state", Text})
	}
	for _, p := range points {
		row := []any{p.AsOf, p.BookFen}
		for _, c := range p.Categories {
			row = append(row, c.BalanceFen, c.Share, c.State)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
