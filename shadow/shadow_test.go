package shadow

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"greencredit/policy"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

type onePolicy struct{ p *policy.Policy }

func (o onePolicy) PolicyFor(context.Context, string) (*policy.Policy, error) { return o.p, nil }

// TestQueueFullSkipsAndErrorsRecorded: with the worker held, a full queue skips (and counts) the
// screenings that do not fit, never waiting; released, the worker evaluates the queued ones, and a
// decision whose input the shadow revision cannot evaluate is stored with its error; a shadow whose
// until has passed ends at the next refresh.
func TestQueueFullSkipsAndErrorsRecorded(t *testing.T) {
	files, err := policy.ReadDir("../rego")
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.Compile(context.Background(), files, "shadow")
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
		until := now.Add(time.Hour)
		if err := store.StartShadow(ctx, &storage.PolicyShadow{Digest: "sha256:shadow", Revision: "r", Until: &until, StartedBy: "risk-1", StartedAt: now}, nil); err != nil {
			t.Fatal(err)
		}
		var skipped, evaluated atomic.Int64
		r := New(store, onePolicy{pol}, Config{Queue: 2, Poll: time.Hour, Clock: func() time.Time { return now },
			OnSkip: func() { skipped.Add(1) }, OnResult: func(string) { evaluated.Add(1) }})
		r.hold = make(chan struct{})
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer r.Stop()
		good := `{"application_id":"A","branch_id":"YY-A","decided_on":"2026-12-06","applicant":{"customer_id":"C","kind":"enterprise","size":"small","industry_code":"A0111","env_credit_rating":"blue","industrial_policy_class":"permitted","energy_compliant":true,"real_estate_revenue_ratio":0,"existing_balance_fen":0,"requested_balance_fen":0,"booked_balance_fen":0},"loan":{"amount_fen":100,"term_months":12,"kind":"new","purpose":"","green_category":"","green_category_version":"2025","project_type":"other","real_estate_purpose":"none"},"book":{"total_fen":0,"thos_fen":0,"real_estate_fen":0,"personal_housing_fen":0,"green_fen":0,"complete":false},"defaulted":[]}`
		decisions := []*storage.Decision{
			{DecisionID: "d1", Input: good, Outcome: "approve", PolicyDigest: "sha256:active", DecidedAt: now},
			{DecisionID: "d2", Input: "not a document", Outcome: "approve", PolicyDigest: "sha256:active", DecidedAt: now},
			{DecisionID: "d3", Input: good, PolicyDigest: "sha256:active", DecidedAt: now},
			{DecisionID: "d4", Input: good, PolicyDigest: "sha256:active", DecidedAt: now},
			{DecisionID: "d5", Input: good, PolicyDigest: "sha256:shadow", DecidedAt: now}, // decided by the shadow's revision itself: not offered
		}
		for _, d := range decisions {
			r.Offer(d) // never blocks, though the worker is held
		}
		if skipped.Load() != 2 {
			t.Fatalf("skipped %d, want 2 (queue of 2, 4 offered)", skipped.Load())
		}
		close(r.hold)
		deadline := time.Now().Add(20 * time.Second)
		for {
			n, err := store.CountShadowResults(ctx, "sha256:shadow")
			if err != nil {
				t.Fatal(err)
			}
			if n == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d results stored, want 2", n)
			}
			time.Sleep(20 * time.Millisecond)
		}
		res, err := store.ShadowResults(ctx, "sha256:shadow", now.Add(-time.Hour), now.Add(time.Hour), nil, 10)
		if err != nil || len(res) != 2 {
			t.Fatalf("%v %+v", err, res)
		}
		if res[0].DecisionID != "d1" || res[0].Outcome != "approve" || res[0].Error != "" || res[1].DecisionID != "d2" || res[1].Error == "" || res[1].Outcome != "" {
			t.Fatalf("results: %+v", res)
		}
		if evaluated.Load() != 2 {
			t.Fatalf("evaluated %d", evaluated.Load())
		}
		// Past its until, the next refresh ends the shadow (with its audit event).
		now = now.Add(2 * time.Hour)
		if err := r.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		sh, err := store.Shadow(ctx)
		if err != nil || sh != nil || r.Digest() != "" {
			t.Fatalf("after until: %+v %v %q", sh, err, r.Digest())
		}
		var ended int64
		store.DB.Model(&storage.AuditEvent{}).Where("action = ? AND detail LIKE ?", "policy.shadow.end", "%until%").Count(&ended)
		if ended != 1 {
			t.Fatalf("%d audit events of the end", ended)
		}
	})
}

// TestBusyServiceDefersShadow: while the service is busy answering screenings the worker waits (the
// CPUs are the screenings'), so offers beyond the queue are skipped; idle again, it evaluates the
// queued ones.
func TestBusyServiceDefersShadow(t *testing.T) {
	files, err := policy.ReadDir("../rego")
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policy.Compile(context.Background(), files, "shadow")
	if err != nil {
		t.Fatal(err)
	}
	store := dbtest.SQLite(t)
	ctx := context.Background()
	if err := store.StartShadow(ctx, &storage.PolicyShadow{Digest: "sha256:shadow", Revision: "r", StartedBy: "risk-1", StartedAt: time.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	var busy atomic.Bool
	busy.Store(true)
	var skipped atomic.Int64
	r := New(store, onePolicy{pol}, Config{Queue: 3, Poll: time.Hour, Busy: busy.Load, OnSkip: func() { skipped.Add(1) }})
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	now := time.Now().UTC()
	for i := range 8 {
		r.Offer(&storage.Decision{DecisionID: string(rune('a' + i)), Input: "{}", PolicyDigest: "sha256:active", DecidedAt: now})
	}
	// One may be held by the waiting worker, three queued: at least four skipped.
	if n := skipped.Load(); n < 4 || n > 5 {
		t.Fatalf("skipped %d while busy", n)
	}
	if n, _ := store.CountShadowResults(ctx, "sha256:shadow"); n != 0 {
		t.Fatalf("%d evaluated while busy", n)
	}
	busy.Store(false)
	deadline := time.Now().Add(20 * time.Second)
	for {
		n, _ := store.CountShadowResults(ctx, "sha256:shadow")
		if n == 8-skipped.Load() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d evaluated once idle, want %d", n, 8-skipped.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type brokenPolicies struct{}

func (brokenPolicies) PolicyFor(context.Context, string) (*policy.Policy, error) {
	return nil, errors.New("the stored revision does not compile")
}

// TestBrokenShadowDoesNotStopTheService: a shadow whose revision cannot be compiled leaves the
// runner started with no shadow in force (logged), offering nothing.
func TestBrokenShadowDoesNotStopTheService(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx := context.Background()
	if err := store.StartShadow(ctx, &storage.PolicyShadow{Digest: "sha256:broken", Revision: "r", StartedBy: "risk-1", StartedAt: time.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	r := New(store, brokenPolicies{}, Config{Queue: 1, Poll: time.Hour, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := r.Start(ctx); err != nil {
		t.Fatalf("start: %v", err)
	}
	defer r.Stop()
	r.Offer(&storage.Decision{DecisionID: "x", PolicyDigest: "sha256:active"})
	if r.Digest() != "" || len(r.jobs) != 0 {
		t.Fatalf("a broken shadow is in force: %q, %d queued", r.Digest(), len(r.jobs))
	}
}
