package lifecycle

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
	"greencredit/portfolio"
	"greencredit/storage"
)

// Verdict is what a decision came to.
type Verdict struct {
	Outcome string `json:"outcome"`
	Stance  string `json:"stance"`
	Green   bool   `json:"green"`
}

// ChangedDecision is a recorded decision a candidate would decide differently.
type ChangedDecision struct {
	DecisionID    string    `json:"decision_id"`
	ApplicationID string    `json:"application_id"`
	DecidedAt     time.Time `json:"decided_at"`
	Amount        money.Fen `json:"amount"`
	Before        Verdict   `json:"before"`
	After         Verdict   `json:"after"`
}

// CandidateInfo names the bundle an impact analysis evaluated.
type CandidateInfo struct {
	Revision string `json:"revision"`
	Digest   string `json:"digest"`
	TestsRun int    `json:"tests_run"`
}

// ImpactReport is what a candidate bundle would have decided differently over a range.
type ImpactReport struct {
	Candidate          CandidateInfo     `json:"candidate"`
	From               time.Time         `json:"from"`
	To                 time.Time         `json:"to"`
	Evaluated          int               `json:"evaluated"`
	Changed            int               `json:"changed"`
	Outcome            map[string]int    `json:"outcome"`
	Stance             map[string]int    `json:"stance"`
	Green              map[string]int    `json:"green"`
	ChangedDecisions   []ChangedDecision `json:"changed_decisions"`
	ChangedTruncated   bool              `json:"changed_truncated"`
	ChangedAmount      money.Fen         `json:"changed_amount"`
	ChangedGreenAmount money.Fen         `json:"changed_green_amount"`
	ChangedGreenShare  string            `json:"changed_green_share"`
}

// Impact re-evaluates the recorded inputs of the decisions in f's range under a candidate (see
// Candidate: compiled for a look only), listing up to limit changed decisions.
func Impact(ctx context.Context, store *storage.Store, cand *policy.Policy, f storage.DecisionFilter, limit int) (*ImpactReport, error) {
	r := &ImpactReport{Candidate: CandidateInfo{cand.Revision, cand.Digest, cand.TestsRun}, From: f.From, To: f.To,
		Outcome: map[string]int{}, Stance: map[string]int{}, Green: map[string]int{}, ChangedDecisions: []ChangedDecision{}}
	err := store.StreamDecisions(ctx, f, func(d *storage.Decision) error {
		res, err := cand.DecideRecorded(ctx, []byte(d.Input))
		if err != nil {
			return err
		}
		r.Evaluated++
		before, after := Verdict{d.Outcome, d.Stance, d.Green}, Verdict{res.Outcome, res.Stance, res.Green}
		if before == after {
			return nil
		}
		r.Changed++
		if before.Outcome != after.Outcome {
			r.Outcome[before.Outcome+"→"+after.Outcome]++
		}
		if before.Stance != after.Stance {
			r.Stance[before.Stance+"→"+after.Stance]++
		}
		if before.Green != after.Green {
			r.Green[strconv.FormatBool(before.Green)+"→"+strconv.FormatBool(after.Green)]++
		}
		r.ChangedAmount += d.AmountFen
		if after.Green {
			r.ChangedGreenAmount += d.AmountFen
		}
		if len(r.ChangedDecisions) < limit {
			r.ChangedDecisions = append(r.ChangedDecisions, ChangedDecision{DecisionID: d.DecisionID, ApplicationID: d.ApplicationID,
				DecidedAt: d.DecidedAt.UTC(), Amount: d.AmountFen, Before: before, After: after})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.ChangedTruncated = r.Changed > len(r.ChangedDecisions)
	r.ChangedGreenShare = portfolio.Share(r.ChangedGreenAmount, r.ChangedAmount)
	return r, nil
}

// Replay is a recorded decision re-evaluated under the revision that made it.
type Replay struct {
	DecisionID     string         `json:"decision_id"`
	PolicyRevision string         `json:"policy_revision"`
	PolicyDigest   string         `json:"policy_digest"`
	Match          bool           `json:"match"`
	Recorded       *policy.Result `json:"recorded"`
	Replayed       *policy.Result `json:"replayed"`
}

// Replay re-evaluates a recorded decision's input under the revision that made it and says
// whether the result is the same.
func (m *Manager) Replay(ctx context.Context, decisionID string) (*Replay, error) {
	rec, err := decisionlog.Get(ctx, m.store, decisionID)
	if err != nil {
		return nil, err
	}
	p, err := m.PolicyFor(ctx, rec.Row.PolicyDigest)
	if err != nil {
		return nil, err
	}
	replayed, err := p.DecideRecorded(ctx, []byte(rec.Row.Input))
	if err != nil {
		return nil, err
	}
	a, err := json.Marshal(rec.Result)
	if err != nil {
		return nil, fmt.Errorf("encode recorded result: %w", err)
	}
	b, err := json.Marshal(replayed)
	if err != nil {
		return nil, fmt.Errorf("encode replayed result: %w", err)
	}
	return &Replay{DecisionID: rec.Row.DecisionID, PolicyRevision: p.Revision, PolicyDigest: p.Digest,
		Match: bytes.Equal(a, b), Recorded: rec.Result, Replayed: replayed}, nil
}
