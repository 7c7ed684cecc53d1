package policy

import (
	"context"
	"encoding/json"
	"greencredit/refdata"
	"slices"
	"strings"
	"testing"
)

// TestListNeighboursSafeBothWays walks every entry of every industry list in data.json, with
// its parent code and every code under it, and checks the policy's classification against the
// rule of green-credit-rules.md v2 computed here from the GB/T tree: a restricted list surely
// applies when every class under the code is on it and possibly when some are; a support or
// intrinsically-green list applies only when the code lies wholly inside an entry and nothing
// restricted lies under it. Then each such code is screened: a code that only possibly lies on
// a restricted list is referred as too coarse and is never approved, supported or green.
func TestListNeighboursSafeBothWays(t *testing.T) {
	ctx := context.Background()
	files := shipped(t)
	p, err := Compile(ctx, files, "test")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := refdata.LoadRefData()
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Greencredit struct {
			Lists map[string]struct{ Codes []string } `json:"lists"`
		} `json:"greencredit"`
	}
	if err := json.Unmarshal(files["data.json"], &data); err != nil {
		t.Fatal(err)
	}
	lists := data.Greencredit.Lists
	on := func(class string, names ...string) bool {
		for _, n := range names {
			for _, e := range lists[n].Codes {
				if strings.HasPrefix(class, e) {
					return true
				}
			}
		}
		return false
	}
	groups := map[string][]string{
		"thos":        {"overcapacity", "high_energy", "high_pollution"},
		"renewable":   {"renewable"},
		"real_estate": {"real_estate"},
	}
	// The codes to walk: every entry, its parent and everything under it.
	walk := map[string]bool{}
	for _, l := range lists {
		for _, e := range l.Codes {
			if len(e) > 3 {
				walk[e[:len(e)-1]] = true // the parent group or division
			}
			for _, c := range ref.CodesUnder(e) {
				walk[c] = true
			}
		}
	}
	n, coarseRefers := 0, 0
	for code := range walk {
		if _, ok := ref.Industry(code); !ok {
			continue
		}
		classes := ref.ClassesUnder(code)
		got, err := p.Classify(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		possible := false
		unsure := false
		for g, names := range groups {
			some, all := false, true
			for _, c := range classes {
				if on(c, names...) {
					some = true
				} else {
					all = false
				}
			}
			if got[g] != all || got[g+"_possible"] != some {
				t.Errorf("%s: %s = %v, %s_possible = %v; want %v, %v (classes %v)", code, g, got[g], g, got[g+"_possible"], all, some, classes)
			}
			possible = possible || some
			unsure = unsure || (some && !all)
		}
		for _, l := range []string{"supported", "intrinsically_green"} {
			want := !possible && on(code, l)
			if got[l] != want {
				t.Errorf("%s: %s = %v, want %v", code, l, got[l], want)
			}
		}
		if got["coarse"] != (len(classes) > 1 || classes[0] != code) {
			t.Errorf("%s: coarse = %v", code, got["coarse"])
		}
		// Screened as an enterprise claiming a green category that would fit some class.
		res, err := p.DecideValue(ctx, (&Input{DecidedOn: "2026-12-01",
			Applicant: Applicant{Kind: "enterprise", IndustryCode: code, EnvCreditRating: "blue", IndustrialPolicyClass: "permitted", EnergyCompliant: true, RealEstateRevenueRatio: "0"},
			Loan:      Loan{AmountFen: 100_000_00, TermMonths: 12, Kind: "new", GreenCategory: "4.2.2", GreenCategoryVersion: "2025", ProjectType: "other", RealEstatePurpose: "none"},
			Book:      Book{Complete: true}}).Value())
		if err != nil {
			t.Fatal(err)
		}
		codes := make([]string, 0, len(res.Reasons))
		for _, r := range res.Reasons {
			codes = append(codes, r.Code)
		}
		if unsure {
			coarseRefers++
			if !slices.Contains(codes, "INDUSTRY_CODE_TOO_COARSE") || res.Outcome == "approve" || res.Green || slices.Contains(codes, "SUPPORTED_SECTOR") {
				t.Errorf("%s (possibly restricted): %s %v green=%v", code, res.Outcome, codes, res.Green)
			}
		} else if slices.Contains(codes, "INDUSTRY_CODE_TOO_COARSE") {
			t.Errorf("%s is not too coarse: %v", code, codes)
		}
		if got["thos"] && !slices.Contains(codes, "THOS_ADMISSION_REVIEW") {
			t.Errorf("%s (THOS): %v", code, codes)
		}
		if got["renewable"] && !slices.Contains(codes, "RENEWABLE_NEW_ENTRANT") {
			t.Errorf("%s (solar/PV/wind): %v", code, codes)
		}
		if got["real_estate"] && !slices.Contains(codes, "REAL_ESTATE_LIMIT") {
			t.Errorf("%s (real estate): %v", code, codes)
		}
		n++
	}
	if n < 300 || coarseRefers < 10 {
		t.Fatalf("walked %d codes, %d possibly restricted: the walk is too small", n, coarseRefers)
	}
	t.Logf("%d codes walked, %d of them referred as too coarse", n, coarseRefers)
}
