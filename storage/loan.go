package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"greencredit/money"
	"greencredit/refusal"
	"slices"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Loan is a booked loan with its current balance: the balance of its latest as_of.
type Loan struct {
	LoanID        string `gorm:"primaryKey;size:64"`
	DecisionID    string `gorm:"size:36;not null;index"`
	CustomerID    string `gorm:"size:64;not null;index"`
	BranchID      string `gorm:"size:32;not null;index"`
	IndustryCode  string `gorm:"size:8;not null"`
	Green         bool   `gorm:"not null"`
	GreenCategory string `gorm:"size:16;not null"`
	LoanAttributes
	// Benefits are the latest report's environmental benefits (zero: none reported).
	Benefits
	BalanceFen money.Fen `gorm:"not null"`
	AsOf       string    `gorm:"size:10;not null"` // YYYY-MM-DD
	// Classification is the loan's five-category class at its latest report (Classifications,
	// or ClassUnclassified): that report's, else the one it carries (EffectiveClasses).
	Classification string `gorm:"size:16;not null;default:'unclassified'"`
	UpdatedAt      time.Time
}

// The five-category classification of loans (五级分类) of the 商业银行金融资产风险分类办法
// (国家金融监督管理总局、中国人民银行令2023年第1号, in force since 2023-07-01): normal (正常),
// special mention (关注), substandard (次级), doubtful (可疑), loss (损失); the last three are
// non-performing. Unclassified is a loan reported without one (every report before issue 29).
const (
	ClassNormal         = "normal"
	ClassSpecialMention = "special_mention"
	ClassSubstandard    = "substandard"
	ClassDoubtful       = "doubtful"
	ClassLoss           = "loss"
	ClassUnclassified   = "unclassified"
)

// Classifications are the classes a report may give, best first.
var Classifications = []string{ClassNormal, ClassSpecialMention, ClassSubstandard, ClassDoubtful, ClassLoss}

// NonPerforming tells whether a class is non-performing (次级、可疑、损失).
func NonPerforming(class string) bool {
	return class == ClassSubstandard || class == ClassDoubtful || class == ClassLoss
}

// LoanAttributes are what the caps need to know of a booked loan (rules version 2), reported
// with it or taken from its decision. "" means unknown (a loan imported without them).
type LoanAttributes struct {
	// GreenCategoryVersion is the catalogue of GreenCategory ("2019" or "2025").
	GreenCategoryVersion string `gorm:"size:8;not null;default:''"`
	// ApplicantKind is the borrower's kind (enterprise, individual_business, farmer_household, individual).
	ApplicantKind string `gorm:"size:24;not null;default:''"`
	// RealEstatePurpose is development, personal_housing, commercial_property or none.
	RealEstatePurpose string `gorm:"size:24;not null;default:''"`
	// QuasiRealEstate: the borrower is quasi real estate (类房地产企业).
	QuasiRealEstate bool `gorm:"not null;default:false"`
	// ApplicantSize is the borrower's size (micro, small, medium, large), for the reports.
	ApplicantSize string `gorm:"size:8;not null;default:''"`
}

// LoanBalance is one dated balance of a loan: the history the green share reads.
type LoanBalance struct {
	LoanID     string    `gorm:"primaryKey;size:64"`
	AsOf       string    `gorm:"primaryKey;size:10"`
	BalanceFen money.Fen `gorm:"not null"`
	// Classification is the five-category class reported with this balance; "" = none was
	// (every report before the field existed, and reports that leave it out): the balance then
	// has the class of the loan's latest report on or before its date that gave one
	// (EffectiveClasses), worked out whenever the history is read, so a class reported late
	// for an earlier date reaches the reports after it that gave none.
	Classification string `gorm:"size:16;not null;default:''"`
	RecordedAt     time.Time
}

