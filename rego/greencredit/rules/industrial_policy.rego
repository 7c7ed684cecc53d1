# National industrial policy and energy standards, in every industry — clause 三(二):
# 《产业结构调整指导目录（2024年本）》 (eliminated and restricted classes) and energy compliance.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.industrial_policy

policy_class := input.applicant.industrial_policy_class

# An upgrade or pollution-control project of existing capacity (loan.project_type).
default upgrade := false

upgrade if object.get(input.loan, "project_type", "other") in {"upgrade", "pollution_control"}

default new_money := false

new_money if input.loan.kind in {"new", "increase"}

# A restricted-class firm asking for new or more credit for anything but an upgrade.
default restricted_new := false

restricted_new if {
	policy_class == "restricted"
	new_money
	not upgrade
}

facts := {
	"industrial_policy_class": policy_class,
	"loan_kind": input.loan.kind,
	"project_type": object.get(input.loan, "project_type", "other"),
}

policy_eliminated if policy_class == "eliminated"

fired contains "POLICY_ELIMINATED" if policy_eliminated

policy_restricted_new if restricted_new

fired contains "POLICY_RESTRICTED_NEW" if policy_restricted_new

policy_restricted_upgrade if {
	policy_class == "restricted"
	upgrade
}

fired contains "POLICY_RESTRICTED_UPGRADE" if policy_restricted_upgrade

policy_restricted_existing if {
	policy_class == "restricted"
	input.loan.kind in {"renewal", "restructure"}
	not upgrade
}

fired contains "POLICY_RESTRICTED_EXISTING" if policy_restricted_existing

energy_noncompliant if input.applicant.energy_compliant == false

fired contains "ENERGY_NONCOMPLIANT" if energy_noncompliant

# The evidence of each reason that fired: the facts that made it fire.
evidence["POLICY_ELIMINATED"] := facts if policy_eliminated

evidence["POLICY_RESTRICTED_NEW"] := facts if policy_restricted_new

evidence["POLICY_RESTRICTED_UPGRADE"] := facts if policy_restricted_upgrade

evidence["POLICY_RESTRICTED_EXISTING"] := facts if policy_restricted_existing

evidence["ENERGY_NONCOMPLIANT"] := {"energy_compliant": false} if energy_noncompliant
