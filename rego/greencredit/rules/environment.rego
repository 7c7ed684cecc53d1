# Environmental credit grade of the enterprise, in every industry — clause 三(二):
# environmental protection and energy saving are an important criterion in classifying customers.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.environment

grade := input.applicant.env_credit_rating

facts := {"env_credit_rating": grade, "loan_kind": input.loan.kind}

env_black if grade == "black"

fired contains "ENV_BLACK" if env_black

env_red_new if {
	grade == "red"
	input.loan.kind in {"new", "increase"}
}

fired contains "ENV_RED_NEW" if env_red_new

env_red_review if {
	grade == "red"
	input.loan.kind in {"renewal", "restructure"}
}

fired contains "ENV_RED_REVIEW" if env_red_review

env_yellow if grade == "yellow"

fired contains "ENV_YELLOW" if env_yellow

# The evidence of each reason that fired: the facts that made it fire.
evidence["ENV_BLACK"] := facts if env_black

evidence["ENV_RED_NEW"] := facts if env_red_new

evidence["ENV_RED_REVIEW"] := facts if env_red_review

evidence["ENV_YELLOW"] := facts if env_yellow
