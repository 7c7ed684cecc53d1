# The decision: combines the reasons fired by every package under data.greencredit.rules
# into the one answer the service asks for, data.greencredit.decision.answer, and the same
# answer with its reasons as lists, data.greencredit.decision.result.
# A rule package publishes `fired`, the set of reason codes that fired, and `evidence`, an
# object from each of them to the facts that made it fire. A new package under
# greencredit/rules/ is picked up here without editing this file; its reason texts, outcome
# and stance go in data.json. Outcome and stance never read the evidence.
#
# Written for partial evaluation: the service partially evaluates `answer` once per industry
# code, with the bundle's data and that code known, and then evaluates only the residual
# checks on the rest of each application (README.md, docs/performance.md). So the rules that
# lead to `answer` avoid `else` and comprehensions over reasons; lists are built only in `result`.
package greencredit.decision

import data.greencredit.green
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

# One entry per fired reason: [rank, code, reason, condition, evidence]. A set is ordered, so
# the entries come strictest outcome first (rank 0 decline, 1 refer, 2 approve), then by code.
outcome_rank := {"decline": 0, "refer": 1, "approve": 2}

# Every package gives evidence for every code it fires (test_every_fired_code_has_evidence).
entries contains [object.get(outcome_rank, r.outcome, 0), code, r, condition(code), evidence] if {
	some pkg
	some code in data.greencredit.rules[pkg].fired
	evidence := data.greencredit.rules[pkg].evidence[code]
	r := reason(code)
}

# The reasons in that order, each with its evidence.
reasons := [object.union(r, {"evidence": evidence}) | some [_, _, r, _, evidence] in entries]

# The non-empty conditions of the fired reasons, in the same order, without duplicates.
condition_texts := [text | some [_, _, _, text, _] in entries; text != ""]

conditions := [text | some i, text in condition_texts; not text in array.slice(condition_texts, 0, i)]

# Green classification: a plausible claim or an intrinsically green industry, and the loan
# not declined, its class neither restricted nor eliminated, its grade neither red nor black.
default green_allowed := false

green_allowed if {
	outcome != "decline"
	not input.applicant.industrial_policy_class in {"restricted", "eliminated"}
	not input.applicant.env_credit_rating in {"red", "black"}
}

default green_by_claim := false

green_by_claim if {
	green.plausible
	green_allowed
}

default green_by_industry := false

green_by_industry if {
	industry.intrinsically_green
	green.intrinsic_category != ""
	green_allowed
}

default is_green := false

is_green if green_by_claim

is_green if green_by_industry

default green_category := ""

green_category := green.claim if green_by_claim

green_category := green.intrinsic_category if {
	not green_by_claim
	green_by_industry
}

# The catalogue the green category is from: the claim's, or 2025 for an industry identified by
# the first 2025 item listing its class; when the loan is not green, the claim's version.
default green_category_version := ""

green_category_version := green.version if not green_by_industry_only

green_category_version := green.intrinsic_version if green_by_industry_only

default green_by_industry_only := false

green_by_industry_only if {
	not green_by_claim
	green_by_industry
}

default green_basis := ""

green_basis := "claim" if green_by_claim

green_basis := "industry" if {
	not green_by_claim
	green_by_industry
}

# Why the loan is (or is not) green: the basis, and the 2025 items that list the class.
green_evidence := {
	"basis": green_basis,
	"green_category_version": green_category_version,
	"claimed_category_version": green.version,
	"in_force_version": green.in_force_version,
	"claimed_category": green.claim,
	"claim_plausible": green.plausible,
	"intrinsically_green_industry": industry.intrinsically_green,
	"items_listing_class": green.items_listing,
}

classes := object.union(industry.classes, {"quasi_real_estate": real_estate.quasi_real_estate})

# The answer the service asks for. `entries` carries the reasons in order, each with its
# condition and evidence; the service lists the reasons and the distinct conditions from it,
# as `result` does.
answer := {
	"outcome": outcome,
	"stance": stance,
	"green": is_green,
	"green_category": green_category,
	"green_category_version": green_category_version,
	"green_evidence": green_evidence,
	"entries": entries,
	"classes": classes,
}

# The answer with its reasons and conditions as lists.
result := {
	"outcome": outcome,
	"stance": stance,
	"green": is_green,
	"green_category": green_category,
	"green_category_version": green_category_version,
	"green_evidence": green_evidence,
	"reasons": reasons,
	"conditions": conditions,
	"classes": classes,
}
