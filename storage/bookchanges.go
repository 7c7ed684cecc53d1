package storage

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"greencredit/money"
)

// BookChange is one row of book_changes: a day's change, in one bucket of the reports, of the
// balance and of the number of loans with a balance. The book at a date is the sum of the changes
// up to it (BookAt). Kept in the transaction of every loan report (putLoans); a loan's history
// counts under its current attributes (migration 5).
type BookChange struct {
	Day string `gorm:"primaryKey;size:10"`
	BookBucket
	BalanceFen money.Fen `gorm:"not null"`
	Loans      int64     `gorm:"not null"`
	// Benefits: the change of the environmental benefits of the loans with a balance, each
	// attributed by its financing share.
	Benefits BenefitFigures `gorm:"embedded"`
}

// BookBucket is what the reports break the book down by.
type BookBucket struct {
	BranchID      string `gorm:"primaryKey;size:32"`
	IndustryCode  string `gorm:"primaryKey;size:8"`
	Green         bool   `gorm:"primaryKey"`
	GreenCategory string `gorm:"primaryKey;size:16"`
	// GreenCategoryVersion, ApplicantKind, RealEstatePurpose and QuasiRealEstate as on the loan
	// ("" where it was booked without them).
	GreenCategoryVersion string `gorm:"primaryKey;size:8"`
	ApplicantKind        string `gorm:"primaryKey;size:24"`
	RealEstatePurpose    string `gorm:"primaryKey;size:24"`
	QuasiRealEstate      bool   `gorm:"primaryKey"`
	ApplicantSize        string `gorm:"primaryKey;size:8"`
	// Classification is the five-category class of the loans' balances at that date: unlike
	// the attributes above, a loan's history counts under the class of each of its reports.
	Classification string `gorm:"primaryKey;size:16"`
}

func bucketOf(l *Loan) BookBucket {
	return BookBucket{BranchID: l.BranchID, IndustryCode: l.IndustryCode, Green: l.Green, GreenCategory: l.GreenCategory,
		GreenCategoryVersion: l.GreenCategoryVersion, ApplicantKind: l.ApplicantKind,
		RealEstatePurpose: l.RealEstatePurpose, QuasiRealEstate: l.QuasiRealEstate, ApplicantSize: l.ApplicantSize}
}

type changeKey struct {
	day    string
	bucket BookBucket
}

type bookChanges map[changeKey]*BookChange

// add adds sign × a loan's steps to the book by date: at each dated balance, the balance before
// it leaves the bucket of its class and the new one enters the bucket of its own (the attributes
// b has, the class of each report); the loan counts, and its attributed benefits with it, in the
// bucket where its balance is not zero.
func (c bookChanges) add(b BookBucket, benefits [7]int64, history []LoanBalance, sign int64) error {
	for i, h := range history {
		if i > 0 {
			if err := c.step(h.AsOf, b, history[i-1], -sign, benefits); err != nil {
				return err
			}
		}
		if err := c.step(h.AsOf, b, h, sign, benefits); err != nil {
			return err
		}
	}
	return nil
}

// step adds sign × one dated balance (and, when it is not zero, one loan and its benefits) to
// day's change of b under the balance's class.
func (c bookChanges) step(day string, b BookBucket, h LoanBalance, sign int64, benefits [7]int64) error {
	b.Classification = cmp.Or(h.Classification, ClassUnclassified)
	k := changeKey{day, b}
	ch := c[k]
	if ch == nil {
		ch = &BookChange{Day: day, BookBucket: b}
		c[k] = ch
	}
	var ok bool
	if ch.BalanceFen, ok = money.AddFen(ch.BalanceFen, money.Fen(sign)*h.BalanceFen); !ok {
		return ErrBookLimit
	}
	if h.BalanceFen != 0 {
		ch.Loans += sign
		ch.Benefits.addScaled(benefits, sign)
	}
	return nil
}

// merged is a loan's history with a batch's dated balances put in (the same date replaced, its
// class kept when the new report gives none).
func merged(history []LoanBalance, batch []LoanBalance) []LoanBalance {
	out := slices.Clone(history)
	for _, b := range batch {
		if i, found := slices.BinarySearchFunc(out, b.AsOf, func(h LoanBalance, day string) int { return cmp.Compare(h.AsOf, day) }); found {
			out[i].BalanceFen, out[i].Classification = b.BalanceFen, cmp.Or(b.Classification, out[i].Classification)
		} else {
			out = slices.Insert(out, i, b)
		}
	}
	return out
}

