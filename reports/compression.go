package reports

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"greencredit/money"
	"greencredit/policy"
	"greencredit/portfolio"
	"greencredit/storage"
)

// CompressionTarget is one dated target of a reduction path: by that date the solar/PV/wind
// balance is at most MaxShareOfBaseline of the baseline balance. MaxSharePPM is the same in
// millionths (what is stored).
type CompressionTarget struct {
	By                 string `json:"by"`
	MaxShareOfBaseline string `json:"max_share_of_baseline"`
	MaxSharePPM        int64  `json:"-"`
}

// PPMString writes millionths as a decimal with at least four places: 900000 → "0.9000".
func PPMString(ppm int64) string {
	s := strings.TrimRight(fmt.Sprintf("%d.%06d", ppm/1_000_000, ppm%1_000_000), "0")
	if i := strings.IndexByte(s, '.'); len(s)-i-1 < 4 {
		s += strings.Repeat("0", 4-(len(s)-i-1))
	}
	return s
}

// EncodeTargets is a path as stored (storage.CompressionPlan.Targets).
func EncodeTargets(ts []CompressionTarget) string {
	type stored struct {
		By  string `json:"by"`
		PPM int64  `json:"max_share_of_baseline_ppm"`
	}
	out := make([]stored, len(ts))
	for i, t := range ts {
		out[i] = stored{t.By, t.MaxSharePPM}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func decodeTargets(s string) ([]CompressionTarget, error) {
	var in []struct {
		By  string `json:"by"`
		PPM int64  `json:"max_share_of_baseline_ppm"`
	}
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, fmt.Errorf("stored compression targets: %w", err)
	}
	out := make([]CompressionTarget, len(in))
	for i, t := range in {
		out[i] = CompressionTarget{By: t.By, MaxShareOfBaseline: PPMString(t.PPM), MaxSharePPM: t.PPM}
	}
	return out, nil
}

// CompressionPlan is the plan in force, as answered.
type CompressionPlan struct {
	BaselineAsOf string              `json:"baseline_as_of"`
	Targets      []CompressionTarget `json:"targets"`
	SetBy        string              `json:"set_by"`
	SetAt        time.Time           `json:"set_at"`
	Note         string              `json:"note"`
}

// PlanOf is the view of a stored plan.
func PlanOf(p *storage.CompressionPlan) (*CompressionPlan, error) {
	ts, err := decodeTargets(p.Targets)
	if err != nil {
		return nil, err
	}
	return &CompressionPlan{BaselineAsOf: p.BaselineAsOf, Targets: ts, SetBy: p.SetBy, SetAt: p.SetAt.UTC(), Note: p.Note}, nil
}

// Compression is the solar/PV/wind book (有压: existing enterprises compressed) at a date against
// its baseline and the reduction path, overall and per customer (issue 23, item 4).
type Compression struct {
	AsOf           string           `json:"as_of"`
	PolicyRevision string           `json:"policy_revision"`
	Plan           *CompressionPlan `json:"plan"` // nil: none set (the baseline came with the request)
	BaselineAsOf   string           `json:"baseline_as_of"`
	// IndustryCodes are the book's codes the policy counts as solar, PV or wind.
	IndustryCodes   []string            `json:"industry_codes"`
	BaselineFen     money.Fen           `json:"baseline_balance"`
	BalanceFen      money.Fen           `json:"balance"`
	ReductionFen    money.Fen           `json:"reduction"`
	ShareOfBaseline string              `json:"share_of_baseline"`
	Path            []PathPoint         `json:"path"`
	Customers       []CustomerReduction `json:"customers"`
	NotReduced      int                 `json:"customers_not_reduced"`
}

// PathPoint is a target of the path: the largest balance it allows (rounded down to the fen) and,
// once its date has come, the balance then and whether it was met ("met", "missed"; "pending"
// before its date, with how much is still to be reduced from today's balance).
type PathPoint struct {
	CompressionTarget
	MaxBalanceFen money.Fen  `json:"max_balance"`
	BalanceFen    *money.Fen `json:"balance"`
	State         string     `json:"state"`
	ToReduceFen   money.Fen  `json:"to_reduce"`
}

// CustomerReduction is one customer's solar/PV/wind balance at the baseline and now; Reduced is
// false when it did not fall (customers who did not reduce come first).
type CustomerReduction struct {
	CustomerID  string    `json:"customer_id"`
	BaselineFen money.Fen `json:"baseline_balance"`
	BalanceFen  money.Fen `json:"balance"`
	ChangeFen   money.Fen `json:"change"`
	Reduced     bool      `json:"reduced"`
}

type compressionStore interface {
	BookIndustryCodes(ctx context.Context) ([]string, error)
	CustomerBalancesAt(ctx context.Context, codes []string, day string) ([]storage.CustomerBalance, error)
}

// BuildCompression computes the report at day against plan (or, with no plan, against the
// balance at baseline).
func BuildCompression(ctx context.Context, store compressionStore, pol *policy.Policy, plan *CompressionPlan, baseline string, day time.Time) (*Compression, error) {
	codes, err := store.BookIndustryCodes(ctx)
	if err != nil {
		return nil, err
	}
	cl := &classifier{pol: pol, codes: map[string]map[string]bool{}}
	var renewable []string
	for _, c := range codes {
		classes, err := cl.classes(ctx, c)
		if err != nil {
			return nil, err
		}
		if classes["renewable_possible"] || classes["renewable"] {
			renewable = append(renewable, c)
		}
	}
	at := func(d string) (map[string]money.Fen, money.Fen, error) {
		rows, err := store.CustomerBalancesAt(ctx, renewable, d)
		if err != nil {
			return nil, 0, err
		}
		m, total := map[string]money.Fen{}, money.Fen(0)
		for _, r := range rows {
			m[r.CustomerID] = r.BalanceFen
			total += r.BalanceFen
		}
		return m, total, nil
	}
	if plan != nil {
		baseline = plan.BaselineAsOf
	}
	r := &Compression{AsOf: day.Format(time.DateOnly), PolicyRevision: pol.Revision, Plan: plan, BaselineAsOf: baseline,
		IndustryCodes: append([]string{}, renewable...), Path: []PathPoint{}, Customers: []CustomerReduction{}}
	base, baseTotal, err := at(baseline)
	if err != nil {
		return nil, err
	}
	now, nowTotal, err := at(r.AsOf)
	if err != nil {
		return nil, err
	}
	r.BaselineFen, r.BalanceFen, r.ReductionFen = baseTotal, nowTotal, baseTotal-nowTotal
	r.ShareOfBaseline = portfolio.Share(nowTotal, baseTotal)
	if plan != nil {
		for _, t := range plan.Targets {
			limit := new(big.Int).Mul(big.NewInt(int64(baseTotal)), big.NewInt(t.MaxSharePPM))
			limit.Quo(limit, big.NewInt(1_000_000))
			p := PathPoint{CompressionTarget: t, MaxBalanceFen: money.Fen(limit.Int64()), State: "pending"}
			if t.By <= r.AsOf {
				_, then, err := at(t.By)
				if err != nil {
					return nil, err
				}
				p.BalanceFen, p.State = &then, "met"
				if then > p.MaxBalanceFen {
					p.State = "missed"
				}
			} else {
				p.ToReduceFen = max(nowTotal-p.MaxBalanceFen, 0)
			}
			r.Path = append(r.Path, p)
		}
	}
	for id := range mergeKeys(base, now) {
		c := CustomerReduction{CustomerID: id, BaselineFen: base[id], BalanceFen: now[id], ChangeFen: now[id] - base[id]}
		c.Reduced = c.BalanceFen < c.BaselineFen || c.BalanceFen == 0
		if !c.Reduced {
			r.NotReduced++
		}
		r.Customers = append(r.Customers, c)
	}
	slices.SortFunc(r.Customers, func(a, b CustomerReduction) int {
		switch {
		case a.Reduced != b.Reduced:
			return b2i(a.Reduced) - b2i(b.Reduced)
		case a.BalanceFen != b.BalanceFen:
			return cmp.Compare(b.BalanceFen, a.BalanceFen) // the largest balance first
		}
		return cmp.Compare(a.CustomerID, b.CustomerID)
	})
	return r, nil
}

func mergeKeys(a, b map[string]money.Fen) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// Tables are the path (with the totals first) and the customers.
func (r *Compression) Tables() []*Table {
	path := &Table{Sheet: "压降路径 path", Columns: []Column{{"日期", "date", Text}, {"目标(占基期比例)", "max share of baseline", Ratio},
		{"目标余额上限", "max balance", Yuan}, {"余额", "balance", Yuan}, {"状态", "state", Text}, {"尚需压降", "to reduce", Yuan}}}
	path.Rows = append(path.Rows, []any{"基期 baseline " + r.BaselineAsOf, "1.0000", r.BaselineFen, r.BaselineFen, "", money.Fen(0)},
		[]any{"当前 as of " + r.AsOf, r.ShareOfBaseline, r.BaselineFen, r.BalanceFen, "", money.Fen(0)})
	for _, p := range r.Path {
		bal := ""
		if p.BalanceFen != nil {
			bal = p.BalanceFen.String()
		}
		path.Rows = append(path.Rows, []any{p.By, p.MaxShareOfBaseline, p.MaxBalanceFen, bal, p.State, p.ToReduceFen})
	}
	cust := &Table{Sheet: "按客户 by customer", Columns: []Column{{"客户", "customer", Text}, {"基期余额", "baseline balance", Yuan},
		{"当前余额", "balance", Yuan}, {"变动", "change", Yuan}, {"已压降", "reduced", Text}}}
	for _, c := range r.Customers {
		cust.Rows = append(cust.Rows, []any{c.CustomerID, c.BaselineFen, c.BalanceFen, c.ChangeFen, map[bool]string{true: "是 yes", false: "否 no"}[c.Reduced]})
	}
	return []*Table{path, cust}
}
