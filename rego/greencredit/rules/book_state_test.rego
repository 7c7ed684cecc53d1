package greencredit.rules.book_state_test

import data.greencredit.fixtures_test.app
import data.greencredit.fixtures_test.book
import data.greencredit.rules.book_state

codes(patch) := r if {
	r := book_state.fired with input as app(patch)
}

over_thos := {"book": book({"thos_fen": 50000000, "complete": false})}

test_cap_on_an_incomplete_book_is_referred if {
	codes(over_thos) == {"CAP_BOOK_INCOMPLETE"}
	ev := book_state.evidence.CAP_BOOK_INCOMPLETE with input as app(over_thos)
	ev.thos_cap_would_fire
	not ev.real_estate_cap_would_fire
	ev.thos.category_balance_fen == 50000000
}

test_real_estate_cap_on_an_incomplete_book if {
	p := {"applicant": {"industry_code": "K7010"}, "book": book({"real_estate_fen": 50000000, "complete": false})}
	codes(p) == {"CAP_BOOK_INCOMPLETE"}
	ev := book_state.evidence.CAP_BOOK_INCOMPLETE with input as app(p)
	ev.real_estate_cap_would_fire
	not ev.thos_cap_would_fire
}

test_incomplete_book_without_a_cap_is_fine if {
	codes({"book": book({"complete": false}), "loan": {"amount_fen": 100}}) == set()
}

test_complete_book_no_incomplete_reason if {
	codes({"book": book({"thos_fen": 50000000})}) == set()
}

test_balance_discrepancy if {
	codes({"applicant": {"requested_balance_fen": 100, "booked_balance_fen": 0}}) == {"BALANCE_DISCREPANCY"}
	codes({"applicant": {"requested_balance_fen": 100, "booked_balance_fen": 100}}) == set()
	codes({"applicant": {"requested_balance_fen": 50, "booked_balance_fen": 100}}) == set()
	ev := book_state.evidence.BALANCE_DISCREPANCY with input as app({"applicant": {"requested_balance_fen": 100, "booked_balance_fen": 40, "existing_balance_fen": 40}})
	ev == {"requested_balance_fen": 100, "booked_balance_fen": 40, "tolerance_fen": 0, "used_balance_fen": 40}
}

test_balance_discrepancy_tolerance if {
	codes({"applicant": {"requested_balance_fen": 100, "booked_balance_fen": 0}}) == set() with data.greencredit.thresholds.balance_discrepancy_tolerance_fen as 100
}

# Before the book is complete the larger of the two is used and nothing is referred.
test_balance_discrepancy_needs_a_complete_book if {
	codes({"applicant": {"requested_balance_fen": 100, "booked_balance_fen": 0}, "book": {"complete": false}}) == set()
}
