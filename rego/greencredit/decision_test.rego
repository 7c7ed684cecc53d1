package greencredit.decision_test

import data.greencredit.decision
import data.greencredit.fixtures_test.app
import data.greencredit.fixtures_test.book
import data.greencredit.fixtures_test.retail

# The decisions are tested at the plan's default of no minimum compression of a solar/PV/wind
# renewal, whatever data.json sets (risk staff change it).
decide(patch) := r if {
	r := decision.result with input as app(patch) with data.greencredit.thresholds.renewable_min_compression_bp as 0
}

codes(r) := [reason.code | some reason in r.reasons]

# --- the contract example -----------------------------------------------------------

test_contract_example if {
	r := decide({})
	r.outcome == "refer"
	r.stance == "control"
	r.green == false
	r.green_category == ""
	r.green_category_version == "2025"
	codes(r) == ["THOS_ADMISSION_REVIEW"]
	r.reasons[0].message == "“两高一剩”行业企业，严格信贷准入，须人工审查"
	r.reasons[0].message_en == "Two-high-one-surplus industry: strict admission, manual review"
	r.reasons[0].clause == "四(四)2"
	r.reasons[0].evidence.lists[0] == {"list": "overcapacity", "entries": ["C3011"], "source": data.greencredit.lists.overcapacity.source}
	r.conditions == ["exposure counted against the two-high-one-surplus volume cap"]
	r.classes.thos
	not r.classes.quasi_real_estate
}

test_nothing_fired_approve_neutral if {
	r := decide({"applicant": retail})
	r.outcome == "approve"
	r.stance == "neutral"
	r.reasons == []
	r.conditions == []
	r.green == false
	r.green_category == ""
}

# --- outcome and stance: the strictest wins -------------------------------------------

test_decline_beats_refer_and_compress_beats_control if {
	r := decide({"applicant": {"env_credit_rating": "red"}})
	r.outcome == "decline"
	r.stance == "compress"
	codes(r) == ["ENV_RED_NEW", "THOS_POOR_QUALITY"]
}

test_reasons_are_not_exclusive if {
	r := decide({"applicant": {"industrial_policy_class": "eliminated"}})
	codes(r) == ["POLICY_ELIMINATED", "THOS_POOR_QUALITY"]
}

test_refer_control if {
	r := decide({"applicant": {"industry_code": "K7010"}})
	r.outcome == "refer"
	r.stance == "control"
}

test_support_stance if {
	r := decide({"applicant": {"industry_code": "C3811"}})
	r.outcome == "approve"
	r.stance == "support"
	codes(r) == ["SUPPORTED_SECTOR"]
}

test_neutral_refer if {
	r := decide({"applicant": {"industry_code": "F5211"}, "loan": {"green_category": "1.1.1"}})
	r.outcome == "refer"
	r.stance == "neutral"
	codes(r) == ["GREEN_CLAIM_REVIEW"]
}

test_unknown_reason_code_fails_safe if {
	r := decide({"applicant": {"industry_code": "C3811"}}) with data.greencredit.reasons as object.remove(data.greencredit.reasons, ["SUPPORTED_SECTOR"])
	r.outcome == "refer"
	r.stance == "control"
	r.reasons[0].message == "SUPPORTED_SECTOR"
}

test_conditions_without_duplicates if {
	r := decide({"applicant": {"industry_code": "F5211", "env_credit_rating": "yellow"}, "loan": {"green_category": "1.1.1"}})
	r.conditions == ["green identification by review", "post-loan environmental monitoring"]
}

# --- the classes of the issue: each is decided safely ------------------------------

# A solar plant or a PV maker sent with its division or group code.
test_coarse_solar_codes_are_not_approved if {
	every c in ["D44", "D441", "C38", "C382"] {
		r := decide({"applicant": {"industry_code": c}, "loan": {"green_category": "4.2.2"}})
		r.outcome == "refer"
		"INDUSTRY_CODE_TOO_COARSE" in codes(r)
		not "SUPPORTED_SECTOR" in codes(r)
		r.green == false
	}
}

test_eliminated_or_noncompliant_outside_thos if {
	decide({"applicant": {"industry_code": "C3811", "industrial_policy_class": "eliminated"}}).outcome == "decline"
	decide({"applicant": {"industry_code": "C3811", "energy_compliant": false}}).outcome == "refer"
	decide({"applicant": {"industry_code": "F5211", "industrial_policy_class": "restricted"}}).outcome == "decline"
}

test_declined_for_the_cap_is_not_green if {
	r := decide({"applicant": {"industry_code": "C3011"}, "loan": {"green_category": "1.1.1"}, "book": book({})})
	r.outcome == "decline"
	"THOS_VOLUME_CAP" in codes(r)
	r.green == false
}

