package decisionlog

import (
	"context"
	"encoding/json"
	"fmt"

	"greencredit/models"
	"greencredit/policy"
)

// Record is one decision as the log holds it, with its JSON columns decoded: no caller parses a
// stored column. Row is the stored row exactly as hashed; it is never written to the wire (the
// API has views of its own).
type Record struct {
	Row     *models.Decision
	Reasons []policy.Reason
	Result  *policy.Result
	Input   RecordedInput
}

// RecordedInput is what the service reads back from a decision's recorded policy input: what
// an answer repeats, and what a loan booked on the decision takes from it.
type RecordedInput struct {
	Defaulted []string `json:"defaulted"`
	Applicant struct {
		Kind string `json:"kind"`
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
func Decode(d *models.Decision) (*Record, error) {
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

// Get reads one decision by its decision_id.
func Get(ctx context.Context, store *models.Store, decisionID string) (*Record, error) {
	d, err := store.GetDecision(ctx, decisionID)
	if err != nil {
		return nil, err
	}
	return Decode(d)
}

// List returns up to limit decisions after the cursor, oldest first.
func List(ctx context.Context, store *models.Store, f models.DecisionFilter, after *models.Cursor, limit int) ([]*Record, error) {
	rows, err := store.ListDecisions(ctx, f, after, limit)
	if err != nil {
		return nil, err
	}
	return decodeAll(rows)
}

// Latest returns up to limit matching decisions, newest first.
func Latest(ctx context.Context, store *models.Store, f models.DecisionFilter, limit int) ([]*Record, error) {
	rows, err := store.LatestDecisions(ctx, f, limit)
	if err != nil {
		return nil, err
	}
	return decodeAll(rows)
}

func decodeAll(rows []models.Decision) ([]*Record, error) {
	out := make([]*Record, 0, len(rows))
	for i := range rows {
		r, err := Decode(&rows[i])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Stream calls fn for every matching decision, oldest first, in constant memory.
func Stream(ctx context.Context, store *models.Store, f models.DecisionFilter, fn func(*Record) error) error {
	return store.StreamDecisions(ctx, f, func(d *models.Decision) error {
		r, err := Decode(d)
		if err != nil {
			return err
		}
		return fn(r)
	})
}
