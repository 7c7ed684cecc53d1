package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"greencredit/decisionlog"
	"greencredit/lifecycle"
	"greencredit/review"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// reviewKeys: an officer, one principal that is both officer and reviewer, two reviewers, two
// risk principals, compliance and an admin; each key's text is its name.
func reviewKeys(t testing.TB) Keys {
	t.Helper()
	var b strings.Builder
	b.WriteString("[")
	for i, k := range [][2]string{{"officer-a", `"officer"`}, {"dual", `"officer","reviewer"`}, {"rev-1", `"reviewer"`},
		{"rev-2", `"reviewer"`}, {"risk-1", `"risk"`}, {"risk-2", `"risk"`}, {"comp", `"compliance"`}, {"admin-1", `"admin"`}} {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"name": "` + k[0] + `", "roles": [` + k[1] + `], "key_sha256": "` + HashKey(k[0]) + `"}`)
	}
	b.WriteString("]")
	keys, err := ParseKeys([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func as(who string) []string { return []string{"Authorization", "Bearer " + who} }

// screenAs screens an application as who and returns the answer.
func screenAs(t *testing.T, h http.Handler, who string, edit func(m map[string]any)) map[string]any {
	t.Helper()
	w := do(t, h, http.MethodPost, "/v1/screenings", application(edit), as(who)...)
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || w.Code != http.StatusCreated {
		t.Fatalf("screen: %d %s", w.Code, w.Body)
	}
	return m
}

func reviewAs(t *testing.T, h http.Handler, who, decisionID, body string) (int, map[string]any) {
	t.Helper()
	w := do(t, h, http.MethodPost, "/v1/decisions/"+decisionID+"/reviews", []byte(body), as(who)...)
	var m map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &m)
	return w.Code, m
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func getDecisionAs(t *testing.T, h http.Handler, who, id string) DecisionRecord {
	t.Helper()
	w := do(t, h, http.MethodGet, "/v1/decisions/"+id, nil, as(who)...)
	var r DecisionRecord
	if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || w.Code != http.StatusOK {
		t.Fatalf("get decision: %d %s", w.Code, w.Body)
	}
	return r
}

// declinedWithException: a red-graded cement maker's new loan, declined as ENV_RED_NEW and
// THOS_POOR_QUALITY, both of which EX_POLLUTION_CONTROL covers.
func declinedWithException(m map[string]any) {
	applicant(m)["env_credit_rating"] = "red"
	applicant(m)["customer_id"] = "C-RED"
	m["application_id"] = "APP-RED"
}

// loanFor is a loan report on a decision made today, as of today (China Standard Time): a loan
// booked on a decision is reported from the decision's date on.
func loanFor(customer, code, balance string, decisionID string) []byte {
	b, _ := json.Marshal(map[string]any{"decision_id": decisionID, "customer_id": customer, "branch_id": "YY-LC-01",
		"industry_code": code, "balance": balance, "as_of": decisionlog.BankDate(time.Now())})
	return b
}

// TestReviewAndOverrideFlow: a referral approved by a reviewer; self-review refused; a decline
// overridden with an exception code and confirmed by a second, different reviewer; bookings
// refused against declined, open, pending and mismatching decisions and taken on approved ones;
// the queue, the final outcome in the record and listing, the report, and verify covering the
// reviews.
func TestReviewAndOverrideFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		s.SettleWindow = time.Nanosecond
		h := NewRouter(s)

		refer := screenAs(t, h, "officer-a", nil)
		referID := refer["decision_id"].(string)
		if refer["outcome"] != "refer" {
			t.Fatalf("fixture: %v", refer["outcome"])
		}
		// Booking on an open referral is refused.
		w := do(t, h, http.MethodPut, "/v1/loans/L-REF", loanFor("C000123", "C3011", "100.00", referID), as("officer-a")...)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"decision_not_approved"`) {
			t.Fatalf("booking on an open referral: %d %s", w.Code, w.Body)
		}
		// The queue lists it.
		w = do(t, h, http.MethodGet, "/v1/reviews?state=open", nil, as("rev-1")...)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), referID) {
			t.Fatalf("queue: %d %s", w.Code, w.Body)
		}
		for query, listed := range map[string]bool{"reason_code=THOS_ADMISSION_REVIEW": true, "reason_code=REAL_ESTATE_LIMIT": false,
			"min_age_hours=0": true, "min_age_hours=1": false, "branch_id=YY-LC-01": true, "branch_id=YY-OTHER": false} {
			w = do(t, h, http.MethodGet, "/v1/reviews?state=open&"+query, nil, as("rev-1")...)
			if w.Code != http.StatusOK || strings.Contains(w.Body.String(), referID) != listed {
				t.Fatalf("queue with %s: listed=%v, %d %s", query, !listed, w.Code, w.Body)
			}
		}
		// The requester may not review its own screening.
		own := screenAs(t, h, "dual", func(m map[string]any) { m["application_id"] = "APP-DUAL" })
		if code, m := reviewAs(t, h, "dual", own["decision_id"].(string), `{"action":"approve","rationale":"mine"}`); code != http.StatusForbidden || errCode(m) != "self_review" {
			t.Fatalf("self-review: %d %v", code, m)
		}
		// A rationale is required; every bad field is named.
		if code, m := reviewAs(t, h, "rev-1", referID, `{"action":"maybe","conditions":[""]}`); code != http.StatusBadRequest ||
			!strings.Contains(toJSON(m), `"action"`) || !strings.Contains(toJSON(m), `"rationale"`) || !strings.Contains(toJSON(m), `conditions[0]`) {
			t.Fatalf("bad review: %d %v", code, m)
		}
		code, m := reviewAs(t, h, "rev-1", referID, `{"action":"approve","rationale":"site visit done; cement line upgraded","conditions":["quarterly environmental report"]}`)
		if code != http.StatusCreated || m["final_outcome"] != "approve" || m["review_state"] != "closed" {
			t.Fatalf("approve a referral: %d %v", code, m)
		}
		if code, m := reviewAs(t, h, "rev-2", referID, `{"action":"approve","rationale":"again"}`); code != http.StatusConflict || errCode(m) != "already_approved" {
			t.Fatalf("approving twice: %d %v", code, m)
		}
		rec := getDecisionAs(t, h, "comp", referID)
		if rec.Outcome != "refer" || rec.FinalOutcome != "approve" || rec.ReviewedBy != "rev-1" || rec.ReviewedAt == nil ||
			len(rec.Reviews) != 1 || rec.Reviews[0].Conditions[0] != "quarterly environmental report" {
			t.Fatalf("the record after review: %+v", rec)
		}
		// Booking binds: the customer must be the one screened; then it books.
		w = do(t, h, http.MethodPut, "/v1/loans/L-REF", loanFor("C-OTHER", "C3011", "100.00", referID), as("officer-a")...)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"decision_mismatch"`) || !strings.Contains(w.Body.String(), `customer_id`) {
			t.Fatalf("booking for another customer: %d %s", w.Code, w.Body)
		}
		w = do(t, h, http.MethodPut, "/v1/loans/L-REF", loanFor("C000123", "C3012", "100.00", referID), as("officer-a")...)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `industry_code`) {
			t.Fatalf("booking under another industry code: %d %s", w.Code, w.Body)
		}
		if w = do(t, h, http.MethodPut, "/v1/loans/L-REF", loanFor("C000123", "C3011", "100.00", referID), as("officer-a")...); w.Code != http.StatusOK {
			t.Fatalf("booking on the approved referral: %d %s", w.Code, w.Body)
		}

		// An override of a decline: exception code required and applicable, then four eyes.
		dec := screenAs(t, h, "officer-a", declinedWithException)
		decID := dec["decision_id"].(string)
		if dec["outcome"] != "decline" {
			t.Fatalf("fixture: %v", dec)
		}
		w = do(t, h, http.MethodPut, "/v1/loans/L-RED", loanFor("C-RED", "C3011", "100.00", decID), as("officer-a")...)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"decision_not_approved"`) {
			t.Fatalf("booking on a declined decision: %d %s", w.Code, w.Body)
		}
		if code, m := reviewAs(t, h, "rev-1", decID, `{"action":"approve","rationale":"x"}`); code != http.StatusBadRequest || !strings.Contains(toJSON(m), "exception_code") {
			t.Fatalf("an override without an exception code: %d %v", code, m)
		}
		if code, m := reviewAs(t, h, "rev-1", decID, `{"action":"approve","exception_code":"EX_THOS_CAP_STRATEGIC","rationale":"x"}`); code != http.StatusBadRequest ||
			!strings.Contains(toJSON(m), "does not cover") {
			t.Fatalf("an exception that does not cover the declines: %d %v", code, m)
		}
		code, m = reviewAs(t, h, "rev-1", decID, `{"action":"approve","exception_code":"EX_POLLUTION_CONTROL","rationale":"desulphurisation retrofit under an accepted plan"}`)
		if code != http.StatusCreated || m["review_state"] != "pending_second_approval" || m["final_outcome"] != "decline" {
			t.Fatalf("override proposed: %d %v", code, m)
		}
		w = do(t, h, http.MethodPut, "/v1/loans/L-RED", loanFor("C-RED", "C3011", "100.00", decID), as("officer-a")...)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "pending_second_approval") {
			t.Fatalf("booking on a pending override: %d %s", w.Code, w.Body)
		}
		if code, m := reviewAs(t, h, "rev-1", decID, `{"action":"confirm","rationale":"me again"}`); code != http.StatusForbidden || errCode(m) != "four_eyes" {
			t.Fatalf("the first reviewer confirmed its own override: %d %v", code, m)
		}
		w = do(t, h, http.MethodGet, "/v1/reviews?state=pending_second_approval", nil, as("rev-2")...)
		if !strings.Contains(w.Body.String(), decID) || !strings.Contains(w.Body.String(), `"first_reviewer":"rev-1"`) {
			t.Fatalf("pending queue: %s", w.Body)
		}
		code, m = reviewAs(t, h, "rev-2", decID, `{"action":"confirm","rationale":"plan checked with the county environmental bureau"}`)
		if code != http.StatusCreated || m["final_outcome"] != "approve" || m["review_state"] != "closed" {
			t.Fatalf("override confirmed: %d %v", code, m)
		}
		if w = do(t, h, http.MethodPut, "/v1/loans/L-RED", loanFor("C-RED", "C3011", "100.00", decID), as("officer-a")...); w.Code != http.StatusOK {
			t.Fatalf("booking on a confirmed override: %d %s", w.Code, w.Body)
		}
		// A decline of an approved decision (found on a site visit) is a review too.
		ok := screenAs(t, h, "officer-a", func(m map[string]any) {
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["customer_id"] = "C-FARM"
			m["application_id"] = "APP-FARM"
		})
		if ok["outcome"] != "approve" {
			t.Fatalf("fixture: %v", ok)
		}
		if code, m := reviewAs(t, h, "rev-2", ok["decision_id"].(string), `{"action":"decline","rationale":"site visit: no orchard"}`); code != http.StatusCreated || m["final_outcome"] != "decline" {
			t.Fatalf("declining an approval: %d %v", code, m)
		}
		w = do(t, h, http.MethodPut, "/v1/loans/L-FARM", loanFor("C-FARM", "A0111", "100.00", ok["decision_id"].(string)), as("officer-a")...)
		if w.Code != http.StatusConflict {
			t.Fatalf("booking on a decision declined on review: %d %s", w.Code, w.Body)
		}

		// Listings filter and show the final outcome; the CSV carries it.
		w = do(t, h, http.MethodGet, "/v1/decisions?final_outcome=approve&review_state=closed", nil, as("comp")...)
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, referID) || !strings.Contains(body, decID) || strings.Contains(body, ok["decision_id"].(string)) {
			t.Fatalf("final_outcome filter: %d %s", w.Code, body)
		}
		w = do(t, h, http.MethodGet, "/v1/decisions?reviewed_by=rev-2&format=csv", nil, as("comp")...)
		if !strings.Contains(w.Body.String(), "final_outcome,review_state,reviewed_by,reviewed_at") || !strings.Contains(w.Body.String(), ",decline,closed,rev-2,") {
			t.Fatalf("CSV: %s", w.Body)
		}
		// Compliance's report: overrides by exception code, as JSON and CSV.
		w = do(t, h, http.MethodGet, "/v1/reviews/report?overrides=true", nil, as("comp")...)
		var rep struct {
			Total int                       `json:"total"`
			By    map[string]map[string]int `json:"by"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil || rep.Total != 2 || rep.By["exception_code"]["EX_POLLUTION_CONTROL"] != 2 ||
			rep.By["reviewer"]["rev-1"] != 1 || rep.By["reviewer"]["rev-2"] != 1 {
			t.Fatalf("report: %d %s", w.Code, w.Body)
		}
		w = do(t, h, http.MethodGet, "/v1/reviews/report?format=csv&reviewer=rev-1", nil, as("comp")...)
		if lines := strings.Count(w.Body.String(), "\n"); w.Code != http.StatusOK || lines != 3 || !strings.Contains(w.Body.String(), "EX_POLLUTION_CONTROL") {
			t.Fatalf("report CSV (%d lines): %s", lines, w.Body)
		}
		// Verify recomputes the review chain.
		v := verifyAs(t, h)
		if !v.OK || v.ReviewsChecked != 4 {
			t.Fatalf("verify: %+v", v)
		}
		// The open-review metric.
		w = do(t, h, http.MethodGet, "/metrics", nil)
		if !strings.Contains(w.Body.String(), "greencredit_reviews_open 1") {
			t.Fatalf("metrics lack the open reviews (the dual principal's referral): %s", grepLines(w.Body.String(), "reviews"))
		}
		if age := grepLines(w.Body.String(), "greencredit_reviews_oldest_open_age_seconds "); age == "" || strings.HasSuffix(age, " 0") {
			t.Fatalf("the oldest open review's age: %q", age)
		}
		// A booked loan whose decision is declined on review afterwards is listed for compliance.
		if code, m := reviewAs(t, h, "rev-2", referID, `{"action":"decline","rationale":"covenant breached after booking"}`); code != http.StatusCreated {
			t.Fatalf("declining the booked referral: %d %v", code, m)
		}
		w = do(t, h, http.MethodGet, "/v1/loans/exceptions", nil, as("comp")...)
		if !strings.Contains(w.Body.String(), `"loan_id":"L-REF"`) || !strings.Contains(w.Body.String(), `"decision_not_approved"`) {
			t.Fatalf("loan exceptions: %s", w.Body)
		}
	})
}

func toJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func verifyAs(t *testing.T, h http.Handler) decisionlog.VerifyResult {
	t.Helper()
	w := do(t, h, http.MethodGet, "/v1/decisions/verify", nil, as("comp")...)
	var v decisionlog.VerifyResult
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil || w.Code != http.StatusOK {
		t.Fatalf("verify: %d %s", w.Code, w.Body)
	}
	return v
}

// TestConcurrentReviews: two reviewers approving one referral at once — one wins, the other
// gets a clear 409; the chain stays whole.
func TestConcurrentReviews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		h := NewRouter(s)
		for round := 0; round < 5; round++ {
			id := screenAs(t, h, "officer-a", func(m map[string]any) { m["application_id"] = "APP-C" + string(rune('0'+round)) })["decision_id"].(string)
			codes := make([]int, 2)
			var wg sync.WaitGroup
			for i, who := range []string{"rev-1", "rev-2"} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i], _ = reviewAs(t, h, who, id, `{"action":"approve","rationale":"ok"}`)
				}()
			}
			wg.Wait()
			if !(codes[0] == http.StatusCreated && codes[1] == http.StatusConflict) && !(codes[1] == http.StatusCreated && codes[0] == http.StatusConflict) {
				t.Fatalf("round %d: %v, want one 201 and one 409", round, codes)
			}
		}
		if v := verifyAs(t, h); !v.OK || v.ReviewsChecked != 5 {
			t.Fatalf("verify: %+v", v)
		}
	})
}

// TestVerifyCatchesTamperedReviews: an edited review, a deleted newest review and a status row
// that disagrees with its review are each reported on the review chain.
func TestVerifyCatchesTamperedReviews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		h := NewRouter(s)
		var ids []string
		for i := 0; i < 3; i++ {
			id := screenAs(t, h, "officer-a", func(m map[string]any) { m["application_id"] = "APP-T" + string(rune('0'+i)) })["decision_id"].(string)
			if code, m := reviewAs(t, h, "rev-1", id, `{"action":"decline","rationale":"weak collateral"}`); code != http.StatusCreated {
				t.Fatalf("review: %d %v", code, m)
			}
			ids = append(ids, id)
		}
		if v := verifyAs(t, h); !v.OK {
			t.Fatalf("clean: %+v", v)
		}
		ctx := context.Background()
		tamper := func(what string, do, undo func() error) {
			t.Helper()
			if err := do(); err != nil {
				t.Fatal(err)
			}
			v := verifyAs(t, h)
			if v.OK || v.ChainID != storage.ReviewChainID {
				t.Fatalf("%s not caught: %+v", what, v)
			}
			if err := undo(); err != nil {
				t.Fatal(err)
			}
			if v := verifyAs(t, h); !v.OK {
				t.Fatalf("after undoing %s: %+v", what, v)
			}
		}
		db := store.DB.WithContext(ctx)
		tamper("an edited rationale", func() error {
			return db.Model(&storage.Review{}).Where("seq = 2").Update("rationale", "strong collateral").Error
		}, func() error {
			return db.Model(&storage.Review{}).Where("seq = 2").Update("rationale", "weak collateral").Error
		})
		tamper("an edited final outcome in the status index", func() error {
			return db.Model(&storage.DecisionStatus{}).Where("decision_id = ?", ids[0]).Update("final_outcome", "approve").Error
		}, func() error {
			return db.Model(&storage.DecisionStatus{}).Where("decision_id = ?", ids[0]).Update("final_outcome", "decline").Error
		})
		var last storage.Review
		if err := db.Where("seq = 3").Take(&last).Error; err != nil {
			t.Fatal(err)
		}
		tamper("a deleted newest review", func() error {
			return db.Where("seq = 3").Delete(&storage.Review{}).Error
		}, func() error { return db.Create(&last).Error })
	})
}

// TestTwoPersonPolicyChange: with two-person changes an upload is pending, a single-person
// activation is refused, the uploader cannot approve, a second risk principal approves, and the
// activation records both names.
func TestTwoPersonPolicyChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		freshPolicy(t, s, lifecycle.Config{Dir: "../rego", Poll: time.Hour, TwoPerson: true})
		h := NewRouter(s)
		active := s.Policy.Active().Digest
		cand := candidate(t, nil)
		w := do(t, h, http.MethodPost, "/v1/policy/bundles", tgz(t, cand), append(as("risk-1"), "Content-Type", "application/gzip")...)
		if w.Code != http.StatusCreated || !strings.Contains(w.Body.String(), `"pending_approval":true`) || s.Policy.Active().Digest != active {
			t.Fatalf("upload: %d %s", w.Code, w.Body)
		}
		activate := []byte(`{"digest":"` + cand.Digest() + `"}`)
		if w := do(t, h, http.MethodPost, "/v1/policy/activate", activate, as("risk-1")...); w.Code != http.StatusConflict ||
			!strings.Contains(w.Body.String(), "revision_not_approved") {
			t.Fatalf("single-person activation: %d %s", w.Code, w.Body)
		}
		approve := "/v1/policy/revisions/" + cand.Digest() + "/approve"
		if w := do(t, h, http.MethodPost, approve, nil, as("risk-1")...); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "four_eyes") {
			t.Fatalf("the uploader approved: %d %s", w.Code, w.Body)
		}
		if w := do(t, h, http.MethodPost, approve, nil, as("risk-2")...); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"approved_by":"risk-2"`) {
			t.Fatalf("approval: %d %s", w.Code, w.Body)
		}
		if w := do(t, h, http.MethodPost, "/v1/policy/activate", activate, as("risk-1")...); w.Code != http.StatusOK {
			t.Fatalf("activation: %d %s", w.Code, w.Body)
		}
		w = do(t, h, http.MethodGet, "/v1/policy", nil, as("risk-1")...)
		if !strings.Contains(w.Body.String(), `"activated_by":"risk-1"`) || !strings.Contains(w.Body.String(), `"approved_by":"risk-2"`) {
			t.Fatalf("policy: %s", w.Body)
		}
		var n int64
		store.DB.Model(&storage.AuditEvent{}).Where("action IN ?", []string{"policy.upload", "policy.approve", "policy.activate"}).Count(&n)
		if n != 3 {
			t.Fatalf("%d audit events for upload, approval and activation", n)
		}
	})
}