test_implausible_claim_is_not_green if {
	# a vegetable farm "manufacturing energy-saving boilers"
	r := decide({"applicant": {"kind": "farmer_household", "industry_code": "A0141"}, "loan": {"green_category": "1.1.1"}})
	r.green == false
	r.outcome == "refer"
	"GREEN_CLAIM_REVIEW" in codes(r)
}

test_performing_thos_renewal_is_not_capped if {
	p := {"applicant": {"existing_balance_fen": 500000000}, "loan": {"kind": "renewal"}, "book": book({"total_fen": 1000000000, "thos_fen": 900000000})}
	codes(decide(p)) == ["THOS_ADMISSION_REVIEW"]
}

test_caps_on_an_incomplete_book_are_referred if {
	r := decide({"book": book({"complete": false})})
	codes(r) == ["CAP_BOOK_INCOMPLETE", "THOS_ADMISSION_REVIEW"]
	r.outcome == "refer"
}

# A new solar enterprise claiming a balance the complete book does not hold: the service
# passes the book's balance (0) as existing_balance_fen.
test_new_solar_entrant_with_a_claimed_balance if {
	p := {"applicant": {"industry_code": "D4416", "requested_balance_fen": 100000000, "booked_balance_fen": 0, "existing_balance_fen": 0}, "loan": {"kind": "restructure", "amount_fen": 100000000}}
	r := decide(p)
	r.outcome == "decline"
	codes(r) == ["RENEWABLE_NEW_ENTRANT", "BALANCE_DISCREPANCY"]
}

test_zhejiang_heavy_polluters_are_thos if {
	every c in ["C3360", "C3843"] {
		codes(decide({"applicant": {"industry_code": c}})) == ["THOS_ADMISSION_REVIEW"]
	}
}

test_2019_category_after_the_2025_catalogue if {
	r := decide({"applicant": {"industry_code": "D4416", "kind": "farmer_household"}, "loan": {"amount_fen": 5000000, "green_category": "3.2.2", "green_category_version": "2019"}})
	r.green == false
	codes(r) == ["GREEN_CLAIM_REVIEW", "SUPPORTED_SECTOR"] # a farmer household, and the review is neutral
	r.outcome == "refer"
	r.green_category_version == "2019"
}

# --- green classification -----------------------------------------------------------

test_plausible_claim_is_green if {
	r := decide({"applicant": {"industry_code": "C4210"}, "loan": {"green_category": "3.2.5"}})
	r.green
	r.green_category == "3.2.5"
	r.green_evidence.basis == "claim"
	r.outcome == "approve"
}

test_household_rooftop_solar_may_be_green if {
	r := decide({"applicant": {"industry_code": "D4416", "kind": "farmer_household"}, "loan": {"amount_fen": 5000000, "green_category": "4.2.2"}})
	r.green
	r.outcome == "approve"
	codes(r) == ["SUPPORTED_SECTOR"]
}

test_intrinsically_green_industry_names_its_first_item if {
	r := decide({"applicant": {"industry_code": "N7721"}})
	r.green
	r.green_category == "2.3.1"
	r.green_evidence.basis == "industry"
	r.green_evidence.items_listing_class == ["2.3.1", "2.3.2", "2.3.3", "2.5.8", "2.5.11", "3.2.3", "5.2.10"]
}

# A green decision always names its item and the catalogue it is from (issue 28): a coarse code
# or a class no 2025 item lists is not identified green by its industry.
test_intrinsically_green_without_an_item_is_not_green if {
	r := decide({"applicant": {"industry_code": "C42"}})
	not r.green
	r.green_category == ""
	not decide({"applicant": {"industry_code": "N7725"}}).green
}

# An intrinsically green applicant whose claim does not fit is identified by the first 2025 item
# listing its class, under 2025, whatever the claim's version (the sewage works with a 2019 5.3.1).
test_intrinsically_green_with_a_claim_that_does_not_fit if {
	r := decide({"applicant": {"industry_code": "N7721"}, "loan": {"green_category": "5.3.1", "green_category_version": "2019"}})
	r.green
	r.green_category == "2.3.1"
	r.green_category_version == "2025"
	r.green_evidence.basis == "industry"
	r.green_evidence.claimed_category_version == "2019"
}

test_green_needs_class_and_grade if {
	not decide({"applicant": {"industry_code": "N7721", "industrial_policy_class": "restricted"}, "loan": {"project_type": "upgrade"}}).green
	not decide({"applicant": {"industry_code": "N7721", "env_credit_rating": "red"}, "loan": {"kind": "renewal"}}).green
	not decide({"applicant": {"industry_code": "C4210", "env_credit_rating": "black"}, "loan": {"green_category": "3.2.5"}}).green
}

