package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"greencredit/money"
)

// CompressionPlan is the reduction path an admin sets for the solar/PV/wind book (有压): its
// baseline date and dated targets, each a largest share of the baseline balance. Rows are only
// inserted; the latest one is in force.
type CompressionPlan struct {
	ID           uint64 `gorm:"primaryKey;autoIncrement"`
	BaselineAsOf string `gorm:"size:10;not null"`
	// Targets is JSON: [{"by": "2026-06-30", "max_share_of_baseline": "0.9000"}, ...], dates rising.
	Targets string    `gorm:"type:text;not null"`
	SetBy   string    `gorm:"size:64;not null"`
	SetAt   time.Time `gorm:"precision:6;not null"`
	Note    string    `gorm:"size:500;not null"`
}

// SetCompressionPlan records a plan together with its audit event, in one transaction.
func (s *Store) SetCompressionPlan(ctx context.Context, p *CompressionPlan, audit *AuditEvent) error {
	db, cancel := s.op(ctx)
	defer cancel()
	return unavailable("set the compression plan", db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		return tx.Create(audit).Error
	}))
}

// LatestCompressionPlan is the plan in force (nil when none was ever set).
func (s *Store) LatestCompressionPlan(ctx context.Context) (*CompressionPlan, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []CompressionPlan
	if err := db.Order("id DESC").Limit(1).Find(&out).Error; err != nil {
		return nil, unavailable("read the compression plan", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return &out[0], nil
}

// BookIndustryCodes are the industry codes the book by date has ever held.
func (s *Store) BookIndustryCodes(ctx context.Context) ([]string, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []string
	err := db.Model(&BookChange{}).Distinct("industry_code").Order("industry_code").Pluck("industry_code", &out).Error
	return out, unavailable("read the book's industry codes", err)
}

// CustomerBalance is a customer's balance in some loans at a date.
type CustomerBalance struct {
	CustomerID string
	BalanceFen money.Fen
}

// CustomerBalancesAt sums, by customer, the balance at day of the loans of these industry codes
// (each loan's latest report on or before day), through the loans' industry-code index: only
// those loans and their histories are read.
func (s *Store) CustomerBalancesAt(ctx context.Context, codes []string, day string) ([]CustomerBalance, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	db, cancel := s.op(ctx)
	defer cancel()
	// Each loan's customer and latest date on or before day, found once per loan from the
	// (industry_code, customer_id) index and the histories' primary key — no loan's row is read —
	// then that date's balance.
	latest := db.Table("loans AS l1").Select("l1.customer_id, b1.loan_id, MAX(b1.as_of) AS as_of").
		Joins("JOIN loan_balances AS b1 ON b1.loan_id = l1.loan_id").
		Where("l1.industry_code IN ? AND b1.as_of <= ?", codes, day).Group("l1.customer_id, b1.loan_id")
	var out []CustomerBalance
	err := db.Table("(?) AS m", latest).
		Select("m.customer_id AS customer_id, SUM(b.balance_fen) AS balance_fen").
		Joins("JOIN loan_balances AS b ON b.loan_id = m.loan_id AND b.as_of = m.as_of").
		Group("m.customer_id").Order("m.customer_id").Scan(&out).Error
	return out, unavailable("customers' balances at "+day, err)
}

// LoanAt is a loan with its balance at a date.
type LoanAt struct {
	LoanID               string
	CustomerID           string
	BranchID             string
	IndustryCode         string
	GreenCategory        string
	GreenCategoryVersion string
	ApplicantKind        string
	BalanceFen           money.Fen
}

// GreenLoanFilter selects green loans for a drill-down: of a catalogue version (2019 including
// the categories booked without a version, as the statistics view counts them), under a
// category (the code itself or below it; Uncategorised: without one), of a borrower kind ("":
// any; Unknown: reported without it), of an industry prefix (a GB/T division).
type GreenLoanFilter struct {
	Version, Category string
	Uncategorised     bool
	Kind              string
	UnknownKind       bool
	IndustryPrefix    string
}

// GreenLoansAt lists, in loan_id order after afterLoanID, up to limit green loans with a balance
// at day (each loan's latest report on or before it) that the filter selects: the loans under a
// figure of the statistics view.
func (s *Store) GreenLoansAt(ctx context.Context, f GreenLoanFilter, day, afterLoanID string, limit int) ([]LoanAt, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	q := db.Table("loans AS l").
		Select("l.loan_id, l.customer_id, l.branch_id, l.industry_code, l.green_category, l.green_category_version, l.applicant_kind, b.balance_fen").
		Joins("JOIN loan_balances AS b ON b.loan_id = l.loan_id").
		Where("l.green AND l.loan_id > ?", afterLoanID).
		Where("b.as_of = (SELECT MAX(b2.as_of) FROM loan_balances AS b2 WHERE b2.loan_id = l.loan_id AND b2.as_of <= ?)", day).
		Where("b.balance_fen <> 0")
	switch {
	case f.Uncategorised:
		q = q.Where("l.green_category = ''")
	case f.Category != "":
		// Catalogue codes are digits and dots, validated at the edge: no LIKE wildcard can occur.
		q = q.Where("l.green_category_version IN ? AND (l.green_category = ? OR l.green_category LIKE ?)", versions(f.Version), f.Category, f.Category+".%")
	case f.Version != "":
		q = q.Where("l.green_category_version IN ? AND l.green_category <> ''", versions(f.Version))
	}
	if f.UnknownKind {
		q = q.Where("l.applicant_kind = ''")
	} else if f.Kind != "" {
		q = q.Where("l.applicant_kind = ?", f.Kind)
	}
	if f.IndustryPrefix != "" {
		q = q.Where("l.industry_code LIKE ?", f.IndustryPrefix+"%")
	}
	var out []LoanAt
	err := q.Order("l.loan_id").Limit(limit).Scan(&out).Error
	return out, unavailable("green loans at "+day, err)
}

// versions are the stored versions a catalogue version stands for: a category booked without a
// version (before the service) is read as 2019.
func versions(v string) []string {
	if v == "2019" {
		return []string{"2019", ""}
	}
	return []string{v}
}
