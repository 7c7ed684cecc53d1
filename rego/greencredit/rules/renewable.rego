# Solar, PV and wind (太阳能、光伏、风能) — clause 四(四)2:
# 「重点限制太阳能、光伏、风能行业，禁止新企业进入，存量贷款进行结构调整，压缩清收」.
# An existing borrower is one with an existing balance at the bank (existing_balance_fen > 0).
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.renewable

import data.greencredit.industry

default existing_borrower := false

existing_borrower if input.applicant.existing_balance_fen > 0

# The loan would grow the exposure: a new loan, an increase, or more than the existing balance.
default growth := false

growth if input.loan.kind in {"new", "increase"}

growth if input.loan.amount_fen > input.applicant.existing_balance_fen

# No new entrants, whatever green category is claimed.
fired contains "RENEWABLE_NEW_ENTRANT" if {
	industry.renewable
	not existing_borrower
}

fired contains "RENEWABLE_NO_GROWTH" if {
	industry.renewable
	existing_borrower
	growth
}

# Renewal or restructuring within the existing balance (equal amount included).
fired contains "RENEWABLE_RESTRUCTURE" if {
	industry.renewable
	existing_borrower
	input.loan.kind in {"renewal", "restructure"}
	input.loan.amount_fen <= input.applicant.existing_balance_fen
}
