# Classification of an industry code (GB/T 4754-2017, e.g. "C3011") against the bank's
# industry lists in data.greencredit.lists. Reads only input.applicant.industry_code, so
# the service can also ask it with nothing else: data.greencredit.industry.classes.
#
# A code belongs to a list when it starts with one of the list's entries: "C30" covers
# "C3011", the section letter "I" covers "I6510".
package greencredit.industry

code := input.applicant.industry_code

in_list(name) if strings.any_prefix_match(code, data.greencredit.lists[name].codes)

# 产能过剩
default overcapacity := false

overcapacity if in_list("overcapacity")

# 高耗能
default high_energy := false

high_energy if in_list("high_energy")

# 高污染
default high_pollution := false

high_pollution if in_list("high_pollution")

# 两高一剩 (THOS): the union of the three lists above.
default thos := false

thos if overcapacity

thos if high_energy

thos if high_pollution

# 太阳能、光伏、风能
default renewable := false

renewable if in_list("renewable")

# 房地产 (the K70 list only; quasi real estate is decided in rules/real_estate.rego).
default real_estate := false

real_estate if in_list("real_estate")

# 有保: the supported list, except codes on the renewable or overcapacity lists
# (C3825 光伏设备 and C3731 金属船舶 lie in C34-C40 but are not supported).
default supported := false

supported if {
	in_list("supported")
	not in_list("renewable")
	not in_list("overcapacity")
}

# Intrinsically green industries (N772, C42, D4413, D4417).
default intrinsically_green := false

intrinsically_green if in_list("intrinsically_green")

# Every class, each key always present.
classes := {
	"overcapacity": overcapacity,
	"high_energy": high_energy,
	"high_pollution": high_pollution,
	"thos": thos,
	"renewable": renewable,
	"real_estate": real_estate,
	"supported": supported,
	"intrinsically_green": intrinsically_green,
}
