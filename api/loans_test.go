package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"greencredit/decisionlog"
	"greencredit/portfolio"
	"greencredit/screening"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

func putLoanOK(t *testing.T, h http.Handler, id string, body map[string]any) LoanView {
	t.Helper()
	b, _ := json.Marshal(body)
	w := do(t, h, http.MethodPut, "/v1/loans/"+id, b)
	if w.Code != http.StatusOK {
		t.Fatalf("PUT /v1/loans/%s: %d %s", id, w.Code, w.Body)
	}
	var v LoanView
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func loanBody(customer, branch, code, balance, asOf string, extra ...any) map[string]any {
	m := map[string]any{"customer_id": customer, "branch_id": branch, "industry_code": code, "balance": balance, "as_of": asOf}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

func getShare(t *testing.T, h http.Handler, query string) portfolio.GreenShare {
	t.Helper()
	w := do(t, h, http.MethodGet, "/v1/portfolio/green-share?"+query, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("green-share?%s: %d %s", query, w.Code, w.Body)
	}
	var v portfolio.GreenShare
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestGreenShareHandComputed: a small book on two branches, updated on several dates, with
// a closed loan and a late report of an earlier date, gives the shares and gaps worked out
// by hand.
func TestGreenShareHandComputed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		decidedOn(s, "2026-01-15")
		// A green decision for branch B's loan to inherit (a loan binds to its decision's customer,
		// branch and industry code).
		dec := screenOK(t, h, func(m map[string]any) {
			applicant(m)["industry_code"] = "G5411"
			applicant(m)["customer_id"] = "C3"
			m["branch_id"] = "YY-B"
			loan(m)["green_category"] = "6.2.6"
		})
		if !dec.Green {
			t.Fatal("fixture: the decision is not green")
		}
		putLoanOK(t, h, "L1", loanBody("C1", "YY-A", "A0111", "1000000.00", "2026-01-31", "green", true))
		putLoanOK(t, h, "L2", loanBody("C2", "YY-A", "C3011", "9500000.00", "2026-01-15"))
		putLoanOK(t, h, "L2", loanBody("C2", "YY-A", "C3011", "9000000.00", "2026-01-31"))
		putLoanOK(t, h, "L1", loanBody("C1", "YY-A", "A0111", "800000.00", "2026-03-31", "green", true))
		// A report of an earlier date after a later one: history only.
		if v := putLoanOK(t, h, "L1", loanBody("C1", "YY-A", "A0111", "900000.00", "2026-02-28", "green", true)); v.AsOf != "2026-03-31" || v.Balance != 80000000 {
			t.Fatalf("an earlier report replaced the current balance: %+v", v)
		}
		l3 := putLoanOK(t, h, "L3", loanBody("C3", "YY-B", "G5411", "500000.00", "2026-02-15", "decision_id", dec.DecisionID))
		if !l3.Green || l3.GreenCategory != "6.2.6" || l3.GreenCategoryVersion != "2025" || l3.ApplicantKind != "enterprise" || l3.RealEstatePurpose != "none" ||
			l3.ApplicantSize != "small" { // the borrower's kind, purpose and size: the decision's
			t.Fatalf("a loan booked from a green decision is not green: %+v", l3)
		}
		putLoanOK(t, h, "L4", loanBody("C4", "YY-B", "K7010", "2000000.00", "2026-02-15"))
		putLoanOK(t, h, "L4", loanBody("C4", "YY-B", "K7010", "0", "2026-03-15")) // closed

		type want struct{ green, total, share, gap string }
		check := func(q string, w want, branches map[string]want) {
			t.Helper()
			v := getShare(t, h, q)
			if v.GreenBalance.String() != w.green || v.TotalBalance.String() != w.total || v.Share != w.share || v.GapToTarget.String() != w.gap || v.Target != "0.10" {
				t.Errorf("?%s: green %s total %s share %s gap %s target %s; want %+v", q, v.GreenBalance, v.TotalBalance, v.Share, v.GapToTarget, v.Target, w)
			}
			for _, b := range v.ByBranch {
				bw, ok := branches[b.BranchID]
				if !ok {
					t.Errorf("?%s: unexpected branch %s", q, b.BranchID)
					continue
				}
				if b.GreenBalance.String() != bw.green || b.TotalBalance.String() != bw.total || b.Share != bw.share || b.GapToTarget.String() != bw.gap {
					t.Errorf("?%s branch %s: %+v; want %+v", q, b.BranchID, b, bw)
				}
			}
			if len(v.ByBranch) != len(branches) {
				t.Errorf("?%s: %d branches, want %d", q, len(v.ByBranch), len(branches))
			}
		}
		// 01-20: only L2's 01-15 report. Gap = 10% × 9,500,000 = 950,000.
		check("as_of=2026-01-20", want{"0.00", "9500000.00", "0.0000", "950000.00"},
			map[string]want{"YY-A": {"0.00", "9500000.00", "0.0000", "950000.00"}})
		// 01-31: L1 1,000,000 green, L2 9,000,000: exactly 10%.
		check("as_of=2026-01-31", want{"1000000.00", "10000000.00", "0.1000", "0.00"},
			map[string]want{"YY-A": {"1000000.00", "10000000.00", "0.1000", "0.00"}})
		// 02-28: L1 900,000 (the late report), L2 9,000,000, L3 500,000 green, L4 2,000,000.
		// A: 0.9/9.9 = 0.0909, gap 990,000 − 900,000 = 90,000. B: 0.5/2.5 = 0.2. All: 1.4/12.4 = 0.1129.
		check("as_of=2026-02-28", want{"1400000.00", "12400000.00", "0.1129", "0.00"},
			map[string]want{"YY-A": {"900000.00", "9900000.00", "0.0909", "90000.00"}, "YY-B": {"500000.00", "2500000.00", "0.2000", "0.00"}})
		// 03-31: L1 800,000, L2 9,000,000, L3 500,000, L4 closed. A: 0.8/9.8 = 0.08163 → 0.0816, gap 180,000.
		// All: 1.3/10.3 = 0.12621 → 0.1262.
		check("as_of=2026-03-31", want{"1300000.00", "10300000.00", "0.1262", "0.00"},
			map[string]want{"YY-A": {"800000.00", "9800000.00", "0.0816", "180000.00"}, "YY-B": {"500000.00", "500000.00", "1.0000", "0.00"}})
		check("as_of=2026-03-31&branch_id=YY-A", want{"800000.00", "9800000.00", "0.0816", "180000.00"},
			map[string]want{"YY-A": {"800000.00", "9800000.00", "0.0816", "180000.00"}})

		w := do(t, h, http.MethodGet, "/v1/portfolio/green-share/history?from=2026-01-01&to=2026-03-31&interval=month", nil)
		var hist struct {
			Points []portfolio.GreenShare `json:"points"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &hist); err != nil || w.Code != http.StatusOK {
			t.Fatalf("history: %d %s", w.Code, w.Body)
		}
		var got []string
		for _, p := range hist.Points {
			got = append(got, p.AsOf+"="+p.Share)
		}
		if !slices.Equal(got, []string{"2026-01-31=0.1000", "2026-02-28=0.1129", "2026-03-31=0.1262"}) {
			t.Fatalf("monthly history %v", got)
		}
		if w := do(t, h, http.MethodGet, "/v1/portfolio/green-share?as_of=2026-13-01", nil); w.Code != http.StatusBadRequest {
			t.Fatalf("bad as_of: %d", w.Code)
		}
	})
}

func screenCodes(t *testing.T, h http.Handler, edit func(m map[string]any)) (screening.Response, []string) {
	t.Helper()
	r := screenOK(t, h, edit)
	codes := reasonCodes(r)
	slices.Sort(codes)
	return r, codes
}

// declareBook declares the book complete (or withdraws it) as an admin would.
func declareBook(t *testing.T, h http.Handler, complete bool, asOf string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"complete": complete, "as_of": asOf, "note": "core system import of the existing book"})
	if w := do(t, h, http.MethodPut, "/v1/portfolio/book", b); w.Code != http.StatusOK {
		t.Fatalf("declare the book: %d %s", w.Code, w.Body)
	}
}

// TestVolumeCapsFlipAtThreshold: each cap lets a loan through exactly at the cap and
// declines it one fen over, with the book as reported through the API and declared complete.
func TestVolumeCapsFlipAtThreshold(t *testing.T) {
	t.Run("THOS 15%", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, store *storage.Store) {
			h, _ := newTestServer(t, store)
			// Book 100,000,000.00; THOS 10,750,000.00; amount 5,000,000.00:
			// (10,750,000 + 5,000,000) / (100,000,000 + 5,000,000) = 0.15 exactly.
			putLoanOK(t, h, "T1", loanBody("CT", "YY-A", "C3011", "10750000.00", "2026-11-01"))
			putLoanOK(t, h, "T2", loanBody("CO", "YY-A", "F5211", "89250000.00", "2026-11-01"))
			declareBook(t, h, true, "2026-11-01")
			if _, codes := screenCodes(t, h, nil); !slices.Equal(codes, []string{"THOS_ADMISSION_REVIEW"}) {
				t.Fatalf("exactly at the cap: %v", codes)
			}
			putLoanOK(t, h, "T1", loanBody("CT", "YY-A", "C3011", "10750000.01", "2026-11-02"))
			r, codes := screenCodes(t, h, nil)
			if !slices.Equal(codes, []string{"THOS_ADMISSION_REVIEW", "THOS_VOLUME_CAP"}) || r.Outcome != "decline" {
				t.Fatalf("one fen over the cap: %s %v", r.Outcome, codes)
			}
			// The evidence carries the figures the cap decided on.
			var ev map[string]any
			if err := json.Unmarshal(r.Reasons[0].Evidence, &ev); err != nil {
				t.Fatal(err)
			}
			if ev["category_balance_fen"] != float64(1075000001) || ev["added_exposure_fen"] != float64(500000000) ||
				ev["book_total_fen"] != float64(10000000001) || ev["cap_bp"] != float64(1500) {
				t.Fatalf("cap evidence %v", ev)
			}
			// One fen over never reads as at the cap (issue 28): the share is rounded up, and the
			// amount over the cap is named.
			if ev["share_after_bp"] != float64(1501) || ev["over_by_fen"] != float64(1) {
				t.Fatalf("one fen over the cap reads as share %v, over by %v fen", ev["share_after_bp"], ev["over_by_fen"])
			}
			// A performing renewal within the existing balance adds no exposure: no cap.
			putLoanOK(t, h, "T3", loanBody("C000123", "YY-A", "C3011", "5000000.00", "2026-11-02"))
			if _, codes := screenCodes(t, h, func(m map[string]any) { loan(m)["kind"] = "renewal" }); !slices.Equal(codes, []string{"THOS_ADMISSION_REVIEW"}) {
				t.Fatalf("renewal within the balance: %v", codes)
			}
			// Withdrawn: the cap that would fire is referred instead.
			declareBook(t, h, false, "2026-11-02")
			if r, codes := screenCodes(t, h, nil); !slices.Equal(codes, []string{"CAP_BOOK_INCOMPLETE", "THOS_ADMISSION_REVIEW"}) || r.Outcome != "refer" || r.BookComplete {
				t.Fatalf("incomplete book: %s %v complete=%v", r.Outcome, codes, r.BookComplete)
			}
		})
	})
	t.Run("real estate 17.5%", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, store *storage.Store) {
			h, _ := newTestServer(t, store)
			// (13,375,000 + 5,000,000) / (100,000,000 + 5,000,000) = 0.175 exactly.
			putLoanOK(t, h, "R1", loanBody("CR", "YY-A", "K7010", "13375000.00", "2026-11-01"))
			putLoanOK(t, h, "R2", loanBody("CO", "YY-A", "F5211", "86625000.00", "2026-11-01"))
			declareBook(t, h, true, "2026-11-01")
			re := func(m map[string]any) { applicant(m)["industry_code"] = "K7010" }
			if _, codes := screenCodes(t, h, re); !slices.Equal(codes, []string{"REAL_ESTATE_LIMIT"}) {
				t.Fatalf("exactly at the cap: %v", codes)
			}
			putLoanOK(t, h, "R1", loanBody("CR", "YY-A", "K7010", "13375000.01", "2026-11-02"))
			if r, codes := screenCodes(t, h, re); !slices.Equal(codes, []string{"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP"}) || r.Outcome != "decline" {
				t.Fatalf("one fen over the cap: %s %v", r.Outcome, codes)
			}
		})
	})
	t.Run("personal housing 12.5%", func(t *testing.T) {
		dbtest.Each(t, func(t *testing.T, store *storage.Store) {
			h, _ := newTestServer(t, store)
			// Personal housing loans to individuals (a retail code): 7,500,000 + 5,000,000 of
			// 95,000,000 + 5,000,000 = 12.5% exactly; the same loans are real-estate loans (12.5% < 17.5%).
			putLoanOK(t, h, "H1", loanBody("CH", "YY-A", "F5211", "7500000.00", "2026-11-01",
				"applicant_kind", "individual", "real_estate_purpose", "personal_housing"))
			putLoanOK(t, h, "H2", loanBody("CO", "YY-A", "F5211", "87500000.00", "2026-11-01", "applicant_kind", "enterprise", "real_estate_purpose", "none"))
			declareBook(t, h, true, "2026-11-01")
			mortgage := func(m map[string]any) {
				applicant(m)["industry_code"] = "F5211"
				applicant(m)["kind"] = "individual"
				loan(m)["real_estate_purpose"] = "personal_housing"
			}
			if _, codes := screenCodes(t, h, mortgage); len(codes) != 0 {
				t.Fatalf("exactly at the cap: %v", codes)
			}
			putLoanOK(t, h, "H1", loanBody("CH", "YY-A", "F5211", "7500000.01", "2026-11-02",
				"applicant_kind", "individual", "real_estate_purpose", "personal_housing"))
			if r, codes := screenCodes(t, h, mortgage); !slices.Equal(codes, []string{"REAL_ESTATE_VOLUME_CAP"}) || r.Outcome != "decline" {
				t.Fatalf("one fen over the cap: %s %v", r.Outcome, codes)
			}
		})
	})
}

// TestBookStatus: the book's declaration is audited and read back with the balances the caps
// see: personal loans are not THOS credit, a coarse code counts toward THOS when any class
// under it would, purposes make real-estate and personal-housing loans, and loans reported
// without attributes are reported as unknown.
func TestBookStatus(t *testing.T) {
	dbtest.Each(t, bookStatusCase)
}

func bookStatusCase(t *testing.T, store *storage.Store) {
	h, _ := newTestServer(t, store)
	putLoanOK(t, h, "B1", loanBody("C1", "YY-A", "C3011", "100.00", "2026-11-01", "applicant_kind", "enterprise", "real_estate_purpose", "none"))
	putLoanOK(t, h, "B2", loanBody("C2", "YY-A", "C3011", "10.00", "2026-11-01", "applicant_kind", "individual", "real_estate_purpose", "none"))
	putLoanOK(t, h, "B3", loanBody("C3", "YY-A", "D44", "20.00", "2026-11-01", "applicant_kind", "enterprise", "real_estate_purpose", "none"))
	putLoanOK(t, h, "B4", loanBody("C4", "YY-A", "F5211", "40.00", "2026-11-01", "applicant_kind", "individual", "real_estate_purpose", "personal_housing"))
	putLoanOK(t, h, "B5", loanBody("C5", "YY-A", "F5211", "80.00", "2026-11-01", "quasi_real_estate", true))
	var st portfolio.BookStatus
	get := func() {
		w := do(t, h, http.MethodGet, "/v1/portfolio/book", nil)
		if w.Code != http.StatusOK {
			t.Fatalf("book: %d %s", w.Code, w.Body)
		}
		st = portfolio.BookStatus{}
		if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil {
			t.Fatal(err)
		}
	}
	get()
	if st.Complete || st.Declaration != nil || st.TotalBalance != 25000 || st.THOSBalance != 12000 || st.RealEstateBalance != 12000 ||
		st.PersonalHousingBalance != 4000 || st.UnknownKindBalance != 8000 || st.UnknownPurposeBalance != 8000 {
		t.Fatalf("book %+v", st)
	}
	// THOS 120.00 of 250.00 = 48% against 15%; real estate 48% against 17.5%; personal housing 16% against 12.5%.
	// Over by 120.00 − 15% × 250.00 = 82.50 and 40.00 − 12.5% × 250.00 = 8.75.
	if len(st.Caps) != 3 || st.Caps[0] != (portfolio.CapStatus{Cap: "thos", Balance: 12000, Share: "0.4800", Limit: "0.1500", Over: true, OverBy: 8250}) ||
		st.Caps[1].Limit != "0.1750" || st.Caps[2] != (portfolio.CapStatus{Cap: "personal_housing", Balance: 4000, Share: "0.1600", Limit: "0.1250", Over: true, OverBy: 875}) {
		t.Fatalf("caps %+v", st.Caps)
	}
	declareBook(t, h, true, "2026-11-30")
	get()
	if !st.Complete || st.Declaration == nil || st.Declaration.AsOf != "2026-11-30" || st.Declaration.DeclaredBy == "" {
		t.Fatalf("declared: %+v", st)
	}
	events, err := store.ListAudit(context.Background(), storage.AuditFilter{Action: "book.declare", Limit: 10})
	if err != nil || len(events) != 1 || !strings.Contains(events[0].Detail, `"as_of":"2026-11-30"`) {
		t.Fatalf("audit %+v %v", events, err)
	}
	// Bad input names every field and writes nothing.
	w := do(t, h, http.MethodPut, "/v1/portfolio/book", []byte(`{"complete": "yes", "as_of": "2026-02-30", "extra": 1}`))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"complete"`) || !strings.Contains(w.Body.String(), `"as_of"`) ||
		!strings.Contains(w.Body.String(), `"extra"`) {
		t.Fatalf("bad declaration: %d %s", w.Code, w.Body)
	}
	if events, _ := store.ListAudit(context.Background(), storage.AuditFilter{Action: "book.declare", Limit: 10}); len(events) != 1 {
		t.Fatalf("a refused declaration was recorded: %d events", len(events))
	}
}

// TestBookAuthoritativeOnceComplete: a new solar enterprise claiming an existing balance the
// book does not hold passes as a restructuring only until the book is declared complete;
// then the book's balance is used and the claim is referred.
func TestBookAuthoritativeOnceComplete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) { bookAuthoritative(t, store) })
}

