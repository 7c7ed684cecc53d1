package greencredit.rules.green_claim_test

import data.greencredit.fixtures_test.app
import data.greencredit.rules.green_claim

codes(code, category, version) := r if {
	r := green_claim.fired with input as app({"applicant": {"industry_code": code}, "loan": {"green_category": category, "green_category_version": version}})
}

test_unconfirmed_claims_are_reviewed if {
	codes("A0141", "1.1.1", "2025") == {"GREEN_CLAIM_REVIEW"}
	codes("C42", "3.2.5", "2025") == {"GREEN_CLAIM_REVIEW"}
	codes("D4416", "3.2.2", "2019") == {"GREEN_CLAIM_REVIEW"}
}

test_plausible_or_no_claim_fires_nothing if {
	codes("C4210", "3.2.5", "2025") == set()
	codes("C4210", "", "2025") == set()
}