// BookTotal is the current balance of the book by branch, industry, green and the attributes
// the caps need (borrower kind, real-estate purpose, quasi real estate): kept up to date in the
// same transaction as every loan change, so a screening reads a few hundred rows instead of
// aggregating the loan table. (Version 1's table of that name, keyed by branch, industry and
// green only, was dropped by migration 2; the totals are rebuilt from the loans when empty.)
type BookTotal struct {
	BranchID          string    `gorm:"primaryKey;size:32"`
	IndustryCode      string    `gorm:"primaryKey;size:8"`
	Green             bool      `gorm:"primaryKey"`
	ApplicantKind     string    `gorm:"primaryKey;size:24"`
	RealEstatePurpose string    `gorm:"primaryKey;size:24"`
	QuasiRealEstate   bool      `gorm:"primaryKey"`
	BalanceFen        money.Fen `gorm:"not null"`
}

// TableName is book_totals (migration 2 renamed rules version 2's book_totals_v2).
func (BookTotal) TableName() string { return "book_totals" }

// LoanRecord is one report from the core system: a booked loan's balance at a date.
type LoanRecord struct {
	LoanID        string
	DecisionID    string
	CustomerID    string
	BranchID      string
	IndustryCode  string
	Green         bool
	GreenCategory string
	LoanAttributes
	Benefits
	BalanceFen money.Fen
	AsOf       string
	// Classification is the report's five-category classification; "" = not reported (the
	// balance has the class of the loan's latest report on or before AsOf that gave one; a
	// report of the same date again without one keeps that date's).
	Classification string
	// Audit, when set, is recorded with the report in its transaction (e.g. a green
	// classification set otherwise than its decision's: who and why).
	Audit *AuditEvent
}

// PutLoan records one balance report. A later as_of replaces the current balance (and the
// loan's attributes); an earlier one is kept as history only; the same date again replaces
// that day's figure.
func (s *Store) PutLoan(ctx context.Context, r LoanRecord) (*Loan, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out map[string]*Loan
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = db.Transaction(func(tx *gorm.DB) error {
			deltas, changes := map[bookKey]money.Fen{}, bookChanges{}
			var err error
			if out, err = s.putLoans(tx, []LoanRecord{r}, deltas, changes); err != nil {
				return err
			}
			if err := s.applyDeltas(tx, deltas); err != nil {
				return err
			}
			return s.applyChanges(tx, changes)
		}, s.readCommitted()...)
		if !deadlocked(err) {
			break
		}
	}
	if err != nil {
		return nil, storeError("record loan "+r.LoanID, err)
	}
	return out[r.LoanID], nil
}

// readCommitted is how the loan book's transactions run on MySQL: READ COMMITTED, so that a loan's
// history read after its row is locked is the latest committed one, not the snapshot of the
// transaction's first read (an import reads decisions before it locks the loans of a chunk; a
// report committed meanwhile would be missed by book_changes), and so that new days' rows of
// book_changes take no gap locks. SQLite serialises its writers and keeps its default.
func (s *Store) readCommitted() []*sql.TxOptions {
	if s.Dialect != "mysql" {
		return nil
	}
	return []*sql.TxOptions{{Isolation: sql.LevelReadCommitted}}
}

// deadlocked tells whether MySQL chose this transaction as a deadlock victim (safe to retry).
func deadlocked(err error) bool {
	var me *mysqldrv.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}

// importChunk is how many reports one set of statements writes.
const importChunk = 1000