func bookAuthoritative(t *testing.T, store *storage.Store) {
	h, _ := newTestServer(t, store)
	putLoanOK(t, h, "O1", loanBody("CO", "YY-A", "F5211", "1000000.00", "2026-11-01"))
	solar := func(m map[string]any) {
		applicant(m)["customer_id"] = "C-NEW-SOLAR"
		applicant(m)["industry_code"] = "D4416"
		applicant(m)["existing_balance"] = "5000000.00"
		loan(m)["kind"] = "restructure"
	}
	if r, codes := screenCodes(t, h, solar); !slices.Equal(codes, []string{"RENEWABLE_RESTRUCTURE"}) || r.ExistingBalanceSource != "request" {
		t.Fatalf("before the declaration: %v %s", codes, r.ExistingBalanceSource)
	}
	declareBook(t, h, true, "2026-11-01")
	r, codes := screenCodes(t, h, solar)
	if !slices.Equal(codes, []string{"BALANCE_DISCREPANCY", "RENEWABLE_NEW_ENTRANT"}) || r.Outcome != "decline" ||
		r.ExistingBalanceSource != "book" || r.ExistingBalance != 0 || !r.BookComplete {
		t.Fatalf("after the declaration: %s %v %s %s", r.Outcome, codes, r.ExistingBalanceSource, r.ExistingBalance)
	}
}

