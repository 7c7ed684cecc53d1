package storage

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// DecisionFilter selects decisions from the log. Zero fields do not filter.
type DecisionFilter struct {
	From, To       time.Time // decided_at in [From, To)
	Outcome        string
	Stance         string
	Green          *bool
	BranchID       string
	IndustryPrefix string // "C30" matches C3011
	CustomerID     string
	ApplicationID  string
	PolicyRevision string
	RequestedBy    string // officers see only their own
	NameHash       string
	IDHash         string
	// FinalOutcome is the outcome in force (the last confirmed review's, else the automated);
	// ReviewState is open, pending_second_approval, closed or none; ReviewedBy is a reviewer of it.
	FinalOutcome string
	ReviewState  string
	ReviewedBy   string
	// SettledBefore hides decisions newer than this instant: they may still have
	// neighbours committing, so paging past them could skip one (see README).
	SettledBefore time.Time
}

// Cursor is a position in the log's order (decided_at, id).
type Cursor struct {
	DecidedAt time.Time
	ID        uint64
}

func (f *DecisionFilter) apply(q *gorm.DB) *gorm.DB {
	if !f.From.IsZero() {
		q = q.Where("decided_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("decided_at < ?", f.To.UTC())
	}
	if !f.SettledBefore.IsZero() {
		q = q.Where("decided_at <= ?", f.SettledBefore.UTC())
	}
	eq := map[string]string{"outcome": f.Outcome, "stance": f.Stance, "branch_id": f.BranchID, "customer_id": f.CustomerID,
		"application_id": f.ApplicationID, "policy_revision": f.PolicyRevision, "requested_by": f.RequestedBy,
		"applicant_name_hash": f.NameHash, "applicant_id_hash": f.IDHash}
	for _, col := range []string{"outcome", "stance", "branch_id", "customer_id", "application_id", "policy_revision",
		"requested_by", "applicant_name_hash", "applicant_id_hash"} {
		if v := eq[col]; v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	if f.Green != nil {
		q = q.Where("green = ?", *f.Green)
	}
	const unreviewed = "NOT EXISTS (SELECT 1 FROM decision_status ds WHERE ds.decision_id = decisions.decision_id)"
	if f.FinalOutcome != "" {
		q = q.Where("(decision_id IN (SELECT decision_id FROM decision_status WHERE final_outcome = ?) OR (outcome = ? AND "+unreviewed+"))",
			f.FinalOutcome, f.FinalOutcome)
	}
	switch f.ReviewState {
	case "":
	case ReviewOpen:
		q = q.Where("outcome = 'refer' AND " + unreviewed)
	case ReviewNone:
		q = q.Where("outcome <> 'refer' AND " + unreviewed)
	default:
		q = q.Where("decision_id IN (SELECT decision_id FROM decision_status WHERE state = ?)", f.ReviewState)
	}
	if f.ReviewedBy != "" {
		q = q.Where("decision_id IN (SELECT decision_id FROM reviews WHERE reviewer = ?)", f.ReviewedBy)
	}
	if f.IndustryPrefix != "" {
		// Codes are [A-T][0-9]{0,4}, validated at the edge: no LIKE wildcards can occur.
		q = q.Where("industry_code LIKE ?", strings.ToUpper(f.IndustryPrefix)+"%")
	}
	return q
}

// ListDecisions returns up to limit decisions after the cursor, oldest first.
func (s *Store) ListDecisions(ctx context.Context, f DecisionFilter, after *Cursor, limit int) ([]Decision, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	q := f.apply(db.Model(&Decision{}))
	if after != nil {
		q = q.Where("decided_at > ? OR (decided_at = ? AND id > ?)", after.DecidedAt.UTC(), after.DecidedAt.UTC(), after.ID)
	}
	var out []Decision
	if err := q.Order("decided_at, id").Limit(limit).Find(&out).Error; err != nil {
		return nil, unavailable("list decisions", err)
	}
	return out, nil
}

// LatestDecisions returns up to limit matching decisions, newest first.
func (s *Store) LatestDecisions(ctx context.Context, f DecisionFilter, limit int) ([]Decision, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []Decision
	if err := f.apply(db.Model(&Decision{})).Order("decided_at DESC, id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, unavailable("latest decisions", err)
	}
	return out, nil
}

// StanceCount is how many decisions of one stance were made on one day (UTC, "2006-01-02").
type StanceCount struct {
	Day    string
	Stance string
	N      int
}

// StanceCounts counts the decisions made since from, by day and stance.
func (s *Store) StanceCounts(ctx context.Context, from time.Time) ([]StanceCount, error) {
	db, cancel := s.op(ctx)
	defer cancel()
	var out []StanceCount
	if err := db.Model(&Decision{}).Select("DATE(decided_at) AS day, stance, COUNT(*) AS n").
		Where("decided_at >= ?", from.UTC()).Group("DATE(decided_at), stance").Scan(&out).Error; err != nil {
		return nil, unavailable("stance counts", err)
	}
	for i := range out {
		out[i].Day = out[i].Day[:min(len(out[i].Day), 10)] // MySQL's DATE scans as a timestamp
	}
	return out, nil
}

// StreamDecisions calls fn for every matching decision, oldest first, reading in keyset
// pages so memory stays constant however large the range.
func (s *Store) StreamDecisions(ctx context.Context, f DecisionFilter, fn func(*Decision) error) error {
	const page = 500
	var after *Cursor
	for {
		rows, err := s.ListDecisions(ctx, f, after, page)
		if err != nil {
			return err
		}
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		if len(rows) < page {
			return nil
		}
		last := rows[len(rows)-1]
		after = &Cursor{DecidedAt: last.DecidedAt, ID: last.ID}
	}
}
