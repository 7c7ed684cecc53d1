package greencredit.decision_test

import data.greencredit.decision

# The contract's example: a C3011 (cement) enterprise, blue grade, permitted class,
# energy compliant, new working-capital loan of 5,000,000.00 yuan, empty book.
base := {
	"application_id": "YY2026-000123",
	"branch_id": "YY-LC-01",
	"applicant": {
		"customer_id": "C000123",
		"kind": "enterprise",
		"size": "small",
		"industry_code": "C3011",
		"env_credit_rating": "blue",
		"industrial_policy_class": "permitted",
		"energy_compliant": true,
		"real_estate_revenue_ratio": 0.1,
		"existing_balance_fen": 0,
	},
	"loan": {"amount_fen": 500000000, "term_months": 12, "kind": "new", "purpose": "流动资金", "green_category": ""},
	"book": {"total_fen": 0, "thos_fen": 0, "real_estate_fen": 0, "green_fen": 0},
}

decide(patch) := r if {
	r := decision.result with input as object.union(base, patch)
}

codes(r) := [reason.code | some reason in r.reasons]

retail := {"industry_code": "F5211"}

thos_review_condition := "exposure counted against the two-high-one-surplus volume cap"

real_estate_condition := "exposure counted against the real-estate volume cap"

restructure_condition := "compression and collection plan required"

# --- the contract example -----------------------------------------------------------

test_contract_example if {
	decide({}) == {
		"outcome": "refer",
		"stance": "control",
		"green": false,
		"green_category": "",
		"reasons": [{
			"code": "THOS_ADMISSION_REVIEW",
			"message": "“两高一剩”行业企业，严格信贷准入，须人工审查",
			"message_en": "Two-high-one-surplus industry: strict admission, manual review",
			"clause": "四(四)2",
			"outcome": "refer",
			"stance": "control",
		}],
		"conditions": [thos_review_condition],
		"classes": {
			"overcapacity": true,
			"high_energy": true,
			"high_pollution": true,
			"thos": true,
			"renewable": false,
			"real_estate": false,
			"supported": false,
			"intrinsically_green": false,
			"quasi_real_estate": false,
		},
	}
}

# --- nothing fired ------------------------------------------------------------------

test_nothing_fired_approve_neutral if {
	r := decide({"applicant": retail})
	r.outcome == "approve"
	r.stance == "neutral"
	r.reasons == []
	r.conditions == []
	r.green == false
	r.green_category == ""
}

# --- support ------------------------------------------------------------------------

test_farmer_household_approve_support if {
	r := decide({"applicant": {"kind": "farmer_household", "industry_code": "F5211"}})
	r.outcome == "approve"
	r.stance == "support"
	codes(r) == ["SUPPORTED_SECTOR"]
	r.reasons[0].clause == "四(四)2"
	r.conditions == []
	r.green == false
}

test_supported_industry_approve_support if {
	r := decide({"applicant": {"industry_code": "I6510"}})
	[r.outcome, r.stance] == ["approve", "support"]
	codes(r) == ["SUPPORTED_SECTOR"]
	r.classes.supported == true
}

test_green_category_approve_support_green if {
	r := decide({"applicant": retail, "loan": {"green_category": "1.1.1"}})
	[r.outcome, r.stance] == ["approve", "support"]
	codes(r) == ["SUPPORTED_SECTOR"]
	r.green == true
	r.green_category == "1.1.1"
}

test_env_black_on_supported_industry_declined_no_support if {
	r := decide({"applicant": {"industry_code": "I6510", "env_credit_rating": "black"}})
	[r.outcome, r.stance] == ["decline", "compress"]
	codes(r) == ["ENV_BLACK"]
	r.reasons[0].clause == "三(二)"
}

test_env_red_on_supported_industry_refer_control if {
	r := decide({"applicant": {"industry_code": "M7310", "env_credit_rating": "red"}})
	[r.outcome, r.stance] == ["refer", "control"]
	codes(r) == ["ENV_RED"]
}

# --- THOS ---------------------------------------------------------------------------