// TestExistingSolarBorrowerFromBook: the book's balance counts even when the request says 0.
func TestExistingSolarBorrowerFromBook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, _ := newTestServer(t, store)
		putLoanOK(t, h, "S1", loanBody("C-SOLAR", "YY-A", "D4416", "8000000.00", "2026-11-01"))
		r, codes := screenCodes(t, h, func(m map[string]any) {
			applicant(m)["customer_id"] = "C-SOLAR"
			applicant(m)["industry_code"] = "D4416"
			applicant(m)["existing_balance"] = "0"
			loan(m)["kind"] = "restructure"
		})
		if !slices.Equal(codes, []string{"RENEWABLE_RESTRUCTURE"}) || r.ExistingBalanceSource != "book" || r.ExistingBalance != 800000000 {
			t.Fatalf("existing solar borrower: %v source %s balance %s", codes, r.ExistingBalanceSource, r.ExistingBalance)
		}
	})
}

func TestPutLoanBadInput(t *testing.T) {
	store := dbtest.SQLite(t)
	h, _ := newTestServer(t, store)
	b, _ := json.Marshal(map[string]any{"customer_id": "C 1", "branch_id": "", "industry_code": "C3098", "balance": "-1",
		"as_of": "2026-02-30", "green": "yes", "decision_id": "nope", "colour": "green"})
	w := do(t, h, http.MethodPut, "/v1/loans/L1", b)
	var e errorAnswer
	_ = json.Unmarshal(w.Body.Bytes(), &e)
	named := map[string]bool{}
	for _, d := range e.Error.Details {
		named[d.Field] = true
	}
	for _, f := range []string{"customer_id", "branch_id", "industry_code", "balance", "as_of", "green", "colour"} {
		if !named[f] {
			t.Errorf("%s not named: %s", f, w.Body)
		}
	}
	b, _ = json.Marshal(loanBody("C1", "YY-A", "A0111", "1.00", "2026-01-01", "decision_id", "01234567-0000-7000-8000-000000000000"))
	w = do(t, h, http.MethodPut, "/v1/loans/L1", b)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field":"decision_id"`) {
		t.Fatalf("unknown decision: %d %s", w.Code, w.Body)
	}
	var n int64
	store.DB.Model(&storage.Loan{}).Count(&n)
	if n != 0 {
		t.Fatalf("bad input wrote %d loans", n)
	}
}

