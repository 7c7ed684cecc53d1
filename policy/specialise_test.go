package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/rego"
)

// TestSpecialisedSameResults compares the optimised queries with a plain evaluation of the
// same bundle over a grid of applications: the query specialised per industry code (Decide)
// and the general partially evaluated one (DecideValue), each with the AST store, against
// data.greencredit.decision.result evaluated as `opa eval` would.
func TestSpecialisedSameResults(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the grid of 12,096 applications runs in the full suite (go test ./...)")
	}
	ctx := context.Background()
	files := shipped(t)
	p, err := Compile(ctx, files, "test")
	if err != nil {
		t.Fatal(err)
	}
	tgz, err := files.TarGz()
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.NewReader(bytesReader(tgz)).WithRegoVersion(ast.RegoV1).Read()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := rego.New(rego.Query("data.greencredit.decision.result"), rego.ParsedBundle("policy", &b)).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, outcomes := 0, map[string]int{}
	// Classes on every list, and coarse codes: surely restricted (C336, K70), possibly
	// (D44, C38, C382), clean (C381), intrinsically green (C42) and supported (N77).
	codes := []string{"C3011", "C3110", "D4411", "D4416", "C3825", "C3415", "K7010", "A0111", "N7721", "C4210", "D4413",
		"F5211", "I6510", "C3731", "B0610", "C2211", "C3862", "C3511", "C3360", "C3843",
		"D44", "C38", "C382", "C336", "K70", "C381", "C42", "N77"}
	// Rules-version-2 fields, cycled through the grid (their periods are co-prime, so every
	// combination of neighbours occurs): project type, real-estate purpose, catalogue version and
	// decision date, book completeness, defaulted fields, the claimed and the booked balance.
	projects := []string{"other", "new_capacity", "upgrade", "pollution_control", "working_capital"}
	purposes := []string{"none", "development", "personal_housing", "commercial_property"}
	versions := [][2]string{{"2025", "2026-12-01"}, {"2019", "2026-12-01"}, {"2019", "2025-09-30"}}
	defaulted := [][]string{{}, {"applicant.env_credit_rating"}, {"applicant.industrial_policy_class"},
		{"applicant.energy_compliant", "loan.project_type"}, {"loan.green_category_version"}, {"applicant.real_estate_revenue_ratio"}, {}}
	kinds := []string{"enterprise", "individual_business", "individual", "enterprise", "farmer_household", "enterprise", "enterprise",
		"individual_business", "enterprise", "individual", "enterprise"}
	for _, code := range codes {
		if err := p.Specialise(code); err != nil {
			t.Fatal(err)
		}
		if p.specialised.query(code) == nil {
			t.Fatalf("%s: no specialised query", code)
		}
		for _, env := range []string{"green", "red", "black"} {
			for _, class := range []string{"permitted", "restricted", "eliminated"} {
				for _, kind := range []string{"new", "renewal", "restructure"} {
					for _, bal := range []int64{0, 500_000_00} {
						for _, cat := range []string{"", "3.2.2", "4.2.2", "3.2.7"} {
							for _, ratio := range []string{"0.1", "0.5"} {
								v := versions[n%3]
								in := &Input{DecidedOn: v[1], Defaulted: defaulted[n%7],
									Applicant: Applicant{Kind: kinds[n%11], IndustryCode: code, EnvCreditRating: env,
										IndustrialPolicyClass: class, EnergyCompliant: env != "red", RealEstateRevenueRatio: ratio,
										ExistingBalanceFen: bal, RequestedBalanceFen: bal + int64(n%2)*100, BookedBalanceFen: bal},
									Loan: Loan{AmountFen: 100_000_00, TermMonths: 12, Kind: kind, GreenCategory: cat,
										GreenCategoryVersion: v[0], ProjectType: projects[n%5], RealEstatePurpose: purposes[n%4]},
									Book: Book{TotalFen: 1_000_000_00, THOSFen: 140_000_00, RealEstateFen: 170_000_00,
										PersonalHousingFen: 120_000_00, Complete: n%13 != 0}}
								if bal == 500_000_00 { // a book far below every volume cap
									in.Book = Book{TotalFen: 1_000_000_000_00, THOSFen: 1_000_00, RealEstateFen: 1_000_00, Complete: true}
								}
								if n%17 == 0 { // household rooftop solar sizes
									in.Loan.AmountFen = 50_000_00
								}
								specialised, err := p.Decide(ctx, in)
								if err != nil {
									t.Fatal(err)
								}
								general, err := p.DecideValue(ctx, in.Value())
								if err != nil {
									t.Fatal(err)
								}
								rs, err := plain.Eval(ctx, rego.EvalParsedInput(in.Value()))
								if err != nil || len(rs) != 1 {
									t.Fatalf("plain eval: %v", err)
								}
								var want Result
								raw, _ := json.Marshal(rs[0].Expressions[0].Value)
								if err := json.Unmarshal(raw, &want); err != nil {
									t.Fatal(err)
								}
								if !reflect.DeepEqual(specialised, &want) || !reflect.DeepEqual(general, &want) {
									t.Fatalf("%+v:\nspecialised %+v\ngeneral     %+v\nplain       %+v", in, specialised, general, want)
								}
								sameEncoding(t, specialised)
								n++
								outcomes[want.Outcome+"/"+want.Stance]++
							}
						}
					}
				}
			}
		}
	}
	// Every specialised query is evaluated directly (compiled.go): the comparison above is the
	// direct evaluation's against OPA's.
	if st := p.Specialised(); st.Codes != int64(len(codes)) || st.Failed != 0 || st.Queries < 8 || st.Queries > st.Codes ||
		st.Compiled != st.Queries || st.Mismatched != 0 {
		t.Errorf("%+v; want all %d codes specialised and every query evaluated directly", st, len(codes))
	}
	t.Logf("specialised: %+v", p.Specialised())
	if len(outcomes) < 7 { // approve/neutral|support, refer/neutral|control|compress, decline/control|compress
		t.Errorf("the grid reached only %v", outcomes)
	}
	t.Logf("%d applications decided the same; outcome/stance: %v", n, outcomes)
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// sameEncoding: the result and its reasons written by AppendJSON, AppendJSONWithReasons (the
// reasons spliced in) and AppendReasons are the bytes json.Marshal writes.
func sameEncoding(t testing.TB, r *Result) {
	t.Helper()
	reasons := AppendReasons(nil, r.Reasons)
	for _, c := range []struct {
		got []byte
		v   any
	}{{r.AppendJSON(nil), r}, {r.AppendJSONWithReasons(nil, reasons), r}, {reasons, r.Reasons}} {
		want, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c.got, want) {
			t.Fatalf("written\n%s\njson.Marshal\n%s", c.got, want)
		}
	}
}

