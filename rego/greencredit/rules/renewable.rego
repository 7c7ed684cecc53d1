# Solar, PV and wind (太阳能、光伏、风能) — clause 四(四)2:
# 「重点限制太阳能、光伏、风能行业，禁止新企业进入，存量贷款进行结构调整，压缩清收」.
# An existing borrower is one with an existing balance at the bank (existing_balance_fen > 0;
# once the book is complete, the book's balance). A household's rooftop solar loan is not an
# enterprise entering the industry (data.greencredit.household_solar).
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.renewable

import data.greencredit.industry

existing_fen := input.applicant.existing_balance_fen

amount_fen := input.loan.amount_fen

hs := data.greencredit.household_solar

household_solar if {
	input.applicant.kind in hs.kinds
	industry.code in hs.codes
	amount_fen <= hs.max_amount_fen
}

applies if {
	industry.renewable
	not household_solar
}

default existing_borrower := false

existing_borrower if existing_fen > 0

compression_bp := data.greencredit.thresholds.renewable_min_compression_bp

# The allowed balance: existing balance × (1 − minimum compression), rounded down to the fen.
allowed_fen := ((existing_fen * (10000 - compression_bp)) - ((existing_fen * (10000 - compression_bp)) % 10000)) / 10000

# The loan would grow the exposure: a new loan, an increase, or more than the allowed balance.
default growth := false

growth if input.loan.kind in {"new", "increase"}

growth if amount_fen > allowed_fen

facts := object.union(industry.renewable_evidence, {
	"applicant_kind": input.applicant.kind,
	"loan_kind": input.loan.kind,
	"amount_fen": amount_fen,
	"existing_balance_fen": existing_fen,
	"allowed_balance_fen": allowed_fen,
	"min_compression_bp": compression_bp,
	"green_category": input.loan.green_category,
})

# No new entrants, whatever green category is claimed.
renewable_new_entrant if {
	applies
	not existing_borrower
}

fired contains "RENEWABLE_NEW_ENTRANT" if renewable_new_entrant

renewable_no_growth if {
	applies
	existing_borrower
	growth
}

fired contains "RENEWABLE_NO_GROWTH" if renewable_no_growth

# Renewal or restructuring within the allowed balance (equal amount included).
renewable_restructure if {
	applies
	existing_borrower
	input.loan.kind in {"renewal", "restructure"}
	amount_fen <= allowed_fen
}

fired contains "RENEWABLE_RESTRUCTURE" if renewable_restructure

# The evidence of each reason that fired: the facts that made it fire.
evidence["RENEWABLE_NEW_ENTRANT"] := facts if renewable_new_entrant

evidence["RENEWABLE_NO_GROWTH"] := facts if renewable_no_growth

evidence["RENEWABLE_RESTRUCTURE"] := facts if renewable_restructure
