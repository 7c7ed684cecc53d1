package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"greencredit/decisionlog"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestCheckpointsOverHTTP: after a checkpoint, compliance lists it, gets a decision's inclusion
// proof and a consistency proof that check with the library's verifier, downloads the verifiable
// export that verifies offline with the published key, verifies incrementally, and runs a full
// verification job to its result.
func TestCheckpointsOverHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		ctx := context.Background()
		var ids []string
		for i := 0; i < 4; i++ {
			ids = append(ids, screenOK(t, h, func(m map[string]any) { m["application_id"] = "APP-CP" + string(rune('0'+i)) }).DecisionID)
		}
		// A review is covered too.
		if w := do(t, h, http.MethodPost, "/v1/decisions/"+ids[0]+"/reviews", []byte(`{"action":"decline","rationale":"r"}`)); w.Code != http.StatusForbidden {
			t.Fatalf("dev reviews its own screening: %d", w.Code) // the dev principal requested it
		}
		if w := do(t, h, http.MethodGet, "/v1/decisions/"+ids[0]+"/proof", nil); w.Code != http.StatusNotFound {
			t.Fatalf("a proof before any checkpoint: %d %s", w.Code, w.Body)
		}
		first, err := s.Checkpoints.Checkpoint(ctx)
		if err != nil || first.Size != 4 {
			t.Fatalf("checkpoint: %+v %v", first, err)
		}
		screenOK(t, h, func(m map[string]any) { m["application_id"] = "APP-CP9" })
		second, err := s.Checkpoints.Checkpoint(ctx)
		if err != nil || second.Size != 5 {
			t.Fatalf("checkpoint: %+v %v", second, err)
		}
		w := do(t, h, http.MethodGet, "/v1/checkpoints", nil)
		var list struct {
			PublicKey   string                          `json:"public_key"`
			Checkpoints []*decisionlog.SignedCheckpoint `json:"checkpoints"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || len(list.Checkpoints) != 2 {
			t.Fatalf("checkpoints: %d %s", w.Code, w.Body)
		}
		key := strings.TrimSpace(do(t, h, http.MethodGet, "/v1/checkpoints/public-key", nil).Body.String())
		v, err := decisionlog.ParsePublicKey(key)
		if err != nil || key != list.PublicKey {
			t.Fatalf("public key %q: %v", key, err)
		}
		for _, c := range list.Checkpoints {
			if err := decisionlog.OpenCheckpoint(c, v); err != nil {
				t.Fatal(err)
			}
		}
		w = do(t, h, http.MethodGet, "/v1/decisions/"+ids[2]+"/proof?size=4", nil)
		var p decisionlog.InclusionProof
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || w.Code != http.StatusOK {
			t.Fatalf("proof: %d %s", w.Code, w.Body)
		}
		if err := tlog.CheckRecord(p.Proof, 4, rootOf(t, p.Checkpoint), p.LeafIndex, tlog.RecordHash([]byte(p.LeafData))); err != nil ||
			!strings.Contains(p.LeafData, p.RecordHash) {
			t.Fatalf("the inclusion proof does not check: %v", err)
		}
		w = do(t, h, http.MethodGet, "/v1/checkpoints/consistency?old=4&new=5", nil)
		var cp decisionlog.ConsistencyProof
		if err := json.Unmarshal(w.Body.Bytes(), &cp); err != nil || w.Code != http.StatusOK {
			t.Fatalf("consistency: %d %s", w.Code, w.Body)
		}
		if err := tlog.CheckTree(cp.Proof, 5, rootOf(t, cp.New), 4, rootOf(t, cp.Old)); err != nil {
			t.Fatalf("the consistency proof does not check: %v", err)
		}
		w = do(t, h, http.MethodGet, "/v1/log/export", nil)
		if r, err := decisionlog.VerifyExport(strings.NewReader(w.Body.String()), list.Checkpoints, v); err != nil || !r.OK || r.Checked != 5 {
			t.Fatalf("offline verification of the export: %+v %v", r, err)
		}
		if v := verifyHTTP(t, h); !v.OK || v.Checkpoint != 5 || v.Mode != "incremental" {
			t.Fatalf("verify: %+v", v)
		}
		w = do(t, h, http.MethodPost, "/v1/decisions/verify/jobs", nil)
		var job decisionlog.Job
		if err := json.Unmarshal(w.Body.Bytes(), &job); err != nil || w.Code != http.StatusAccepted {
			t.Fatalf("job: %d %s", w.Code, w.Body)
		}
		for deadline := time.Now().Add(30 * time.Second); job.State == "running" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			w = do(t, h, http.MethodGet, "/v1/decisions/verify/jobs/"+job.ID, nil)
			_ = json.Unmarshal(w.Body.Bytes(), &job)
		}
		if job.State != "done" || job.Result == nil || !job.Result.OK || job.Result.Mode != "full" || job.Done != 5 || job.Total != 5 {
			t.Fatalf("full job: %+v", job)
		}
	})
}

func verifyHTTP(t *testing.T, h http.Handler) decisionlog.VerifyResult {
	t.Helper()
	w := do(t, h, http.MethodGet, "/v1/decisions/verify", nil)
	var v decisionlog.VerifyResult
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || w.Code != http.StatusOK {
		t.Fatalf("verify: %d %s", w.Code, w.Body)
	}
	return v
}

func rootOf(t *testing.T, c *decisionlog.SignedCheckpoint) tlog.Hash {
	t.Helper()
	h, err := c.RootHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}