test_thos_poor_quality_declined_compress if {
	r := decide({"applicant": {"industrial_policy_class": "eliminated"}})
	[r.outcome, r.stance] == ["decline", "compress"]
	codes(r) == ["THOS_POOR_QUALITY"]
	r.conditions == []
}

test_thos_black_poor_quality_and_env_black if {
	r := decide({"applicant": {"env_credit_rating": "black"}})
	[r.outcome, r.stance] == ["decline", "compress"]
	codes(r) == ["ENV_BLACK", "THOS_POOR_QUALITY"]
}

test_thos_red_no_env_red if {
	r := decide({"applicant": {"env_credit_rating": "red"}})
	codes(r) == ["THOS_POOR_QUALITY"]
}

test_thos_volume_cap_at_cap_refer if {
	r := decide({"loan": {"amount_fen": 100}, "book": {"total_fen": 9900, "thos_fen": 1400}})
	[r.outcome, r.stance] == ["refer", "control"]
	codes(r) == ["THOS_ADMISSION_REVIEW"]
}

test_thos_volume_cap_one_fen_over_declined_control if {
	r := decide({"loan": {"amount_fen": 100}, "book": {"total_fen": 9900, "thos_fen": 1401}})
	[r.outcome, r.stance] == ["decline", "control"]
	codes(r) == ["THOS_VOLUME_CAP", "THOS_ADMISSION_REVIEW"]
	r.reasons[0].clause == "四(四)2 总量控制"
	r.conditions == [thos_review_condition]
}

test_farmer_household_in_thos_industry_refer_no_support if {
	r := decide({"applicant": {"kind": "farmer_household"}})
	codes(r) == ["THOS_ADMISSION_REVIEW"]
	r.stance == "control"
}

# --- THOS and real estate together --------------------------------------------------

test_thos_and_quasi_real_estate_both_fire if {
	r := decide({"applicant": {"real_estate_revenue_ratio": 0.6}})
	[r.outcome, r.stance] == ["refer", "control"]
	codes(r) == ["REAL_ESTATE_LIMIT", "THOS_ADMISSION_REVIEW"]
	r.conditions == [real_estate_condition, thos_review_condition]
	r.classes.thos == true
	r.classes.quasi_real_estate == true
	r.classes.real_estate == false
}

test_thos_and_quasi_real_estate_strictest_wins if {
	r := decide({"applicant": {"real_estate_revenue_ratio": 0.6, "energy_compliant": false}})
	[r.outcome, r.stance] == ["decline", "compress"]
	codes(r) == ["THOS_POOR_QUALITY", "REAL_ESTATE_LIMIT"]
	r.conditions == [real_estate_condition]
}

test_thos_and_real_estate_both_caps_ordering if {
	patch := {
		"applicant": {"real_estate_revenue_ratio": 0.6},
		"loan": {"amount_fen": 100},
		"book": {"total_fen": 9900, "thos_fen": 1401, "real_estate_fen": 1901},
	}
	r := decide(patch)
	[r.outcome, r.stance] == ["decline", "control"]
	codes(r) == ["REAL_ESTATE_VOLUME_CAP", "THOS_VOLUME_CAP", "REAL_ESTATE_LIMIT", "THOS_ADMISSION_REVIEW"]
	[reason.outcome | some reason in r.reasons] == ["decline", "decline", "refer", "refer"]
	r.conditions == [real_estate_condition, thos_review_condition]
}

test_quasi_ratio_exactly_half_and_just_below if {
	half := decide({"applicant": {"industry_code": "F5211", "real_estate_revenue_ratio": 0.5}})
	codes(half) == ["REAL_ESTATE_LIMIT"]
	half.classes.quasi_real_estate == true
	below := decide({"applicant": {"industry_code": "F5211", "real_estate_revenue_ratio": 0.4999}})
	codes(below) == []
	below.classes.quasi_real_estate == false
	below.outcome == "approve"
}

