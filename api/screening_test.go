package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"greencredit/policy"
	"greencredit/screening"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

func reasonCodes(r screening.Response) []string {
	var out []string
	for _, x := range r.Reasons {
		out = append(out, x.Code)
	}
	return out
}

// TestScreeningRules drives one application per rule row of the rules spec through the
// real router, policy and database.
func TestScreeningRules(t *testing.T) {
	h, _ := newTestServer(t, dbtest.SQLite(t))
	cases := []struct {
		name    string
		edit    func(m map[string]any)
		outcome string
		stance  string
		codes   []string
		green   bool
		greenCa string
	}{
		{"THOS admission review (contract example)", nil, "refer", "control", []string{"THOS_ADMISSION_REVIEW"}, false, ""},
		{"THOS poor quality: red grade", func(m map[string]any) { applicant(m)["env_credit_rating"] = "red" },
			"decline", "compress", []string{"ENV_RED_NEW", "THOS_POOR_QUALITY"}, false, ""},
		{"THOS poor quality: eliminated class", func(m map[string]any) { applicant(m)["industrial_policy_class"] = "eliminated" },
			"decline", "compress", []string{"POLICY_ELIMINATED", "THOS_POOR_QUALITY"}, false, ""},
		{"THOS poor quality: not energy compliant", func(m map[string]any) { applicant(m)["energy_compliant"] = false },
			"decline", "compress", []string{"ENERGY_NONCOMPLIANT", "THOS_POOR_QUALITY"}, false, ""},
		{"THOS poor quality: restricted class, new loan", func(m map[string]any) { applicant(m)["industrial_policy_class"] = "restricted" },
			"decline", "compress", []string{"POLICY_RESTRICTED_NEW", "THOS_POOR_QUALITY"}, false, ""},
		{"THOS restricted class renewal is only reviewed", func(m map[string]any) {
			applicant(m)["industrial_policy_class"] = "restricted"
			loan(m)["kind"] = "renewal"
		}, "refer", "control", []string{"POLICY_RESTRICTED_EXISTING", "THOS_ADMISSION_REVIEW"}, false, ""},
		{"restricted class upgrade project outside THOS", func(m map[string]any) {
			applicant(m)["industry_code"] = "F5211"
			applicant(m)["industrial_policy_class"] = "restricted"
			loan(m)["project_type"] = "upgrade"
		}, "refer", "control", []string{"POLICY_RESTRICTED_UPGRADE"}, false, ""},
		{"eliminated class outside THOS is declined", func(m map[string]any) {
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["industrial_policy_class"] = "eliminated"
		}, "decline", "compress", []string{"POLICY_ELIMINATED"}, false, ""},
		{"ENV_BLACK on a THOS firm", func(m map[string]any) { applicant(m)["env_credit_rating"] = "black" },
			"decline", "compress", []string{"ENV_BLACK", "THOS_POOR_QUALITY"}, false, ""},
		{"Zhejiang's electroplating is THOS", func(m map[string]any) { applicant(m)["industry_code"] = "C3360" },
			"refer", "control", []string{"THOS_ADMISSION_REVIEW"}, false, ""},
		{"a solar plant sent with its division code is referred, not approved", func(m map[string]any) {
			applicant(m)["industry_code"] = "D44"
			loan(m)["green_category"] = "4.2.2"
		}, "refer", "control", []string{"GREEN_CLAIM_REVIEW", "INDUSTRY_CODE_TOO_COARSE"}, false, ""},
		{"a PV maker sent with its group code is referred", func(m map[string]any) { applicant(m)["industry_code"] = "C382" },
			"refer", "control", []string{"INDUSTRY_CODE_TOO_COARSE"}, false, ""},
		{"renewable new entrant claiming a green category", func(m map[string]any) {
			applicant(m)["industry_code"] = "D4416"
			loan(m)["green_category"] = "4.2.2"
		}, "decline", "compress", []string{"RENEWABLE_NEW_ENTRANT"}, false, ""},
		{"renewable existing borrower asking to grow", func(m map[string]any) {
			applicant(m)["industry_code"] = "D4415"
			applicant(m)["existing_balance"] = "8000000.00"
			loan(m)["kind"] = "increase"
		}, "decline", "compress", []string{"RENEWABLE_NO_GROWTH"}, false, ""},
		{"renewable renewal one fen above the existing balance", func(m map[string]any) {
			applicant(m)["industry_code"] = "C3825"
			applicant(m)["existing_balance"] = "4999999.99"
			loan(m)["kind"] = "renewal"
		}, "decline", "compress", []string{"RENEWABLE_NO_GROWTH"}, false, ""},
		{"renewable restructure within the balance keeps its 2019 clean-energy category green", func(m map[string]any) {
			applicant(m)["industry_code"] = "D4416"
			applicant(m)["existing_balance"] = 5000000
			loan(m)["kind"] = "restructure"
			loan(m)["green_category"] = "3.2.2"
			loan(m)["green_category_version"] = "2019"
		}, "refer", "compress", []string{"RENEWABLE_RESTRUCTURE"}, true, "3.2.2"},
		{"household rooftop solar is decided by the other rules and may be green", func(m map[string]any) {
			applicant(m)["industry_code"] = "D4416"
			applicant(m)["kind"] = "farmer_household"
			loan(m)["amount"] = "80000.00"
			loan(m)["green_category"] = "4.2.2"
		}, "approve", "support", []string{"SUPPORTED_SECTOR"}, true, "4.2.2"},
		{"real estate K70", func(m map[string]any) { applicant(m)["industry_code"] = "K7010" },
			"refer", "control", []string{"REAL_ESTATE_LIMIT"}, false, ""},
		{"a development loan is a real-estate loan whoever borrows", func(m map[string]any) {
			applicant(m)["industry_code"] = "F5211"
			loan(m)["real_estate_purpose"] = "development"
		}, "refer", "control", []string{"REAL_ESTATE_LIMIT"}, false, ""},
		{"quasi real estate at exactly 0.5", func(m map[string]any) {
			applicant(m)["industry_code"] = "F5211"
			applicant(m)["real_estate_revenue_ratio"] = 0.5
		}, "refer", "control", []string{"REAL_ESTATE_LIMIT"}, false, ""},
		{"THOS firm that is also quasi real estate", func(m map[string]any) { applicant(m)["real_estate_revenue_ratio"] = "0.6" },
			"refer", "control", []string{"REAL_ESTATE_LIMIT", "THOS_ADMISSION_REVIEW"}, false, ""},
		{"ENV_BLACK outranks a supported sector", func(m map[string]any) {
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["env_credit_rating"] = "black"
		}, "decline", "compress", []string{"ENV_BLACK"}, false, ""},
		{"ENV_RED new money outside THOS is declined", func(m map[string]any) {
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["env_credit_rating"] = "red"
		}, "decline", "compress", []string{"ENV_RED_NEW"}, false, ""},
		{"ENV_RED renewal outside THOS is reviewed", func(m map[string]any) {
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["env_credit_rating"] = "red"
			loan(m)["kind"] = "renewal"
		}, "refer", "control", []string{"ENV_RED_REVIEW"}, false, ""},
		{"ENV_YELLOW approves with monitoring and keeps support", func(m map[string]any) {
			applicant(m)["industry_code"] = "A0111"
			applicant(m)["env_credit_rating"] = "yellow"
		}, "approve", "support", []string{"ENV_YELLOW", "SUPPORTED_SECTOR"}, false, ""},
		{"unrated THOS enterprise: data defaulted", func(m map[string]any) { delete(applicant(m), "env_credit_rating") },
			"refer", "control", []string{"DATA_DEFAULTED", "THOS_ADMISSION_REVIEW"}, false, ""},
		{"supported sector: agriculture", func(m map[string]any) { applicant(m)["industry_code"] = "A0111" },
			"approve", "support", []string{"SUPPORTED_SECTOR"}, false, ""},
		{"supported: farmer household in any industry", func(m map[string]any) {
			applicant(m)["industry_code"] = "F5211"
			applicant(m)["kind"] = "farmer_household"
		}, "approve", "support", []string{"SUPPORTED_SECTOR"}, false, ""},
		{"supported: a plausible 2025 green claim (6.2.6 lists G5411 urban public transport)", func(m map[string]any) {
			applicant(m)["industry_code"] = "G5411"
			loan(m)["green_category"] = "6.2.6"
		}, "approve", "support", []string{"SUPPORTED_SECTOR"}, true, "6.2.6"},
		{"an implausible green claim is reviewed, not green", func(m map[string]any) {
			applicant(m)["industry_code"] = "A0141"
			applicant(m)["kind"] = "farmer_household"
			loan(m)["green_category"] = "1.1.1"
		}, "refer", "support", []string{"GREEN_CLAIM_REVIEW", "SUPPORTED_SECTOR"}, false, ""},
		{"a 2019 category after the 2025 catalogue is reviewed, not green", func(m map[string]any) {
			applicant(m)["industry_code"] = "F5211"
			loan(m)["green_category"] = "1.1.1"
			loan(m)["green_category_version"] = "2019"
		}, "refer", "neutral", []string{"GREEN_CLAIM_REVIEW"}, false, ""},
		{"intrinsically green and supported: environmental remediation", func(m map[string]any) { applicant(m)["industry_code"] = "N7721" },
			"approve", "support", []string{"SUPPORTED_SECTOR"}, true, "2.3.1"},
		{"intrinsically green, not in a supported list: waste recycling", func(m map[string]any) { applicant(m)["industry_code"] = "C4210" },
			"approve", "neutral", nil, true, "3.2.5"},
		{"intrinsically green but declined is not green", func(m map[string]any) {
			applicant(m)["industry_code"] = "C4210"
			applicant(m)["env_credit_rating"] = "black"
		}, "decline", "compress", []string{"ENV_BLACK"}, false, ""},
		{"nothing fires: neutral approve", func(m map[string]any) { applicant(m)["industry_code"] = "F5211" },
			"approve", "neutral", nil, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := do(t, h, http.MethodPost, "/v1/screenings", application(c.edit))
			if w.Code != http.StatusCreated {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			var r screening.Response
			if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			codes := reasonCodes(r)
			slices.Sort(codes)
			if r.Outcome != c.outcome || r.Stance != c.stance || !slices.Equal(codes, c.codes) || r.Green != c.green || r.GreenCategory != c.greenCa {
				t.Fatalf("got %s/%s %v green=%v %q; want %s/%s %v green=%v %q", r.Outcome, r.Stance, codes, r.Green, r.GreenCategory,
					c.outcome, c.stance, c.codes, c.green, c.greenCa)
			}
			for _, x := range r.Reasons {
				if x.Message == "" || x.MessageEn == "" || x.Clause == "" {
					t.Errorf("reason %s lacks a message or clause: %+v", x.Code, x)
				}
			}
		})
	}
}

