package lifecycle_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"greencredit/lifecycle"
	"greencredit/policy"
	"greencredit/refusal"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

func shipped(t testing.TB) policy.Files {
	t.Helper()
	f, err := policy.ReadDir("../rego")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// variant is the shipped bundle under another revision (another digest, same rules).
func variant(t testing.TB, revision string) policy.Files {
	t.Helper()
	f := shipped(t)
	out := policy.Files{}
	for k, v := range f {
		out[k] = v
	}
	out[".manifest"] = []byte(`{"revision": "` + revision + `", "roots": ["greencredit"]}`)
	return out
}

func broken(t testing.TB) policy.Files {
	t.Helper()
	f := variant(t, "broken")
	f["greencredit/broken.rego"] = []byte("package greencredit.broken\n\nx if {\n")
	return f
}

func newManager(t *testing.T, store *storage.Store) *lifecycle.Manager {
	t.Helper()
	m := lifecycle.New(store, policy.NewEngine(), slog.New(slog.NewTextHandler(io.Discard, nil)),
		lifecycle.Config{Dir: "../rego", Poll: time.Hour})
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	return m
}

// TestCandidateHasNoSideEffects: an impact run's candidate — accepted or refused — leaves the
// engine's cache of compiled policies and its reload/rejection counts as they were, so it can
// neither evict a policy kept for replays nor move the rejection metric; a refused upload
// (Propose) is counted, explicitly.
func TestCandidateHasNoSideEffects(t *testing.T) {
	store := dbtest.SQLite(t)
	m := newManager(t, store)
	e := m.Engine()
	ctx := context.Background()
	reloads, rejections := e.Stats()
	active := e.Active().Digest

	good := variant(t, "impact-only")
	cand, err := m.Candidate(ctx, good, "impact:test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lifecycle.Impact(ctx, store, cand, storage.DecisionFilter{From: time.Now().Add(-time.Hour), To: time.Now()}, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Candidate(ctx, broken(t), "impact:test"); err == nil {
		t.Fatal("a broken candidate compiled")
	}
	if e.Lookup(good.Digest()) != nil {
		t.Fatal("the impact candidate was remembered by the engine")
	}
	if r, j := e.Stats(); r != reloads || j != rejections || e.LastFailure() != nil || e.Active().Digest != active {
		t.Fatalf("an impact run changed the engine: reloads %d→%d, rejections %d→%d, last failure %v", reloads, r, rejections, j, e.LastFailure())
	}
	if _, err := store.GetRevision(ctx, good.Digest()); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("the impact candidate was stored: %v", err)
	}

	// An upload that is refused is counted and remembered as the last failure.
	if _, _, err := m.Propose(ctx, broken(t), "upload:test", "risk-1", true, nil); err == nil {
		t.Fatal("a broken upload was accepted")
	}
	if _, j := e.Stats(); j != rejections+1 || e.LastFailure() == nil || !strings.Contains(e.LastFailure().Source, "upload:test") {
		t.Fatalf("a refused upload was not counted: %d, %+v", j, e.LastFailure())
	}
	// An accepted one is stored, remembered and active.
	p, pending, err := m.Propose(ctx, good, "upload:test", "risk-1", true, nil)
	if err != nil || pending {
		t.Fatal(err)
	}
	if e.Active().Digest != p.Digest || e.Lookup(p.Digest) == nil {
		t.Fatal("an accepted upload is not active")
	}
	// Rollback: the earlier revision activated again, recorded as the active one.
	if _, err := m.Activate(ctx, active, "risk-2", nil); err != nil {
		t.Fatal(err)
	}
	if a, err := store.GetActive(ctx); err != nil || a.Digest != active || a.ActivatedBy != "risk-2" || e.Active().Digest != active {
		t.Fatalf("rollback: %+v %v", a, err)
	}
}

// TestStopJoinsTheWatchers: Stop returns once the poll and the directory watch have ended.
func TestStopJoinsTheWatchers(t *testing.T) {
	store := dbtest.SQLite(t)
	m := lifecycle.New(store, policy.NewEngine(), slog.New(slog.NewTextHandler(io.Discard, nil)),
		lifecycle.Config{Dir: "../rego", Watch: true, Poll: 10 * time.Millisecond})
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	stopped := make(chan struct{})
	go func() { m.Stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("Stop did not return: a lifecycle goroutine was not joined")
	}
}

