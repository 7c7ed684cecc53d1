package policy

import (
	"context"
	"slices"
	"testing"

	"greencredit/refdata"
)

// TestIntrinsicGreenNamesItsItem walks every class of the intrinsically green list (issue 28):
// with no claim, with a fitting 2025 claim and with a claim that does not fit (a 2025 item that
// does not list the class, and a 2019 code), a green decision names its category and the version
// it was identified under — the first 2025 item listing the class, under 2025, unless the claim
// fits — and a class no 2025 item lists is not green by its industry.
func TestIntrinsicGreenNamesItsItem(t *testing.T) {
	ctx := context.Background()
	p, err := Compile(ctx, shipped(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := refdata.LoadRefData()
	if err != nil {
		t.Fatal(err)
	}
	var classes []string
	for _, prefix := range []string{"N772", "C42", "D4413", "D4417"} {
		classes = append(classes, ref.ClassesUnder(prefix)...)
	}
	if len(classes) < 10 {
		t.Fatalf("only %d intrinsically green classes: %v", len(classes), classes)
	}
	decide := func(code, claim, version string) *Result {
		t.Helper()
		r, err := p.Decide(ctx, &Input{DecidedOn: "2026-12-06", Applicant: Applicant{Kind: "enterprise", IndustryCode: code,
			EnvCreditRating: "blue", IndustrialPolicyClass: "permitted", EnergyCompliant: true},
			Loan: Loan{AmountFen: 100000, TermMonths: 12, Kind: "new", GreenCategory: claim, GreenCategoryVersion: version}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	named := 0
	for _, c := range classes {
		items := ref.Items2025Listing(c)
		cases := []struct{ claim, version string }{{"", "2025"}, {"5.3.1", "2019"}, {"1.1.1", "2025"}}
		if len(items) > 1 {
			cases = append(cases, struct{ claim, version string }{items[len(items)-1], "2025"})
		}
		for _, k := range cases {
			r := decide(c, k.claim, k.version)
			fits := k.version == "2025" && k.claim != "" && slices.Contains(items, k.claim)
			switch {
			case r.Green && (r.GreenCategory == "" || r.GreenCategoryVersion == ""):
				t.Errorf("%s, claim %s/%s: green without its category (%q, %q)", c, k.claim, k.version, r.GreenCategory, r.GreenCategoryVersion)
			case len(items) == 0 && r.Green:
				t.Errorf("%s (no 2025 item lists it), claim %s/%s: green as %s", c, k.claim, k.version, r.GreenCategory)
			case len(items) > 0 && fits && (!r.Green || r.GreenCategory != k.claim || r.GreenCategoryVersion != "2025"):
				t.Errorf("%s, fitting claim %s: %v %q %q", c, k.claim, r.Green, r.GreenCategory, r.GreenCategoryVersion)
			case len(items) > 0 && !fits && (!r.Green || r.GreenCategory != items[0] || r.GreenCategoryVersion != "2025"):
				t.Errorf("%s, claim %s/%s that does not fit: %v %q %q, want %s under 2025", c, k.claim, k.version, r.Green, r.GreenCategory, r.GreenCategoryVersion, items[0])
			}
			if r.Green {
				named++
			}
		}
	}
	t.Logf("%d classes, %d green decisions, each naming its item", len(classes), named)
}