// TestScreeningAnswerFields checks the contract's answer fields on the contract's example.
func TestScreeningAnswerFields(t *testing.T) {
	h, _ := newTestServer(t, dbtest.SQLite(t))
	w := do(t, h, http.MethodPost, "/v1/screenings", application(nil))
	if w.Code != http.StatusCreated {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"decision_id", "application_id", "outcome", "stance", "green", "green_category", "reasons",
		"conditions", "policy_revision", "policy_digest", "decided_at"} {
		if _, ok := m[k]; !ok {
			t.Errorf("answer lacks %q: %s", k, w.Body)
		}
	}
	if !strings.HasPrefix(m["policy_digest"].(string), "sha256:") {
		t.Errorf("policy_digest %v", m["policy_digest"])
	}
	if _, err := time.Parse(time.RFC3339Nano, m["decided_at"].(string)); err != nil || !strings.HasSuffix(m["decided_at"].(string), "Z") {
		t.Errorf("decided_at %v is not RFC 3339 UTC", m["decided_at"])
	}
	reason := m["reasons"].([]any)[0].(map[string]any)
	for _, k := range []string{"code", "message", "message_en", "clause"} {
		if reason[k] == "" || reason[k] == nil {
			t.Errorf("reason lacks %s: %v", k, reason)
		}
	}
	if conds := m["conditions"].([]any); len(conds) == 0 {
		t.Errorf("THOS admission review carries no volume-cap condition")
	}
}

