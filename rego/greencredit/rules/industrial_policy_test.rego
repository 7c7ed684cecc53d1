package greencredit.rules.industrial_policy_test

import data.greencredit.fixtures_test.app
import data.greencredit.fixtures_test.retail
import data.greencredit.rules.industrial_policy

codes(patch) := r if {
	r := industrial_policy.fired with input as app(object.union({"applicant": retail}, patch))
}

test_permitted_and_encouraged_fire_nothing if {
	codes({}) == set()
	codes({"applicant": {"industrial_policy_class": "encouraged"}}) == set()
}

test_eliminated_in_any_industry if {
	every code in ["F5211", "C3811", "A0111", "C3011"] {
		"POLICY_ELIMINATED" in codes({"applicant": {"industry_code": code, "industrial_policy_class": "eliminated"}})
	}
}

test_restricted_new_money if {
	every kind in ["new", "increase"] {
		every project in ["new_capacity", "working_capital", "other"] {
			codes({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": kind, "project_type": project}}) == {"POLICY_RESTRICTED_NEW"}
		}
	}
}

test_restricted_upgrade if {
	every kind in ["new", "increase", "renewal", "restructure"] {
		every project in ["upgrade", "pollution_control"] {
			codes({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": kind, "project_type": project}}) == {"POLICY_RESTRICTED_UPGRADE"}
		}
	}
}

test_restricted_existing if {
	every kind in ["renewal", "restructure"] {
		codes({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"kind": kind}}) == {"POLICY_RESTRICTED_EXISTING"}
	}
}

test_energy_noncompliant_in_any_industry if {
	codes({"applicant": {"energy_compliant": false}}) == {"ENERGY_NONCOMPLIANT"}
	codes({"applicant": {"energy_compliant": false, "industrial_policy_class": "eliminated"}}) == {"ENERGY_NONCOMPLIANT", "POLICY_ELIMINATED"}
}

test_evidence_carries_the_facts if {
	ev := industrial_policy.evidence.POLICY_RESTRICTED_UPGRADE with input as app({"applicant": {"industrial_policy_class": "restricted"}, "loan": {"project_type": "pollution_control"}})
	ev == {"industrial_policy_class": "restricted", "loan_kind": "new", "project_type": "pollution_control"}
}

# A recorded input from rules version 1 has no project type: other.
test_missing_project_type_is_other if {
	v1 := {"applicant": {"industrial_policy_class": "restricted", "energy_compliant": true}, "loan": {"kind": "new"}}
	industrial_policy.evidence.POLICY_RESTRICTED_NEW with input as v1
}
