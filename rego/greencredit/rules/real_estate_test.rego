package greencredit.rules.real_estate_test

import data.greencredit.fixtures_test.app
import data.greencredit.fixtures_test.book
import data.greencredit.fixtures_test.retail
import data.greencredit.rules.real_estate

# The rules' arithmetic is tested at the concentration regime's tier-4 limits (17.5% and 12.5%)
# and the plan's quasi-real-estate ratio (0.5), whatever data.json sets: risk staff change those
# (the console's parameters form).
params := object.union(data.greencredit.thresholds, {"real_estate_volume_cap_bp": 1750, "personal_housing_volume_cap_bp": 1250, "quasi_real_estate_ratio": 0.5})

codes(patch) := r if {
	r := real_estate.fired with input as app(object.union({"applicant": retail}, patch)) with data.greencredit.thresholds as params
}

k70 := {"applicant": {"industry_code": "K7010"}}

test_real_estate_borrower_limited if {
	codes(k70) == {"REAL_ESTATE_LIMIT"}
	codes({"applicant": {"industry_code": "K70"}}) == {"REAL_ESTATE_LIMIT"}
}

test_quasi_real_estate_threshold if {
	codes({"applicant": {"real_estate_revenue_ratio": 0.5}}) == {"REAL_ESTATE_LIMIT"}
	codes({"applicant": {"real_estate_revenue_ratio": 0.499999}}) == set()
}

test_real_estate_purposes if {
	codes({"loan": {"real_estate_purpose": "development"}}) == {"REAL_ESTATE_LIMIT"}
	codes({"loan": {"real_estate_purpose": "commercial_property"}}) == {"REAL_ESTATE_LIMIT"}
	codes({"loan": {"real_estate_purpose": "personal_housing"}}) == set()
	codes({"loan": {"real_estate_purpose": "none"}}) == set()
}

# Real-estate loans over 17.5% of the book after the loan.
test_real_estate_cap if {
	codes(object.union(k70, {"book": book({"total_fen": 82500}), "loan": {"amount_fen": 17500}})) == {"REAL_ESTATE_LIMIT"}
	codes(object.union(k70, {"book": book({"total_fen": 82499}), "loan": {"amount_fen": 17500}})) == {"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP"}
}

test_real_estate_cap_counts_purpose_loans if {
	p := {"book": book({"real_estate_fen": 17500000}), "loan": {"amount_fen": 1000000, "real_estate_purpose": "commercial_property"}}
	codes(p) == {"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP"}
}

# Personal housing loans (a part of real-estate loans) over 12.5%.
test_personal_housing_cap if {
	p := {"book": book({"real_estate_fen": 12000000, "personal_housing_fen": 12000000}), "loan": {"amount_fen": 1000000, "real_estate_purpose": "personal_housing"}}
	codes(p) == {"REAL_ESTATE_VOLUME_CAP"}
	ev := real_estate.evidence.REAL_ESTATE_VOLUME_CAP with input as app(object.union({"applicant": retail}, p)) with data.greencredit.thresholds as params
	ev.personal_housing_exceeded
	not ev.real_estate_exceeded
	ev.personal_housing.cap_bp == 1250
	q := {"book": book({"real_estate_fen": 12000000, "personal_housing_fen": 11000000}), "loan": {"amount_fen": 1000000, "real_estate_purpose": "personal_housing"}}
	codes(q) == set()
}

test_no_added_exposure_no_cap if {
	p := object.union(k70, {"book": book({"real_estate_fen": 90000000}), "loan": {"kind": "restructure", "amount_fen": 1000}, "applicant": {"existing_balance_fen": 1000}})
	codes(p) == {"REAL_ESTATE_LIMIT"}
}

test_other_loans_not_capped if {
	codes({"book": book({"real_estate_fen": 90000000})}) == set()
}

test_limit_evidence if {
	ev := real_estate.evidence.REAL_ESTATE_LIMIT with input as app({"applicant": {"industry_code": "F5211", "real_estate_revenue_ratio": 0.6}})
		with data.greencredit.thresholds as params
	ev.quasi_real_estate
	ev.real_estate_revenue_ratio == 0.6
	ev.lists[0].entries == []
}

# A recorded input from rules version 1 has no purpose and no personal-housing figure.
test_version_1_input if {
	v1 := {"applicant": {"industry_code": "K7010", "real_estate_revenue_ratio": 0, "existing_balance_fen": 0}, "loan": {"kind": "new", "amount_fen": 100}, "book": {"total_fen": 100, "real_estate_fen": 100}}
	real_estate.fired == {"REAL_ESTATE_LIMIT", "REAL_ESTATE_VOLUME_CAP"} with input as v1 with data.greencredit.thresholds as params
}