// TestScreeningIsRecorded checks, on MariaDB and SQLite, that the committed row matches the answer.
func TestScreeningIsRecorded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		h, _ := newTestServer(t, store)
		w := do(t, h, http.MethodPost, "/v1/screenings", application(func(m map[string]any) {
			applicant(m)["id_number"] = "91330281MA2H1234X5"
		}))
		if w.Code != http.StatusCreated {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var r screening.Response
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		d, err := store.GetDecision(context.Background(), r.DecisionID)
		if err != nil {
			t.Fatalf("the answered decision has no row: %v", err)
		}
		if d.ApplicationID != "YY2026-000123" || d.CustomerID != "C000123" || d.BranchID != "YY-LC-01" || d.IndustryCode != "C3011" ||
			d.AmountFen != 500000000 || d.Outcome != r.Outcome || d.Stance != r.Stance || d.Green != r.Green ||
			d.PolicyRevision != r.PolicyRevision || d.PolicyDigest != r.PolicyDigest || !d.DecidedAt.Equal(r.DecidedAt) ||
			d.LoanKind != "new" || d.RequestedBy == "" || d.ExistingBalanceSource != "request" {
			t.Fatalf("row %+v does not match answer %+v", d, r)
		}
		var reasons []policy.Reason
		if err := json.Unmarshal([]byte(d.Reasons), &reasons); err != nil || len(reasons) != 1 || reasons[0].Code != "THOS_ADMISSION_REVIEW" {
			t.Fatalf("stored reasons %s (%v)", d.Reasons, err)
		}
		if strings.Contains(d.Request, "余姚某某水泥") || strings.Contains(d.Request, "91330281MA2H1234X5") {
			t.Fatalf("personal data stored in clear: %s", d.Request)
		}
		if !strings.Contains(d.Request, `"industry_code":"C3011"`) || !strings.Contains(d.Request, `"amount":"5000000.00"`) {
			t.Fatalf("stored request lacks its fields: %s", d.Request)
		}
		raw, err := policy.ParseInput([]byte(d.Input))
		if err != nil {
			t.Fatalf("recorded input: %v", err)
		}
		again, err := testPolicy(t).DecideValue(context.Background(), raw)
		if err != nil || again.Outcome != d.Outcome || again.Stance != d.Stance {
			t.Fatalf("the recorded input decides %+v (%v); the record says %s/%s", again, err, d.Outcome, d.Stance)
		}
		if d.DecidedAt.Nanosecond()%1000 != 0 || d.DecidedAt.Location() != time.UTC {
			t.Fatalf("decided_at %v: want microseconds in UTC", d.DecidedAt)
		}
	})
}