// TestGreenOverrideAuditedAndListed: a loan booked with a green classification other than its
// decision's needs a reason, is audited with who and why, and is listed as an exception; so is a
// loan reported without a decision after the book was declared complete.
func TestGreenOverrideAuditedAndListed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		decidedOn(s, "2026-11-01")
		farm := screenOK(t, h, func(m map[string]any) {
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["customer_id"] = "C-F"
		})
		body := func(extra string) []byte {
			return []byte(`{"decision_id":"` + farm.DecisionID + `","customer_id":"C-F","branch_id":"YY-LC-01","industry_code":"A0111","balance":"100.00","as_of":"2026-11-30","green":true,"green_category":"1.1.1","green_category_version":"2025"` + extra + `}`)
		}
		if w := do(t, h, http.MethodPut, "/v1/loans/L-G", body("")); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "green_reason") {
			t.Fatalf("a green override without a reason: %d %s", w.Code, w.Body)
		}
		if w := do(t, h, http.MethodPut, "/v1/loans/L-G", body(`,"green_reason":"certified energy-saving irrigation"`)); w.Code != http.StatusOK {
			t.Fatalf("a green override with a reason: %d %s", w.Code, w.Body)
		}
		var ev storage.AuditEvent
		if err := store.DB.Where("action = ?", "loan.green_override").Take(&ev).Error; err != nil || ev.Actor != "dev" ||
			!strings.Contains(ev.Detail, "certified energy-saving irrigation") {
			t.Fatalf("audit: %+v %v", ev, err)
		}
		// Above the amount screened (5,000,000.00).
		putLoanOK(t, h, "L-BIG", loanBody("C-F", "YY-LC-01", "A0111", "6000000.00", "2026-11-30", "decision_id", farm.DecisionID))
		putLoanOK(t, h, "L-OLD", loanBody("C-O", "YY-LC-01", "A0111", "50.00", "2026-10-31"))
		if w := do(t, h, http.MethodPut, "/v1/portfolio/book", []byte(`{"complete":true,"as_of":"2026-10-31"}`)); w.Code != http.StatusOK {
			t.Fatal(w.Body)
		}
		putLoanOK(t, h, "L-NEW", loanBody("C-N", "YY-LC-01", "A0111", "50.00", "2026-11-30"))
		w := do(t, h, http.MethodGet, "/v1/loans/exceptions", nil)
		var page struct {
			Exceptions []LoanExceptionView `json:"exceptions"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil || w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		got := map[string]string{}
		for _, e := range page.Exceptions {
			got[e.LoanID] = strings.Join(e.Kinds, ",")
		}
		if got["L-G"] != "green_differs" || got["L-NEW"] != "no_decision" || got["L-OLD"] != "" || got["L-BIG"] != "balance_over_decision" {
			t.Fatalf("exceptions %v", got)
		}
	})
}

// TestReviewStateFromTheChain: the state a review starts from is read from the review chain, not
// from the status index: an index row forged to say "pending second approval" does not let anyone
// confirm an override nobody proposed; and a review appended behind the rules (an insider with the
// project's own code) is reported by verify.
func TestReviewStateFromTheChain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		h := NewRouter(s)
		dec := screenAs(t, h, "officer-a", declinedWithException)
		id := dec["decision_id"].(string)
		var d storage.Decision
		if err := store.DB.Where("decision_id = ?", id).Take(&d).Error; err != nil {
			t.Fatal(err)
		}
		if err := store.DB.Create(&storage.DecisionStatus{DecisionID: id, BranchID: d.BranchID, Outcome: d.Outcome, DecidedAt: d.DecidedAt,
			State: storage.ReviewPendingSecond, FinalOutcome: "decline", ReviewedBy: "ghost", ReviewedAt: time.Now().UTC(),
			FirstReviewer: "ghost", ExceptionCode: "EX_POLLUTION_CONTROL"}).Error; err != nil {
			t.Fatal(err)
		}
		if code, m := reviewAs(t, h, "rev-1", id, `{"action":"confirm","rationale":"looks pending"}`); code != http.StatusConflict || errCode(m) != "nothing_to_confirm" {
			t.Fatalf("a confirmation on a forged index: %d %v", code, m)
		}
		store.DB.Where("decision_id = ?", id).Delete(&storage.DecisionStatus{})
		// A confirmation nobody could make, appended with the project's own code and the service's
		// key (a fault of the service, not an insider, who has no key: see decisionlog's tests):
		// verification replays the review rules and reports it.
		if _, _, err := review.Append(context.Background(), store, testSigningKeys(t), &d, func(cur review.State) (review.State, *storage.Review, error) {
			return review.State{State: storage.ReviewClosed, Final: "approve", Steps: cur.Steps + 1},
				&storage.Review{Action: storage.ReviewConfirm, Conditions: "[]", Rationale: "forged", Reviewer: "ghost"}, nil
		}); err != nil {
			t.Fatal(err)
		}
		if v := verifyAs(t, h); v.OK || v.Check != decisionlog.CheckReviewStatus {
			t.Fatalf("a review behind the rules: %+v", v)
		}
	})
}
