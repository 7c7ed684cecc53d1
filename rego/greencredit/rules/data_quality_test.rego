package greencredit.rules.data_quality_test

import data.greencredit.fixtures_test.app
import data.greencredit.rules.data_quality

codes(patch) := r if {
	r := data_quality.fired with input as app(patch)
}

test_unrated_restricted_enterprise if {
	every c in ["C3011", "D4416", "K7010", "D44"] {
		codes({"applicant": {"industry_code": c, "env_credit_rating": "unrated"}}) == {"DATA_DEFAULTED"}
	}
	codes({"applicant": {"kind": "individual_business", "env_credit_rating": "unrated"}}) == {"DATA_DEFAULTED"}
}

test_defaulted_policy_class_or_energy_flag if {
	codes({"defaulted": ["applicant.industrial_policy_class"]}) == {"DATA_DEFAULTED"}
	codes({"defaulted": ["applicant.energy_compliant"]}) == {"DATA_DEFAULTED"}
	codes({"defaulted": ["applicant.size", "loan.project_type"]}) == set()
}

test_households_and_individuals_have_no_grade if {
	every kind in ["farmer_household", "individual"] {
		codes({"applicant": {"kind": kind, "env_credit_rating": "unrated"}, "defaulted": ["applicant.energy_compliant"]}) == set()
	}
}

test_unrestricted_industry_fires_nothing if {
	codes({"applicant": {"industry_code": "F5211", "env_credit_rating": "unrated"}}) == set()
}

test_evidence if {
	ev := data_quality.evidence.DATA_DEFAULTED with input as app({"defaulted": ["applicant.energy_compliant"]})
	ev == {"applicant_kind": "enterprise", "env_credit_rating": "blue", "defaulted": ["applicant.energy_compliant"]}
}
