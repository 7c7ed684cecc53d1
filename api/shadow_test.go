package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"greencredit/lifecycle"
	"greencredit/reports"
	"greencredit/shadow"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestShadowEvaluation (issue 25): with a candidate in shadow a screening's answer and record are
// what they are without one; each screening is evaluated under the shadow after its answer and
// the report counts what a hand count of the screenings says (transitions, reason codes added, by
// branch and division, the changed decisions), through JSON, CSV and XLSX; /metrics counts the
// transitions; a second shadow, a shadow of the active revision, and ending none are refused;
// DELETE ends it.
func TestShadowEvaluation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		freshPolicy(t, s, lifecycle.Config{Dir: "../rego", Poll: time.Hour, TwoPerson: true})
		runner := shadow.New(store, s.Policies.(*lifecycle.Manager), shadow.Config{Queue: 64, Poll: time.Hour,
			OnResult: s.Metrics.ObserveShadow, OnSkip: s.Metrics.ShadowSkipped})
		if err := runner.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(runner.Stop)
		s.Shadow = runner
		at := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
		screeningOf(s).Clock = func() time.Time { return at }
		h := NewRouter(s)
		active := s.Policy.Active()
		cand := candidate(t, nil) // road transport (G54) on the high-energy list: two-high-one-surplus
		if w := do(t, h, http.MethodPost, "/v1/policy/bundles", tgz(t, cand), append(as("risk-1"), "Content-Type", "application/gzip")...); w.Code != http.StatusCreated {
			t.Fatalf("store the candidate: %d %s", w.Code, w.Body)
		}
		road := func(m map[string]any) {
			applicant(m)["industry_code"] = "G5411"
			m["branch_id"] = "YY-RD"
		}
		record := func(id string) storage.Decision {
			var d storage.Decision
			if err := store.DB.Where("decision_id = ?", id).Take(&d).Error; err != nil {
				t.Fatal(err)
			}
			return d
		}
		without := screenAs(t, h, "officer-a", road)

		start := func(body string) (int, string) {
			w := do(t, h, http.MethodPost, "/v1/policy/shadow", []byte(body), as("risk-1")...)
			return w.Code, w.Body.String()
		}
		if code, body := start(`{"digest": "` + active.Digest + `"}`); code != http.StatusConflict || !strings.Contains(body, "shadow_is_active") {
			t.Fatalf("shadowing the active revision: %d %s", code, body)
		}
		if code, body := start(`{"digest": "` + cand.Digest() + `", "until": "2020-01-01T00:00:00Z"}`); code != http.StatusBadRequest || !strings.Contains(body, `"until"`) {
			t.Fatalf("until in the past: %d %s", code, body)
		}
		if code, body := start(`{"digest": "` + cand.Digest() + `"}`); code != http.StatusCreated || runner.Digest() != cand.Digest() {
			t.Fatalf("start: %d %s", code, body)
		}
		if code, body := start(`{"digest": "` + cand.Digest() + `"}`); code != http.StatusConflict || !strings.Contains(body, "shadow_on") {
			t.Fatalf("a second shadow: %d %s", code, body)
		}

		// The same application with the shadow on: the same answer and record.
		with := screenAs(t, h, "officer-a", road)
		r1, r2 := record(with["decision_id"].(string)), record(without["decision_id"].(string))
		delete(with, "decision_id")
		delete(without, "decision_id")
		a, _ := json.Marshal(with)
		b, _ := json.Marshal(without)
		if string(a) != string(b) {
			t.Fatalf("the answer with a shadow on:\n %s\nwithout:\n %s", a, b)
		}
		if r1.Reasons != r2.Reasons || r1.Request != r2.Request || r1.Input != r2.Input || r1.Result != r2.Result || r1.ReasonCodes != r2.ReasonCodes ||
			r1.PolicyDigest != r2.PolicyDigest || r1.Outcome != "approve" || !bytes.Equal(r1.Body, r2.Body) {
			t.Fatalf("the record with a shadow on:\n %+v\nwithout:\n %+v", r1, r2)
		}
		// Hand count: road × 3 (approve → refer, THOS_ADMISSION_REVIEW added), cement × 1 (refer,
		// unchanged), farm × 1 (approve, unchanged).
		screenAs(t, h, "officer-a", road)
		screenAs(t, h, "officer-a", road)
		screenAs(t, h, "officer-a", nil)
		screenAs(t, h, "officer-a", func(m map[string]any) { applicant(m)["industry_code"] = "A0111" })
		deadline := time.Now().Add(20 * time.Second)
		for {
			n, _ := store.CountShadowResults(context.Background(), cand.Digest())
			if n == 5 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d shadow results, want 5", n)
			}
			time.Sleep(20 * time.Millisecond)
		}
		w := do(t, h, http.MethodGet, "/v1/policy/shadow/report?digest="+cand.Digest()+"&from=2026-12-06T00:00:00Z&to=2026-12-07T00:00:00Z", nil, as("comp")...)
		var rep reports.ShadowReport
		if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil || w.Code != http.StatusOK {
			t.Fatalf("report: %d %s", w.Code, w.Body)
		}
		want := reports.ShadowReport{Evaluated: 5, Changed: 3,
			Transitions:  []reports.Transition{{From: "approve", To: "approve", Decisions: 1}, {From: "approve", To: "refer", Decisions: 3}, {From: "refer", To: "refer", Decisions: 1}},
			CodesAdded:   []reports.CodeCount{{Code: "THOS_ADMISSION_REVIEW", Decisions: 3}},
			CodesRemoved: []reports.CodeCount{}, Green: []reports.Transition{},
			ByBranch: []reports.KeyedTransition{{Key: "YY-LC-01", Transition: reports.Transition{From: "approve", To: "approve", Decisions: 1}},
				{Key: "YY-LC-01", Transition: reports.Transition{From: "refer", To: "refer", Decisions: 1}},
				{Key: "YY-RD", Transition: reports.Transition{From: "approve", To: "refer", Decisions: 3}}},
			ByDivision: []reports.KeyedTransition{{Key: "A01", Transition: reports.Transition{From: "approve", To: "approve", Decisions: 1}},
				{Key: "C30", Transition: reports.Transition{From: "refer", To: "refer", Decisions: 1}},
				{Key: "G54", Transition: reports.Transition{From: "approve", To: "refer", Decisions: 3}}}}
		got := rep
		got.Digest, got.From, got.To, got.ChangedDecisions, got.NextCursor = "", "", "", nil, ""
		if gb, wb := toJSON(got), toJSON(want); gb != wb {
			t.Fatalf("report:\n got  %s\n want %s", gb, wb)
		}
		if len(rep.ChangedDecisions) != 3 || rep.ChangedDecisions[0].ShadowOutcome != "refer" || rep.ChangedDecisions[0].Added[0] != "THOS_ADMISSION_REVIEW" {
			t.Fatalf("changed decisions: %+v", rep.ChangedDecisions)
		}
		// Paged: two, then the third.
		w = do(t, h, http.MethodGet, "/v1/policy/shadow/report?digest="+cand.Digest()+"&from=2026-12-06T00:00:00Z&to=2026-12-07T00:00:00Z&limit=2", nil, as("comp")...)
		var page1 reports.ShadowReport
		_ = json.Unmarshal(w.Body.Bytes(), &page1)
		w = do(t, h, http.MethodGet, "/v1/policy/shadow/report?digest="+cand.Digest()+"&from=2026-12-06T00:00:00Z&to=2026-12-07T00:00:00Z&limit=2&cursor="+page1.NextCursor, nil, as("comp")...)
		var page2 reports.ShadowReport
		_ = json.Unmarshal(w.Body.Bytes(), &page2)
		w = do(t, h, http.MethodGet, "/v1/policy/shadow/report?digest="+cand.Digest()+"&from=2026-12-06T00:00:00Z&to=2026-12-07T00:00:00Z&limit=3", nil, as("comp")...)
		var whole reports.ShadowReport
		_ = json.Unmarshal(w.Body.Bytes(), &whole)
		if len(page1.ChangedDecisions) != 2 || page1.NextCursor == "" || len(page2.ChangedDecisions) != 1 || page2.NextCursor != "" ||
			page2.ChangedDecisions[0].DecisionID == page1.ChangedDecisions[1].DecisionID || len(whole.ChangedDecisions) != 3 || whole.NextCursor != "" {
			t.Fatalf("pages: %+v / %+v", page1.ChangedDecisions, page2.ChangedDecisions)
		}
		s.Keys = nil
		checkFormats(t, NewRouter(s), "/v1/policy/shadow/report?digest="+cand.Digest()+"&from=2026-12-06T00:00:00Z&to=2026-12-07T00:00:00Z", reports.ShadowTables, rep.Tables())
		s.Keys = reviewKeys(t)
		h = NewRouter(s)
		if m := do(t, h, http.MethodGet, "/metrics", nil).Body.String(); !strings.Contains(m, `greencredit_shadow_evaluations_total{transition="approve→refer"} 3`) {
			t.Fatalf("metrics: %s", m)
		}
		if w := do(t, h, http.MethodDelete, "/v1/policy/shadow", nil, as("risk-2")...); w.Code != http.StatusOK || runner.Digest() != "" {
			t.Fatalf("end: %d %s", w.Code, w.Body)
		}
		if w := do(t, h, http.MethodDelete, "/v1/policy/shadow", nil, as("risk-2")...); w.Code != http.StatusNotFound {
			t.Fatalf("end none: %d %s", w.Code, w.Body)
		}
	})
}