test_k70_refer_control if {
	r := decide({"applicant": {"industry_code": "K7010", "real_estate_revenue_ratio": 1}})
	[r.outcome, r.stance] == ["refer", "control"]
	codes(r) == ["REAL_ESTATE_LIMIT"]
	r.classes.real_estate == true
	r.classes.quasi_real_estate == true
}

test_empty_book_caps_never_fire if {
	patch := {
		"applicant": {"real_estate_revenue_ratio": 0.9},
		"loan": {"amount_fen": 1000000000000000},
	}
	codes(decide(patch)) == ["REAL_ESTATE_LIMIT", "THOS_ADMISSION_REVIEW"]
}

# --- solar / PV / wind --------------------------------------------------------------

solar := {"industry_code": "D4416"}

test_renewable_new_entrant_with_green_category_declined_not_green if {
	r := decide({"applicant": solar, "loan": {"green_category": "3.2.2"}})
	[r.outcome, r.stance] == ["decline", "compress"]
	codes(r) == ["RENEWABLE_NEW_ENTRANT"]
	r.green == false
	r.green_category == ""
}

test_renewable_restructure_keeps_section_3_category_green if {
	patch := {
		"applicant": {"industry_code": "D4416", "existing_balance_fen": 100000000},
		"loan": {"kind": "renewal", "amount_fen": 100000000, "green_category": "3.2.2"},
	}
	r := decide(patch)
	[r.outcome, r.stance] == ["refer", "compress"]
	codes(r) == ["RENEWABLE_RESTRUCTURE"]
	r.conditions == [restructure_condition]
	r.green == true
	r.green_category == "3.2.2"
}

test_renewable_one_fen_above_balance_no_growth_not_green if {
	patch := {
		"applicant": {"industry_code": "D4416", "existing_balance_fen": 100000000},
		"loan": {"kind": "renewal", "amount_fen": 100000001, "green_category": "3.2.2"},
	}
	r := decide(patch)
	[r.outcome, r.stance] == ["decline", "compress"]
	codes(r) == ["RENEWABLE_NO_GROWTH"]
	r.conditions == []
	r.green == false
	r.green_category == ""
}

test_renewable_restructure_other_section_not_green if {
	patch := {
		"applicant": {"industry_code": "D4415", "existing_balance_fen": 100},
		"loan": {"kind": "restructure", "amount_fen": 50, "green_category": "1.1.1"},
	}
	r := decide(patch)
	codes(r) == ["RENEWABLE_RESTRUCTURE"]
	r.green == false
	r.green_category == ""
}

test_renewable_restructure_without_category_not_green if {
	patch := {
		"applicant": {"industry_code": "D4415", "existing_balance_fen": 100},
		"loan": {"kind": "restructure", "amount_fen": 50},
	}
	decide(patch).green == false
}

test_renewable_restructure_with_other_compress_reason_not_green if {
	patch := {
		"applicant": {"industry_code": "D4416", "existing_balance_fen": 100, "env_credit_rating": "black"},
		"loan": {"kind": "renewal", "amount_fen": 100, "green_category": "3.2.2"},
	}
	r := decide(patch)
	[r.outcome, r.stance] == ["decline", "compress"]
	codes(r) == ["ENV_BLACK", "RENEWABLE_RESTRUCTURE"]
	r.green == false
}

test_renewable_restructure_with_control_reason_stays_green if {
	patch := {
		"applicant": {"industry_code": "D4416", "existing_balance_fen": 100, "env_credit_rating": "red"},
		"loan": {"kind": "renewal", "amount_fen": 100, "green_category": "3.2.2"},
	}
	r := decide(patch)
	[r.outcome, r.stance] == ["refer", "compress"]
	codes(r) == ["ENV_RED", "RENEWABLE_RESTRUCTURE"]
	r.green == true
	r.green_category == "3.2.2"
}

test_d4414_nuclear_not_renewable_not_thos if {
	r := decide({"applicant": {"industry_code": "D4414"}})
	[r.outcome, r.stance] == ["approve", "neutral"]
	r.classes.renewable == false
	r.classes.thos == false
}

# --- green classification -----------------------------------------------------------

