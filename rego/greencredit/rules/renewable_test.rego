package greencredit.rules.renewable_test

import data.greencredit.fixtures_test.app
import data.greencredit.rules.renewable

solar(patch) := object.union({"applicant": {"industry_code": "D4416"}}, patch)

# The rules are tested at the plan's defaults — no minimum compression of a renewal, household
# solar up to 300,000.00 yuan — whatever data.json sets (risk staff change those); a test of
# another value says so.
codes(patch) := r if {
	r := renewable.fired with input as app(solar(patch))
		with data.greencredit.thresholds.renewable_min_compression_bp as 0
		with data.greencredit.household_solar.max_amount_fen as 30000000
}

existing(fen) := {"applicant": {"existing_balance_fen": fen}}

test_new_entrant_whatever_the_claim if {
	every code in ["D4415", "D4416", "C3825", "C3415", "C3862"] {
		codes({"applicant": {"industry_code": code}}) == {"RENEWABLE_NEW_ENTRANT"}
	}
	codes({"loan": {"green_category": "4.2.2"}}) == {"RENEWABLE_NEW_ENTRANT"}
	codes({"loan": {"kind": "renewal"}}) == {"RENEWABLE_NEW_ENTRANT"}
}

test_no_growth if {
	codes(object.union(existing(100000), {"loan": {"kind": "new", "amount_fen": 1}})) == {"RENEWABLE_NO_GROWTH"}
	codes(object.union(existing(100000), {"loan": {"kind": "increase", "amount_fen": 1}})) == {"RENEWABLE_NO_GROWTH"}
	codes(object.union(existing(100000), {"loan": {"kind": "renewal", "amount_fen": 100001}})) == {"RENEWABLE_NO_GROWTH"}
}

test_restructure_within_existing if {
	codes(object.union(existing(100000), {"loan": {"kind": "renewal", "amount_fen": 100000}})) == {"RENEWABLE_RESTRUCTURE"}
	codes(object.union(existing(100000), {"loan": {"kind": "restructure", "amount_fen": 50000}})) == {"RENEWABLE_RESTRUCTURE"}
}

# With a minimum compression of 10%, 100,000.05 yuan existing allows 90,000.04 (rounded down).
test_minimum_compression_rounds_down_to_the_fen if {
	p := object.union(existing(10000005), {"loan": {"kind": "renewal", "amount_fen": 9000004}})
	renewable.fired == {"RENEWABLE_RESTRUCTURE"} with input as app(solar(p))
		with data.greencredit.thresholds.renewable_min_compression_bp as 1000
	q := object.union(existing(10000005), {"loan": {"kind": "renewal", "amount_fen": 9000005}})
	renewable.fired == {"RENEWABLE_NO_GROWTH"} with input as app(solar(q))
		with data.greencredit.thresholds.renewable_min_compression_bp as 1000
	renewable.allowed_fen == 9000004 with input as app(solar(p))
		with data.greencredit.thresholds.renewable_min_compression_bp as 1000
}

test_household_rooftop_solar_is_not_an_enterprise_entrant if {
	every kind in ["farmer_household", "individual"] {
		codes({"applicant": {"kind": kind}, "loan": {"amount_fen": 3000000}}) == set()
		codes({"applicant": {"kind": kind}, "loan": {"amount_fen": 30000000}}) == set()
	}
}

test_household_solar_above_the_limit_is_renewable if {
	codes({"applicant": {"kind": "farmer_household"}, "loan": {"amount_fen": 30000001}}) == {"RENEWABLE_NEW_ENTRANT"}
}

test_household_exemption_is_solar_only if {
	codes({"applicant": {"kind": "farmer_household", "industry_code": "D4415"}, "loan": {"amount_fen": 3000000}}) == {"RENEWABLE_NEW_ENTRANT"}
	codes({"applicant": {"kind": "individual_business"}, "loan": {"amount_fen": 3000000}}) == {"RENEWABLE_NEW_ENTRANT"}
}

test_not_renewable_nothing_fires if {
	every code in ["F5211", "D4413", "D44", "C382"] {
		codes({"applicant": {"industry_code": code}}) == set()
	}
}

test_evidence if {
	ev := renewable.evidence.RENEWABLE_NO_GROWTH with input as app(solar(object.union(existing(100000), {"loan": {"kind": "increase"}})))
		with data.greencredit.thresholds.renewable_min_compression_bp as 0
	ev.existing_balance_fen == 100000
	ev.allowed_balance_fen == 100000
	ev.loan_kind == "increase"
	ev.lists[0].entries == ["D4416"]
}
