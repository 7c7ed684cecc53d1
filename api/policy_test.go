package api

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"greencredit/lifecycle"
	"greencredit/policy"
	"greencredit/screening"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// candidate is the shipped bundle with road transport (G54) added to the high-energy list
// (its own tests still pass) and a new revision.
func candidate(t testing.TB, edit func(f policy.Files)) policy.Files {
	t.Helper()
	files, err := policy.ReadDir("../rego")
	if err != nil {
		t.Fatal(err)
	}
	files["data.json"] = []byte(strings.Replace(string(files["data.json"]), `"D4412"]`, `"D4412", "G54"]`, 1))
	if !strings.Contains(string(files["data.json"]), `"G54"`) {
		t.Fatal("fixture: could not add G54 to a list in data.json")
	}
	files[".manifest"] = []byte(strings.Replace(string(files[".manifest"]), `"revision": "`, `"revision": "candidate-`, 1))
	if !strings.Contains(string(files[".manifest"]), "candidate-") {
		t.Fatal("fixture: .manifest has no revision")
	}
	if edit != nil {
		edit(files)
	}
	return files
}

func tgz(t testing.TB, f policy.Files) []byte {
	t.Helper()
	b, err := f.TarGz()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func postBundle(t testing.TB, h http.Handler, path string, body []byte) (int, map[string]any) {
	t.Helper()
	w := do(t, h, http.MethodPost, path, body, "Content-Type", "application/gzip")
	var m map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &m)
	return w.Code, m
}

func lifecycleServer(t *testing.T, store *storage.Store) (http.Handler, *Server) {
	t.Helper()
	_, s := newTestServer(t, store)
	freshPolicy(t, s, lifecycle.Config{Dir: "../rego", Poll: time.Hour})
	s.SettleWindow = time.Nanosecond
	return NewRouter(s), s
}

var transport = func(m map[string]any) { applicant(m)["industry_code"] = "G5411" }

