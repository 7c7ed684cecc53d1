# The decision: combines the reasons fired by every package under data.greencredit.rules
# into the one answer the service asks for, data.greencredit.decision.answer, and the same
# answer with its reasons as lists, data.greencredit.decision.result.
# A new rule package under greencredit/rules/ with a `fired` set is picked up here
# without editing this file; its reason texts, outcome and stance go in data.json.
#
# Written for partial evaluation: the service partially evaluates `answer` once per industry
# code, with the bundle's data and that code known, and then evaluates only the residual
# checks on the rest of each application (README.md, docs/performance.md). So the rules that
# lead to `answer` avoid `else` and comprehensions, which partial evaluation leaves whole;
# lists are built only in `result`.
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

fired_outcomes contains reason(code).outcome if some code in fired

fired_stances contains reason(code).stance if some code in fired

# The strictest outcome: decline > refer > approve (approve when nothing fired).
default outcome := "approve"

outcome := "decline" if "decline" in fired_outcomes

outcome := "refer" if {
	not "decline" in fired_outcomes
	"refer" in fired_outcomes
}

# The strictest stance: compress > control > support > neutral (neutral when nothing fired).
default stance := "neutral"

stance := "compress" if "compress" in fired_stances

stance := "control" if {
	not "compress" in fired_stances
	"control" in fired_stances
}

stance := "support" if {
	not "compress" in fired_stances
	not "control" in fired_stances
	"support" in fired_stances
}

# One entry per fired reason: [rank, code, reason, condition]. A set is ordered, so the
# entries come strictest outcome first (rank 0 decline, 1 refer, 2 approve), then by code.
outcome_rank := {"decline": 0, "refer": 1, "approve": 2}

entries contains [object.get(outcome_rank, r.outcome, 0), code, r, condition(code)] if {
	some code in fired
	r := reason(code)
}

# The reasons in that order.
reasons := [r | some [_, _, r, _] in entries]

# The non-empty conditions of the fired reasons, in the same order, without duplicates.
condition_texts := [text | some [_, _, _, text] in entries; text != ""]

conditions := [text | some i, text in condition_texts; not text in array.slice(condition_texts, 0, i)]

# Green classification.
claimed_category := input.loan.green_category

compress_codes contains code if {
	some code in fired
	reason(code).stance == "compress"
}

default any_compress := false

any_compress if some _ in compress_codes

default compress_other_than_restructure := false

compress_other_than_restructure if {
	some code in compress_codes
	code != "RENEWABLE_RESTRUCTURE"
}

default green_by_category := false

# (a) A claimed catalogue category and no compress reason ...
green_by_category if {
	claimed_category != ""
	not any_compress
}

# ... except that an existing solar/PV/wind loan under restructuring keeps a clean-energy
# category (catalogue section 3) green when no other compress reason fired.
green_by_category if {
	startswith(claimed_category, "3.")
	"RENEWABLE_RESTRUCTURE" in compress_codes
	not compress_other_than_restructure
}

# (b) An intrinsically green industry that is not declined.
default green_by_industry := false

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

# The answer the service asks for. `entries` carries the reasons in order, each with its
# condition; the service lists the reasons and the distinct conditions from it, as `result` does.
answer := {
	"outcome": outcome,
	"stance": stance,
	"green": green,
	"green_category": green_category,
	"entries": entries,
	"classes": classes,
}

# The answer with its reasons and conditions as lists.
result := {
	"outcome": outcome,
	"stance": stance,
	"green": green,
	"green_category": green_category,
	"reasons": reasons,
	"conditions": conditions,
	"classes": classes,
}