test_declined_is_never_green if {
	r := decide({"applicant": {"industry_code": "N7721", "energy_compliant": false, "industrial_policy_class": "eliminated"}})
	r.outcome == "decline"
	not r.green
}

test_restructured_solar_keeps_its_clean_energy_category if {
	p := {"applicant": {"industry_code": "D4416", "existing_balance_fen": 100000000}, "loan": {"kind": "renewal", "amount_fen": 100000000, "green_category": "3.2.2", "green_category_version": "2019"}}
	r := decide(p)
	r.outcome == "refer"
	r.stance == "compress"
	r.green
	r.green_category == "3.2.2"
	r.green_category_version == "2019"
}

# --- the answer the service asks for is the result --------------------------------------

test_answer_entries if {
	every p in [
		{},
		{"applicant": {"env_credit_rating": "red"}},
		{"applicant": {"industry_code": "D44"}},
		{"applicant": {"industry_code": "N7721", "env_credit_rating": "yellow"}},
		{"applicant": {"industry_code": "K7010"}, "book": book({"complete": false, "real_estate_fen": 90000000})},
	] {
		a := decision.answer with input as app(p)
		r := decision.result with input as app(p)
		[object.union(reason, {"evidence": ev}) | some [_, _, reason, _, ev] in a.entries] == r.reasons
		object.remove(a, ["entries"]) == object.remove(r, ["reasons", "conditions"])
	}
}

# --- recorded inputs of rules version 1 ----------------------------------------------

# No version, no date, no book flag: read as 2019 and as a complete book (version 1 enforced
# its caps), so that impact analysis shows only real rule changes.
test_version_1_input if {
	v1 := {
		"applicant": {"customer_id": "C1", "kind": "enterprise", "industry_code": "C4210", "env_credit_rating": "blue", "industrial_policy_class": "permitted", "energy_compliant": true, "real_estate_revenue_ratio": 0, "existing_balance_fen": 0},
		"loan": {"amount_fen": 100, "term_months": 12, "kind": "new", "purpose": "", "green_category": "3.2.2"},
		"book": {"total_fen": 0, "thos_fen": 0, "real_estate_fen": 0, "green_fen": 0},
	}
	r := decision.result with input as v1
	r.green
	r.green_category == "3.2.2"
	r.green_category_version == "2019"
	r.outcome == "approve"
}

# --- the bundle's data -----------------------------------------------------------------

test_every_rule_package_is_known_to_support if {
	# support.rego names the other rule packages one by one (see other_fired there).
	# If this fails, a rule package was added or renamed: add it to other_fired and here.
	{pkg | some pkg; data.greencredit.rules[pkg].fired} == {
		"thos", "renewable", "real_estate", "environment", "industrial_policy", "coarse",
		"book_state", "data_quality", "green_claim", "support",
	}
}

test_reasons_data_complete_and_valid if {
	object.keys(data.greencredit.reasons) == {
		"POLICY_ELIMINATED", "POLICY_RESTRICTED_NEW", "POLICY_RESTRICTED_UPGRADE", "POLICY_RESTRICTED_EXISTING",
		"ENERGY_NONCOMPLIANT", "ENV_BLACK", "ENV_RED_NEW", "ENV_RED_REVIEW", "ENV_YELLOW", "DATA_DEFAULTED",
		"THOS_POOR_QUALITY", "THOS_ADMISSION_REVIEW", "THOS_VOLUME_CAP",
		"RENEWABLE_NEW_ENTRANT", "RENEWABLE_NO_GROWTH", "RENEWABLE_RESTRUCTURE",
		"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP", "INDUSTRY_CODE_TOO_COARSE", "CAP_BOOK_INCOMPLETE",
		"BALANCE_DISCREPANCY", "GREEN_CLAIM_REVIEW", "SUPPORTED_SECTOR",
	}
	every code, reason in data.greencredit.reasons {
		regex.match(`^[A-Z][A-Z0-9_]*$`, code)
		reason.message != ""
		reason.message_en != ""
		reason.clause != ""
		reason.outcome in {"approve", "refer", "decline"}
		reason.stance in {"support", "control", "compress", "neutral"}
		is_string(object.get(reason, "condition", ""))
	}
}