// TestImportAllOrNothing: a good file imports; one bad line rejects the whole file with its
// line number and writes nothing.
func TestImportAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, _ := newTestServer(t, store)
		post := func(ct, body string) (int, string) {
			w := do(t, h, http.MethodPost, "/v1/loans/import", []byte(body), "Content-Type", ct)
			return w.Code, w.Body.String()
		}
		var nd strings.Builder
		for i := 1; i <= 5; i++ {
			fmt.Fprintf(&nd, `{"loan_id":"N%d","customer_id":"C%d","branch_id":"YY-A","industry_code":"A0111","balance":"%d.00","as_of":"2026-10-31","green":%v}`+"\n", i, i, i*1000, i%2 == 0)
		}
		if code, body := post("application/x-ndjson", nd.String()); code != http.StatusOK || !strings.Contains(body, `"imported":5`) {
			t.Fatalf("good NDJSON: %d %s", code, body)
		}
		bad := strings.Replace(nd.String(), `"balance":"3000.00"`, `"balance":"3000.001"`, 1)
		bad = strings.Replace(bad, `"loan_id":"N5"`, `"loan_id":"N 5"`, 1)
		bad = strings.ReplaceAll(bad, "2026-10-31", "2026-11-30")
		code, body := post("application/x-ndjson", bad)
		if code != http.StatusBadRequest || !strings.Contains(body, `"field":"line 3: balance"`) || !strings.Contains(body, `"field":"line 5: loan_id"`) {
			t.Fatalf("bad NDJSON: %d %s", code, body)
		}
		var n int64
		store.DB.Model(&storage.LoanBalance{}).Where("as_of = ?", "2026-11-30").Count(&n)
		if n != 0 {
			t.Fatalf("a rejected file wrote %d balances", n)
		}
		csvFile := "\uFEFFloan_id,customer_id,branch_id,industry_code,balance,as_of,green\nV1,C9,YY-B,K7010,2500000.50,2026-10-31,false\nV2,C9,YY-B,F5211,100,2026-10-31,true\n"
		if code, body := post("text/csv", csvFile); code != http.StatusOK || !strings.Contains(body, `"imported":2`) {
			t.Fatalf("good CSV: %d %s", code, body)
		}
		if code, body := post("text/csv", "loan_id,customer_id,branch_id,industry_code,balance,as_of\nV3,C9,YY-B,K7010,abc,2026-10-31\n"); code != http.StatusBadRequest ||
			!strings.Contains(body, `"field":"line 2: balance"`) {
			t.Fatalf("bad CSV: %d %s", code, body)
		}
		v := getShare(t, h, "as_of=2026-10-31")
		if v.TotalBalance.String() != "2515100.50" || v.GreenBalance.String() != "6100.00" {
			t.Fatalf("after the imports: %+v", v)
		}
		if code, _ := post("application/json", nd.String()); code != http.StatusUnsupportedMediaType {
			t.Fatalf("JSON body: %d", code)
		}
	})
}

