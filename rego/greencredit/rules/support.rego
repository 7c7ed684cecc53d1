# 有保 — clause 四(四)2: support advanced manufacturing, modern services, new-countryside and
# beautiful-village construction and the green economy.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.support

import data.greencredit.industry
import data.greencredit.rules.environment
import data.greencredit.rules.real_estate
import data.greencredit.rules.renewable
import data.greencredit.rules.thos

default eligible := false

eligible if industry.supported

eligible if input.applicant.kind == "farmer_household"

eligible if input.loan.green_category != ""

# The reasons fired by the other rule packages. They are named one by one because reading
# data.greencredit.rules[_].fired here would include this package and be recursive.
# When you add a rule package, add it here too (support_test.rego fails until you do).
other_fired contains code if some code in thos.fired

other_fired contains code if some code in renewable.fired

other_fired contains code if some code in real_estate.fired

other_fired contains code if some code in environment.fired

default blocked := false

blocked if {
	some code in other_fired
	blocking(code)
}

# A reason blocks support when its stance is control or compress (control when it has no entry).
blocking(code) if object.get(data.greencredit.reasons, [code, "stance"], "control") in {"control", "compress"}

fired contains "SUPPORTED_SECTOR" if {
	eligible
	not blocked
}
