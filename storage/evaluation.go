package storage

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"greencredit/money"
)

// What the central bank's quarterly green-finance evaluation reads (issue 29): the book by month
// with its loan quality, the region's green-loan totals an admin enters, and a quarter's
// decisions, revisions and overrides for the qualitative checklist.

// RegionalGreenTotal is the green-loan total of all banks of the region at a quarter end, as an
// admin enters it from the central bank's figures. Rows are only inserted; the latest row of a
// quarter is in force.
type RegionalGreenTotal struct {
	ID       uint64    `gorm:"primaryKey;autoIncrement"`
	Quarter  string    `gorm:"size:6;not null;index:idx_regional_green_totals_quarter,priority:1"` // "2026Q3"
	TotalFen money.Fen `gorm:"not null"`
	Source   string    `gorm:"size:500;not null"` // the document the figure is from
	SetBy    string    `gorm:"size:64;not null"`
	SetAt    time.Time `gorm:"precision:6;not null"`
}

// SetRegionalTotal records a quarter's regional total with its audit event, in one transaction.
func (s *Store) SetRegionalTotal(ctx context.Context, t *RegionalGreenTotal, audit *AuditEvent) error {
	db, cancel := s.op(ctx)
	defer cancel()
	return unavailable("set the regional green-loan total", db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		return insertAudit(tx, audit)
	}))
}

// RegionalTotals are the totals in force for the quarters (those entered), by quarter.
func (s *Store) RegionalTotals(ctx context.Context, quarters []string) (map[string]RegionalGreenTotal, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var rows []RegionalGreenTotal
	if err := db.Where("quarter IN ?", quarters).Order("id").Find(&rows).Error; err != nil {
		return nil, unavailable("regional green-loan totals", err)
	}
	out := make(map[string]RegionalGreenTotal, len(rows))
	for _, r := range rows {
		out[r.Quarter] = r // the latest wins
	}
	return out, nil
}

// MonthCell is one month's change of the book in one branch, green or not, and one class.
type MonthCell struct {
	Month          string // "2026-09"
	BranchID       string
	Green          bool
	Classification string
	BalanceFen     money.Fen
	Loans          int64
}

// BookByMonth sums book_changes up to a day by month, branch, green and class: the book at the
// end of any month up to it is the sum of its months so far, so a series of quarter ends is one
// query, not one a date.
func (s *Store) BookByMonth(ctx context.Context, lastDay string) ([]MonthCell, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []MonthCell
	err := db.Model(&BookChange{}).
		Select("SUBSTR(day, 1, 7) AS month, branch_id, green, classification, SUM(balance_fen) AS balance_fen, SUM(loans) AS loans").
		Where("day <= ?", lastDay).
		Group("SUBSTR(day, 1, 7), branch_id, green, classification").
		Order("month, branch_id, green, classification").
		Scan(&out).Error
	return out, unavailable("read the book by month", err)
}

// UnreadableReasons is the code a decision whose recorded reasons do not read is counted under.
const UnreadableReasons = "?"

// ReasonCount is how many decisions of a quarter had an outcome with a reason among their reasons.
type ReasonCount struct {
	Code, Outcome string
	Decisions     int64
}

// DecisionsByReason counts the decisions made in [from, to) by outcome and reason code (a decision
// with several reasons counts under each; one without any under code ""). Records written before
// reason_codes existed are read for their reasons; one whose reasons do not read (an edited
// record, which verification reports) is counted under code "?" rather than failing the count.
func (s *Store) DecisionsByReason(ctx context.Context, from, to time.Time) ([]ReasonCount, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var groups []struct {
		ReasonCodes, Outcome string
		N                    int64
	}
	err := db.Model(&Decision{}).Select("reason_codes, outcome, COUNT(*) AS n").
		Where("decided_at >= ? AND decided_at < ? AND NOT (reason_codes = '' AND record_format = ?)", from.UTC(), to.UTC(), FormatText).
		Group("reason_codes, outcome").Scan(&groups).Error
	if err != nil {
		return nil, unavailable("count decisions by reason", err)
	}
	counts := map[[2]string]int64{}
	add := func(codes []string, outcome string, n int64) {
		if len(codes) == 0 {
			codes = []string{""}
		}
		for _, c := range codes {
			counts[[2]string{c, outcome}] += n
		}
	}
	for _, g := range groups {
		add(strings.Fields(g.ReasonCodes), g.Outcome, g.N)
	}
	// Text records of earlier releases: their reasons, a page at a time.
	var after uint64
	for {
		var page []struct {
			ID      uint64
			Outcome string
			Reasons string
		}
		err := db.Model(&Decision{}).Select("id, outcome, reasons").
			Where("id > ? AND decided_at >= ? AND decided_at < ? AND reason_codes = '' AND record_format = ?", after, from.UTC(), to.UTC(), FormatText).
			Order("id").Limit(1000).Scan(&page).Error
		if err != nil {
			return nil, unavailable("count decisions by reason", err)
		}
		for _, d := range page {
			var reasons []struct{ Code string }
			if json.Unmarshal([]byte(d.Reasons), &reasons) != nil {
				add([]string{UnreadableReasons}, d.Outcome, 1)
				continue
			}
			codes := make([]string, len(reasons))
			for i, r := range reasons {
				codes[i] = r.Code
			}
			add(codes, d.Outcome, 1)
		}
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].ID
	}
	out := make([]ReasonCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, ReasonCount{Code: k[0], Outcome: k[1], Decisions: n})
	}
	return out, nil
}