// TestGreenReview: the migration report lists the booked loans whose green flag the active
// policy would set differently, and counts those it cannot check; it changes nothing.
func TestGreenReview(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		decidedOn(s, "2026-10-01")
		dec := screenOK(t, h, func(m map[string]any) {
			applicant(m)["industry_code"] = "G5411"
			loan(m)["green_category"] = "6.2.6"
		})
		putLoanOK(t, h, "G1", loanBody("C000123", "YY-LC-01", "G5411", "100.00", "2026-11-01", "decision_id", dec.DecisionID, "green", false,
			"green_reason", "booked before the green identification was complete"))
		// A category reported without its version takes the decision's (2025; 6.2.6 read as 2019 would
		// be another item).
		if l := putLoanOK(t, h, "G2", loanBody("C000123", "YY-LC-01", "G5411", "100.00", "2026-11-01", "decision_id", dec.DecisionID,
			"green_category", "6.2.6")); l.GreenCategoryVersion != "2025" {
			t.Fatalf("G2 version %q, want the decision's 2025", l.GreenCategoryVersion)
		}
		putLoanOK(t, h, "G3", loanBody("C3", "YY-A", "F5211", "100.00", "2026-11-01", "green", true))
		// A loan naming a decision the log does not hold (written behind the API's back).
		if err := store.DB.Create(&storage.Loan{LoanID: "G4", DecisionID: "no-such-decision", CustomerID: "C4", BranchID: "YY-A",
			IndustryCode: "F5211", BalanceFen: 100, AsOf: "2026-11-01"}).Error; err != nil {
			t.Fatal(err)
		}
		w := do(t, h, http.MethodGet, "/v1/portfolio/green-review?limit=1", nil)
		var r portfolio.GreenReview
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		if r.Checked != 1 || len(r.Differ) != 1 || r.Differ[0].LoanID != "G1" || r.Differ[0].BookedGreen || !r.Differ[0].PolicyGreen ||
			r.Differ[0].PolicyCategory != "6.2.6" || r.NotCheckable != 1 || r.NextCursor != "G1" {
			t.Fatalf("first page %+v", r)
		}
		w = do(t, h, http.MethodGet, "/v1/portfolio/green-review?cursor="+r.NextCursor, nil)
		r = portfolio.GreenReview{}
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Checked != 1 || len(r.Differ) != 0 ||
			len(r.MissingDecision) != 1 || r.MissingDecision[0] != "G4" || r.NextCursor != "" {
			t.Fatalf("second page %+v %v", r, err)
		}
		var l storage.Loan
		if err := store.DB.Where("loan_id = ?", "G1").Take(&l).Error; err != nil || l.Green {
			t.Fatalf("the report changed the loan: %+v %v", l, err)
		}
		if w := do(t, h, http.MethodGet, "/v1/portfolio/green-review?limit=0", nil); w.Code != http.StatusBadRequest {
			t.Fatalf("limit=0: %d", w.Code)
		}
	})
}