// ImportLoans records a whole file of reports in one transaction, a chunk at a time, so
// memory stays bounded however long the file: next yields records until ok=false; an error
// from next rolls everything back. next is given the store bound to the import's transaction,
// for what it must read while it decodes (a line's decision): on SQLite the pool has one
// connection, which the transaction holds. audit, when not nil, gives the import's audit event
// for the number of loans recorded; it is inserted in the same transaction, so the import and its
// audit record commit together or not at all.
func (s *Store) ImportLoans(ctx context.Context, audit func(n int) *AuditEvent, next func(tx *Store) (LoanRecord, bool, error)) (int, error) {
	n := 0
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		txs := &Store{DB: tx, Dialect: s.Dialect, opTimeout: s.opTimeout, balances: s.balances, mysqlCfg: s.mysqlCfg}
		chunk := make([]LoanRecord, 0, importChunk)
		// The book totals change once, at the end: the import holds only its own loans' rows while
		// it reads the file, not the totals every screening and report of the same bucket needs.
		deltas, changes := map[bookKey]money.Fen{}, bookChanges{}
		for {
			r, ok, err := next(txs)
			if err != nil {
				return err
			}
			if ok {
				chunk = append(chunk, r)
			}
			if len(chunk) == importChunk || (!ok && len(chunk) > 0) {
				if _, err := s.putLoans(tx, chunk, deltas, changes); err != nil {
					return storeError("record loans", err)
				}
				n += len(chunk)
				chunk = chunk[:0]
			}
			if !ok {
				if err := s.applyDeltas(tx, deltas); err != nil {
					return storeError("record the book totals", err)
				}
				if err := s.applyChanges(tx, changes); err != nil {
					return storeError("record the book by date", err)
				}
				if audit == nil {
					return nil
				}
				if err := insertAudit(tx, audit(n)); err != nil {
					return unavailable("record the import's audit event", err)
				}
				return nil
			}
		}
	}, s.readCommitted()...)
	return n, err
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

type bookKey struct {
	branch, industry string
	green            bool
	kind, purpose    string
	quasi            bool
}

func bookKeyOf(branch, industry string, green bool, a LoanAttributes) bookKey {
	return bookKey{branch, industry, green, a.ApplicantKind, a.RealEstatePurpose, a.QuasiRealEstate}
}

// balanceHistory is the balance rows a batch of reports writes (the same loan and date again:
// the last report wins) and the loans it names, in first-seen order.
func balanceHistory(rs []LoanRecord, now time.Time) ([]LoanBalance, []string) {
	hist := make([]LoanBalance, 0, len(rs))
	at := map[[2]string]int{}
	ids := make([]string, 0, len(rs))
	seen := map[string]bool{}
	for _, r := range rs {
		k := [2]string{r.LoanID, r.AsOf}
		if i, ok := at[k]; ok {
			hist[i].BalanceFen = r.BalanceFen
			hist[i].Classification = cmp.Or(r.Classification, hist[i].Classification)
		} else {
			at[k] = len(hist)
			hist = append(hist, LoanBalance{LoanID: r.LoanID, AsOf: r.AsOf, BalanceFen: r.BalanceFen, Classification: r.Classification, RecordedAt: now})
		}
		if !seen[r.LoanID] {
			seen[r.LoanID] = true
			ids = append(ids, r.LoanID)
		}
	}
	return hist, ids
}

// EffectiveClasses is a loan's history (in date order) with each balance's class as it counts:
// the class reported with it, else the latest one reported before it, else unclassified.
func EffectiveClasses(history []LoanBalance) []LoanBalance {
	out := slices.Clone(history)
	class := ClassUnclassified
	for i := range out {
		if out[i].Classification != "" {
			class = out[i].Classification
		}
		out[i].Classification = class
	}
	return out
}

