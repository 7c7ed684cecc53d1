package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"greencredit/storage/dbtest"
)

type errorAnswer struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details []FieldProblem `json:"details"`
	} `json:"error"`
}

// TestScreeningBadInput sends every kind of bad input of the contract's error table and
// checks the status, the error body, every bad field named, and that nothing was written.
func TestScreeningBadInput(t *testing.T) {
	store := dbtest.SQLite(t)
	h, _ := newTestServer(t, store)
	set := func(path string, v any) func(m map[string]any) {
		return func(m map[string]any) {
			parts := strings.Split(path, ".")
			cur := m
			for _, p := range parts[:len(parts)-1] {
				cur = cur[p].(map[string]any)
			}
			cur[parts[len(parts)-1]] = v
		}
	}
	del := func(path string) func(m map[string]any) {
		return func(m map[string]any) {
			parts := strings.Split(path, ".")
			cur := m
			for _, p := range parts[:len(parts)-1] {
				cur = cur[p].(map[string]any)
			}
			delete(cur, parts[len(parts)-1])
		}
	}
	cases := []struct {
		name   string
		body   []byte
		fields []string // every field that must be named
	}{
		{"malformed JSON", []byte(`{"application_id": "x",`), []string{""}},
		{"not an object", []byte(`[1,2]`), []string{""}},
		{"empty object", []byte(`{}`), []string{"application_id", "branch_id", "applicant", "loan"}},
		{"unknown top-level field", application(set("extra", 1)), []string{"extra"}},
		{"unknown nested field", application(set("applicant.nickname", "x")), []string{"applicant.nickname"}},
		{"missing customer", application(del("applicant.customer_id")), []string{"applicant.customer_id"}},
		{"application id with a space", application(set("application_id", "YY 1")), []string{"application_id"}},
		{"application id too long", application(set("application_id", strings.Repeat("a", 65))), []string{"application_id"}},
		{"unknown kind", application(set("applicant.kind", "company")), []string{"applicant.kind"}},
		{"unknown size", application(set("applicant.size", "huge")), []string{"applicant.size"}},
		{"unknown catalogue version", application(set("loan.green_category_version", "2021")), []string{"loan.green_category_version"}},
		{"a 2025 category that 2019 lacks, claimed as 2019", application(func(m map[string]any) {
			loan(m)["green_category"] = "9.1.1"
			loan(m)["green_category_version"] = "2019"
		}), []string{"loan.green_category"}},
		{"a 2019 category read as 2025 (no version) that 2025 lacks", application(set("loan.green_category", "6.5.8")), []string{"loan.green_category"}},
		{"unknown project type", application(set("loan.project_type", "expansion")), []string{"loan.project_type"}},
		{"unknown real-estate purpose", application(set("loan.real_estate_purpose", "villa")), []string{"loan.real_estate_purpose"}},
		{"every new field bad at once", application(func(m map[string]any) {
			loan(m)["project_type"] = 1
			loan(m)["real_estate_purpose"] = true
			loan(m)["green_category_version"] = 2025
		}), []string{"loan.project_type", "loan.real_estate_purpose", "loan.green_category_version"}},
		{"unknown env grade", application(set("applicant.env_credit_rating", "purple")), []string{"applicant.env_credit_rating"}},
		{"unknown policy class", application(set("applicant.industrial_policy_class", "banned")), []string{"applicant.industrial_policy_class"}},
		{"energy_compliant as string", application(set("applicant.energy_compliant", "yes")), []string{"applicant.energy_compliant"}},
		{"industry code malformed", application(set("applicant.industry_code", "3011")), []string{"applicant.industry_code"}},
		{"industry code section only", application(set("applicant.industry_code", "C")), []string{"applicant.industry_code"}},
		{"industry code not in GB/T 4754-2017", application(set("applicant.industry_code", "C3098")), []string{"applicant.industry_code"}},
		{"ratio above 1", application(set("applicant.real_estate_revenue_ratio", "1.2")), []string{"applicant.real_estate_revenue_ratio"}},
		{"ratio negative", application(set("applicant.real_estate_revenue_ratio", -0.1)), []string{"applicant.real_estate_revenue_ratio"}},
		{"amount with three decimals", application(set("loan.amount", "100.001")), []string{"loan.amount"}},
		{"amount negative", application(set("loan.amount", "-5")), []string{"loan.amount"}},
		{"amount zero", application(set("loan.amount", 0)), []string{"loan.amount"}},
		{"amount in exponent notation", application(set("loan.amount", json.Number("5e6"))), []string{"loan.amount"}},
		{"amount NaN", application(set("loan.amount", "NaN")), []string{"loan.amount"}},
		{"amount above 10^13 yuan", application(set("loan.amount", "10000000000000.01")), []string{"loan.amount"}},
		{"existing balance negative", application(set("applicant.existing_balance", "-1.00")), []string{"applicant.existing_balance"}},
		{"term zero", application(set("loan.term_months", 0)), []string{"loan.term_months"}},
		{"term 361", application(set("loan.term_months", 361)), []string{"loan.term_months"}},
		{"term as text", application(set("loan.term_months", "12")), []string{"loan.term_months"}},
		{"term fractional", application(set("loan.term_months", 12.5)), []string{"loan.term_months"}},
		{"unknown loan kind", application(set("loan.kind", "bridge")), []string{"loan.kind"}},
		{"purpose too long", application(set("loan.purpose", strings.Repeat("贷", 501))), []string{"loan.purpose"}},
		{"green category not in the catalogue", application(set("loan.green_category", "9.9.9")), []string{"loan.green_category"}},
		{"green category of level 2", application(set("loan.green_category", "3.2")), []string{"loan.green_category"}},
		{"name too long", application(set("applicant.name", strings.Repeat("名", 201))), []string{"applicant.name"}},
		{"applicant not an object", application(set("applicant", "C000123")), []string{"applicant"}},
		{"several bad fields at once", application(func(m map[string]any) {
			set("loan.amount", "abc")(m)
			set("applicant.industry_code", "Z99")(m)
			set("loan.term_months", 0)(m)
			set("branch_id", "")(m)
		}), []string{"loan.amount", "applicant.industry_code", "loan.term_months", "branch_id"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := do(t, h, http.MethodPost, "/v1/screenings", c.body)
			if w.Code != http.StatusBadRequest {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			var e errorAnswer
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != "invalid_input" || e.Error.Message == "" {
				t.Fatalf("error body %s (%v)", w.Body, err)
			}
			named := map[string]bool{}
			for _, d := range e.Error.Details {
				named[d.Field] = true
				if d.Problem == "" {
					t.Errorf("detail without a problem: %+v", d)
				}
			}
			for _, f := range c.fields {
				if !named[f] {
					t.Errorf("field %q not named in %s", f, w.Body)
				}
			}
			if len(e.Error.Details) != len(c.fields) {
				t.Errorf("details %+v; want exactly %v", e.Error.Details, c.fields)
			}
		})
	}

	t.Run("body over the limit is 413", func(t *testing.T) {
		big := application(set("loan.purpose", strings.Repeat("x", 2<<20)))
		w := do(t, h, http.MethodPost, "/v1/screenings", big)
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), `"code":"too_large"`) {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
	t.Run("not JSON is 415", func(t *testing.T) {
		w := do(t, h, http.MethodPost, "/v1/screenings", application(nil), "Content-Type", "text/plain")
		if w.Code != http.StatusUnsupportedMediaType || !strings.Contains(w.Body.String(), `"code":"unsupported_media_type"`) {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
	t.Run("no stack trace in a 404", func(t *testing.T) {
		w := do(t, h, http.MethodGet, "/v1/nowhere", nil)
		if w.Code != http.StatusNotFound || !bytes.Contains(w.Body.Bytes(), []byte(`"code":"not_found"`)) {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
	if n := countDecisions(t, store); n != 0 {
		t.Fatalf("bad input wrote %d decisions", n)
	}
}

// TestScreeningDefaulted: the answer lists every field the service filled with a default,
// and the catalogue version it decided under; a version given is kept.
func TestScreeningDefaulted(t *testing.T) {
	h, _ := newTestServer(t, dbtest.SQLite(t))
	r := screenOK(t, h, func(m map[string]any) {
		a := applicant(m)
		delete(a, "env_credit_rating")
		delete(a, "energy_compliant")
		delete(a, "real_estate_revenue_ratio")
	})
	want := []string{"applicant.env_credit_rating", "applicant.energy_compliant", "applicant.real_estate_revenue_ratio",
		"loan.green_category_version", "loan.project_type", "loan.real_estate_purpose"}
	if !slices.Equal(r.Defaulted, want) || r.GreenCategoryVersion != "2025" {
		t.Fatalf("defaulted %v version %q; want %v 2025", r.Defaulted, r.GreenCategoryVersion, want)
	}
	r = screenOK(t, h, func(m map[string]any) {
		loan(m)["green_category_version"] = "2019"
		loan(m)["project_type"] = "upgrade"
		loan(m)["real_estate_purpose"] = "none"
	})
	if len(r.Defaulted) != 0 || r.GreenCategoryVersion != "2019" {
		t.Fatalf("defaulted %v version %q", r.Defaulted, r.GreenCategoryVersion)
	}
}

// FuzzDecodeScreening: no input panics the decoder, and whatever it accepts is within the contract.
func FuzzDecodeScreening(f *testing.F) {
	f.Add(application(nil))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"applicant":{"industry_code":"C3011"},"loan":{"amount":"1e9"}}`))
	ref := testRef(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		r, problems := decodeScreening(body, ref, "2025")
		if problems == nil && (r == nil || r.Loan.Amount <= 0 || r.Loan.TermMonths < 1 || r.Loan.TermMonths > 360) {
			t.Fatalf("accepted an out-of-contract request: %+v", r)
		}
	})
}
