// Package portfolio is the loan book's arithmetic: the green-loan balance share against its
// target and the gap to it, the volume caps against the book, and the points of a trend. All of
// it in integer fen and basis points; shares are 4-decimal strings, rounded half up — except a
// share compared with a cap, rounded up (ShareUp), with the amount over the cap (OverBy).
package portfolio

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"greencredit/money"
	"greencredit/policy"
	"greencredit/storage"
)

// Fraction is basis points as a 4-decimal fraction: 1750 → "0.1750".
func Fraction(bp int64) string { return fmt.Sprintf("%d.%04d", bp/10000, bp%10000) }

// Target is a target in basis points as a 2-decimal fraction: 1000 → "0.10".
func Target(bp int64) string { return fmt.Sprintf("%d.%02d", bp/10000, (bp%10000)/100) }

// Share is part/total as a 4-decimal string, rounded half up, in integer arithmetic.
func Share(part, total money.Fen) string {
	if total <= 0 {
		return "0.0000"
	}
	n := new(big.Int).Mul(big.NewInt(int64(part)), big.NewInt(20000))
	n.Add(n, big.NewInt(int64(total)))
	n.Quo(n, new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(2)))
	v := n.Int64()
	return fmt.Sprintf("%d.%04d", v/10000, v%10000)
}

// ShareUp is part/total as a 4-decimal string rounded UP: the form of a share compared with a cap,
// so that a share over the cap never reads as at it.
func ShareUp(part, total money.Fen) string {
	if total <= 0 {
		return "0.0000"
	}
	n := new(big.Int).Mul(big.NewInt(int64(part)), big.NewInt(10000))
	n.Add(n, big.NewInt(int64(total)-1))
	n.Quo(n, big.NewInt(int64(total)))
	v := n.Int64()
	return fmt.Sprintf("%d.%04d", v/10000, v%10000)
}

// OverBy is how much of balance lies above capBP of total, in fen rounded up (0 within the cap).
func OverBy(balance, total money.Fen, capBP int64) money.Fen {
	n := new(big.Int).Mul(big.NewInt(int64(balance)), big.NewInt(10000))
	n.Sub(n, new(big.Int).Mul(big.NewInt(capBP), big.NewInt(int64(total))))
	if n.Sign() <= 0 {
		return 0
	}
	n.Add(n, big.NewInt(9999))
	n.Quo(n, big.NewInt(10000))
	return money.Fen(n.Int64())
}

// Gap is max(0, target × total − green), rounded up to the fen.
func Gap(green, total money.Fen, targetBP int64) money.Fen {
	need := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(targetBP))
	need.Add(need, big.NewInt(9999))
	need.Quo(need, big.NewInt(10000))
	g := need.Int64() - int64(green)
	return money.Fen(max(g, 0))
}

// Over tells whether balance is over capBP of total: balance × 10000 > cap × total, in integers
// (exactly at the cap is not over).
func Over(balance, total money.Fen, capBP int64) bool {
	return total > 0 && new(big.Int).Mul(big.NewInt(int64(balance)), big.NewInt(10000)).Cmp(
		new(big.Int).Mul(big.NewInt(capBP), big.NewInt(int64(total)))) > 0
}

// GreenShare is the green-loan share of the book on a date, overall or of one branch.
type GreenShare struct {
	AsOf         string       `json:"as_of,omitempty"`
	BranchID     string       `json:"branch_id,omitempty"`
	GreenBalance money.Fen    `json:"green_balance"`
	TotalBalance money.Fen    `json:"total_balance"`
	Share        string       `json:"share"`
	Target       string       `json:"target,omitempty"`
	GapToTarget  money.Fen    `json:"gap_to_target"`
	ByBranch     []GreenShare `json:"by_branch,omitempty"`
}

// GreenShareAt is the green share of the loans as reported on asOf (every branch, or one).
func GreenShareAt(ctx context.Context, store *storage.Store, asOf, branch string, targetBP int64) (*GreenShare, error) {
	rows, err := store.BalancesAt(ctx, asOf, branch)
	if err != nil {
		return nil, err
	}
	out := &GreenShare{AsOf: asOf, Target: Target(targetBP), ByBranch: []GreenShare{}}
	for _, r := range rows {
		out.GreenBalance += r.GreenFen
		out.TotalBalance += r.TotalFen
		out.ByBranch = append(out.ByBranch, GreenShare{BranchID: r.BranchID, GreenBalance: r.GreenFen, TotalBalance: r.TotalFen,
			Share: Share(r.GreenFen, r.TotalFen), GapToTarget: Gap(r.GreenFen, r.TotalFen, targetBP)})
	}
	out.Share, out.GapToTarget = Share(out.GreenBalance, out.TotalBalance), Gap(out.GreenBalance, out.TotalBalance, targetBP)
	return out, nil
}

// TargetBP is the active policy's green share target (10% without a policy).
func TargetBP(pol *policy.Policy) int64 {
	if pol != nil {
		return pol.GreenShareTargetBP
	}
	return 1000
}

// HistoryDates are the points of a trend from..to: each day, or each month's last day (and to
// itself). More than maxPoints is refused (false).
func HistoryDates(from, to time.Time, daily bool, maxPoints int) ([]string, bool) {
	var dates []string
	for d := from; !d.After(to) && len(dates) <= maxPoints; {
		if daily {
			dates = append(dates, d.Format(time.DateOnly))
			d = d.AddDate(0, 0, 1)
			continue
		}
		end := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC)
		if end.After(to) {
			end = to
		}
		dates = append(dates, end.Format(time.DateOnly))
		d = end.AddDate(0, 0, 1)
	}
	return dates, len(dates) <= maxPoints
}

