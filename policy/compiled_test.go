package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// compileBoth compiles a module both ways: OPA's prepared query for data.t.answer and the
// direct evaluation of the same compiled rules.
func compileBoth(t *testing.T, src string) (*rego.PreparedEvalQuery, *compiledQuery, error) {
	t.Helper()
	m, err := ast.ParseModuleWithOpts("t.rego", src, ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	c := ast.NewCompiler().WithCapabilities(Capabilities())
	if c.Compile(map[string]*ast.Module{"t.rego": m}); c.Failed() {
		t.Fatal(c.Errors)
	}
	pq, err := rego.New(rego.Compiler(c), rego.Query("data.t.answer")).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	q, err := compileResidual(c, ast.MustParseRef("data.t"), "answer")
	return &pq, q, err
}

// TestCompiledAsOPA: the direct evaluation gives OPA's answer, or fails where OPA fails, for
// each construct it accepts — defaults, values defined twice alike or differently (OPA's
// conflict error), partial sets empty and not, negation, a missing input field, built-ins
// (arithmetic on large and decimal numbers, a built-in's error as undefined, object.get with a
// path, membership), references into a rule's value and a variable's.
func TestCompiledAsOPA(t *testing.T) {
	opa, q, err := compileBoth(t, `package t

default rating := "none"
rating := "black" if input.rating == "black"
rating := "red" if { input.rating == "red"; not input.flag }

tags contains "big" if input.n > 3
tags contains y if { y := input.s; startswith(y, "pre") }

default same := "none"
same := 1 if input.n > 0
same := 1 if input.n > 1

default number := "undefined"
number := to_number(input.s)

default conflict := 0
conflict := 1 if input.n == 200
conflict := 2 if input.n == 200

share := (input.n * 10000) / 3
default sum := "undefined"
sum := [input.n + input.m, input.n - input.m, input.m - input.n, input.n * input.m]
rounded := round(input.n / 7)
deep := object.get(input, ["a", "b"], 0)
member if input.rating in {"red", "black"}
default member := false
obj := {"k": input.n, "s": {input.s, "z"}, "a": [rating, same]}
from_rule := obj.a[0]

answer := {
	"rating": rating, "tags": tags, "same": same, "number": number,
	"conflict": conflict, "share": share, "rounded": rounded, "deep": deep, "member": member, "obj": obj,
	"from_rule": from_rule, "sum": sum,
}
`)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	defined, failed, undefined := 0, 0, 0
	for _, in := range []string{
		`{"rating": "black", "n": 5, "s": "prefix", "a": {"b": 7}, "m": 3}`,
		`{"n": 922337203685477580, "m": 922337203685477580, "s": "pre"}`,   // int64 overflows: OPA's big.Int
		`{"n": -922337203685477580, "m": 9223372036854775807, "s": "pre"}`, // and below
		`{"n": 5000000000, "m": -7, "s": "pre"}`,
		`{"n": 2.5, "m": 1, "s": "pre"}`,
		`{"rating": "red", "n": 0, "s": "12.50"}`,
		`{"rating": "red", "flag": true, "n": 2, "s": "x"}`,
		`{"n": 1e30, "s": "pre"}`,
		`{"n": 0.1, "s": "-0"}`,
		`{"n": 200, "s": "pre"}`, // conflict: both fail
		`{"rating": 3, "s": "pre", "n": -7}`,
		`{"s": "pre"}`, // no n: share is undefined, so is the answer
	} {
		v := ast.MustParseTerm(in).Value
		rs, wantErr := opa.Eval(ctx, rego.EvalParsedInput(v))
		got, gotErr := q.eval(ctx, v)
		if (wantErr != nil) != (gotErr != nil) {
			t.Fatalf("%s: OPA's error %v, direct %v", in, wantErr, gotErr)
		}
		if wantErr != nil {
			if !errors.Is(gotErr, errConflict) {
				t.Fatalf("%s: %v", in, gotErr)
			}
			failed++
			continue
		}
		if len(rs) == 0 {
			if got != nil {
				t.Fatalf("%s: OPA undefined, direct %v", in, got)
			}
			undefined++
			continue
		}
		x, err := ast.JSON(got)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(x, rs[0].Expressions[0].Value) {
			t.Fatalf("%s:\nOPA    %v\ndirect %v", in, rs[0].Expressions[0].Value, x)
		}
		defined++
	}
	if defined != 10 || failed != 1 || undefined != 1 {
		t.Errorf("%d answers, %d failures, %d undefined; want 10, 1, 1", defined, failed, undefined)
	}
}

// TestCompiledRefuses: what the direct evaluation does not evaluate exactly as OPA is left to
// OPA: iteration, comprehensions, `with`, functions, `else`, a reference outside the residual.
// (A non-deterministic built-in is refused too, but the capabilities allow none.)
func TestCompiledRefuses(t *testing.T) {
	for name, body := range map[string]string{
		"iteration":     `answer contains x if some x in input.xs`,
		"comprehension": `answer := [x | some x in input.xs]`,
		"with":          "answer := y if y := z with input as {}\nz := 1",
		"function":      "f(x) := x\nanswer := f(1)",
		"else":          "answer := 1 if input.x else := 2",
		"data":          `answer := data.elsewhere.x`,
	} {
		if _, _, err := compileBoth(t, "package t\n"+body); !errors.As(err, new(errNotCompiled)) {
			t.Errorf("%s: %v, want it left to OPA", name, err)
		}
	}
}

// TestSelfCheck: the check that admits a compiled query tells a query that answers as OPA's
// from one that does not (another code's residual, here).
func TestSelfCheck(t *testing.T) {
	ctx := context.Background()
	p, err := Compile(ctx, shipped(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"C3011", "A0111"} {
		if err := p.Specialise(code); err != nil {
			t.Fatal(err)
		}
	}
	thos, farm := p.specialised.query("C3011"), p.specialised.query("A0111")
	if thos.compiled == nil || farm.compiled == nil {
		t.Fatalf("%+v", p.Specialised())
	}
	if !sameAnswers(ctx, &thos.query, thos.compiled, "C3011") {
		t.Error("the compiled query of C3011 does not answer as OPA's")
	}
	if sameAnswers(ctx, &thos.query, farm.compiled, "C3011") {
		t.Error("the self-check admitted another code's query")
	}
}

// FuzzCompiledSameAsOPA: for any application the directly evaluated specialised query decides
// as OPA's general query (`go test -fuzz FuzzCompiledSameAsOPA ./policy`).
func FuzzCompiledSameAsOPA(f *testing.F) {
	ctx := context.Background()
	files, err := ReadDir("../rego")
	if err != nil {
		f.Fatal(err)
	}
	p, err := Compile(ctx, files, "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	codes := []string{"C3011", "D4416", "K7010", "A0111", "C38", "D44", "N7721", "C4210", "F5211", "C3415"}
	for _, c := range codes {
		if err := p.Specialise(c); err != nil {
			f.Fatal(err)
		}
	}
	f.Add(uint8(0), uint8(1), uint8(2), uint8(0), uint8(1), int64(500_000_00), int64(0), int64(1e12), int64(1e11), "0.1", true)
	f.Add(uint8(3), uint8(4), uint8(5), uint8(2), uint8(3), int64(50_000_00), int64(30_000_00), int64(1e8), int64(4e7), "0.5", false)
	f.Fuzz(func(t *testing.T, code, kind, rating, class, loan uint8, amount, balance, total, restricted int64, ratio string, complete bool) {
		pick := func(xs []string, i uint8) string { return xs[int(i)%len(xs)] }
		in := &Input{DecidedOn: pick([]string{"2026-12-01", "2025-09-30"}, kind),
			Applicant: Applicant{Kind: pick([]string{"enterprise", "individual_business", "individual", "farmer_household"}, kind),
				IndustryCode: pick(codes, code), EnvCreditRating: pick([]string{"green", "blue", "yellow", "red", "black", "unrated"}, rating),
				IndustrialPolicyClass: pick([]string{"encouraged", "permitted", "restricted", "eliminated"}, class),
				EnergyCompliant:       rating%3 != 0, RealEstateRevenueRatio: ratio,
				ExistingBalanceFen: balance, RequestedBalanceFen: balance + int64(class), BookedBalanceFen: balance},
			Loan: Loan{AmountFen: amount, TermMonths: 12, Kind: pick([]string{"new", "renewal", "increase", "restructure"}, loan),
				GreenCategory: pick([]string{"", "3.2.2", "4.2.2", "1.1.1", "3.2.7"}, code^loan), GreenCategoryVersion: pick([]string{"2025", "2019"}, class),
				ProjectType:       pick([]string{"other", "new_capacity", "upgrade", "pollution_control"}, rating^loan),
				RealEstatePurpose: pick([]string{"none", "development", "personal_housing", "commercial_property"}, kind^class)},
			Book: Book{TotalFen: total, THOSFen: restricted, RealEstateFen: restricted / 2, PersonalHousingFen: restricted / 3, Complete: complete}}
		if _, err := json.Marshal(json.Number(ratio)); err != nil || ratio == "" {
			return // the service only sends a canonical decimal
		}
		got, gotErr := p.Decide(ctx, in)
		want, wantErr := p.DecideValue(ctx, in.Value())
		if (gotErr != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v:\ndirect %+v %v\nOPA    %+v %v", in, got, gotErr, want, wantErr)
		}
		if got != nil {
			sameEncoding(t, got)
			sameEncoding(t, &Result{Outcome: got.Outcome, Stance: got.Stance}) // nil lists and map
		}
	})
}

// TestDocumentJSON: the evidence's JSON is what json.Marshal writes for the same document.
func TestDocumentJSON(t *testing.T) {
	for _, doc := range []string{
		`{"b": 1, "a": [1.50, "x"], "c": {"z": null, "y": true, "x": false}, "s": {"k", "a", 3}}`,
		`{"html": "<a href='x'>&</a>", "ctl": "\u0001\b\f\n\r\t\"\\", "cjk": "两高一剩", "sep": "\u2028\u2029"}`,
		`[{"k": 1e30}, -0.0, 12345678901234567890]`,
		`{1: "a non-string key"}`,
		`{[1, 2]: {"a": set()}}`,
	} {
		v := ast.MustParseTerm(doc).Value
		x, err := ast.JSON(v)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		got, err := documentJSON(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s:\ngot  %s %v\nwant %s", doc, got, err, want)
		}
	}
}

// TestCompiledErrorLeftToOPA: where the direct evaluation fails — here on a conflict in a rule
// that OPA's rule index never reaches for this input — OPA's evaluator decides instead; and a
// decision past its deadline stops with the context's error (a 503, nothing decided).
func TestCompiledErrorLeftToOPA(t *testing.T) {
	opa, q, err := compileBoth(t, `package t

q := 1 if input.n > 0
q := 2 if input.m > 0

default p := false
p if {
	q == 1
	input.kind == "a"
}

default outcome := "approve"
outcome := "refer" if p

answer := {"outcome": outcome, "stance": "neutral", "entries": set(), "classes": {}}
`)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	in := ast.MustParseTerm(`{"n": 1, "m": 1, "kind": "b"}`).Value
	if _, err := q.eval(ctx, in); !errors.Is(err, errConflict) {
		t.Fatalf("direct evaluation: %v, want the conflict", err)
	}
	p := &Policy{Revision: "t", query: "data.t.answer"}
	res, err := p.decideSpecialised(ctx, &specialisedQuery{query: *opa, compiled: q}, in)
	if err != nil || res.Outcome != "approve" {
		t.Fatalf("%+v %v, want OPA's answer (approve)", res, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := p.decideSpecialised(cancelled, &specialisedQuery{query: *opa, compiled: q},
		ast.MustParseTerm(`{"n": 1, "kind": "a"}`).Value); !errors.Is(err, context.Canceled) {
		t.Fatalf("past its deadline: %v", err)
	}
}

// TestCompiledConcurrent: decisions made at once on many goroutines (each evaluation with its
// own pooled state) are those made one after the other. .ci/run runs it with -race.
func TestCompiledConcurrent(t *testing.T) {
	ctx := context.Background()
	p, err := Compile(ctx, shipped(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	var inputs []*Input
	for _, code := range []string{"C3011", "D4416", "K7010", "A0111"} {
		if err := p.Specialise(code); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, selfCheckInputs(code)[:40]...)
	}
	if st := p.Specialised(); st.Compiled == 0 || st.Compiled != st.Queries {
		t.Fatalf("%+v: every specialised query should be evaluated directly", st)
	}
	want := make([]*Result, len(inputs))
	for i, in := range inputs {
		if want[i], err = p.Decide(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			for k := range inputs {
				i := (k + g*17) % len(inputs)
				got, err := p.Decide(ctx, inputs[i])
				if err == nil && !reflect.DeepEqual(got, want[i]) {
					err = fmt.Errorf("decision %d made concurrently differs:\n%+v\nwant\n%+v", i, got, want[i])
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
