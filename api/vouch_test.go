package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"greencredit/decisionlog"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestUnvouchedRecordRefused (issue 27): a decision an insider inserted past its chain's signed
// head — approving, hashed with the documented algorithm — is not served, reviewed or booked on:
// 409 record_unvouched, with the head left in place and with the head moved; the genuine decision
// before it still is.
func TestUnvouchedRecordRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		h := NewRouter(s)
		genuine := screenAs(t, h, "officer-a", func(m map[string]any) { applicant(m)["industry_code"] = "A0111" })
		var d storage.Decision
		if err := store.DB.Where("decision_id = ?", genuine["decision_id"]).Take(&d).Error; err != nil {
			t.Fatal(err)
		}
		var head storage.DecisionChain
		store.DB.Where("chain_id = ?", d.ChainID).Take(&head)
		forged := d
		id, _ := uuid.NewV7()
		forged.ID, forged.DecisionID, forged.Seq, forged.PrevHash = 0, id.String(), head.Seq+1, head.Hash
		forged.Outcome, forged.Stance = "approve", "support"
		forged.Hash = decisionlog.Hash(&forged)
		if err := store.DB.Create(&forged).Error; err != nil {
			t.Fatal(err)
		}
		refused := func(when string) {
			t.Helper()
			if w := do(t, h, http.MethodGet, "/v1/decisions/"+forged.DecisionID, nil, as("comp")...); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "record_unvouched") {
				t.Errorf("%s: GET the forged decision: %d %s", when, w.Code, w.Body)
			}
			body, _ := json.Marshal(map[string]any{"decision_id": forged.DecisionID, "customer_id": forged.CustomerID, "branch_id": forged.BranchID,
				"industry_code": forged.IndustryCode, "balance": "1000.00", "as_of": "2026-11-30"})
			if w := do(t, h, http.MethodPut, "/v1/loans/FORGED-1", body, as("officer-a")...); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "record_unvouched") {
				t.Errorf("%s: a loan booked on the forged decision: %d %s", when, w.Code, w.Body)
			}
			if code, m := reviewAs(t, h, "rev-1", forged.DecisionID, `{"action":"decline","rationale":"x"}`); code != http.StatusConflict || errCode(m) != "record_unvouched" {
				t.Errorf("%s: a review of the forged decision: %d %v", when, code, m)
			}
			var n int64
			store.DB.Model(&storage.Loan{}).Where("loan_id = 'FORGED-1'").Count(&n)
			if n != 0 {
				t.Errorf("%s: the loan was booked", when)
			}
		}
		refused("past the head")
		store.DB.Model(&storage.DecisionChain{}).Where("chain_id = ?", d.ChainID).Updates(map[string]any{"seq": forged.Seq, "hash": forged.Hash})
		// A fresh server (no head checked yet in its cache) after the head was moved.
		_, s2 := newTestServer(t, store)
		s2.Keys = reviewKeys(t)
		h = NewRouter(s2)
		refused("with the head moved")
		if w := do(t, h, http.MethodGet, "/v1/decisions/"+d.DecisionID, nil, as("comp")...); w.Code != http.StatusConflict {
			// The genuine decision's chain head is no longer one the service signed: refused too,
			// until the incident is dealt with.
			t.Errorf("the genuine decision on a chain whose head was moved: %d %s", w.Code, w.Body)
		}
	})
}
