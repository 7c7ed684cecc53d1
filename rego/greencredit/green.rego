# Green classification — clause 三(二) and the green catalogues (data.greencredit.catalogues):
# which catalogue version applies, whether a claimed category is plausible for the applicant's
# industry, and the item an intrinsically green industry falls under. Whether the loan comes
# out green (not declined, class and grade allowing) is decided in decision.rego.
package greencredit.green

import data.greencredit.industry
import data.greencredit.rules.renewable

claim := input.loan.green_category

# The version of the claim: the service fills in the version in force when the request names
# none. A recorded input from before rules version 2 has none: it read the 2019 catalogue.
version := object.get(input.loan, "green_category_version", "2019")

# The decision date (China Standard Time); a recorded input from before rules version 2 has
# none and reads as the historical standard.
decided_on := object.get(input, "decided_on", "")

default in_force_version := "2019"

in_force_version := "2025" if decided_on >= data.greencredit.catalogues["2025"].in_force_from

default plausible := false

# 2025: the applicant's class is one the catalogue lists for the item, i.e. the item is one of
# those that list the class (a coarse code is listed by none).
plausible if {
	claim != ""
	version == "2025"
	claim in items_listing
}

# 2019 has no class lists: a 2019 claim is plausible only where the historical standard
# applies (decisions dated before the 2025 catalogue came into force, as version 1 decided).
plausible if {
	claim != ""
	version == "2019"
	in_force_version == "2019"
}

# An existing solar/PV/wind loan under restructuring keeps the clean-energy classification of
# its version.
plausible if clean_energy_kept

default clean_energy_kept := false

clean_energy_kept if {
	claim != ""
	"RENEWABLE_RESTRUCTURE" in renewable.fired
	startswith(claim, data.greencredit.catalogues[version].clean_energy_prefix)
}

# The 2025 items that list the applicant's class, in catalogue order.
default items_listing := []

items_listing := data.greencredit.reference.catalogue_2025_items_by_class[industry.code]

# An intrinsically green industry is identified under the 2025 catalogue, whatever the version
# of a claim that does not fit: it is named by the first 2025 item that lists its class (the 2019
# catalogue lists no classes). A class no 2025 item lists (N7725), or a coarse code naming no
# class, is not identified by its industry: a green decision always names its item.
default intrinsic_category := ""

intrinsic_category := items_listing[0] if count(items_listing) > 0

intrinsic_version := "2025"

claim_evidence := {
	"green_category": claim,
	"green_category_version": version,
	"in_force_version": in_force_version,
	"coarse_code": industry.coarse,
	"items_listing_class": items_listing,
}
