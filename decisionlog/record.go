package decisionlog

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"greencredit/policy"
	"greencredit/storage"
)

// Record is one decision as the log holds it, with its JSON columns decoded: no caller parses a
// stored column. Row is the stored row exactly as hashed; it is never written to the wire (the
// API has views of its own).
type Record struct {
	Row     *storage.Decision
	Reasons []policy.Reason
	Result  *policy.Result
	Input   RecordedInput
	// Status is the decision's review status (nil: no one reviewed it); Reviews are its reviews
	// in order (read by GetWithReviews only).
	Status  *storage.DecisionStatus
	Reviews []storage.Review
}

// FinalOutcome is the outcome in force: the last confirmed review's, else the automated one.
func (r *Record) FinalOutcome() string {
	if r.Status != nil {
		return r.Status.FinalOutcome
	}
	return r.Row.Outcome
}

// ReviewState is open (a referral no one reviewed), pending_second_approval, closed, or none
// (an automated approve or decline no one reviewed).
func (r *Record) ReviewState() string {
	switch {
	case r.Status != nil:
		return r.Status.State
	case r.Row.Outcome == "refer":
		return storage.ReviewOpen
	default:
		return storage.ReviewNone
	}
}

// DeclineCodes are the codes of the reasons that declined the decision.
func (r *Record) DeclineCodes() []string {
	var out []string
	for _, x := range r.Reasons {
		if x.Outcome == "decline" {
			out = append(out, x.Code)
		}
	}
	return out
}

// RecordedInput is what the service reads back from a decision's recorded policy input: what
// an answer repeats, and what a loan booked on the decision takes from it.
type RecordedInput struct {
	Defaulted []string `json:"defaulted"`
	Applicant struct {
		Kind string `json:"kind"`
		Size string `json:"size"`
	} `json:"applicant"`
	Loan struct {
		RealEstatePurpose string `json:"real_estate_purpose"`
	} `json:"loan"`
	Book struct {
		Complete *bool `json:"complete"`
	} `json:"book"`
}

// DefaultedFields are the request fields that got their default ([] when none).
func (in *RecordedInput) DefaultedFields() []string {
	if in.Defaulted == nil {
		return []string{}
	}
	return in.Defaulted
}

// BookComplete is whether the book was declared complete when the decision was made; an input
// of rules version 1 has no flag, and version 1 enforced its caps.
func (in *RecordedInput) BookComplete() bool { return in.Book.Complete == nil || *in.Book.Complete }

// Decode reads a stored decision's reasons, result and input.
func Decode(d *storage.Decision) (*Record, error) {
	r := &Record{Row: d, Result: &policy.Result{}}
	if err := json.Unmarshal([]byte(d.Reasons), &r.Reasons); err != nil {
		return nil, fmt.Errorf("recorded reasons of %s: %w", d.DecisionID, err)
	}
	if err := json.Unmarshal([]byte(d.Result), r.Result); err != nil {
		return nil, fmt.Errorf("recorded result of %s: %w", d.DecisionID, err)
	}
	if err := json.Unmarshal([]byte(d.Input), &r.Input); err != nil {
		return nil, fmt.Errorf("recorded input of %s: %w", d.DecisionID, err)
	}
	return r, nil
}

// BankDate is the date (YYYY-MM-DD) of an instant in the bank's time zone, China Standard Time
// (UTC+8, no daylight saving): a decision's date, which decides the green catalogue in force and
// the earliest date a loan booked on it may be reported for, is its date in Yuyao.
func BankDate(t time.Time) string { return t.In(BankZone).Format(time.DateOnly) }

// BankZone is the bank's time zone, China Standard Time: the days of reports, quarters and the
// console's dates are its days.
var BankZone = time.FixedZone("CST", 8*60*60)

// DecidedOn is the decision's date in China Standard Time.
func (r *Record) DecidedOn() string { return BankDate(r.Row.DecidedAt) }

// Get reads one decision by its decision_id, with its review status (not its reviews: see
// GetWithReviews).
func Get(ctx context.Context, store *storage.Store, decisionID string) (*Record, error) {
	d, err := store.GetDecision(ctx, decisionID)
	if err != nil {
		return nil, err
	}
	recs, err := decodeAll(ctx, store, []storage.Decision{*d})
	if err != nil {
		return nil, err
	}
	return recs[0], nil
}

// GetWithReviews is Get with the decision's reviews, in order (the decision's full record).
func GetWithReviews(ctx context.Context, store *storage.Store, decisionID string) (*Record, error) {
	r, err := Get(ctx, store, decisionID)
	if err != nil || r.Status == nil {
		return r, err
	}
	if r.Reviews, err = store.ReviewsOf(ctx, decisionID); err != nil {
		return nil, err
	}
	return r, nil
}

// GetMany reads decisions by decision_id, with their review status, by id (absent: not held).
func GetMany(ctx context.Context, store *storage.Store, ids []string) (map[string]*Record, error) {
	rows, err := store.GetDecisions(ctx, ids)
	if err != nil {
		return nil, err
	}
	recs, err := decodeAll(ctx, store, rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Record, len(recs))
	for _, r := range recs {
		out[r.Row.DecisionID] = r
	}
	return out, nil
}

// List returns up to limit decisions after the cursor, oldest first, with their review status.
func List(ctx context.Context, store *storage.Store, f storage.DecisionFilter, after *storage.Cursor, limit int) ([]*Record, error) {
	rows, err := store.ListDecisions(ctx, f, after, limit)
	if err != nil {
		return nil, err
	}
	return decodeAll(ctx, store, rows)
}

// Latest returns up to limit matching decisions, newest first.
func Latest(ctx context.Context, store *storage.Store, f storage.DecisionFilter, limit int) ([]*Record, error) {
	rows, err := store.LatestDecisions(ctx, f, limit)
	if err != nil {
		return nil, err
	}
	return decodeAll(ctx, store, rows)
}

// decodeAll decodes a page of decisions and reads their review status in one query.
func decodeAll(ctx context.Context, store *storage.Store, rows []storage.Decision) ([]*Record, error) {
	out := make([]*Record, 0, len(rows))
	ids := make([]string, 0, len(rows))
	for i := range rows {
		r, err := Decode(&rows[i])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		ids = append(ids, rows[i].DecisionID)
	}
	st, err := store.Statuses(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range out {
		r.Status = st[r.Row.DecisionID]
	}
	return out, nil
}

// streamPage is how many decisions Stream decodes and reads the status of at a time.
const streamPage = 500

// Stream calls fn for every matching decision, oldest first, with its review status, in
// constant memory.
func Stream(ctx context.Context, store *storage.Store, f storage.DecisionFilter, fn func(*Record) error) error {
	page := make([]storage.Decision, 0, streamPage)
	flush := func() error {
		recs, err := decodeAll(ctx, store, page)
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		page = make([]storage.Decision, 0, streamPage) // the records handed out keep theirs
		return nil
	}
	err := store.StreamDecisions(ctx, f, func(d *storage.Decision) error {
		page = append(page, *d)
		if len(page) == streamPage {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
