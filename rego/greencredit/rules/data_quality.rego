# Missing facts on a restricted-industry enterprise — an enterprise or individual business in
# 两高一剩, solar/PV/wind or real estate (possibly, for a coarse code) whose environmental grade is
# `unrated`, or whose industrial policy class or energy flag the service filled with a default
# (input.defaulted). Households and individuals have no enterprise grade.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.data_quality

import data.greencredit.industry

defaulted := object.get(input, "defaulted", [])

default missing := false

missing if input.applicant.env_credit_rating == "unrated"

missing if "applicant.industrial_policy_class" in defaulted

missing if "applicant.energy_compliant" in defaulted

data_defaulted if {
	input.applicant.kind in data.greencredit.credit_kinds.enterprise_grade
	industry.restricted_possible
	missing
}

fired contains "DATA_DEFAULTED" if data_defaulted

# The evidence of each reason that fired: the facts that made it fire.
evidence["DATA_DEFAULTED"] := {
	"applicant_kind": input.applicant.kind,
	"env_credit_rating": input.applicant.env_credit_rating,
	"defaulted": defaulted,
} if data_defaulted
