package greencredit.rules.coarse_test

import data.greencredit.fixtures_test.app
import data.greencredit.fixtures_test.book
import data.greencredit.rules.coarse

codes(patch) := r if {
	r := coarse.fired with input as app(patch)
}

code(c) := {"applicant": {"industry_code": c}}

test_coarse_codes_on_a_restricted_list_are_referred if {
	every c in ["D44", "D441", "C38", "C382", "C384", "C33", "C17", "C19", "C15"] {
		codes(code(c)) == {"INDUSTRY_CODE_TOO_COARSE"}
	}
}

test_sure_or_clean_codes_are_not_too_coarse if {
	every c in ["C336", "C26", "C30", "B06", "K70", "K701", "C381", "A01", "D4416", "C3825", "F52", "N77"] {
		codes(code(c)) == set()
	}
}

# THOS restricts enterprise credit only; the renewable list applies to everyone.
test_kind_decides_which_lists_apply if {
	codes(object.union(code("C33"), {"applicant": {"kind": "individual"}})) == set()
	codes(object.union(code("D44"), {"applicant": {"kind": "individual"}})) == {"INDUSTRY_CODE_TOO_COARSE"}
}

test_evidence_names_restricted_classes_and_figures if {
	ev := coarse.evidence.INDUSTRY_CODE_TOO_COARSE with input as app(object.union(code("D44"), {"book": book({"thos_fen": 50000000})}))
	ev.restricted_classes.thos == ["D4411", "D4412"]
	ev.restricted_classes.renewable == ["D4415", "D4416"]
	ev.restricted_classes.real_estate == []
	ev.book_thos_fen == 50000000
	ev.book_total_fen == 100000000
	ev.added_exposure_fen == 500000000
}

# A bank that narrows the real-estate list to one class makes K70 itself coarse.
test_narrowed_real_estate_list_makes_the_division_coarse if {
	codes(code("K70")) == {"INDUSTRY_CODE_TOO_COARSE"} with data.greencredit.lists.real_estate.codes as ["K7010"]
	codes(code("K7010")) == set() with data.greencredit.lists.real_estate.codes as ["K7010"]
}
