package policy

import (
	"context"
	"testing"
)

// BenchmarkDecide measures one policy evaluation of the contract's example application: with
// the query specialised for its industry code (what screenings use once the code has been
// seen), and with the general query (replays, and a code's first screenings).
func BenchmarkDecide(b *testing.B) {
	files, err := ReadDir("../rego")
	if err != nil {
		b.Fatal(err)
	}
	p, err := Compile(context.Background(), files, "bench")
	if err != nil {
		b.Fatal(err)
	}
	in := &Input{ApplicationID: "YY2026-000123", BranchID: "YY-LC-01",
		Applicant: Applicant{CustomerID: "C000123", Kind: "enterprise", Size: "small", IndustryCode: "C3011",
			EnvCreditRating: "blue", IndustrialPolicyClass: "permitted", EnergyCompliant: true, RealEstateRevenueRatio: "0.1"},
		Loan: Loan{AmountFen: 500000000, TermMonths: 12, Kind: "new", Purpose: "流动资金"},
		Book: Book{TotalFen: 1e12, THOSFen: 1e11, RealEstateFen: 5e10, GreenFen: 8e10}}
	ctx := context.Background()
	if err := p.Specialise(in.Applicant.IndustryCode); err != nil {
		b.Fatal(err)
	}
	b.Run("specialised", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.Decide(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The load scripts/bench sends: its 24 industry codes and coarse codes, every field varied.
	var mix []*Input
	for _, code := range []string{"C3011", "C3110", "C2611", "D4411", "D4416", "D4415", "C3825", "K7010", "A0111", "A0141",
		"A0311", "C3411", "C3511", "C3911", "I6511", "M7320", "N7721", "F5211", "G5411", "E4710", "C1713", "C4210", "D4413",
		"H6210", "D44", "C38", "C336", "K70"} {
		if err := p.Specialise(code); err != nil {
			b.Fatal(err)
		}
		mix = append(mix, selfCheckInputs(code)[:20]...)
	}
	b.Run("specialised-mix", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := p.Decide(ctx, mix[i%len(mix)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	// The same, each specialised query evaluated by OPA's evaluator (as before compiled.go).
	b.Run("specialised-mix-opa", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			in := mix[i%len(mix)]
			if _, err := p.eval(ctx, &p.specialised.query(in.Applicant.IndustryCode).query, in.Value()); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.DecideValue(ctx, in.Value()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
