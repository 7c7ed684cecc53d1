package greencredit.rules.real_estate_test

import data.greencredit.rules.real_estate

# A F5211 (retail) enterprise with no real-estate revenue.
base := {
	"application_id": "T-RE",
	"branch_id": "YY-LC-01",
	"applicant": {
		"customer_id": "C3",
		"kind": "enterprise",
		"size": "small",
		"industry_code": "F5211",
		"env_credit_rating": "blue",
		"industrial_policy_class": "permitted",
		"energy_compliant": true,
		"real_estate_revenue_ratio": 0,
		"existing_balance_fen": 0,
	},
	"loan": {"amount_fen": 100, "term_months": 12, "kind": "new", "purpose": "流动资金", "green_category": ""},
	"book": {"total_fen": 0, "thos_fen": 0, "real_estate_fen": 0, "green_fen": 0},
}

fired_for(patch) := codes if {
	codes := real_estate.fired with input as object.union(base, patch)
}

quasi(patch) := q if {
	q := real_estate.quasi_real_estate with input as object.union(base, patch)
}

ratio(r) := {"applicant": {"real_estate_revenue_ratio": r}}

k70 := {"applicant": {"industry_code": "K7010"}}

# --- real estate limit --------------------------------------------------------------

test_limit_k70 if {
	fired_for(k70) == {"REAL_ESTATE_LIMIT"}
	fired_for({"applicant": {"industry_code": "K7090"}}) == {"REAL_ESTATE_LIMIT"}
	quasi(k70) == false
}

test_limit_quasi_ratio_exactly_half_fires if {
	fired_for(ratio(0.5)) == {"REAL_ESTATE_LIMIT"}
	quasi(ratio(0.5)) == true
}

test_limit_quasi_ratio_just_below_half_does_not_fire if {
	fired_for(ratio(0.4999)) == set()
	quasi(ratio(0.4999)) == false
}

test_limit_quasi_ratio_one_and_zero if {
	fired_for(ratio(1)) == {"REAL_ESTATE_LIMIT"}
	fired_for(ratio(0)) == set()
	quasi(ratio(0)) == false
}

test_limit_quasi_on_thos_firm if {
	fired_for({"applicant": {"industry_code": "C3011", "real_estate_revenue_ratio": 0.6}}) == {"REAL_ESTATE_LIMIT"}
}

test_limit_other_industries_do_not_fire if {
	every code in ["F5211", "L7211", "E4710", "C3011"] {
		fired_for({"applicant": {"industry_code": code}}) == set()
	}
}

test_quasi_threshold_from_data if {
	codes := real_estate.fired with input as object.union(base, ratio(0.4)) with data.greencredit.thresholds.quasi_real_estate_ratio as 0.3
	codes == {"REAL_ESTATE_LIMIT"}
}

test_quasi_without_input_is_false if {
	real_estate.quasi_real_estate == false
}

# --- volume cap (default 2000 bp = 20%) ---------------------------------------------

test_volume_cap_empty_book_never_fires if {
	fired_for(object.union(k70, {"loan": {"amount_fen": 1000000000000000}})) == {"REAL_ESTATE_LIMIT"}
}

test_volume_cap_exactly_at_cap_does_not_fire if {
	# (1900 + 100) / (9900 + 100) = 20% exactly.
	fired_for(object.union(k70, {"book": {"total_fen": 9900, "real_estate_fen": 1900}})) == {"REAL_ESTATE_LIMIT"}
}

test_volume_cap_one_fen_over_fires if {
	fired_for(object.union(k70, {"book": {"total_fen": 9900, "real_estate_fen": 1901}})) == {"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP"}
}

test_volume_cap_for_quasi_real_estate if {
	patch := {"applicant": {"real_estate_revenue_ratio": 0.5}, "book": {"total_fen": 9900, "real_estate_fen": 1901}}
	fired_for(patch) == {"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP"}
}

test_volume_cap_realistic_book if {
	# Book 9,995,000,000.00 yuan, loan 5,000,000.00 yuan: the cap is 2,000,000,000.00 yuan.
	at_cap := {"loan": {"amount_fen": 500000000}, "book": {"total_fen": 999500000000, "real_estate_fen": 199500000000}}
	fired_for(object.union(k70, at_cap)) == {"REAL_ESTATE_LIMIT"}
	over := {"loan": {"amount_fen": 500000000}, "book": {"total_fen": 999500000000, "real_estate_fen": 199500000001}}
	fired_for(object.union(k70, over)) == {"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP"}
}

test_volume_cap_threshold_from_data if {
	over := object.union(k70, {"book": {"total_fen": 9900, "real_estate_fen": 1901}})
	codes := real_estate.fired with input as object.union(base, over) with data.greencredit.thresholds.real_estate_volume_cap_bp as 2500
	codes == {"REAL_ESTATE_LIMIT"}
}

test_volume_cap_not_for_other_borrowers if {
	fired_for({"book": {"total_fen": 100, "real_estate_fen": 100}}) == set()
	fired_for({"applicant": {"real_estate_revenue_ratio": 0.4999}, "book": {"total_fen": 100, "real_estate_fen": 100}}) == set()
}