// TestScreeningDatabaseUnreachable_MySQLOnlyServerDown cuts MariaDB off mid-run: the answer is 503 and no
// decision exists.
func TestScreeningDatabaseUnreachable_MySQLOnlyServerDown(t *testing.T) {
	dsn := dbtest.NewMySQLDatabase(t)
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, cfg.Addr)
	cfg.Addr = proxy.Addr()
	store, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: cfg.FormatDSN(), OpTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	h, _ := newTestServer(t, store)
	if w := do(t, h, http.MethodPost, "/v1/screenings", application(nil)); w.Code != http.StatusCreated {
		t.Fatalf("before the cut: status %d: %s", w.Code, w.Body)
	}
	proxy.Cut()
	w := do(t, h, http.MethodPost, "/v1/screenings", application(func(m map[string]any) { m["application_id"] = "YY2026-CUT" }))
	if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), `"code":"unavailable"`) || strings.Contains(w.Body.String(), "decision_id") {
		t.Fatalf("with the database cut: status %d: %s", w.Code, w.Body)
	}
	if w := do(t, h, http.MethodGet, "/readyz", nil); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database cut: %d", w.Code)
	}
	direct, err := storage.Open(context.Background(), storage.DBConfig{MySQLDSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	var n int64
	direct.DB.Model(&storage.Decision{}).Where("application_id = ?", "YY2026-CUT").Count(&n)
	if n != 0 || countDecisions(t, direct) != 1 {
		t.Fatalf("after a 503 the log holds %d rows for the refused application (want 0) and %d in all (want 1)", n, countDecisions(t, direct))
	}
}

// TestScreeningSQLiteClosed: the embedded store failing also answers 503 with nothing recorded.
func TestScreeningSQLiteClosed(t *testing.T) {
	store := dbtest.SQLite(t)
	h, _ := newTestServer(t, store)
	_ = store.Close()
	w := do(t, h, http.MethodPost, "/v1/screenings", application(nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
}

func TestScreeningNoPolicy(t *testing.T) {
	store := dbtest.SQLite(t)
	_, s := newTestServer(t, store)
	s.Policy = policy.NewEngine()
	screeningOf(s).Policy = s.Policy
	h := NewRouter(s)
	if w := do(t, h, http.MethodPost, "/v1/screenings", application(nil)); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if w := do(t, h, http.MethodGet, "/readyz", nil); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("readyz without a policy: %d", w.Code)
	}
	if countDecisions(t, store) != 0 {
		t.Fatal("a decision was recorded without a policy")
	}
}

func TestHealthAndReady(t *testing.T) {
	h, _ := newTestServer(t, dbtest.SQLite(t))
	if w := do(t, h, http.MethodGet, "/healthz", nil); w.Code != http.StatusOK {
		t.Fatalf("healthz %d", w.Code)
	}
	w := do(t, h, http.MethodGet, "/readyz", nil)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"ready":true`) {
		t.Fatalf("readyz %d %s", w.Code, w.Body)
	}
}

// TestGreenDecisionNamesItsCategory (issue 28): the sewage works (N7721, green in itself) with a
// 2019 claim its industry does not fit is referred (GREEN_CLAIM_REVIEW) and green under the first
// 2025 item listing its class, and says so — category 2.3.1, version 2025 — and a loan booked on it,
// once a reviewer approved the referral, inherits both.
func TestGreenDecisionNamesItsCategory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, store *storage.Store) {
		_, s := newTestServer(t, store)
		s.Keys = reviewKeys(t)
		h := NewRouter(s)
		r := screenAs(t, h, "officer-a", func(m map[string]any) {
			applicant(m)["industry_code"] = "N7721"
			loan(m)["green_category"] = "5.3.1"
			loan(m)["green_category_version"] = "2019"
		})
		if r["green"] != true || r["green_category"] != "2.3.1" || r["green_category_version"] != "2025" {
			t.Fatalf("green %v, category %v, version %v", r["green"], r["green_category"], r["green_category_version"])
		}
		id := r["decision_id"].(string)
		if code, m := reviewAs(t, h, "rev-1", id, `{"action":"approve","rationale":"sewage works: green in itself"}`); code != http.StatusCreated {
			t.Fatalf("review: %d %v", code, m)
		}
		w := do(t, h, http.MethodPut, "/v1/loans/SEWAGE-1", loanFor("C000123", "N7721", "100.00", id), as("officer-a")...)
		var l LoanView
		if err := json.Unmarshal(w.Body.Bytes(), &l); err != nil || w.Code != http.StatusOK {
			t.Fatalf("booking: %d %s", w.Code, w.Body)
		}
		if !l.Green || l.GreenCategory != "2.3.1" || l.GreenCategoryVersion != "2025" {
			t.Fatalf("the loan booked on it: %+v", l)
		}
	})
}
