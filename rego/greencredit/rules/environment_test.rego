package greencredit.rules.environment_test

import data.greencredit.rules.environment

base := {
	"application_id": "T-ENV",
	"branch_id": "YY-LC-01",
	"applicant": {
		"customer_id": "C4",
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

fired_for(code, rating) := codes if {
	patch := {"applicant": {"industry_code": code, "env_credit_rating": rating}}
	codes := environment.fired with input as object.union(base, patch)
}

test_black_any_industry if {
	every code in ["F5211", "I6510", "C3011", "D4416", "K7010", "N7721", "A0111"] {
		fired_for(code, "black") == {"ENV_BLACK"}
	}
}

test_red_outside_thos if {
	every code in ["F5211", "I6510", "D4416", "K7010", "C4210"] {
		fired_for(code, "red") == {"ENV_RED"}
	}
}

test_red_inside_thos_left_to_thos_rules if {
	every code in ["C3011", "C3021", "C2211", "D4411", "B0610"] {
		fired_for(code, "red") == set()
	}
}

test_other_grades_fire_nothing if {
	every rating in ["green", "blue", "yellow", "unrated"] {
		fired_for("F5211", rating) == set()
		fired_for("C3011", rating) == set()
	}
}