// TestImportWithDecisionIDs: import lines that name their decisions take the decision's green
// classification and attributes, on both databases — on SQLite the decision is read through the
// import's own transaction (the pool's one connection), not a second connection it would wait for.
func TestImportWithDecisionIDs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, s := newTestServer(t, store)
		decidedOn(s, "2026-10-01")
		dec := screenOK(t, h, func(m map[string]any) {
			applicant(m)["industry_code"] = "G5411"
			loan(m)["green_category"] = "6.2.6"
		})
		var nd strings.Builder
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(&nd, `{"loan_id":"D%d","decision_id":"%s","customer_id":"C000123","branch_id":"YY-LC-01","industry_code":"G5411","balance":"100.00","as_of":"2026-10-31"}`+"\n", i, dec.DecisionID)
		}
		start := time.Now()
		w := do(t, h, http.MethodPost, "/v1/loans/import", []byte(nd.String()), "Content-Type", "application/x-ndjson")
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"imported":3`) {
			t.Fatalf("import: %d %s (after %v)", w.Code, w.Body, time.Since(start))
		}
		var l storage.Loan
		if err := store.DB.Where("loan_id = ?", "D2").Take(&l).Error; err != nil || !l.Green || l.GreenCategory != "6.2.6" ||
			l.GreenCategoryVersion != "2025" || l.ApplicantKind != "enterprise" {
			t.Fatalf("imported loan %+v %v", l, err)
		}
		w = do(t, h, http.MethodPost, "/v1/loans/import", []byte(`{"loan_id":"D9","decision_id":"no-such","customer_id":"C9","branch_id":"YY-A","industry_code":"G5411","balance":"1.00","as_of":"2026-10-31"}`+"\n"),
			"Content-Type", "application/x-ndjson")
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `line 1: decision_id`) {
			t.Fatalf("unknown decision: %d %s", w.Code, w.Body)
		}
		// A line for another customer than its decision's is refused, and so is the whole file.
		w = do(t, h, http.MethodPost, "/v1/loans/import", []byte(`{"loan_id":"D8","customer_id":"C8","branch_id":"YY-A","industry_code":"A0111","balance":"1.00","as_of":"2026-10-31"}`+"\n"+
			`{"loan_id":"D9","decision_id":"`+dec.DecisionID+`","customer_id":"C9","branch_id":"YY-LC-01","industry_code":"G5411","balance":"1.00","as_of":"2026-10-31"}`+"\n"),
			"Content-Type", "application/x-ndjson")
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"booking_refused"`) || !strings.Contains(w.Body.String(), `line 2: customer_id`) {
			t.Fatalf("a mismatching line: %d %s", w.Code, w.Body)
		}
		var n int64
		store.DB.Model(&storage.Loan{}).Where("loan_id IN ?", []string{"D8", "D9"}).Count(&n)
		if n != 0 {
			t.Fatalf("a refused file left %d loans", n)
		}
	})
}

