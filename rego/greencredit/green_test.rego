package greencredit.green_test

import data.greencredit.fixtures_test.app
import data.greencredit.green

claim(code, category, version) := app({"applicant": {"industry_code": code}, "loan": {"green_category": category, "green_category_version": version}})

test_version_in_force_by_date if {
	green.in_force_version == "2025" with input as app({"decided_on": "2025-10-01"})
	green.in_force_version == "2019" with input as app({"decided_on": "2025-09-30"})

	# a recorded input from rules version 1: no date, no version
	green.in_force_version == "2019" with input as {"loan": {"green_category": "3.2.2"}}
	green.version == "2019" with input as {"loan": {"green_category": "3.2.2"}}
}

# 3.2.5 (2025) lists C4210; 4.2.2 lists D4416.
test_2025_claim_plausible_for_a_listed_class if {
	green.plausible with input as claim("C4210", "3.2.5", "2025")
	green.plausible with input as claim("D4416", "4.2.2", "2025")
}

test_2025_claim_not_plausible_for_another_class if {
	# a vegetable farm "manufacturing energy-saving boilers"
	not green.plausible with input as claim("A0141", "1.1.1", "2025")
}

test_2025_item_listing_no_class_cannot_be_confirmed if {
	some item, classes in data.greencredit.reference.catalogue_2025_classes
	classes == []
	not green.plausible with input as claim("C3411", item, "2025")
}

test_coarse_code_never_plausible if {
	not green.plausible with input as claim("C42", "3.2.5", "2025")
}

test_2019_claim_after_2025_not_plausible if {
	not green.plausible with input as claim("D4416", "3.2.2", "2019")
	green.plausible with input as object.union(claim("D4416", "3.2.2", "2019"), {"decided_on": "2025-09-30"})
}

test_no_claim_not_plausible if {
	not green.plausible with input as claim("C4210", "", "2025")
}

# (at no minimum compression, whatever data.json sets)
test_restructured_solar_keeps_clean_energy if {
	p := object.union(claim("D4416", "3.2.2", "2019"), {"applicant": {"existing_balance_fen": 100000}, "loan": {"kind": "renewal", "amount_fen": 100000}})
	green.clean_energy_kept with input as p with data.greencredit.thresholds.renewable_min_compression_bp as 0
	green.plausible with input as p with data.greencredit.thresholds.renewable_min_compression_bp as 0
	q := object.union(claim("C3825", "4.1.2", "2025"), {"applicant": {"existing_balance_fen": 100000}, "loan": {"kind": "renewal", "amount_fen": 100000}})
	green.clean_energy_kept with input as q with data.greencredit.thresholds.renewable_min_compression_bp as 0

	# a section outside clean energy is not kept
	r := object.union(claim("D4416", "1.1.1", "2025"), {"applicant": {"existing_balance_fen": 100000}, "loan": {"kind": "renewal", "amount_fen": 100000}})
	not green.plausible with input as r with data.greencredit.thresholds.renewable_min_compression_bp as 0
}

test_intrinsic_category_first_item_in_catalogue_order if {
	green.intrinsic_category == "2.3.1" with input as claim("N7721", "", "2025")
	green.items_listing == ["2.3.1", "2.3.2", "2.3.3", "2.5.8", "2.5.11", "3.2.3", "5.2.10"] with input as claim("N7721", "", "2025")

	# identified under 2025 whatever the version of a claim (issue 28)
	green.intrinsic_category == "2.3.1" with input as claim("N7721", "5.3.1", "2019")
	green.intrinsic_version == "2025"

	# a class no 2025 item lists, and a coarse code, are named by no item
	green.intrinsic_category == "" with input as claim("N7725", "", "2025")
	green.intrinsic_category == "" with input as claim("C42", "", "2025")
}

test_claim_evidence if {
	ev := green.claim_evidence with input as claim("A0141", "1.1.1", "2025")
	ev.green_category == "1.1.1"
	ev.in_force_version == "2025"
	ev.items_listing_class == []
	not ev.coarse_code
}