// RevisionUse is a policy revision that decided screenings in a quarter, with who uploaded and
// approved it.
type RevisionUse struct {
	Revision, Digest string
	Decisions        int64
	First, Last      time.Time
	UploadedBy       string
	ApprovedBy       string
	ApprovedAt       *time.Time
	NotStored        bool // the log names a digest the revision table does not hold
}

// RevisionsUsed lists the revisions that decided the screenings of [from, to), first used first.
func (s *Store) RevisionsUsed(ctx context.Context, from, to time.Time) ([]RevisionUse, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	// The first and last decision by log position (SQLite answers MIN of a time as text), then
	// their times.
	var groups []struct {
		Revision, Digest string
		Decisions        int64
		FirstID, LastID  uint64
	}
	err := db.Model(&Decision{}).
		Select("policy_revision AS revision, policy_digest AS digest, COUNT(*) AS decisions, MIN(id) AS first_id, MAX(id) AS last_id").
		Where("decided_at >= ? AND decided_at < ?", from.UTC(), to.UTC()).
		Group("policy_revision, policy_digest").Scan(&groups).Error
	if err != nil {
		return nil, unavailable("revisions of the quarter", err)
	}
	ids := make([]uint64, 0, 2*len(groups))
	for _, g := range groups {
		ids = append(ids, g.FirstID, g.LastID)
	}
	var times []Decision
	if len(ids) > 0 {
		if err := db.Select("id", "decided_at").Where("id IN ?", ids).Find(&times).Error; err != nil {
			return nil, unavailable("revisions of the quarter", err)
		}
	}
	at := make(map[uint64]time.Time, len(times))
	for _, d := range times {
		at[d.ID] = d.DecidedAt.UTC()
	}
	uses := make([]RevisionUse, len(groups))
	digests := make([]string, len(groups))
	for i, g := range groups {
		uses[i] = RevisionUse{Revision: g.Revision, Digest: g.Digest, Decisions: g.Decisions, First: at[g.FirstID], Last: at[g.LastID]}
		digests[i] = g.Digest
	}
	slices.SortFunc(uses, func(a, b RevisionUse) int { return a.First.Compare(b.First) })
	var revs []PolicyRevision
	if len(digests) > 0 {
		if err := db.Select("digest", "uploaded_by", "approved_by", "approved_at").Where("digest IN ?", digests).Find(&revs).Error; err != nil {
			return nil, unavailable("revisions of the quarter", err)
		}
	}
	byDigest := make(map[string]PolicyRevision, len(revs))
	for _, r := range revs {
		byDigest[r.Digest] = r
	}
	for i := range uses {
		u := &uses[i]
		r, ok := byDigest[u.Digest]
		u.NotStored = !ok
		u.UploadedBy, u.ApprovedBy, u.ApprovedAt = r.UploadedBy, r.ApprovedBy, r.ApprovedAt
	}
	return uses, nil
}

// ReviewCount is how many reviews of [from, to) took an action under an exception code ("" for
// none): the reviews by action, and the overrides — proposed (approve), confirmed and rejected by a
// second reviewer — by code.
type ReviewCount struct {
	ExceptionCode, Action string
	Reviews               int64
}

// ReviewsByAction counts the quarter's reviews by exception code and action, in one pass.
func (s *Store) ReviewsByAction(ctx context.Context, from, to time.Time) ([]ReviewCount, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []ReviewCount
	err := db.Model(&Review{}).Select("exception_code, action, COUNT(*) AS reviews").
		Where("reviewed_at >= ? AND reviewed_at < ?", from.UTC(), to.UTC()).
		Group("exception_code, action").Order("exception_code, action").Scan(&out).Error
	return out, unavailable("reviews of the quarter", err)
}