test_reasons_data_defaults if {
	outcome_stance := {code: [r.outcome, r.stance] | some code, r in data.greencredit.reasons}
	outcome_stance == {
		"POLICY_ELIMINATED": ["decline", "compress"],
		"POLICY_RESTRICTED_NEW": ["decline", "compress"],
		"POLICY_RESTRICTED_UPGRADE": ["refer", "control"],
		"POLICY_RESTRICTED_EXISTING": ["refer", "control"],
		"ENERGY_NONCOMPLIANT": ["refer", "control"],
		"ENV_BLACK": ["decline", "compress"],
		"ENV_RED_NEW": ["decline", "compress"],
		"ENV_RED_REVIEW": ["refer", "control"],
		"ENV_YELLOW": ["approve", "neutral"],
		"DATA_DEFAULTED": ["refer", "control"],
		"THOS_POOR_QUALITY": ["decline", "compress"],
		"THOS_ADMISSION_REVIEW": ["refer", "control"],
		"THOS_VOLUME_CAP": ["decline", "control"],
		"RENEWABLE_NEW_ENTRANT": ["decline", "compress"],
		"RENEWABLE_NO_GROWTH": ["decline", "compress"],
		"RENEWABLE_RESTRUCTURE": ["refer", "compress"],
		"REAL_ESTATE_LIMIT": ["refer", "control"],
		"REAL_ESTATE_VOLUME_CAP": ["decline", "control"],
		"INDUSTRY_CODE_TOO_COARSE": ["refer", "control"],
		"CAP_BOOK_INCOMPLETE": ["refer", "control"],
		"BALANCE_DISCREPANCY": ["refer", "control"],
		"GREEN_CLAIM_REVIEW": ["refer", "neutral"],
		"SUPPORTED_SECTOR": ["approve", "support"],
	}
}

test_thresholds_valid if {
	t := data.greencredit.thresholds
	every key in ["thos_volume_cap_bp", "real_estate_volume_cap_bp", "personal_housing_volume_cap_bp", "green_share_target_bp"] {
		is_number(t[key])
		round(t[key]) == t[key]
		t[key] > 0
		t[key] <= 10000
	}
	t.personal_housing_volume_cap_bp <= t.real_estate_volume_cap_bp
	t.renewable_min_compression_bp >= 0
	t.renewable_min_compression_bp < 10000
	t.balance_discrepancy_tolerance_fen >= 0
	t.quasi_real_estate_ratio > 0
	t.quasi_real_estate_ratio <= 1
	t.source != ""
}

test_catalogues_valid if {
	c := data.greencredit.catalogues
	c["2019"].in_force_from < c["2025"].in_force_from
	c["2025"].in_force_from == "2025-10-01"
	c["2019"].clean_energy_prefix == "3."
	c["2025"].clean_energy_prefix == "4."
	count(data.greencredit.reference.catalogue_2025_classes) == 271
}

# A reason is listed only with its evidence: every code a package fires must have an entry in
# its `evidence`, or the reason would count toward the outcome but be missing from the list.
test_every_fired_code_has_evidence if {
	inputs := [
		{},
		{"applicant": {"env_credit_rating": "red", "industrial_policy_class": "eliminated", "energy_compliant": false}, "book": book({})},
		{"applicant": {"industrial_policy_class": "restricted", "env_credit_rating": "yellow"}, "loan": {"project_type": "upgrade"}},
		{"applicant": {"industrial_policy_class": "restricted", "env_credit_rating": "black"}, "loan": {"kind": "renewal"}},
		{"applicant": {"industry_code": "D4416", "existing_balance_fen": 100}, "loan": {"kind": "renewal", "amount_fen": 100, "green_category": "3.2.2", "green_category_version": "2019"}},
		{"applicant": {"industry_code": "D4416", "existing_balance_fen": 100}, "loan": {"kind": "increase"}},
		{"applicant": {"industry_code": "D4416"}},
		{"applicant": {"industry_code": "K7010", "requested_balance_fen": 100}, "book": book({"real_estate_fen": 90000000})},
		{"applicant": {"industry_code": "F5211", "real_estate_revenue_ratio": 0.7}, "loan": {"real_estate_purpose": "personal_housing"}, "book": book({"real_estate_fen": 90000000, "complete": false})},
		{"applicant": {"industry_code": "D44", "env_credit_rating": "unrated"}},
		{"applicant": {"industry_code": "C3811"}, "loan": {"green_category": "1.1.1"}},
		{"applicant": {"industry_code": "N7721", "kind": "farmer_household"}},
		{"applicant": {"industry_code": "F5211", "industrial_policy_class": "restricted", "env_credit_rating": "red"}, "loan": {"kind": "restructure"}},
		{"applicant": {"industry_code": "F5211", "industrial_policy_class": "restricted"}},
	]
	every p in inputs {
		r := decision.result with input as app(p) with data.greencredit.thresholds.renewable_min_compression_bp as 0
		fired := decision.fired with input as app(p) with data.greencredit.thresholds.renewable_min_compression_bp as 0
		{c | some c in codes(r)} == fired
		count(codes(r)) == count(fired)
	}

	# and between them the inputs fire every reason there is
	every code, _ in data.greencredit.reasons {
		some p in inputs
		code in decision.fired with input as app(p) with data.greencredit.thresholds.renewable_min_compression_bp as 0
	}
}
