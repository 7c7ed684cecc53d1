# The decision: combines the reasons fired by every package under data.greencredit.rules
# into the one answer the service asks for, data.greencredit.decision.result.
# A new rule package under greencredit/rules/ with a `fired` set is picked up here
# without editing this file; its reason texts, outcome and stance go in data.json.
package greencredit.decision

import data.greencredit.industry
import data.greencredit.rules.real_estate

# Every reason code fired by any rule package.
fired contains code if {
	some pkg
	some code in data.greencredit.rules[pkg].fired
}

# A reason as it appears in the answer. A code without an entry in data.greencredit.reasons
# fails safe: it is shown by its code and counts as refer / control.
reason(code) := {
	"code": code,
	"message": object.get(entry, "message", code),
	"message_en": object.get(entry, "message_en", code),
	"clause": object.get(entry, "clause", ""),
	"outcome": object.get(entry, "outcome", "refer"),
	"stance": object.get(entry, "stance", "control"),
} if {
	entry := object.get(data.greencredit.reasons, code, {})
}

condition(code) := object.get(data.greencredit.reasons, [code, "condition"], "")

outcomes := {reason(code).outcome | some code in fired}

stances := {reason(code).stance | some code in fired}

# The strictest outcome: decline > refer > approve (approve when nothing fired).
outcome := "decline" if {
	"decline" in outcomes
} else := "refer" if {
	"refer" in outcomes
} else := "approve"

# The strictest stance: compress > control > support > neutral (neutral when nothing fired).
stance := "compress" if {
	"compress" in stances
} else := "control" if {
	"control" in stances
} else := "support" if {
	"support" in stances
} else := "neutral"

# Reasons in order: strictest outcome first, then code ascending.
outcome_order := {"decline": 0, "refer": 1, "approve": 2}

ordered_codes := [key[1] | some key in sort([[object.get(outcome_order, reason(code).outcome, 0), code] | some code in fired])]

reasons := [reason(code) | some code in ordered_codes]

# The non-empty conditions of the fired reasons, in the same order, without duplicates.
condition_texts := [text | some code in ordered_codes; text := condition(code); text != ""]

conditions := [text | some i, text in condition_texts; not text in array.slice(condition_texts, 0, i)]

# Green classification.
claimed_category := input.loan.green_category

compress_codes := {code | some code in fired; reason(code).stance == "compress"}

# (a) A claimed catalogue category and no compress reason ...
green_by_category if {
	claimed_category != ""
	count(compress_codes) == 0
}

# ... except that an existing solar/PV/wind loan under restructuring keeps a clean-energy
# category (catalogue section 3) green when no other compress reason fired.
green_by_category if {
	startswith(claimed_category, "3.")
	compress_codes == {"RENEWABLE_RESTRUCTURE"}
}

# (b) An intrinsically green industry that is not declined.
green_by_industry if {
	industry.intrinsically_green
	outcome != "decline"
}

default green := false

green if green_by_category

green if green_by_industry

default green_category := ""

green_category := claimed_category if green_by_category

classes := object.union(industry.classes, {"quasi_real_estate": real_estate.quasi_real_estate})

result := {
	"outcome": outcome,
	"stance": stance,
	"green": green,
	"green_category": green_category,
	"reasons": reasons,
	"conditions": conditions,
	"classes": classes,
}
