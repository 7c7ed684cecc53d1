# Real estate (房地产行业、类房地产企业) — clause 四(四)2: 「限制房地产行业（类房地产企业）贷款」.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.real_estate

import data.greencredit.industry

# 类房地产企业: real-estate revenue ratio at or above the threshold (0.5 counts).
default quasi_real_estate := false

quasi_real_estate if {
	input.applicant.real_estate_revenue_ratio >= data.greencredit.thresholds.quasi_real_estate_ratio
}

default real_estate_borrower := false

real_estate_borrower if industry.real_estate

real_estate_borrower if quasi_real_estate

fired contains "REAL_ESTATE_LIMIT" if real_estate_borrower

fired contains "REAL_ESTATE_VOLUME_CAP" if {
	real_estate_borrower
	over_volume_cap
}

# (real-estate balance + amount) / (book total + amount) > cap, in integers (cap in basis
# points). Exactly at the cap is allowed; an empty book never triggers the cap.
default over_volume_cap := false

over_volume_cap if {
	input.book.total_fen > 0
	after := input.book.real_estate_fen + input.loan.amount_fen
	total := input.book.total_fen + input.loan.amount_fen
	after * 10000 > data.greencredit.thresholds.real_estate_volume_cap_bp * total
}
