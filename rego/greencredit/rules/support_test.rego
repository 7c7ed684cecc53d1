package greencredit.rules.support_test

import data.greencredit.fixtures_test.app
import data.greencredit.rules.support

codes(patch) := r if {
	r := support.fired with input as app(patch)
}

ind(c) := {"applicant": {"industry_code": c}}

test_supported_industries if {
	every c in ["A0111", "C3811", "C381", "I6510", "M7310", "N7610", "N7810"] {
		codes(ind(c)) == {"SUPPORTED_SECTOR"}
	}
}

test_farmer_household_supported if {
	codes({"applicant": {"kind": "farmer_household", "industry_code": "F5211"}}) == {"SUPPORTED_SECTOR"}
}

test_plausible_green_claim_supported if {
	codes({"applicant": {"industry_code": "C4210"}, "loan": {"green_category": "3.2.5"}}) == {"SUPPORTED_SECTOR"}
}

test_not_eligible if {
	codes(ind("F5211")) == set()
	codes({"applicant": {"industry_code": "F5211"}, "loan": {"green_category": "3.2.5"}}) == set()
}

test_blocked_by_control_or_compress if {
	codes(ind("C3011")) == set() # THOS admission review
	codes(ind("C38")) == set() # too coarse (and not supported)
	codes(ind("C3843")) == set() # lead-acid batteries: THOS
	codes({"applicant": {"industry_code": "C3811", "env_credit_rating": "black"}}) == set()
	codes({"applicant": {"industry_code": "C3811", "energy_compliant": false}}) == set()
	codes({"applicant": {"kind": "farmer_household", "industry_code": "K7010"}}) == set()
}

# A neutral reason (yellow grade, an unconfirmed green claim) does not block support.
test_neutral_does_not_block if {
	codes({"applicant": {"industry_code": "C3811", "env_credit_rating": "yellow"}}) == {"SUPPORTED_SECTOR"}
	codes({"applicant": {"industry_code": "C3811"}, "loan": {"green_category": "1.1.1"}}) == {"SUPPORTED_SECTOR"}
}

test_restricted_or_eliminated_class_never_supported if {
	# restricted upgrade: a control reason; eliminated: a compress reason — and the class itself
	codes({"applicant": {"industry_code": "C3811", "industrial_policy_class": "restricted"}, "loan": {"project_type": "upgrade"}}) == set()
	codes({"applicant": {"industry_code": "C3811", "industrial_policy_class": "restricted"}, "loan": {"project_type": "upgrade"}}) == set() with data.greencredit.reasons.POLICY_RESTRICTED_UPGRADE.stance as "neutral"
}

test_unknown_code_blocks if {
	support.blocking("NO_SUCH_CODE")
	not support.blocking("ENV_YELLOW")
}

test_evidence if {
	ev := support.evidence.SUPPORTED_SECTOR with input as app({"applicant": {"kind": "farmer_household", "industry_code": "F5211"}})
	ev == {"supported_industry": false, "farmer_household": true, "plausible_green_claim": false, "industrial_policy_class": "permitted"}
}

# Every other rule package's control or compress reasons block support.
test_every_package_blocks if {
	codes({"applicant": {"industry_code": "C3811", "industrial_policy_class": "eliminated"}}) == set() # industrial_policy
	codes({"applicant": {"industry_code": "C3811", "env_credit_rating": "red"}}) == set() # environment
	codes({"applicant": {"industry_code": "C3825"}}) == set() # renewable (never supported anyway)
	codes({"applicant": {"industry_code": "C3811"}, "loan": {"real_estate_purpose": "development"}}) == set() # real_estate
	codes({"applicant": {"industry_code": "C3811", "requested_balance_fen": 1}}) == set() # book_state
	codes({"applicant": {"kind": "farmer_household", "industry_code": "D44"}}) == set() # coarse
	codes({"applicant": {"kind": "individual_business", "industry_code": "C3811"}}) == {"SUPPORTED_SECTOR"}
	codes({"applicant": {"kind": "farmer_household", "industry_code": "C3011"}}) == set() # thos
}

test_data_quality_and_claim_review_block_per_their_stance if {
	# DATA_DEFAULTED (control) on a farmer-household-like enterprise in a possibly-restricted code
	codes({"applicant": {"kind": "enterprise", "industry_code": "C3811", "env_credit_rating": "unrated"}}) == {"SUPPORTED_SECTOR"}
	codes({"applicant": {"industry_code": "C3811"}, "loan": {"green_category": "1.1.1"}}) == set() with data.greencredit.reasons.GREEN_CLAIM_REVIEW.stance as "control"
	codes({"applicant": {"kind": "individual_business", "industry_code": "K7010"}, "defaulted": ["applicant.energy_compliant"]}) == set() with data.greencredit.reasons.REAL_ESTATE_LIMIT.stance as "neutral"
}

# A plausible green claim of a cement maker (3.2.7 lists C3011) is eligible; an unrated grade
# (DATA_DEFAULTED, control) blocks it even where risk staff make the THOS review neutral.
test_data_defaulted_blocks if {
	p := {"applicant": {"industry_code": "C3011"}, "loan": {"green_category": "3.2.7"}}
	codes(p) == {"SUPPORTED_SECTOR"} with data.greencredit.reasons.THOS_ADMISSION_REVIEW.stance as "neutral"
	q := {"applicant": {"industry_code": "C3011", "env_credit_rating": "unrated"}, "loan": {"green_category": "3.2.7"}}
	codes(q) == set() with data.greencredit.reasons.THOS_ADMISSION_REVIEW.stance as "neutral"
}