// putLoans writes a chunk of reports, in order, with a fixed number of statements: the
// dated history, the loans whose current balance changes, the book totals' deltas and the
// changes of the book by date (book_changes).
func (s *Store) putLoans(tx *gorm.DB, rs []LoanRecord, deltas map[bookKey]money.Fen, changes bookChanges) (map[string]*Loan, error) {
	for _, r := range rs {
		if err := insertAudit(tx, r.Audit); err != nil {
			return nil, err
		}
	}
	now := time.Now().UTC()
	hist, ids := balanceHistory(rs, now)
	// Make sure every loan has a row (a zero placeholder for a new one), in key order, so the
	// locking read below always locks a row: two first reports of one loan then queue up
	// instead of both inserting it (or deadlocking on gap locks).
	slices.Sort(ids)
	placeholders := make([]Loan, len(ids))
	for i, id := range ids {
		placeholders[i] = Loan{LoanID: id, UpdatedAt: now}
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(placeholders, 500).Error; err != nil {
		return nil, err
	}
	var existing []Loan
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("loan_id IN ?", ids).Order("loan_id").Find(&existing).Error; err != nil {
		return nil, err
	}
	state := make(map[string]*Loan, len(ids))
	for i := range existing {
		state[existing[i].LoanID] = &existing[i]
	}
	// The loans' histories before this batch (theirs are locked now), then the batch's.
	var before []LoanBalance
	if err := tx.Where("loan_id IN ?", ids).Order("loan_id, as_of").Find(&before).Error; err != nil {
		return nil, err
	}
	byLoan := map[string][]LoanBalance{}
	for _, h := range before {
		byLoan[h.LoanID] = append(byLoan[h.LoanID], h)
	}
	// The same date again replaces its balance; its class too, unless the report gives none.
	set := map[string]any{"balance_fen": gorm.Expr("excluded.balance_fen"), "recorded_at": gorm.Expr("excluded.recorded_at"),
		"classification": gorm.Expr("CASE WHEN excluded.classification = '' THEN loan_balances.classification ELSE excluded.classification END")}
	if s.Dialect == "mysql" {
		set = map[string]any{"balance_fen": gorm.Expr("VALUES(balance_fen)"), "recorded_at": gorm.Expr("VALUES(recorded_at)"),
			"classification": gorm.Expr("IF(VALUES(classification) = '', classification, VALUES(classification))")}
	}
	if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "loan_id"}, {Name: "as_of"}}, DoUpdates: clause.Assignments(set)}).
		CreateInBatches(hist, 500).Error; err != nil {
		return nil, err
	}
	beforeBucket := make(map[string]*BookBucket, len(ids))
	beforeBenefits := make(map[string][7]int64, len(ids))
	for id, l := range state {
		if l.AsOf != "" { // not a placeholder: the loan was booked before
			b := bucketOf(l)
			beforeBucket[id], beforeBenefits[id] = &b, l.Attributed()
		}
	}
	changed := map[string]bool{}
	for _, r := range rs {
		if c := state[r.LoanID]; c != nil {
			if r.AsOf < c.AsOf {
				continue // an earlier date: history only
			}
			if err := addDelta(deltas, bookKeyOf(c.BranchID, c.IndustryCode, c.Green, c.LoanAttributes), -c.BalanceFen); err != nil {
				return nil, err
			}
		}
		state[r.LoanID] = &Loan{LoanID: r.LoanID, DecisionID: r.DecisionID, CustomerID: r.CustomerID, BranchID: r.BranchID,
			IndustryCode: r.IndustryCode, Green: r.Green, GreenCategory: r.GreenCategory, LoanAttributes: r.LoanAttributes,
			Benefits: r.Benefits, BalanceFen: r.BalanceFen, AsOf: r.AsOf, UpdatedAt: now}
		if err := addDelta(deltas, bookKeyOf(r.BranchID, r.IndustryCode, r.Green, r.LoanAttributes), r.BalanceFen); err != nil {
			return nil, err
		}
		changed[r.LoanID] = true
	}
	// book_changes: each loan's steps as they were (under its bucket then) out, as they are now in.
	batch := map[string][]LoanBalance{}
	for _, h := range hist {
		batch[h.LoanID] = append(batch[h.LoanID], h)
	}
	for _, id := range ids {
		if b := beforeBucket[id]; b != nil {
			if err := changes.add(*b, beforeBenefits[id], EffectiveClasses(byLoan[id]), -1); err != nil {
				return nil, err
			}
		}
		counted := EffectiveClasses(merged(byLoan[id], batch[id]))
		// The loan's class is its latest report's as it counts: a class reported late for an
		// earlier date changes it when the reports after gave none.
		if c := counted[len(counted)-1].Classification; c != state[id].Classification {
			state[id].Classification = c
			changed[id] = true
		}
		if err := changes.add(bucketOf(state[id]), state[id].Attributed(), counted, 1); err != nil {
			return nil, err
		}
	}
	loans := make([]*Loan, 0, len(changed))
	for _, id := range ids {
		if changed[id] {
			loans = append(loans, state[id])
		}
	}
	if len(loans) > 0 {
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "loan_id"}}, UpdateAll: true}).
			CreateInBatches(loans, 500).Error; err != nil {
			return nil, err
		}
	}
	return state, nil
}

