package greencredit.rules.thos_test

import data.greencredit.rules.thos

# A C3011 (cement) enterprise, blue grade, permitted class, energy compliant, new loan of
# 5,000,000.00 yuan, empty book.
base := {
	"application_id": "T-THOS",
	"branch_id": "YY-LC-01",
	"applicant": {
		"customer_id": "C1",
		"kind": "enterprise",
		"size": "small",
		"industry_code": "C3011",
		"env_credit_rating": "blue",
		"industrial_policy_class": "permitted",
		"energy_compliant": true,
		"real_estate_revenue_ratio": 0,
		"existing_balance_fen": 0,
	},
	"loan": {"amount_fen": 500000000, "term_months": 12, "kind": "new", "purpose": "流动资金", "green_category": ""},
	"book": {"total_fen": 0, "thos_fen": 0, "real_estate_fen": 0, "green_fen": 0},
}

app(patch) := object.union(base, patch)

fired_for(patch) := codes if {
	codes := thos.fired with input as app(patch)
}

# --- admission review ---------------------------------------------------------------

test_admission_review_good_thos_firm if {
	fired_for({}) == {"THOS_ADMISSION_REVIEW"}
}

test_admission_review_every_thos_list if {
	every code in ["C3011", "C3021", "C2211", "D4411", "B0710", "C1910"] {
		fired_for({"applicant": {"industry_code": code}}) == {"THOS_ADMISSION_REVIEW"}
	}
}

test_admission_review_other_grades_and_classes if {
	every rating in ["green", "blue", "yellow", "unrated"] {
		fired_for({"applicant": {"env_credit_rating": rating}}) == {"THOS_ADMISSION_REVIEW"}
	}
	fired_for({"applicant": {"industrial_policy_class": "encouraged"}}) == {"THOS_ADMISSION_REVIEW"}
}

test_not_thos_nothing_fires if {
	every code in ["F5211", "I6510", "K7010", "D4416", "D4414"] {
		fired_for({"applicant": {"industry_code": code}}) == set()
	}
}

# --- poor quality -------------------------------------------------------------------

test_poor_quality_red_grade if {
	fired_for({"applicant": {"env_credit_rating": "red"}}) == {"THOS_POOR_QUALITY"}
}

test_poor_quality_black_grade if {
	fired_for({"applicant": {"env_credit_rating": "black"}}) == {"THOS_POOR_QUALITY"}
}

test_poor_quality_eliminated_class if {
	every kind in ["new", "renewal", "increase", "restructure"] {
		fired_for({"applicant": {"industrial_policy_class": "eliminated"}, "loan": {"kind": kind}}) == {"THOS_POOR_QUALITY"}
	}
}

test_poor_quality_not_energy_compliant if {
	fired_for({"applicant": {"energy_compliant": false}, "loan": {"kind": "renewal"}}) == {"THOS_POOR_QUALITY"}
}

test_poor_quality_restricted_new_or_increase if {
	fired_for({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": "new"}}) == {"THOS_POOR_QUALITY"}
	fired_for({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": "increase"}}) == {"THOS_POOR_QUALITY"}
}

test_restricted_renewal_or_restructure_is_review_not_poor if {
	fired_for({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": "renewal"}}) == {"THOS_ADMISSION_REVIEW"}
	fired_for({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": "restructure"}}) == {"THOS_ADMISSION_REVIEW"}
}

test_poor_quality_signs_outside_thos_fire_nothing_here if {
	fired_for({"applicant": {
		"industry_code": "F5211",
		"env_credit_rating": "red",
		"industrial_policy_class": "eliminated",
		"energy_compliant": false,
	}}) == set()
}

# --- volume cap (default 1500 bp = 15%) ---------------------------------------------

test_volume_cap_empty_book_never_fires if {
	fired_for({"loan": {"amount_fen": 1000000000000000}}) == {"THOS_ADMISSION_REVIEW"}
}

test_volume_cap_exactly_at_cap_does_not_fire if {
	# (1400 + 100) / (9900 + 100) = 15% exactly.
	fired_for({"loan": {"amount_fen": 100}, "book": {"total_fen": 9900, "thos_fen": 1400}}) == {"THOS_ADMISSION_REVIEW"}
}

test_volume_cap_one_fen_over_fires if {
	# (1401 + 100) / (9900 + 100) = 15.01%.
	fired_for({"loan": {"amount_fen": 100}, "book": {"total_fen": 9900, "thos_fen": 1401}}) == {"THOS_ADMISSION_REVIEW", "THOS_VOLUME_CAP"}
}

test_volume_cap_realistic_book if {
	# Book 9,995,000,000.00 yuan, loan 5,000,000.00 yuan: the cap is 1,500,000,000.00 yuan.
	at_cap := {"loan": {"amount_fen": 500000000}, "book": {"total_fen": 999500000000, "thos_fen": 149500000000}}
	fired_for(at_cap) == {"THOS_ADMISSION_REVIEW"}
	over := {"loan": {"amount_fen": 500000000}, "book": {"total_fen": 999500000000, "thos_fen": 149500000001}}
	fired_for(over) == {"THOS_ADMISSION_REVIEW", "THOS_VOLUME_CAP"}
}

test_volume_cap_exact_beyond_int64 if {
	# 10^15 fen * 10000 exceeds int64: the comparison must stay exact.
	at_cap := {"loan": {"amount_fen": 1}, "book": {"total_fen": 999999999999999, "thos_fen": 149999999999999}}
	fired_for(at_cap) == {"THOS_ADMISSION_REVIEW"}
	over := {"loan": {"amount_fen": 1}, "book": {"total_fen": 999999999999999, "thos_fen": 150000000000000}}
	fired_for(over) == {"THOS_ADMISSION_REVIEW", "THOS_VOLUME_CAP"}
}

test_volume_cap_threshold_from_data if {
	over := {"loan": {"amount_fen": 100}, "book": {"total_fen": 9900, "thos_fen": 1401}}
	codes := thos.fired with input as app(over) with data.greencredit.thresholds.thos_volume_cap_bp as 1600
	codes == {"THOS_ADMISSION_REVIEW"}
}

test_volume_cap_fires_with_poor_quality if {
	patch := {"applicant": {"env_credit_rating": "black"}, "book": {"total_fen": 100, "thos_fen": 100}}
	fired_for(patch) == {"THOS_POOR_QUALITY", "THOS_VOLUME_CAP"}
}

test_volume_cap_not_for_other_industries if {
	fired_for({"applicant": {"industry_code": "F5211"}, "book": {"total_fen": 100, "thos_fen": 100}}) == set()
}