test_green_category_with_control_reason_stays_green if {
	# No compress reason: the THOS review (control) leaves the claimed category green.
	r := decide({"loan": {"green_category": "1.1.1"}})
	[r.outcome, r.stance] == ["refer", "control"]
	codes(r) == ["THOS_ADMISSION_REVIEW"]
	r.green == true
	r.green_category == "1.1.1"
}

test_green_category_with_compress_reason_not_green if {
	r := decide({"applicant": {"industry_code": "I6510", "env_credit_rating": "black"}, "loan": {"green_category": "1.1.1"}})
	r.green == false
	r.green_category == ""
}

test_intrinsically_green_industry_green if {
	r := decide({"applicant": {"industry_code": "C4210"}})
	[r.outcome, r.stance] == ["approve", "neutral"]
	r.reasons == []
	r.green == true
	r.green_category == ""
	r.classes.intrinsically_green == true
}

test_intrinsically_green_and_supported if {
	r := decide({"applicant": {"industry_code": "N7721"}})
	[r.outcome, r.stance] == ["approve", "support"]
	r.green == true
}

test_intrinsically_green_referred_stays_green if {
	r := decide({"applicant": {"industry_code": "D4417", "env_credit_rating": "red"}})
	r.outcome == "refer"
	r.green == true
	r.green_category == ""
}

test_intrinsically_green_declined_not_green if {
	r := decide({"applicant": {"industry_code": "C4210", "env_credit_rating": "black"}})
	r.outcome == "decline"
	r.green == false
	r.green_category == ""
}

test_intrinsically_green_over_real_estate_cap_declined_not_green if {
	patch := {
		"applicant": {"industry_code": "D4413", "real_estate_revenue_ratio": 0.5},
		"loan": {"amount_fen": 100},
		"book": {"total_fen": 9900, "real_estate_fen": 1901},
	}
	r := decide(patch)
	[r.outcome, r.stance] == ["decline", "control"]
	r.green == false
}

# --- reasons order and conditions ---------------------------------------------------

test_reasons_order_strictest_outcome_then_code if {
	patch := {
		"applicant": {
			"industry_code": "D4416",
			"existing_balance_fen": 100,
			"env_credit_rating": "black",
			"real_estate_revenue_ratio": 0.7,
		},
		"loan": {"kind": "restructure", "amount_fen": 100},
	}
	r := decide(patch)
	codes(r) == ["ENV_BLACK", "REAL_ESTATE_LIMIT", "RENEWABLE_RESTRUCTURE"]
	r.conditions == [real_estate_condition, restructure_condition]
}

# The answer the service asks for carries the same decision, with each reason as an entry
# [rank, code, reason, condition], ordered as `result` lists them.
test_answer_entries if {
	input_doc := object.union(base, {
		"applicant": {"industry_code": "D4416", "existing_balance_fen": 100, "real_estate_revenue_ratio": 0.7},
		"loan": {"kind": "restructure", "amount_fen": 100},
	})
	a := decision.answer with input as input_doc
	r := decision.result with input as input_doc
	a.entries == {
		[1, "REAL_ESTATE_LIMIT", r.reasons[0], real_estate_condition],
		[1, "RENEWABLE_RESTRUCTURE", r.reasons[1], restructure_condition],
	}
	[e[2] | some e in a.entries] == r.reasons
	object.remove(a, {"entries"}) == object.remove(r, {"reasons", "conditions"})
}

test_reason_fields if {
	r := decide({"applicant": {"industry_code": "K7010"}})
	r.reasons == [{
		"code": "REAL_ESTATE_LIMIT",
		"message": data.greencredit.reasons.REAL_ESTATE_LIMIT.message,
		"message_en": data.greencredit.reasons.REAL_ESTATE_LIMIT.message_en,
		"clause": "四(四)2",
		"outcome": "refer",
		"stance": "control",
	}]
}

test_conditions_without_duplicates if {
	r := decision.result with input as object.union(base, {"applicant": {"real_estate_revenue_ratio": 0.6}})
		with data.greencredit.reasons.REAL_ESTATE_LIMIT.condition as thos_review_condition
	codes(r) == ["REAL_ESTATE_LIMIT", "THOS_ADMISSION_REVIEW"]
	r.conditions == [thos_review_condition]
}