// TestPolicyLifecycle: refused bundles leave the old policy answering; a candidate is stored
// without activation, analysed for impact, activated, replayed against, and rolled back.
func TestPolicyLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := lifecycleServer(t, store)
		old := s.Policy.Active()

		// A bundle whose own tests fail, and one that does not compile: refused.
		failing := candidate(t, func(f policy.Files) {
			f["greencredit/failing_test.rego"] = []byte("package greencredit.failing_test\n\ntest_fails if {\n\t1 == 2\n}\n")
		})
		code, body := postBundle(t, h, "/v1/policy/bundles", tgz(t, failing))
		if code != http.StatusBadRequest || !strings.Contains(body["error"].(map[string]any)["message"].(string), "refused at test") {
			t.Fatalf("failing tests: %d %v", code, body)
		}
		broken := candidate(t, func(f policy.Files) { f["greencredit/x.rego"] = []byte("package greencredit.x\n\ny if {\n") })
		if code, body = postBundle(t, h, "/v1/policy/bundles", tgz(t, broken)); code != http.StatusBadRequest {
			t.Fatalf("broken: %d %v", code, body)
		}
		if code, _ = postBundle(t, h, "/v1/policy/bundles", []byte("not a tarball")); code != http.StatusBadRequest {
			t.Fatalf("garbage: %d", code)
		}
		if r := screenOK(t, h, nil); r.PolicyDigest != old.Digest {
			t.Fatalf("after refusals the policy changed: %s", r.PolicyDigest)
		}
		w := do(t, h, http.MethodGet, "/v1/policy", nil)
		if !strings.Contains(w.Body.String(), `"last_load_error"`) || !strings.Contains(w.Body.String(), old.Digest) {
			t.Fatalf("GET /v1/policy: %s", w.Body)
		}

		// Seed the log: three transport decisions (approve/neutral today) and two others.
		var oldTransport screening.Response
		for i := 0; i < 3; i++ {
			oldTransport = screenOK(t, h, transport)
		}
		screenOK(t, h, func(m map[string]any) { applicant(m)["industry_code"] = "A0111" })
		from := time.Now().UTC().Add(-time.Minute).Format(time.RFC3339Nano)
		time.Sleep(2 * time.Millisecond)
		to := time.Now().UTC().Format(time.RFC3339Nano)

		// Store the candidate without activating it.
		cand := candidate(t, nil)
		code, body = postBundle(t, h, "/v1/policy/bundles?activate=false", tgz(t, cand))
		if code != http.StatusCreated || body["activated"] != false || body["digest"] != cand.Digest() {
			t.Fatalf("upload: %d %v", code, body)
		}
		if s.Policy.Active().Digest != old.Digest {
			t.Fatal("activate=false activated")
		}

		// Impact: exactly the three transport decisions change, approve→refer, neutral→control.
		w = do(t, h, http.MethodPost, "/v1/policy/impact?from="+from+"&to="+to+"&limit=2", tgz(t, cand), "Content-Type", "application/gzip")
		var imp struct {
			Evaluated, Changed int
			Outcome, Stance    map[string]int
			Green              map[string]int
			ChangedDecisions   []lifecycle.ChangedDecision `json:"changed_decisions"`
			Truncated          bool                        `json:"changed_truncated"`
			Share              string                      `json:"changed_green_share"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &imp); err != nil || w.Code != http.StatusOK {
			t.Fatalf("impact: %d %s", w.Code, w.Body)
		}
		if imp.Evaluated != 5 || imp.Changed != 3 || imp.Outcome["approve→refer"] != 3 || imp.Stance["neutral→control"] != 3 ||
			len(imp.Green) != 0 || len(imp.ChangedDecisions) != 2 || !imp.Truncated || imp.Share != "0.0000" {
			t.Fatalf("impact report %s", w.Body)
		}

		// Activate it: new decisions carry its digest and the new rule.
		w = do(t, h, http.MethodPost, "/v1/policy/activate", []byte(`{"digest":"`+cand.Digest()+`"}`))
		if w.Code != http.StatusOK {
			t.Fatalf("activate: %d %s", w.Code, w.Body)
		}
		if r := screenOK(t, h, transport); r.PolicyDigest != cand.Digest() || r.Outcome != "refer" {
			t.Fatalf("under the candidate: %s %s", r.PolicyDigest, r.Outcome)
		}
		// Replay a decision of the older revision while the newer one is active.
		w = do(t, h, http.MethodGet, "/v1/decisions/"+oldTransport.DecisionID+"/replay", nil)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"match":true`) || !strings.Contains(w.Body.String(), old.Digest) {
			t.Fatalf("replay: %d %s", w.Code, w.Body)
		}
		// Roll back.
		w = do(t, h, http.MethodPost, "/v1/policy/activate", []byte(`{"digest":"`+old.Digest+`"}`))
		if w.Code != http.StatusOK {
			t.Fatalf("rollback: %d %s", w.Code, w.Body)
		}
		if r := screenOK(t, h, transport); r.PolicyDigest != old.Digest || r.Outcome != "approve" {
			t.Fatalf("after rollback: %s %s", r.PolicyDigest, r.Outcome)
		}
		w = do(t, h, http.MethodGet, "/v1/policy/revisions", nil)
		if !strings.Contains(w.Body.String(), cand.Digest()) || !strings.Contains(w.Body.String(), `"active_digest":"`+old.Digest) {
			t.Fatalf("revisions: %s", w.Body)
		}
		if w := do(t, h, http.MethodPost, "/v1/policy/activate", []byte(`{"digest":"sha256:`+strings.Repeat("0", 64)+`"}`)); w.Code != http.StatusNotFound {
			t.Fatalf("unknown digest: %d", w.Code)
		}
	})
}

// TestReloadUnderLoad_MySQLOnlyConcurrentWriters: screenings keep succeeding while the policy is swapped; each carries
// the old or the new digest, and after the swap only the new.
func TestReloadUnderLoad_MySQLOnlyConcurrentWriters(t *testing.T) {
	store := dbtest.MySQL(t)
	h, s := lifecycleServer(t, store)
	old := s.Policy.Active().Digest
	cand := candidate(t, nil)
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				r := screenOK(t, h, transport)
				mu.Lock()
				seen[r.PolicyDigest]++
				mu.Unlock()
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	if code, body := postBundle(t, h, "/v1/policy/bundles", tgz(t, cand)); code != http.StatusCreated {
		t.Fatalf("upload: %d %v", code, body)
	}
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	if len(seen) != 2 || seen[old] == 0 || seen[cand.Digest()] == 0 {
		t.Fatalf("digests seen %v", seen)
	}
	if r := screenOK(t, h, transport); r.PolicyDigest != cand.Digest() {
		t.Fatalf("after the swap: %s", r.PolicyDigest)
	}
	t.Logf("screenings during the swap: %v", seen)
}

