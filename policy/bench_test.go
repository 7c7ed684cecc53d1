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
	b.Run("general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.DecideValue(ctx, in.Value()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