# --- outcome and stance come from data ----------------------------------------------

test_outcome_and_stance_from_data if {
	r := decision.result with input as base
		with data.greencredit.reasons.THOS_ADMISSION_REVIEW.outcome as "decline"
		with data.greencredit.reasons.THOS_ADMISSION_REVIEW.stance as "compress"
	[r.outcome, r.stance] == ["decline", "compress"]
	r.reasons[0].outcome == "decline"
}

test_new_rule_package_picked_up if {
	r := decision.result with input as object.union(base, {"applicant": retail})
		with data.greencredit.rules.extra.fired as {"ENV_RED"}
	[r.outcome, r.stance] == ["refer", "control"]
	codes(r) == ["ENV_RED"]
}

test_reason_without_data_entry_fails_safe if {
	r := decision.result with input as object.union(base, {"applicant": retail})
		with data.greencredit.rules.extra.fired as {"ZZ_UNKNOWN"}
	[r.outcome, r.stance] == ["refer", "control"]
	r.reasons == [{
		"code": "ZZ_UNKNOWN",
		"message": "ZZ_UNKNOWN",
		"message_en": "ZZ_UNKNOWN",
		"clause": "",
		"outcome": "refer",
		"stance": "control",
	}]
	r.conditions == []
}

# --- the whole bundle ---------------------------------------------------------------

test_every_rule_package_is_known_to_support if {
	# support.rego names the other rule packages one by one (see other_fired there).
	# If this fails, a rule package was added or renamed: add it to other_fired and here.
	{pkg | some pkg; data.greencredit.rules[pkg].fired} == {"thos", "renewable", "real_estate", "environment", "support"}
}

test_reasons_data_complete_and_valid if {
	object.keys(data.greencredit.reasons) == {
		"THOS_POOR_QUALITY", "THOS_ADMISSION_REVIEW", "THOS_VOLUME_CAP",
		"RENEWABLE_NEW_ENTRANT", "RENEWABLE_NO_GROWTH", "RENEWABLE_RESTRUCTURE",
		"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP", "ENV_BLACK", "ENV_RED", "SUPPORTED_SECTOR",
	}
	every code, reason in data.greencredit.reasons {
		regex.match(`^[A-Z][A-Z0-9_]*$`, code)
		reason.message != ""
		reason.message_en != ""
		reason.clause != ""
		reason.outcome in {"approve", "refer", "decline"}
		reason.stance in {"support", "control", "compress"}
		is_string(object.get(reason, "condition", ""))
	}
}

test_reasons_data_defaults if {
	outcome_stance := {code: [r.outcome, r.stance] | some code, r in data.greencredit.reasons}
	outcome_stance == {
		"THOS_POOR_QUALITY": ["decline", "compress"],
		"THOS_ADMISSION_REVIEW": ["refer", "control"],
		"THOS_VOLUME_CAP": ["decline", "control"],
		"RENEWABLE_NEW_ENTRANT": ["decline", "compress"],
		"RENEWABLE_NO_GROWTH": ["decline", "compress"],
		"RENEWABLE_RESTRUCTURE": ["refer", "compress"],
		"REAL_ESTATE_LIMIT": ["refer", "control"],
		"REAL_ESTATE_VOLUME_CAP": ["decline", "control"],
		"ENV_BLACK": ["decline", "compress"],
		"ENV_RED": ["refer", "control"],
		"SUPPORTED_SECTOR": ["approve", "support"],
	}
}

test_thresholds_valid if {
	t := data.greencredit.thresholds
	every key in ["thos_volume_cap_bp", "real_estate_volume_cap_bp", "green_share_target_bp"] {
		is_number(t[key])
		round(t[key]) == t[key]
		t[key] > 0
		t[key] <= 10000
	}
	t.quasi_real_estate_ratio > 0
	t.quasi_real_estate_ratio <= 1
	t.source != ""
}
