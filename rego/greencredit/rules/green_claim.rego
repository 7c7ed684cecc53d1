# A claimed green category that cannot be confirmed at screening — clause 三(二): not plausible
# for the applicant's class, an item that lists no class or not this one, a coarse code, or a
# 2019 category on a screening decided under the 2025 catalogue. Referred for identification
# by review; the loan is not green at screening.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.green_claim

import data.greencredit.green

green_claim_review if {
	green.claim != ""
	not green.plausible
}

fired contains "GREEN_CLAIM_REVIEW" if green_claim_review

# The evidence of each reason that fired: the facts that made it fire.
evidence["GREEN_CLAIM_REVIEW"] := green.claim_evidence if green_claim_review
