# 两高一剩 (high energy use, high pollution, overcapacity) — clause 四(四)2:
# 「重点限制“两高一剩”行业劣质企业的授信，严格信贷准入，并进行总量控制」.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.thos

import data.greencredit.industry

# A poor-quality enterprise (劣质企业): any one of these signs.
default poor_quality := false

poor_quality if input.applicant.env_credit_rating in {"red", "black"}

poor_quality if input.applicant.industrial_policy_class == "eliminated"

poor_quality if input.applicant.energy_compliant == false

poor_quality if {
	input.applicant.industrial_policy_class == "restricted"
	input.loan.kind in {"new", "increase"}
}

fired contains "THOS_POOR_QUALITY" if {
	industry.thos
	poor_quality
}

fired contains "THOS_ADMISSION_REVIEW" if {
	industry.thos
	not poor_quality
}

fired contains "THOS_VOLUME_CAP" if {
	industry.thos
	over_volume_cap
}

# (THOS balance + amount) / (book total + amount) > cap, in integers (cap in basis points).
# Exactly at the cap is allowed; an empty book never triggers the cap.
default over_volume_cap := false

over_volume_cap if {
	input.book.total_fen > 0
	after := input.book.thos_fen + input.loan.amount_fen
	total := input.book.total_fen + input.loan.amount_fen
	after * 10000 > data.greencredit.thresholds.thos_volume_cap_bp * total
}
