# Environmental credit grade of the enterprise — clause 三(二): environmental protection and
# energy saving are an important criterion in classifying customers.
# (A red grade inside 两高一剩 is handled by THOS_POOR_QUALITY instead of ENV_RED.)
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.environment

import data.greencredit.industry

fired contains "ENV_BLACK" if input.applicant.env_credit_rating == "black"

fired contains "ENV_RED" if {
	input.applicant.env_credit_rating == "red"
	not industry.thos
}
