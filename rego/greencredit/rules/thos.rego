# 两高一剩 (high energy use, high pollution, overcapacity) — clause 四(四)2:
# 「重点限制“两高一剩”行业劣质企业的授信，严格信贷准入，并进行总量控制」.
# THOS restricts enterprise credit (data.greencredit.credit_kinds.thos); a personal consumer
# loan is not THOS credit. A code that only possibly lies in THOS is referred by
# rules/coarse.rego instead, and no cap is evaluated for it.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.thos

import data.greencredit.book
import data.greencredit.industry
import data.greencredit.rules.industrial_policy

applies if {
	industry.thos
	input.applicant.kind in data.greencredit.credit_kinds.thos
}

# A poor-quality enterprise (劣质企业): any one of these signs.
default poor_quality := false

poor_quality if input.applicant.env_credit_rating in {"red", "black"}

poor_quality if input.applicant.industrial_policy_class == "eliminated"

poor_quality if input.applicant.energy_compliant == false

poor_quality if industrial_policy.restricted_new

quality_facts := {
	"applicant_kind": input.applicant.kind,
	"env_credit_rating": input.applicant.env_credit_rating,
	"industrial_policy_class": input.applicant.industrial_policy_class,
	"energy_compliant": input.applicant.energy_compliant,
	"loan_kind": input.loan.kind,
	"project_type": object.get(input.loan, "project_type", "other"),
}

thos_poor_quality if {
	applies
	poor_quality
}

fired contains "THOS_POOR_QUALITY" if thos_poor_quality

thos_admission_review if {
	applies
	not poor_quality
}

fired contains "THOS_ADMISSION_REVIEW" if thos_admission_review

cap_bp := data.greencredit.thresholds.thos_volume_cap_bp

# The cap would be exceeded (rules/book_state.rego turns it into CAP_BOOK_INCOMPLETE while
# the book is not declared complete).
default over_cap := false

over_cap if {
	applies
	book.over_cap(input.book.thos_fen, cap_bp)
}

cap_evidence := book.cap_evidence("thos", input.book.thos_fen, cap_bp)

thos_volume_cap if {
	over_cap
	book.complete
}

fired contains "THOS_VOLUME_CAP" if thos_volume_cap

# The evidence of each reason that fired: the facts that made it fire.
evidence["THOS_POOR_QUALITY"] := object.union(industry.thos_evidence, quality_facts) if thos_poor_quality

evidence["THOS_ADMISSION_REVIEW"] := object.union(industry.thos_evidence, quality_facts) if thos_admission_review

evidence["THOS_VOLUME_CAP"] := cap_evidence if thos_volume_cap
