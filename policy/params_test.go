package policy

import (
	"context"
	"testing"

	"github.com/tidwall/sjson"
)

// TestParametersChangeWithoutBreakingTests: the parameters risk staff change without Rego (the
// console's parameters form: caps, target, warning margin, quasi-real-estate ratio, minimum
// compression, household-solar limit) can each be raised or lowered and the bundle still passes
// its own tests — they test the rules' arithmetic at fixed parameters, not data.json's values —
// so a changed parameter is not refused for a test that pinned the old value.
func TestParametersChangeWithoutBreakingTests(t *testing.T) {
	for name, change := range map[string]map[string]any{
		"raised": {"thos_volume_cap_bp": 2500, "real_estate_volume_cap_bp": 2500, "personal_housing_volume_cap_bp": 2000,
			"green_share_target_bp": 1500, "renewable_min_compression_bp": 1000, "cap_warning_margin_bp": 300, "quasi_real_estate_ratio": 0.8,
			"household_solar.max_amount_fen": 80000000},
		"lowered": {"thos_volume_cap_bp": 500, "real_estate_volume_cap_bp": 800, "personal_housing_volume_cap_bp": 500,
			"green_share_target_bp": 500, "renewable_min_compression_bp": 0, "cap_warning_margin_bp": 0, "quasi_real_estate_ratio": 0.3,
			"household_solar.max_amount_fen": 5000000},
	} {
		t.Run(name, func(t *testing.T) {
			files, err := ReadDir("../rego")
			if err != nil {
				t.Fatal(err)
			}
			data := files["data.json"]
			for k, v := range change {
				path := "greencredit.thresholds." + k
				if k == "household_solar.max_amount_fen" {
					path = "greencredit." + k
				}
				if data, err = sjson.SetBytes(data, path, v); err != nil {
					t.Fatal(err)
				}
			}
			files["data.json"] = data
			p, err := Compile(context.Background(), files, "params")
			if err != nil {
				t.Fatalf("the bundle with its parameters %s: %v", name, err)
			}
			if p.CapsBP["thos"] != int64(change["thos_volume_cap_bp"].(int)) || p.WarningMarginBP(-1) != int64(change["cap_warning_margin_bp"].(int)) {
				t.Fatalf("parameters read: caps %v, margin %d", p.CapsBP, p.WarningMarginBP(-1))
			}
		})
	}
}
