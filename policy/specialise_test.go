package policy

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/rego"
)

// TestPartialEvalSameResults compares the optimised queries (partial evaluation, AST store)
// with a plain evaluation of the same bundle over a grid of applications.
func TestPartialEvalSameResults(t *testing.T) {
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
	plain, err := rego.New(rego.Query(DecisionQuery), rego.ParsedBundle("policy", &b)).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, code := range []string{"C3011", "C3110", "D4411", "D4416", "C3825", "K7010", "A0111", "N7721", "C4210", "F5211", "I6510", "C3731", "B0610"} {
		for _, env := range []string{"green", "red", "black", "unrated"} {
			for _, class := range []string{"permitted", "restricted", "eliminated"} {
				for _, kind := range []string{"new", "renewal", "restructure"} {
					for _, bal := range []int64{0, 100_000_00, 500_000_00} {
						for _, cat := range []string{"", "3.2.2", "1.1.1"} {
							in := &Input{Applicant: Applicant{Kind: "enterprise", IndustryCode: code, EnvCreditRating: env,
								IndustrialPolicyClass: class, EnergyCompliant: env != "red", RealEstateRevenueRatio: "0.5",
								ExistingBalanceFen: bal}, Loan: Loan{AmountFen: 100_000_00, TermMonths: 12, Kind: kind, GreenCategory: cat},
								Book: Book{TotalFen: 1_000_000_00, THOSFen: 140_000_00, RealEstateFen: 200_000_00}}
							got, err := p.Decide(ctx, in)
							if err != nil {
								t.Fatal(err)
							}
							rs, err := plain.Eval(ctx, rego.EvalParsedInput(in.Value()))
							if err != nil || len(rs) != 1 {
								t.Fatalf("plain eval: %v", err)
							}
							want, err := resultFrom(rs[0].Expressions[0].Value)
							if err != nil {
								t.Fatal(err)
							}
							if !reflect.DeepEqual(got, want) {
								t.Fatalf("%+v:\noptimised %+v\nplain     %+v", in, got, want)
							}
							n++
						}
					}
				}
			}
		}
	}
	t.Logf("%d applications decided the same", n)
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