// TestSpecialiseInBackground: a code's first screenings are answered by the general query
// while its specialised query is prepared in the background, later ones by the specialised
// query; codes beyond the limit stay with the general query.
func TestSpecialiseInBackground(t *testing.T) {
	ctx := context.Background()
	p, err := Compile(ctx, shipped(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	s := p.specialised
	s.maxCodes = 2
	decide := func(code string) *Result {
		t.Helper()
		in := &Input{Applicant: Applicant{Kind: "enterprise", IndustryCode: code, EnvCreditRating: "green",
			IndustrialPolicyClass: "permitted", EnergyCompliant: true, RealEstateRevenueRatio: "0.1"},
			Loan: Loan{AmountFen: 100_000_00, TermMonths: 12, Kind: "new"}}
		r, err := p.Decide(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	waitReady := func(code string) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); s.query(code) == nil; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s was not specialised", code)
			}
		}
	}
	if s.query("C3011") != nil {
		t.Fatal("C3011 specialised before it was seen")
	}
	first := decide("C3011") // the general query answers while C3011 is specialised
	waitReady("C3011")
	if again := decide("C3011"); !reflect.DeepEqual(first, again) || first.Outcome != "refer" {
		t.Fatalf("general %+v, specialised %+v", first, again)
	}
	decide("A0111")
	waitReady("A0111")
	// The limit is reached: F5211 is answered, and never specialised.
	if r := decide("F5211"); r.Outcome != "approve" {
		t.Fatalf("F5211: %+v", r)
	}
	s.busy.Lock() // no specialisation under way
	s.busy.Unlock()
	if _, ok := s.codes.Load("F5211"); ok || s.query("F5211") != nil {
		t.Fatal("F5211 was specialised beyond the limit")
	}
	if st := p.Specialised(); st != (SpecialisedStats{Codes: 2, Queries: 2, Compiled: 2, Failed: 0}) {
		t.Fatalf("%+v, want 2 codes in 2 queries", st)
	}
}

// TestSpecialisedQueriesBounded: a code that would need a query beyond the bound is answered
// by the general query, and one that shares an existing query is still specialised.
func TestSpecialisedQueriesBounded(t *testing.T) {
	p, err := Compile(context.Background(), shipped(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	p.specialised.maxQueries = 1
	if err := p.Specialise("A0121"); err != nil {
		t.Fatal(err)
	}
	if err := p.Specialise("A0122"); err != nil { // agriculture the catalogue lists for no item too: the same residual
		t.Fatalf("A0122 should share A0121's query: %v", err)
	}
	if err := p.Specialise("C3011"); err == nil || p.specialised.query("C3011") != nil {
		t.Fatalf("C3011 specialised beyond the bound: %v", err)
	}
	if st := p.Specialised(); st != (SpecialisedStats{Codes: 2, Queries: 1, Compiled: 1, Failed: 1}) {
		t.Fatalf("%+v, want 2 codes in 1 query and 1 failed", st)
	}
}