// applyDeltas adds the changes of the book totals, in key order (so concurrent changes take the
// totals' row locks in the same order), and keeps the book below MaxBookFen.
func (s *Store) applyDeltas(tx *gorm.DB, deltas map[bookKey]money.Fen) error {
	// What all the buckets add together is bounded too (each one is): the book's sum below then
	// cannot overflow, however many buckets an import touches.
	var added money.Fen
	for _, d := range deltas {
		var ok bool
		if added, ok = money.AddFen(added, d); !ok || added > money.MaxBookFen || added < -money.MaxBookFen {
			return ErrBookLimit
		}
	}
	totals := make([]BookTotal, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			totals = append(totals, BookTotal{BranchID: k.branch, IndustryCode: k.industry, Green: k.green,
				ApplicantKind: k.kind, RealEstatePurpose: k.purpose, QuasiRealEstate: k.quasi, BalanceFen: d})
		}
	}
	// In key order, so concurrent changes take the totals' row locks in the same order.
	slices.SortFunc(totals, func(a, b BookTotal) int {
		return cmp.Or(cmp.Compare(a.BranchID, b.BranchID), cmp.Compare(a.IndustryCode, b.IndustryCode), boolCmp(a.Green, b.Green),
			cmp.Compare(a.ApplicantKind, b.ApplicantKind), cmp.Compare(a.RealEstatePurpose, b.RealEstatePurpose),
			boolCmp(a.QuasiRealEstate, b.QuasiRealEstate))
	})
	if len(totals) > 0 {
		add := gorm.Expr("book_totals.balance_fen + excluded.balance_fen")
		if s.Dialect == "mysql" {
			add = gorm.Expr("balance_fen + VALUES(balance_fen)")
		}
		if err := tx.Clauses(clause.OnConflict{
			Columns: []clause.Column{{Name: "branch_id"}, {Name: "industry_code"}, {Name: "green"},
				{Name: "applicant_kind"}, {Name: "real_estate_purpose"}, {Name: "quasi_real_estate"}},
			DoUpdates: clause.Assignments(map[string]any{"balance_fen": add}),
		}).Create(&totals).Error; err != nil {
			return err
		}
		// The book stays below MaxBookFen, so that every sum of it is exact (the book before was
		// below it and the change is too, so this sum cannot overflow).
		var total int64
		if err := tx.Model(&BookTotal{}).Select("COALESCE(SUM(balance_fen), 0)").Scan(&total).Error; err != nil {
			return err
		}
		if total > int64(money.MaxBookFen) || total < 0 {
			return ErrBookLimit
		}
	}
	return nil
}

// addDelta accumulates one change of a bucket of the book, refusing what no book may hold.
func addDelta(deltas map[bookKey]money.Fen, k bookKey, d money.Fen) error {
	sum, ok := money.AddFen(deltas[k], d)
	if !ok || sum > money.MaxBookFen || sum < -money.MaxBookFen {
		return ErrBookLimit
	}
	deltas[k] = sum
	return nil
}

// CustomerBalance is the customer's current balance in the book. Concurrent lookups are
// answered together by one indexed query (see balances.go).
func (s *Store) CustomerBalance(ctx context.Context, customerID string) (money.Fen, error) {
	return s.balances.get(ctx, customerID)
}

// BookTotals reads the current book by branch, industry and green.
func (s *Store) BookTotals(ctx context.Context) ([]BookTotal, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []BookTotal
	if err := db.Where("balance_fen <> 0").Find(&out).Error; err != nil {
		return nil, unavailable("book totals", err)
	}
	return out, nil
}

