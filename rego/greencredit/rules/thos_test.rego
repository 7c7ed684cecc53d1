package greencredit.rules.thos_test

import data.greencredit.fixtures_test.app
import data.greencredit.fixtures_test.book
import data.greencredit.rules.thos

codes(patch) := r if {
	r := thos.fired with input as app(patch)
}

# The volume-cap tests run at the plan's default cap of 15% (1500 bp), whatever data.json sets:
# they test the rule's arithmetic, and risk staff change the cap (the console's parameters form).
cap_bp := 1500

capped(patch) := r if {
	r := thos.fired with input as app(patch) with data.greencredit.thresholds.thos_volume_cap_bp as cap_bp
}

# --- admission review ---------------------------------------------------------------

test_admission_review_good_thos_firm if {
	codes({}) == {"THOS_ADMISSION_REVIEW"}
}

test_admission_review_every_enterprise_kind if {
	every kind in ["enterprise", "individual_business", "farmer_household"] {
		codes({"applicant": {"kind": kind}}) == {"THOS_ADMISSION_REVIEW"}
	}
}

# A personal consumer loan is not THOS credit.
test_individual_is_not_thos_credit if {
	codes({"applicant": {"kind": "individual"}}) == set()
	codes({"applicant": {"kind": "individual", "env_credit_rating": "red"}}) == set()
}

test_admission_review_every_thos_list if {
	every code in ["C3011", "C3021", "C2211", "D4411", "B0710", "C1910", "C3360", "C3843", "C26", "C336"] {
		codes({"applicant": {"industry_code": code}}) == {"THOS_ADMISSION_REVIEW"}
	}
}

test_not_thos_or_coarse_nothing_fires if {
	every code in ["F5211", "I6510", "K7010", "D4416", "D44", "C38"] {
		codes({"applicant": {"industry_code": code}}) == set()
	}
}

# --- poor quality -------------------------------------------------------------------

test_poor_quality_signs if {
	codes({"applicant": {"env_credit_rating": "red"}}) == {"THOS_POOR_QUALITY"}
	codes({"applicant": {"env_credit_rating": "black"}}) == {"THOS_POOR_QUALITY"}
	codes({"applicant": {"industrial_policy_class": "eliminated"}}) == {"THOS_POOR_QUALITY"}
	codes({"applicant": {"energy_compliant": false}}) == {"THOS_POOR_QUALITY"}
	codes({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": "increase"}}) == {"THOS_POOR_QUALITY"}
}

test_restricted_upgrade_or_existing_is_not_poor_quality if {
	codes({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"project_type": "upgrade"}}) == {"THOS_ADMISSION_REVIEW"}
	codes({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": "renewal"}}) == {"THOS_ADMISSION_REVIEW"}
}

test_poor_quality_evidence if {
	ev := thos.evidence.THOS_POOR_QUALITY with input as app({"applicant": {"env_credit_rating": "red"}})
	ev.env_credit_rating == "red"
	{l.list | some l in ev.lists} == {"overcapacity", "high_energy", "high_pollution"}
}

# --- volume cap: (THOS balance + added exposure) / (book total + added) > 15% ---------

test_cap_one_fen_over if {
	# (0 + 150) / (849.99 + 150) > 15%
	capped({"book": book({"total_fen": 84999}), "loan": {"amount_fen": 15000}}) == {"THOS_ADMISSION_REVIEW", "THOS_VOLUME_CAP"}
}

test_cap_exactly_at_cap_allowed if {
	capped({"book": book({"total_fen": 85000}), "loan": {"amount_fen": 15000}}) == {"THOS_ADMISSION_REVIEW"}
}

test_cap_empty_book_never_fires if {
	capped({"book": book({"total_fen": 0}), "loan": {"amount_fen": 15000}}) == {"THOS_ADMISSION_REVIEW"}
}

# A performing renewal within the existing balance adds no exposure.
test_cap_renewal_within_existing_never_fires if {
	p := {"book": book({"total_fen": 1000000, "thos_fen": 900000}), "loan": {"kind": "renewal", "amount_fen": 50000}, "applicant": {"existing_balance_fen": 50000}}
	capped(p) == {"THOS_ADMISSION_REVIEW"}
}

test_cap_renewal_above_existing_counts_the_excess if {
	p := {"book": book({"total_fen": 1000000, "thos_fen": 150000}), "loan": {"kind": "renewal", "amount_fen": 60000}, "applicant": {"existing_balance_fen": 50000}}
	capped(p) == {"THOS_ADMISSION_REVIEW", "THOS_VOLUME_CAP"}
	ev := thos.evidence.THOS_VOLUME_CAP with input as app(p) with data.greencredit.thresholds.thos_volume_cap_bp as cap_bp
	ev.added_exposure_fen == 10000
	ev.category_balance_fen == 150000
	ev.book_total_fen == 1000000
	ev.cap_bp == 1500

	# 160,000 / 1,010,000 = 15.84158…%: rounded up, and 8,500 fen above the 151,500 the cap allows
	ev.share_after_bp == 1585
	ev.over_by_fen == 8500
}

test_cap_fires_for_poor_quality_too if {
	capped({"applicant": {"env_credit_rating": "red"}, "book": book({"thos_fen": 50000000})}) == {"THOS_POOR_QUALITY", "THOS_VOLUME_CAP"}
}

# Not declared complete: the cap is not fired here (rules/book_state.rego refers instead).
test_cap_incomplete_book_does_not_fire if {
	p := {"book": book({"thos_fen": 50000000, "complete": false})}
	capped(p) == {"THOS_ADMISSION_REVIEW"}
	thos.over_cap with input as app(p) with data.greencredit.thresholds.thos_volume_cap_bp as cap_bp
}