// BookStatus is whether the book is declared complete (caps need the whole book), and its
// current balances as the caps see them.
type BookStatus struct {
	Complete    bool         `json:"complete"`
	Declaration *Declaration `json:"declaration"`
	// The current book under the active policy's classification.
	TotalBalance           money.Fen `json:"total_balance"`
	THOSBalance            money.Fen `json:"thos_balance"`
	RealEstateBalance      money.Fen `json:"real_estate_balance"`
	PersonalHousingBalance money.Fen `json:"personal_housing_balance"`
	GreenBalance           money.Fen `json:"green_balance"`
	UnknownKindBalance     money.Fen `json:"unknown_kind_balance"`
	UnknownPurposeBalance  money.Fen `json:"unknown_purpose_balance"`
	// Caps: each volume cap of the active policy against the book as it is now.
	Caps []CapStatus `json:"caps"`
}

// Declaration is an admin's declaration that the book is complete (or its withdrawal), as
// answered.
type Declaration struct {
	Complete   bool      `json:"complete"`
	AsOf       string    `json:"as_of"`
	DeclaredBy string    `json:"declared_by"`
	DeclaredAt time.Time `json:"declared_at"`
	Note       string    `json:"note"`
}

// DeclarationOf is the view of a stored declaration (nil: never declared).
func DeclarationOf(d *storage.BookDeclaration) *Declaration {
	if d == nil {
		return nil
	}
	return &Declaration{Complete: d.Complete, AsOf: d.AsOf, DeclaredBy: d.DeclaredBy, DeclaredAt: d.DeclaredAt.UTC(), Note: d.Note}
}

// CapStatus is one volume cap against the current book (a loan is tested with its added exposure).
type CapStatus struct {
	Cap     string    `json:"cap"`
	Balance money.Fen `json:"balance"`
	// Share is rounded up (ShareUp): a share over the cap never reads as at it.
	Share string `json:"share"`
	Limit string `json:"limit"`
	Over  bool   `json:"over"`
	// OverBy is how much of the balance lies above the cap (0 within it), in yuan rounded up to the fen.
	OverBy money.Fen `json:"over_by"`
}

// Status is the book's declaration with its balances and caps under a policy. The book is the
// screenings' cached one: at most GREENCREDIT_BOOK_TTL old, and what the caps decide on.
func Status(ctx context.Context, store *storage.Store, cache *storage.BookCache, pol *policy.Policy) (*BookStatus, error) {
	if pol == nil {
		return nil, policy.ErrNoPolicy
	}
	d, err := store.BookDeclared(ctx)
	if err != nil {
		return nil, err
	}
	b, err := cache.Book(ctx, pol.Digest, pol.Classify)
	if err != nil {
		return nil, err
	}
	st := &BookStatus{Complete: d != nil && d.Complete, Declaration: DeclarationOf(d),
		TotalBalance: b.TotalFen, THOSBalance: b.THOSFen, RealEstateBalance: b.RealEstateFen,
		PersonalHousingBalance: b.PersonalHousingFen, GreenBalance: b.GreenFen,
		UnknownKindBalance: b.UnknownKindFen, UnknownPurposeBalance: b.UnknownPurposeFen, Caps: []CapStatus{}}
	balances := map[string]money.Fen{"thos": b.THOSFen, "real_estate": b.RealEstateFen, "personal_housing": b.PersonalHousingFen}
	for _, cn := range policy.CapNames {
		bp, ok := pol.CapsBP[cn[0]]
		if !ok {
			continue
		}
		bal := balances[cn[0]]
		st.Caps = append(st.Caps, CapStatus{Cap: cn[0], Balance: bal, Share: ShareUp(bal, b.TotalFen),
			Limit: Fraction(bp), Over: Over(bal, b.TotalFen, bp), OverBy: OverBy(bal, b.TotalFen, bp)})
	}
	return st, nil
}

// Headroom is how much more a category may lend before its share of the book passes the cap:
// the largest x with (balance + x) × 10000 ≤ capBP × (total + x), in fen rounded down (0 when
// the category is at or over its cap).
func Headroom(balance, total money.Fen, capBP int64) money.Fen {
	if capBP >= 10000 {
		return money.MaxBookFen
	}
	n := new(big.Int).Mul(big.NewInt(capBP), big.NewInt(int64(total)))
	n.Sub(n, new(big.Int).Mul(big.NewInt(10000), big.NewInt(int64(balance))))
	if n.Sign() <= 0 {
		return 0
	}
	n.Quo(n, big.NewInt(10000-capBP))
	return money.Fen(n.Int64())
}

// Cap states: within the cap by more than the warning margin, within the margin, over it.
const (
	CapOK      = "ok"
	CapWarning = "warning"
	CapOver    = "over"
)

// CapState is a category's state against its cap: over when its share is above the cap (exactly,
// in integers), warning when it is at or above the cap less marginBP, ok otherwise.
func CapState(balance, total money.Fen, capBP, marginBP int64) string {
	switch {
	case Over(balance, total, capBP):
		return CapOver
	case total > 0 && new(big.Int).Mul(big.NewInt(int64(balance)), big.NewInt(10000)).Cmp(
		new(big.Int).Mul(big.NewInt(max(capBP-marginBP, 0)), big.NewInt(int64(total)))) >= 0:
		return CapWarning
	default:
		return CapOK
	}
}