// BranchBalance is one branch's balances at a date.
type BranchBalance struct {
	BranchID string
	GreenFen money.Fen
	TotalFen money.Fen
}

// BalancesAt sums, by branch, each loan's balance at its latest as_of on or before the date
// (green by the loan's classification), from book_changes (BookAt): no loan's history is read.
// branch "" = every branch.
func (s *Store) BalancesAt(ctx context.Context, asOf, branch string) ([]BranchBalance, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	q := db.Model(&BookChange{}).
		Select("branch_id, COALESCE(SUM(CASE WHEN green THEN balance_fen ELSE 0 END), 0) AS green_fen, "+
			"COALESCE(SUM(balance_fen), 0) AS total_fen").
		Where("day <= ?", asOf)
	if branch != "" {
		q = q.Where("branch_id = ?", branch)
	}
	var out []BranchBalance
	if err := q.Group("branch_id").Having("SUM(balance_fen) <> 0 OR SUM(loans) <> 0").Order("branch_id").Scan(&out).Error; err != nil {
		return nil, unavailable("balances at "+asOf, err)
	}
	return out, nil
}

// BookedDecision is a current loan with the decision it was booked on.
type BookedDecision struct {
	Loan     Loan
	Decision *Decision // nil when the loan names a decision the log does not hold
}

// LoansWithDecisions reads, in loan_id order after afterLoanID, up to limit current loans
// (balance not zero) booked on a decision, each with its decision: two indexed reads a page.
func (s *Store) LoansWithDecisions(ctx context.Context, afterLoanID string, limit int) ([]BookedDecision, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	var loans []Loan
	if err := s.DB.WithContext(ctx).Where("loan_id > ? AND decision_id <> '' AND balance_fen <> 0", afterLoanID).
		Order("loan_id").Limit(limit).Find(&loans).Error; err != nil {
		return nil, unavailable("booked loans", err)
	}
	ids := make([]string, 0, len(loans))
	for _, l := range loans {
		ids = append(ids, l.DecisionID)
	}
	decs, err := s.GetDecisions(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Decision, len(decs))
	for i := range decs {
		byID[decs[i].DecisionID] = &decs[i]
	}
	out := make([]BookedDecision, len(loans))
	for i, l := range loans {
		out[i] = BookedDecision{Loan: l, Decision: byID[l.DecisionID]}
	}
	return out, nil
}

// CountLoansWithoutDecision counts current loans booked without a decision (imported from
// before the service): their green flag cannot be re-derived.
func (s *Store) CountLoansWithoutDecision(ctx context.Context) (int64, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var n int64
	if err := db.Model(&Loan{}).Where("decision_id = '' AND balance_fen <> 0").Count(&n).Error; err != nil {
		return 0, unavailable("count loans", err)
	}
	return n, nil
}

// CurrentLoans reads, in loan_id order after afterLoanID, up to limit current loans (balance not zero).
func (s *Store) CurrentLoans(ctx context.Context, afterLoanID string, limit int) ([]Loan, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var loans []Loan
	if err := db.Where("loan_id > ? AND balance_fen <> 0", afterLoanID).
		Order("loan_id").Limit(limit).Find(&loans).Error; err != nil {
		return nil, unavailable("current loans", err)
	}
	return loans, nil
}

// GetDecisions reads decisions by decision_id (those the log holds).
func (s *Store) GetDecisions(ctx context.Context, ids []string) ([]Decision, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	db, cancel := s.op(ctx)
	defer cancel()
	var out []Decision
	if err := db.Where("decision_id IN ?", ids).Find(&out).Error; err != nil {
		return nil, unavailable("read decisions", err)
	}
	return out, nil
}

// ErrBookLimit: the report would take the loan book's total above money.MaxBookFen.
var ErrBookLimit = refusal.NewConflict("book_limit", "the report would take the loan book above 1000000000000000 yuan; nothing was recorded")
