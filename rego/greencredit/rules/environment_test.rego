package greencredit.rules.environment_test

import data.greencredit.fixtures_test.app
import data.greencredit.rules.environment

codes(grade, kind) := r if {
	r := environment.fired with input as app({"applicant": {"env_credit_rating": grade}, "loan": {"kind": kind}})
}

test_black_any_loan if {
	every kind in ["new", "increase", "renewal", "restructure"] {
		codes("black", kind) == {"ENV_BLACK"}
	}
}

test_red_new_money_declined if {
	codes("red", "new") == {"ENV_RED_NEW"}
	codes("red", "increase") == {"ENV_RED_NEW"}
}

test_red_existing_reviewed if {
	codes("red", "renewal") == {"ENV_RED_REVIEW"}
	codes("red", "restructure") == {"ENV_RED_REVIEW"}
}

test_yellow_monitoring if {
	codes("yellow", "new") == {"ENV_YELLOW"}
	environment.evidence.ENV_YELLOW == {"env_credit_rating": "yellow", "loan_kind": "new"} with input as app({"applicant": {"env_credit_rating": "yellow"}})
}

test_good_or_unrated_fire_nothing if {
	every grade in ["green", "blue", "unrated"] {
		codes(grade, "new") == set()
	}
}