// TestTwoPersonChange: with two-person changes an upload is pending (not activated even when
// asked), its activation is refused until a second principal approves it, the uploader cannot
// approve its own upload, and the activation records both names. A watched directory change is
// only proposed.
func TestTwoPersonChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		m := lifecycle.New(store, policy.NewEngine(), slog.New(slog.NewTextHandler(io.Discard, nil)),
			lifecycle.Config{Dir: "../rego", Poll: time.Hour, TwoPerson: true})
		ctx := context.Background()
		if err := m.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Stop)
		first := m.Engine().Active().Digest
		next := variant(t, "two-person")
		p, pending, err := m.Propose(ctx, next, "upload:risk-1", "risk-1", true, nil)
		if err != nil || !pending || m.Engine().Active().Digest != first {
			t.Fatalf("a two-person upload went live or is not pending: %v %v", pending, err)
		}
		var ref *refusal.Error
		if _, err := m.Activate(ctx, p.Digest, "risk-1", nil); !errors.As(err, &ref) || ref.Code != "revision_not_approved" {
			t.Fatalf("a single-person activation: %v", err)
		}
		if _, err := m.Approve(ctx, p.Digest, "risk-1", nil); !errors.As(err, &ref) || ref.Code != "four_eyes" || ref.Kind != refusal.Forbidden {
			t.Fatalf("the uploader approved its own upload: %v", err)
		}
		rev, err := m.Approve(ctx, p.Digest, "risk-2", nil)
		if err != nil || rev.ApprovedBy != "risk-2" {
			t.Fatalf("approval: %+v %v", rev, err)
		}
		if _, err := m.Approve(ctx, p.Digest, "risk-3", nil); !errors.As(err, &ref) || ref.Code != "already_approved" {
			t.Fatalf("a second approval: %v", err)
		}
		if _, err := m.Activate(ctx, p.Digest, "risk-1", nil); err != nil {
			t.Fatal(err)
		}
		if a, err := store.GetActive(ctx); err != nil || a.Digest != p.Digest || a.ActivatedBy != "risk-1" || a.ApprovedBy != "risk-2" {
			t.Fatalf("active: %+v %v", a, err)
		}
		// The first revision of the deployment is approved by "startup": a rollback to it is allowed.
		if _, err := m.Activate(ctx, first, "risk-2", nil); err != nil {
			t.Fatalf("rollback to the deployment's revision: %v", err)
		}
	})
}

// TestOneCandidateAtATime: while a candidate is compiled (seconds: it runs the bundle's tests),
// another upload or impact analysis at the same moment is refused as busy (429) instead of
// compiling a second one at the same time.
func TestOneCandidateAtATime(t *testing.T) {
	store := dbtest.SQLite(t)
	m := newManager(t, store)
	ctx := context.Background()
	start := make(chan struct{})
	errs := make(chan error, 2)
	for _, rev := range []string{"concurrent-1", "concurrent-2"} {
		files := variant(t, rev)
		go func() {
			<-start
			_, err := m.Candidate(ctx, files, "impact:"+rev)
			errs <- err
		}()
	}
	close(start)
	a, b := <-errs, <-errs
	busy := errors.Is(a, lifecycle.ErrBusy) || errors.Is(b, lifecycle.ErrBusy)
	ok := a == nil || b == nil
	if !busy || !ok {
		t.Fatalf("two candidates at once: %v / %v (want one compiled and one busy)", a, b)
	}
}

// TestTwoPersonWatchProposesOnly: with two-person changes a change in the watched bundle
// directory becomes a pending revision, proposed once, and never goes live by itself.
func TestTwoPersonWatchProposesOnly(t *testing.T) {
	store := dbtest.SQLite(t)
	dir := t.TempDir()
	for name, b := range shipped(t) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := lifecycle.New(store, policy.NewEngine(), slog.New(slog.NewTextHandler(io.Discard, nil)),
		lifecycle.Config{Dir: dir, Poll: time.Hour, TwoPerson: true})
	ctx := context.Background()
	if err := m.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	active := m.Engine().Active().Digest
	edited := variant(t, "watched-edit")
	if err := os.WriteFile(filepath.Join(dir, ".manifest"), edited[".manifest"], 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second time: proposed before, nothing new
		if err := m.ReloadDir(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if m.Engine().Active().Digest != active {
		t.Fatal("a watched change went live without a second person's approval")
	}
	rev, err := store.GetRevision(ctx, edited.Digest())
	if err != nil || rev.ApprovedBy != "" {
		t.Fatalf("the watched change is not a pending revision: %+v %v", rev, err)
	}
}
