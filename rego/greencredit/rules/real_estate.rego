# Real estate (房地产行业、类房地产企业) — clause 四(四)2: 「限制房地产行业（类房地产企业）贷款」,
# within the real-estate loan concentration regime (tier 4 caps in data.greencredit.thresholds).
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.real_estate

import data.greencredit.book
import data.greencredit.industry

purpose := object.get(input.loan, "real_estate_purpose", "none")

# 类房地产企业: real-estate revenue ratio at or above the threshold (0.5 counts).
default quasi_real_estate := false

quasi_real_estate if {
	input.applicant.real_estate_revenue_ratio >= data.greencredit.thresholds.quasi_real_estate_ratio
}

default real_estate_borrower := false

real_estate_borrower if industry.real_estate

real_estate_borrower if quasi_real_estate

# A real-estate loan: to a real-estate borrower, or with a real-estate purpose. A personal
# housing loan is one, limited by the caps only.
default real_estate_loan := false

real_estate_loan if real_estate_borrower

real_estate_loan if purpose in {"development", "commercial_property", "personal_housing"}

default limited := false

limited if real_estate_borrower

limited if purpose in {"development", "commercial_property"}

facts := object.union(industry.real_estate_evidence, {
	"real_estate_revenue_ratio": input.applicant.real_estate_revenue_ratio,
	"quasi_real_estate_ratio": data.greencredit.thresholds.quasi_real_estate_ratio,
	"quasi_real_estate": quasi_real_estate,
	"real_estate_purpose": purpose,
})

real_estate_limit if limited

fired contains "REAL_ESTATE_LIMIT" if real_estate_limit

re_cap_bp := data.greencredit.thresholds.real_estate_volume_cap_bp

ph_cap_bp := data.greencredit.thresholds.personal_housing_volume_cap_bp

personal_housing_fen := object.get(input.book, "personal_housing_fen", 0)

default over_real_estate_cap := false

over_real_estate_cap if {
	real_estate_loan
	book.over_cap(input.book.real_estate_fen, re_cap_bp)
}

default over_personal_housing_cap := false

over_personal_housing_cap if {
	purpose == "personal_housing"
	book.over_cap(personal_housing_fen, ph_cap_bp)
}

default over_cap := false

over_cap if over_real_estate_cap

over_cap if over_personal_housing_cap

cap_evidence := {
	"real_estate": book.cap_evidence("real_estate", input.book.real_estate_fen, re_cap_bp),
	"personal_housing": book.cap_evidence("personal_housing", personal_housing_fen, ph_cap_bp),
	"real_estate_exceeded": over_real_estate_cap,
	"personal_housing_exceeded": over_personal_housing_cap,
	"real_estate_purpose": purpose,
}

real_estate_volume_cap if {
	over_cap
	book.complete
}

fired contains "REAL_ESTATE_VOLUME_CAP" if real_estate_volume_cap

# The evidence of each reason that fired: the facts that made it fire.
evidence["REAL_ESTATE_LIMIT"] := facts if real_estate_limit

evidence["REAL_ESTATE_VOLUME_CAP"] := cap_evidence if real_estate_volume_cap
