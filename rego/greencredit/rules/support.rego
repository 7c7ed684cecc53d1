# 有保 — clause 四(四)2: support advanced manufacturing, modern services, new-countryside and
# beautiful-village construction and the green economy.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.support

import data.greencredit.green
import data.greencredit.industry
import data.greencredit.rules.book_state
import data.greencredit.rules.coarse
import data.greencredit.rules.data_quality
import data.greencredit.rules.environment
import data.greencredit.rules.green_claim
import data.greencredit.rules.industrial_policy
import data.greencredit.rules.real_estate
import data.greencredit.rules.renewable
import data.greencredit.rules.thos

default eligible := false

eligible if industry.supported

eligible if input.applicant.kind == "farmer_household"

eligible if green.plausible

# The reasons fired by the other rule packages. They are named one by one because reading
# data.greencredit.rules[_].fired here would include this package and be recursive.
# When you add a rule package, add it here too (decision_test.rego fails until you do).
other_fired contains code if some code in thos.fired

other_fired contains code if some code in renewable.fired

other_fired contains code if some code in real_estate.fired

other_fired contains code if some code in environment.fired

other_fired contains code if some code in industrial_policy.fired

other_fired contains code if some code in coarse.fired

other_fired contains code if some code in book_state.fired

other_fired contains code if some code in data_quality.fired

other_fired contains code if some code in green_claim.fired

default blocked := false

blocked if {
	some code in other_fired
	blocking(code)
}

# A reason blocks support when its stance is control or compress (control when it has no
# entry); `neutral` does not.
blocking(code) if object.get(data.greencredit.reasons, [code, "stance"], "control") in {"control", "compress"}

supported_sector if {
	eligible
	not blocked
	not input.applicant.industrial_policy_class in {"restricted", "eliminated"}
}

fired contains "SUPPORTED_SECTOR" if supported_sector

# The evidence of each reason that fired: the facts that made it fire.
evidence["SUPPORTED_SECTOR"] := {
	"supported_industry": industry.supported,
	"farmer_household": input.applicant.kind == "farmer_household",
	"plausible_green_claim": green.plausible,
	"industrial_policy_class": input.applicant.industrial_policy_class,
} if supported_sector
