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

# What a cap decision rests on. The share after the loan is in basis points rounded UP, so that a
# share over the cap never reads as at it (one fen over a 15% cap is 1501, not 1500), and
# over_by_fen is how much of the category's balance after the loan lies above the cap, in fen
# rounded up (0 within it): both exact, in integers.
cap_evidence(category, balance_fen, cap_bp) := {
	"category": category,
	"category_balance_fen": balance_fen,
	"added_exposure_fen": added_fen,
	"book_total_fen": total_fen,
	"share_after_bp": ceil_div((balance_fen + added_fen) * 10000, total_fen + added_fen),
	"cap_bp": cap_bp,
	"over_by_fen": max([0, ceil_div(((balance_fen + added_fen) * 10000) - (cap_bp * (total_fen + added_fen)), 10000)]),
	"book_complete": complete,
}

# ceil(n / d) for integers n and d > 0 (0 when d is 0), exact at any size: OPA multiplies, adds
# and takes remainders of integers exactly, but divides big ones as floats, so the quotient of an
# exact multiple is taken and checked.
ceil_div(_, d) := 0 if d <= 0

ceil_div(n, d) := q if {
	d > 0
	r := ((n % d) + d) % d
	q0 := round((n - r) / d)
	q := q0 + to_number(r > 0)
}
