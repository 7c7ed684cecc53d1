# Classification of an industry code (GB/T 4754-2017) against the bank's industry lists in
# data.greencredit.lists. Reads only input.applicant.industry_code, so the service can also
# ask it with nothing else: data.greencredit.industry.classes.
#
# A list entry is a code prefix ("C30" covers "C3011"). The applicant's code may be coarser
# than a class (a division "C38" or a group "C382"), so matching goes through the classes under
# the code (data.greencredit.reference.classes_under) and is safe both ways:
# - a restricted list (两高一剩, solar/PV/wind, real estate) surely applies when every class
#   under the code is on it, and possibly applies when some are (`*_possible`);
# - a support or intrinsically-green list applies only when the code lies wholly inside an
#   entry and no class under the code is on a restricted list.
package greencredit.industry

code := input.applicant.industry_code

# A division or a group rather than a class.
default coarse := false

coarse if data.greencredit.reference.classes_under[code]

# The classes under the code: the code itself when it is a class. (Looked up by reference,
# not with object.get, so that the general query does not carry the whole table.)
under := data.greencredit.reference.classes_under[code] if coarse

under := [code] if not coarse

on_list(name, class) if strings.any_prefix_match(class, data.greencredit.lists[name].codes)

thos_lists := ["overcapacity", "high_energy", "high_pollution"]

on_thos(class) if {
	some name in thos_lists
	on_list(name, class)
}

# The classes under the code that each restricted group covers. Sets, not arrays: partial
# evaluation inlines on_thos once per list it matches, which an array would repeat.
thos_set := {c | some c in under; on_thos(c)}

renewable_set := {c | some c in under; on_list("renewable", c)}

real_estate_set := {c | some c in under; on_list("real_estate", c)}

thos_classes := sort(thos_set)

renewable_classes := sort(renewable_set)

real_estate_classes := sort(real_estate_set)

# 产能过剩, 高耗能, 高污染: surely (every class under the code is on the list).
default overcapacity := false

overcapacity if count({c | some c in under; on_list("overcapacity", c)}) == count(under)

default high_energy := false

high_energy if count({c | some c in under; on_list("high_energy", c)}) == count(under)

default high_pollution := false

high_pollution if count({c | some c in under; on_list("high_pollution", c)}) == count(under)

# 两高一剩 (THOS): every class under the code is on one of the three lists.
default thos := false

thos if count(thos_set) == count(under)

default thos_possible := false

thos_possible if count(thos_set) > 0

# 太阳能、光伏、风能
default renewable := false

renewable if count(renewable_set) == count(under)

default renewable_possible := false

renewable_possible if count(renewable_set) > 0

# 房地产 (K70; quasi real estate is decided in rules/real_estate.rego).
default real_estate := false

real_estate if count(real_estate_set) == count(under)

default real_estate_possible := false

real_estate_possible if count(real_estate_set) > 0

# Some class under the code is on a restricted list.
default restricted_possible := false

restricted_possible if thos_possible

restricted_possible if renewable_possible

restricted_possible if real_estate_possible

# 有保: wholly inside a supported entry, and nothing restricted under the code.
default supported := false

supported if {
	strings.any_prefix_match(code, data.greencredit.lists.supported.codes)
	not restricted_possible
}

# Intrinsically green industries (N772, C42, D4413, D4417), the same way.
default intrinsically_green := false

intrinsically_green if {
	strings.any_prefix_match(code, data.greencredit.lists.intrinsically_green.codes)
	not restricted_possible
}

# Evidence: the entries of a list that cover a class under the code, with the list's source.
entries(name) := sort({e | some e in data.greencredit.lists[name].codes; some c in under; startswith(c, e)})

list_evidence(name) := {"list": name, "entries": entries(name), "source": data.greencredit.lists[name].source}

# For a coarse code, the restricted classes it covers (a class code is in the record itself).
coarse_detail(classes) := {"classes": classes, "classes_under_code": count(under)} if coarse

coarse_detail(_) := {} if not coarse

thos_evidence := object.union(
	{"lists": [list_evidence(name) | some name in thos_lists; count(entries(name)) > 0]},
	coarse_detail(thos_classes),
)

renewable_evidence := object.union({"lists": [list_evidence("renewable")]}, coarse_detail(renewable_classes))

real_estate_evidence := object.union({"lists": [list_evidence("real_estate")]}, coarse_detail(real_estate_classes))

# Every class, each key always present. The loan book counts a booked loan toward a cap when
# any class under its code would (`thos_possible`, `real_estate_possible`).
classes := {
	"overcapacity": overcapacity,
	"high_energy": high_energy,
	"high_pollution": high_pollution,
	"thos": thos,
	"thos_possible": thos_possible,
	"renewable": renewable,
	"renewable_possible": renewable_possible,
	"real_estate": real_estate,
	"real_estate_possible": real_estate_possible,
	"supported": supported,
	"intrinsically_green": intrinsically_green,
	"coarse": coarse,
}
