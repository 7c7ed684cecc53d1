# The loan book as a decision sees it: the exposure a loan adds, whether the book is declared
# complete, and the volume-cap test every cap uses (green-credit-rules.md, "Exposure and the book").
package greencredit.book

existing_fen := input.applicant.existing_balance_fen

amount_fen := input.loan.amount_fen

total_fen := input.book.total_fen

# Added exposure: new or increase, the amount; renewal or restructure, the part above the
# existing balance (none when within it).
default added_fen := 0

added_fen := amount_fen if input.loan.kind in {"new", "increase"}

added_fen := amount_fen - existing_fen if {
	input.loan.kind in {"renewal", "restructure"}
	amount_fen > existing_fen
}

# Caps need the whole book. A recorded input from before rules version 2 has no flag: version 1
# enforced its caps, so it reads as complete.
complete := object.get(input.book, "complete", true)

# (category balance + added) × 10000 > cap × (book total + added), in integers. A loan that adds
# no exposure and an empty book never exceed a cap; exactly at the cap is allowed.
over_cap(balance_fen, cap_bp) if {
	added_fen > 0
	total_fen > 0
	(balance_fen + added_fen) * 10000 > cap_bp * (total_fen + added_fen)
}

# What a cap decision rests on.
cap_evidence(category, balance_fen, cap_bp) := {
	"category": category,
	"category_balance_fen": balance_fen,
	"added_exposure_fen": added_fen,
	"book_total_fen": total_fen,
	"share_after_bp": round(((balance_fen + added_fen) * 10000) / (total_fen + added_fen)),
	"cap_bp": cap_bp,
	"book_complete": complete,
}