// applyChanges adds the changes to book_changes, in key order (so concurrent reports take the
// rows' locks in the same order).
func (s *Store) applyChanges(tx *gorm.DB, c bookChanges) error {
	rows := make([]*BookChange, 0, len(c))
	for _, ch := range c {
		if ch.BalanceFen != 0 || ch.Loans != 0 || ch.Benefits != (BenefitFigures{}) {
			rows = append(rows, ch)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	slices.SortFunc(rows, func(a, b *BookChange) int {
		return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.BranchID, b.BranchID), cmp.Compare(a.IndustryCode, b.IndustryCode),
			boolCmp(a.Green, b.Green), cmp.Compare(a.GreenCategory, b.GreenCategory), cmp.Compare(a.GreenCategoryVersion, b.GreenCategoryVersion),
			cmp.Compare(a.ApplicantKind, b.ApplicantKind), cmp.Compare(a.RealEstatePurpose, b.RealEstatePurpose),
			boolCmp(a.QuasiRealEstate, b.QuasiRealEstate), cmp.Compare(a.ApplicantSize, b.ApplicantSize),
			cmp.Compare(a.Classification, b.Classification))
	})
	sums := map[string]any{}
	for _, col := range append([]string{"balance_fen", "loans"}, benefitColumns...) {
		sums[col] = gorm.Expr("book_changes." + col + " + excluded." + col)
		if s.Dialect == "mysql" {
			sums[col] = gorm.Expr(col + " + VALUES(" + col + ")")
		}
	}
	cols := []clause.Column{{Name: "day"}, {Name: "branch_id"}, {Name: "industry_code"}, {Name: "green"}, {Name: "green_category"},
		{Name: "green_category_version"}, {Name: "applicant_kind"}, {Name: "real_estate_purpose"}, {Name: "quasi_real_estate"},
		{Name: "applicant_size"}, {Name: "classification"}}
	return tx.Clauses(clause.OnConflict{Columns: cols, DoUpdates: clause.Assignments(sums)}).
		CreateInBatches(rows, 500).Error
}

// BookCell is the book in one bucket at a date: its balance, its loans with a balance and their
// environmental benefits (attributed by their financing shares).
type BookCell struct {
	BookBucket
	BalanceFen money.Fen
	Loans      int64
	Benefits   BenefitFigures `gorm:"embedded"`
}

// benefitColumns are book_changes' (and loans') columns of the benefit figures.
var benefitColumns = []string{"coal_saved_kg", "co2e_reduced_kg", "cod_reduced_kg", "ammonia_nitrogen_reduced_kg", "so2_reduced_kg",
	"nox_reduced_kg", "water_saved_kg"}

// BookAt is the book at the end of a day (YYYY-MM-DD), by bucket: each loan's balance at its
// latest report on or before the day, summed from book_changes (no loan's history is read).
// Buckets with neither balance nor loans are left out.
func (s *Store) BookAt(ctx context.Context, day string) ([]BookCell, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []BookCell
	err := db.Model(&BookChange{}).
		Select("branch_id, industry_code, green, green_category, green_category_version, applicant_kind, real_estate_purpose, quasi_real_estate, applicant_size, classification, "+
			"SUM(balance_fen) AS balance_fen, SUM(loans) AS loans, "+benefitSums).
		Where("day <= ?", day).
		Group("branch_id, industry_code, green, green_category, green_category_version, applicant_kind, real_estate_purpose, quasi_real_estate, applicant_size, classification").
		Having("SUM(balance_fen) <> 0 OR SUM(loans) <> 0").
		Order("branch_id, industry_code, green, green_category, green_category_version, applicant_kind, real_estate_purpose, quasi_real_estate, applicant_size, classification").
		Scan(&out).Error
	return out, unavailable("read the book at "+day, err)
}

// benefitSums sums each benefit column under its own name.
var benefitSums = func() string {
	var b strings.Builder
	for i, c := range benefitColumns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("SUM(" + c + ") AS " + c)
	}
	return b.String()
}()
