# Shared test fixtures: a plain application as the service builds the policy input (money in
# integer fen). Tests patch it with object.union. Not under greencredit.rules, so it is never
# taken for a rule package.
package greencredit.fixtures_test

# A C3011 (cement) enterprise, blue grade, permitted class, energy compliant, new working-capital
# loan of 5,000,000.00 yuan, decided on 2026-12-01 under the 2025 catalogue, empty complete book.
base := {
	"application_id": "YY2026-000123",
	"branch_id": "YY-LC-01",
	"decided_on": "2026-12-01",
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
		"requested_balance_fen": 0,
		"booked_balance_fen": 0,
	},
	"loan": {
		"amount_fen": 500000000,
		"term_months": 12,
		"kind": "new",
		"purpose": "流动资金",
		"green_category": "",
		"green_category_version": "2025",
		"project_type": "other",
		"real_estate_purpose": "none",
	},
	"book": {
		"total_fen": 0,
		"thos_fen": 0,
		"real_estate_fen": 0,
		"personal_housing_fen": 0,
		"green_fen": 0,
		"complete": true,
	},
	"defaulted": [],
}

app(patch) := object.union(base, patch)

# An ordinary industry on no list: F5211 百货零售.
retail := {"industry_code": "F5211"}

# A book of 1,000,000.00 yuan.
book(patch) := object.union({"total_fen": 100000000, "thos_fen": 0, "real_estate_fen": 0, "personal_housing_fen": 0, "green_fen": 0, "complete": true}, patch)
