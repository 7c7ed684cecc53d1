# A coarse industry code (a division or group) on which a restricted list that would apply to
# the applicant's kind possibly, but not surely, applies — clause 四(四)2. Such an application
# is referred for its class; no cap is evaluated for it (the evidence shows the figures).
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.coarse

import data.greencredit.industry

thos_unsure if {
	industry.thos_possible
	not industry.thos
	input.applicant.kind in data.greencredit.credit_kinds.thos
}

renewable_unsure if {
	industry.renewable_possible
	not industry.renewable
}

real_estate_unsure if {
	industry.real_estate_possible
	not industry.real_estate
}

too_coarse if thos_unsure

too_coarse if renewable_unsure

too_coarse if real_estate_unsure

industry_code_too_coarse if too_coarse

fired contains "INDUSTRY_CODE_TOO_COARSE" if industry_code_too_coarse

# The evidence of each reason that fired: the facts that made it fire.
evidence["INDUSTRY_CODE_TOO_COARSE"] := {
	"classes_under_code": count(industry.under),
	"restricted_classes": {
		"thos": industry.thos_classes,
		"renewable": industry.renewable_classes,
		"real_estate": industry.real_estate_classes,
	},
	"book_total_fen": input.book.total_fen,
	"book_thos_fen": input.book.thos_fen,
	"book_real_estate_fen": input.book.real_estate_fen,
	"added_exposure_fen": data.greencredit.book.added_fen,
} if industry_code_too_coarse
