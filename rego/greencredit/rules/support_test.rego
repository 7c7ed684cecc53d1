package greencredit.rules.support_test

import data.greencredit.rules.support

# A F5211 (retail) enterprise: not a supported industry, nothing claimed.
base := {
	"application_id": "T-SUP",
	"branch_id": "YY-LC-01",
	"applicant": {
		"customer_id": "C5",
		"kind": "enterprise",
		"size": "micro",
		"industry_code": "F5211",
		"env_credit_rating": "unrated",
		"industrial_policy_class": "permitted",
		"energy_compliant": true,
		"real_estate_revenue_ratio": 0,
		"existing_balance_fen": 0,
	},
	"loan": {"amount_fen": 100, "term_months": 12, "kind": "new", "purpose": "流动资金", "green_category": ""},
	"book": {"total_fen": 0, "thos_fen": 0, "real_estate_fen": 0, "green_fen": 0},
}

fired_for(patch) := codes if {
	codes := support.fired with input as object.union(base, patch)
}

industry(code) := {"applicant": {"industry_code": code}}

# --- eligible -----------------------------------------------------------------------

test_supported_industries if {
	every code in ["A0111", "C3411", "C3824", "C4011", "I6510", "M7310", "N7610", "N7721", "N7810"] {
		fired_for(industry(code)) == {"SUPPORTED_SECTOR"}
	}
}

test_farmer_household if {
	fired_for({"applicant": {"kind": "farmer_household"}}) == {"SUPPORTED_SECTOR"}
}

test_green_category if {
	fired_for({"loan": {"green_category": "1.1.1"}}) == {"SUPPORTED_SECTOR"}
}

test_not_eligible if {
	every kind in ["enterprise", "individual_business", "individual"] {
		fired_for({"applicant": {"kind": kind}}) == set()
	}
	fired_for(industry("L7211")) == set()
	fired_for(industry("C4210")) == set()
}

test_c3825_and_c3731_not_supported if {
	# Inside C34-C40 but on the renewable / overcapacity lists.
	fired_for(industry("C3825")) == set()
	fired_for(industry("C3731")) == set()
	fired_for(industry("C3415")) == set()
	fired_for(industry("C3862")) == set()
}

# --- blocked by control / compress reasons ------------------------------------------

test_blocked_by_env_black if {
	fired_for({"applicant": {"industry_code": "I6510", "env_credit_rating": "black"}}) == set()
}

test_blocked_by_env_red if {
	fired_for({"applicant": {"industry_code": "I6510", "env_credit_rating": "red"}}) == set()
}

test_farmer_household_in_thos_industry_blocked if {
	fired_for({"applicant": {"kind": "farmer_household", "industry_code": "C3011"}}) == set()
}

test_green_category_on_real_estate_blocked if {
	fired_for({"applicant": {"industry_code": "K7010"}, "loan": {"green_category": "5.2.1"}}) == set()
	fired_for({"applicant": {"real_estate_revenue_ratio": 0.5}, "loan": {"green_category": "5.2.1"}}) == set()
}

test_green_category_on_renewable_blocked if {
	fired_for({"applicant": {"industry_code": "D4416"}, "loan": {"green_category": "3.2.2"}}) == set()
	restructure := {
		"applicant": {"industry_code": "D4416", "existing_balance_fen": 100},
		"loan": {"kind": "renewal", "amount_fen": 100, "green_category": "3.2.2"},
	}
	fired_for(restructure) == set()
}

test_not_blocked_by_quasi_ratio_below_half if {
	fired_for({"applicant": {"kind": "farmer_household", "real_estate_revenue_ratio": 0.4999}}) == {"SUPPORTED_SECTOR"}
}

test_blocking_follows_stance_in_data if {
	patch := {"applicant": {"industry_code": "I6510", "env_credit_rating": "red"}}
	codes := support.fired with input as object.union(base, patch) with data.greencredit.reasons.ENV_RED.stance as "support"
	codes == {"SUPPORTED_SECTOR"}
}

test_reason_without_data_entry_blocks if {
	codes := support.fired with input as object.union(base, industry("I6510")) with data.greencredit.rules.environment.fired as {"NEW_RULE_WITHOUT_DATA"}
	codes == set()
}