// TestNoLoanBeforeItsDecision (issue 28): a loan naming a decision made today may not be reported
// for a day before the decision's date (China Standard Time) — 409 booked_before_decision naming
// both dates, single or imported, nothing written — while a report from that date on is booked
// and a loan without a decision (the historical book) keeps its dates.
func TestNoLoanBeforeItsDecision(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, _ := newTestServer(t, store)
		dec := screenOK(t, h, func(m map[string]any) { applicant(m)["industry_code"] = "A0111" })
		today := decisionlog.BankDate(time.Now())
		twoYearsAgo := decisionlog.BankDate(time.Now().AddDate(-2, 0, 0))
		body, _ := json.Marshal(loanBody("C000123", "YY-LC-01", "A0111", "100.00", twoYearsAgo, "decision_id", dec.DecisionID))
		w := do(t, h, http.MethodPut, "/v1/loans/EARLY", body)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"code":"booked_before_decision"`) ||
			!strings.Contains(w.Body.String(), twoYearsAgo) || !strings.Contains(w.Body.String(), today) || !strings.Contains(w.Body.String(), `"field":"as_of"`) {
			t.Fatalf("a report two years before its decision: %d %s", w.Code, w.Body)
		}
		line := func(id, asOf string) string {
			b, _ := json.Marshal(map[string]any{"loan_id": id, "decision_id": dec.DecisionID, "customer_id": "C000123", "branch_id": "YY-LC-01",
				"industry_code": "A0111", "balance": "100.00", "as_of": asOf})
			return string(b) + "\n"
		}
		w = do(t, h, http.MethodPost, "/v1/loans/import", []byte(line("EARLY-1", twoYearsAgo)+line("OK-1", today)), "Content-Type", "application/x-ndjson")
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "booked_before_decision") || !strings.Contains(w.Body.String(), "line 1: as_of") {
			t.Fatalf("an import with a line before its decision: %d %s", w.Code, w.Body)
		}
		var n int64
		store.DB.Model(&storage.Loan{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d loans written by refused reports", n)
		}
		putLoanOK(t, h, "ON-TIME", loanBody("C000123", "YY-LC-01", "A0111", "100.00", today, "decision_id", dec.DecisionID))
		if l := putLoanOK(t, h, "HISTORIC", loanBody("C-OLD", "YY-LC-01", "A0111", "100.00", twoYearsAgo)); l.AsOf != twoYearsAgo {
			t.Fatalf("a loan without a decision: %+v", l)
		}
	})
}
