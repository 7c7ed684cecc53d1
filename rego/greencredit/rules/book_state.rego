# What the loan book can and cannot vouch for — clause 四(四)2 总量控制:
# - a cap that would fire while the book is not declared complete is referred instead
#   (CAP_BOOK_INCOMPLETE replaces that cap's reason);
# - once the book is complete, its balance for the customer is authoritative: a request that
#   claims more is referred (BALANCE_DISCREPANCY), and the policy uses the book's figure.
# Outcome and stance of each reason are in data.greencredit.reasons.
package greencredit.rules.book_state

import data.greencredit.book
import data.greencredit.rules.real_estate
import data.greencredit.rules.thos

default cap_would_fire := false

cap_would_fire if thos.over_cap

cap_would_fire if real_estate.over_cap

# Both caps' figures, and which of them would fire.
cap_book_incomplete if {
	cap_would_fire
	not book.complete
}

fired contains "CAP_BOOK_INCOMPLETE" if cap_book_incomplete

requested_fen := object.get(input.applicant, "requested_balance_fen", 0)

booked_fen := object.get(input.applicant, "booked_balance_fen", 0)

tolerance_fen := data.greencredit.thresholds.balance_discrepancy_tolerance_fen

balance_discrepancy if {
	book.complete
	requested_fen - booked_fen > tolerance_fen
}

fired contains "BALANCE_DISCREPANCY" if balance_discrepancy

# The evidence of each reason that fired: the facts that made it fire.
evidence["CAP_BOOK_INCOMPLETE"] := {
	"book_complete": false,
	"thos_cap_would_fire": thos.over_cap,
	"real_estate_cap_would_fire": real_estate.over_cap,
	"thos": thos.cap_evidence,
	"real_estate": real_estate.cap_evidence,
} if cap_book_incomplete

evidence["BALANCE_DISCREPANCY"] := {
	"requested_balance_fen": requested_fen,
	"booked_balance_fen": booked_fen,
	"tolerance_fen": tolerance_fen,
	"used_balance_fen": input.applicant.existing_balance_fen,
} if balance_discrepancy
