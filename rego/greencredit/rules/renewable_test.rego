package greencredit.rules.renewable_test

import data.greencredit.rules.renewable

# A D4416 (solar power) enterprise; no existing balance unless a test sets one.
base := {
	"application_id": "T-RE",
	"branch_id": "YY-LC-01",
	"applicant": {
		"customer_id": "C2",
		"kind": "enterprise",
		"size": "medium",
		"industry_code": "D4416",
		"env_credit_rating": "blue",
		"industrial_policy_class": "permitted",
		"energy_compliant": true,
		"real_estate_revenue_ratio": 0,
		"existing_balance_fen": 0,
	},
	"loan": {"amount_fen": 100000000, "term_months": 12, "kind": "new", "purpose": "项目贷款", "green_category": ""},
	"book": {"total_fen": 0, "thos_fen": 0, "real_estate_fen": 0, "green_fen": 0},
}

fired_for(patch) := codes if {
	codes := renewable.fired with input as object.union(base, patch)
}

existing(balance, kind, amount) := {
	"applicant": {"existing_balance_fen": balance},
	"loan": {"kind": kind, "amount_fen": amount},
}

# --- new entrants -------------------------------------------------------------------

test_new_entrant_every_renewable_code if {
	every code in ["D4415", "D4416", "C3825", "C3415", "C3862"] {
		fired_for({"applicant": {"industry_code": code}}) == {"RENEWABLE_NEW_ENTRANT"}
	}
}

test_new_entrant_whatever_loan_kind if {
	every kind in ["new", "renewal", "increase", "restructure"] {
		fired_for({"loan": {"kind": kind}}) == {"RENEWABLE_NEW_ENTRANT"}
	}
}

test_new_entrant_claiming_green_category if {
	fired_for({"loan": {"green_category": "3.2.2"}}) == {"RENEWABLE_NEW_ENTRANT"}
}

# --- existing borrowers -------------------------------------------------------------

test_no_growth_new_loan if {
	fired_for(existing(100000000, "new", 50000000)) == {"RENEWABLE_NO_GROWTH"}
}

test_no_growth_increase if {
	fired_for(existing(100000000, "increase", 50000000)) == {"RENEWABLE_NO_GROWTH"}
}

test_restructure_renewal_equal_to_balance if {
	fired_for(existing(100000000, "renewal", 100000000)) == {"RENEWABLE_RESTRUCTURE"}
}

test_no_growth_renewal_one_fen_above_balance if {
	fired_for(existing(100000000, "renewal", 100000001)) == {"RENEWABLE_NO_GROWTH"}
}

test_restructure_below_balance if {
	fired_for(existing(100000000, "restructure", 60000000)) == {"RENEWABLE_RESTRUCTURE"}
	fired_for(existing(100000000, "renewal", 1)) == {"RENEWABLE_RESTRUCTURE"}
}

test_restructure_equal_and_one_fen_above if {
	fired_for(existing(100000000, "restructure", 100000000)) == {"RENEWABLE_RESTRUCTURE"}
	fired_for(existing(100000000, "restructure", 100000001)) == {"RENEWABLE_NO_GROWTH"}
}

test_existing_balance_of_one_fen_is_an_existing_borrower if {
	fired_for(existing(1, "renewal", 1)) == {"RENEWABLE_RESTRUCTURE"}
}

# --- other industries ---------------------------------------------------------------

test_not_renewable_nothing_fires if {
	every code in ["D4414", "D4413", "D4417", "C3011", "F5211", "C3824"] {
		fired_for({"applicant": {"industry_code": code}}) == set()
		fired_for(object.union(existing(100, "new", 500), {"applicant": {"industry_code": code}})) == set()
	}
}
