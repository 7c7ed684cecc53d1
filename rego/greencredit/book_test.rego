package greencredit.book_test

import data.greencredit.book
import data.greencredit.fixtures_test.app

added(loan, existing) := r if {
	r := book.added_fen with input as app({"loan": loan, "applicant": {"existing_balance_fen": existing}})
}

test_added_exposure_new_and_increase if {
	added({"kind": "new", "amount_fen": 1000}, 5000) == 1000
	added({"kind": "increase", "amount_fen": 1000}, 5000) == 1000
}

test_added_exposure_renewal_net_of_existing if {
	added({"kind": "renewal", "amount_fen": 1000}, 5000) == 0
	added({"kind": "renewal", "amount_fen": 5000}, 5000) == 0
	added({"kind": "restructure", "amount_fen": 7000}, 5000) == 2000
	added({"kind": "renewal", "amount_fen": 7000}, 0) == 7000
}

test_book_complete_flag if {
	book.complete with input as app({})
	not book.complete with input as app({"book": {"complete": false}})

	# a recorded input from rules version 1 has no flag: its caps were enforced
	book.complete with input as {"book": {"total_fen": 0}}
}

over(bal, total, amount, cap) if book.over_cap(bal, cap) with input as app({"book": {"total_fen": total}, "loan": {"amount_fen": amount}})

test_over_cap_boundaries if {
	# (150 + 0) / (1000 + 0): a loan of 0 adds nothing
	not over(150, 1000, 0, 1500)

	# (0 + 150) / (850 + 150) = exactly 15%: allowed
	not over(0, 850, 150, 1500)

	# one fen more is over
	over(1, 850, 150, 1500)

	# an empty book never fires
	not over(0, 0, 100, 1500)
}

test_cap_evidence_figures if {
	ev := book.cap_evidence("thos", 100, 1500) with input as app({"book": {"total_fen": 900}, "loan": {"amount_fen": 100}})
	ev == {
		"category": "thos", "category_balance_fen": 100, "added_exposure_fen": 100, "book_total_fen": 900,
		"share_after_bp": 2000, "cap_bp": 1500, "over_by_fen": 50, "book_complete": true,
	}
}

# One fen over the cap never reads as at the cap (issue 28): the share is rounded up and the
# amount over it is named, exactly, on any book.
test_cap_evidence_one_fen_over if {
	ev := book.cap_evidence("thos", 149901, 1500) with input as app({"book": {"total_fen": 999900}, "loan": {"amount_fen": 100}})
	ev.share_after_bp == 1501
	ev.over_by_fen == 1

	# at the cap exactly: 1500, nothing over
	at := book.cap_evidence("thos", 149900, 1500) with input as app({"book": {"total_fen": 999900}, "loan": {"amount_fen": 100}})
	at.share_after_bp == 1500
	at.over_by_fen == 0

	# a book of 10^17 fen (10^15 yuan, the service's bound), one fen over: still 1501 and 1
	big := book.cap_evidence("thos", 14999999999999901, 1500) with input as app({"book": {"total_fen": 99999999999999900}, "loan": {"amount_fen": 100}})
	big.share_after_bp == 1501
	big.over_by_fen == 1
}