// TestInstancesConverge_MySQLOnlySharedServer: an activation on one instance reaches another on the same database.
func TestInstancesConverge_MySQLOnlySharedServer(t *testing.T) {
	dsn := dbtest.NewMySQLDatabase(t)
	open := func() *storage.Store {
		st, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: dsn})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		return st
	}
	ha, _ := lifecycleServer(t, open())
	_, b := lifecycleServer(t, open())
	cand := candidate(t, nil)
	if code, body := postBundle(t, ha, "/v1/policy/bundles", tgz(t, cand)); code != http.StatusCreated {
		t.Fatalf("upload: %d %v", code, body)
	}
	if b.Policy.Active().Digest == cand.Digest() {
		t.Fatal("instance b changed before it synced")
	}
	if err := b.Policies.(*lifecycle.Manager).Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b.Policy.Active().Digest != cand.Digest() {
		t.Fatalf("instance b runs %s", b.Policy.Active().Digest)
	}
}

// TestPolicyDirWatch: a changed data.json in the watched directory goes live; a broken edit
// is refused and the last good policy stays.
func TestPolicyDirWatch(t *testing.T) {
	dir := t.TempDir()
	for name, b := range candidate(t, nil) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if name == ".manifest" || name == "data.json" {
			b = policyFilesShipped(t)[name] // start from the shipped bundle
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	freshPolicy(t, s, lifecycle.Config{Dir: dir, Watch: true, Poll: time.Hour, Debounce: 50 * time.Millisecond})
	first := s.Policy.Active().Digest
	cand := candidate(t, nil)
	if err := os.WriteFile(filepath.Join(dir, "data.json"), cand["data.json"], 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatalf("timed out waiting for %s", what)
	}
	waitFor("the edited data.json to go live", func() bool { return s.Policy.Active().Digest != first })
	good := s.Policy.Active().Digest
	_, before := s.Policy.Stats()
	if err := os.WriteFile(filepath.Join(dir, "greencredit", "broken.rego"), []byte("package greencredit.broken\n\nx if {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the broken edit to be refused", func() bool { _, r := s.Policy.Stats(); return r > before })
	if s.Policy.Active().Digest != good || s.Policy.LastFailure() == nil {
		t.Fatalf("a broken edit replaced the policy: %s", s.Policy.Active().Digest)
	}
}

func policyFilesShipped(t testing.TB) policy.Files {
	t.Helper()
	f, err := policy.ReadDir("../rego")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestUpgradeOffersTheNewRevision: on a database that already runs a revision, starting with
// a new bundle directory (an upgrade's rules) stores that bundle without activating it; risk
// staff activate it when they choose, and the old revision's decisions still replay under it.
func TestUpgradeOffersTheNewRevision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		ctx := context.Background()
		// The database runs an older revision.
		old := candidate(t, nil)
		dir := t.TempDir()
		for name, b := range old {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, s := newTestServer(t, store)
		freshPolicy(t, s, lifecycle.Config{Dir: dir, Poll: time.Hour})
		oldDigest := s.Policy.Active().Digest
		// The upgrade starts with the shipped directory.
		_, s2 := newTestServer(t, store)
		freshPolicy(t, s2, lifecycle.Config{Dir: "../rego", Poll: time.Hour})
		if got := s2.Policy.Active().Digest; got != oldDigest {
			t.Fatalf("the upgrade forced its bundle: active %s, want %s", got, oldDigest)
		}
		shipped, err := policy.ReadDir("../rego")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.GetRevision(ctx, shipped.Digest()); err != nil {
			t.Fatalf("the new bundle was not offered as a revision: %v", err)
		}
		if a, err := store.GetActive(ctx); err != nil || a.Digest != oldDigest {
			t.Fatalf("database active %+v %v", a, err)
		}
	})
}
