package greencredit.industry_test

import data.greencredit.industry

code_input(code) := {"applicant": {"industry_code": code}}

all_false := {
	"overcapacity": false,
	"high_energy": false,
	"high_pollution": false,
	"thos": false,
	"renewable": false,
	"real_estate": false,
	"supported": false,
	"intrinsically_green": false,
}

classes_of(code) := classes if {
	classes := industry.classes with input as code_input(code)
}

# --- the classes object -------------------------------------------------------------

test_classes_cement_c3011 if {
	classes_of("C3011") == object.union(all_false, {
		"overcapacity": true,
		"high_energy": true,
		"high_pollution": true,
		"thos": true,
	})
}

test_classes_retail_f5211_all_false if {
	classes_of("F5211") == all_false
}

test_classes_without_input_all_false if {
	industry.classes == all_false
}

test_classes_only_industry_code_needed if {
	# The service classifies a code with nothing but applicant.industry_code.
	classes_of("K7010") == object.union(all_false, {"real_estate": true})
}

test_classes_keys_always_present if {
	every code in ["C3011", "F5211", "D4416", "K7010", "I6510", "N7721"] {
		object.keys(classes_of(code)) == object.keys(all_false)
	}
}

# --- overcapacity -------------------------------------------------------------------

test_overcapacity_codes if {
	every code in ["C3110", "C3120", "C3130", "C3140", "C3011", "C3216", "C3041", "C3731", "B0610", "B0620"] {
		classes_of(code).overcapacity
		classes_of(code).thos
	}
}

test_overcapacity_not_neighbours if {
	every code in ["C3012", "C3021", "C3042", "C3211", "C3732", "B0710"] {
		not classes_of(code).overcapacity
	}
}

test_overcapacity_group_code_not_covered_by_class_entry if {
	# The entry C3011 covers C3011 only; the group code C301 does not start with it.
	not classes_of("C301").overcapacity
}

# --- high energy use ----------------------------------------------------------------

test_high_energy_prefix_c30_covers_c3011_and_c3021 if {
	classes_of("C3011").high_energy
	classes_of("C3021").high_energy
	classes_of("C30").high_energy
}

test_high_energy_codes if {
	every code in ["C2511", "C2611", "C3110", "C3211", "D4411", "D4412"] {
		classes_of(code).high_energy
		classes_of(code).thos
	}
}

test_high_energy_thermal_power_only if {
	every code in ["D4413", "D4414", "D4415", "D4416", "D4417", "D4419", "D4420"] {
		not classes_of(code).high_energy
	}
}

test_c3021_is_thos_but_not_overcapacity if {
	classes_of("C3021") == object.union(all_false, {
		"high_energy": true,
		"high_pollution": true,
		"thos": true,
	})
}

# --- high pollution -----------------------------------------------------------------

test_high_pollution_mining_b06_to_b10 if {
	every code in ["B0610", "B0710", "B0810", "B0911", "B1011"] {
		classes_of(code).high_pollution
		classes_of(code).thos
	}
	not classes_of("B1120").high_pollution
	not classes_of("B1120").thos
}

test_high_pollution_light_industry if {
	every code in ["C2211", "C2710", "C1511", "C1512", "C1713", "C1723", "C1733", "C1743", "C1752", "C1762", "C1910", "C1931"] {
		classes_of(code).high_pollution
		classes_of(code).thos
		not classes_of(code).high_energy
		not classes_of(code).overcapacity
	}
}

test_high_pollution_not_neighbours if {
	every code in ["C1520", "C1711", "C1751", "C1921", "C1932", "C2310", "C2811"] {
		not classes_of(code).high_pollution
		not classes_of(code).thos
	}
}

# --- solar / PV / wind --------------------------------------------------------------

test_renewable_codes_not_supported_not_thos if {
	every code in ["D4415", "D4416", "C3825", "C3415", "C3862"] {
		classes_of(code) == object.union(all_false, {"renewable": true})
	}
}

test_d4414_nuclear_is_neither_renewable_nor_thos if {
	classes_of("D4414") == all_false
}

test_d4413_hydro_is_intrinsically_green_not_renewable if {
	classes_of("D4413") == object.union(all_false, {"intrinsically_green": true})
}

# --- real estate --------------------------------------------------------------------

test_real_estate_k70 if {
	every code in ["K7010", "K7020", "K7030", "K7040", "K7090", "K70"] {
		classes_of(code).real_estate
	}
	not classes_of("L7211").real_estate
	not classes_of("F5211").real_estate
}

# --- supported ----------------------------------------------------------------------

test_supported_agriculture_a01_to_a05 if {
	every code in ["A0111", "A0211", "A0311", "A0411", "A0511", "A0541"] {
		classes_of(code).supported
	}
}

test_supported_equipment_c34_to_c40 if {
	every code in ["C3411", "C3511", "C3611", "C3711", "C3811", "C3911", "C4011"] {
		classes_of(code).supported
		not classes_of(code).thos
	}
	not classes_of("C3311").supported
	not classes_of("C4111").supported
}

test_supported_section_letters_i_and_m if {
	classes_of("I6510").supported
	classes_of("I6311").supported
	classes_of("M7310").supported
	classes_of("M7520").supported
	not classes_of("J6620").supported
	not classes_of("L7211").supported
}

test_supported_n76_n77_n78 if {
	every code in ["N7610", "N7711", "N7721", "N7810", "N7850"] {
		classes_of(code).supported
	}
	not classes_of("N7910").supported
}

test_supported_excludes_renewable_c3825 if {
	not classes_of("C3825").supported
	classes_of("C3825").renewable
	classes_of("C3824").supported
}

test_supported_excludes_renewable_c3415_c3862 if {
	not classes_of("C3415").supported
	not classes_of("C3862").supported
}

test_supported_excludes_overcapacity_c3731 if {
	not classes_of("C3731").supported
	classes_of("C3731").overcapacity
	classes_of("C3732").supported
}

# --- intrinsically green ------------------------------------------------------------

test_intrinsically_green_codes if {
	every code in ["N7721", "N7722", "N7723", "N7724", "N7725", "N7726", "N7727", "C4210", "C4220", "D4413", "D4417"] {
		classes_of(code).intrinsically_green
	}
	not classes_of("N7711").intrinsically_green
	not classes_of("D4416").intrinsically_green
}

# --- list matching ------------------------------------------------------------------

test_prefix_must_match_from_the_start if {
	# "C30" is not a prefix of "C2530"-like codes; a list entry only matches at the start.
	not industry.overcapacity with input as code_input("C2530") with data.greencredit.lists.overcapacity.codes as ["C30"]
	industry.overcapacity with input as code_input("C3011") with data.greencredit.lists.overcapacity.codes as ["C30"]
}

# An empty entry would match every code, so the data check refuses a bundle that has one.
test_empty_list_entry_is_refused_by_the_data_check if {
	not test_lists_are_complete_and_well_formed with data.greencredit.lists.overcapacity.codes as [""]
}

test_list_change_in_data_takes_effect if {
	classes_of("F5211").thos with data.greencredit.lists.high_energy.codes as ["F52"]
}

# --- the shipped lists (data.json) --------------------------------------------------

test_lists_are_complete_and_well_formed if {
	object.keys(data.greencredit.lists) == {
		"overcapacity", "high_energy", "high_pollution", "renewable",
		"real_estate", "supported", "intrinsically_green",
	}
	every name, list in data.greencredit.lists {
		list.source != ""
		list.note != ""
		count(list.codes) > 0
		every entry in list.codes {
			regex.match(`^[A-T]([0-9]{2,4})?$`, entry)
		}
		name != ""
	}
}

test_ranges_are_expanded if {
	pollution := {c | some c in data.greencredit.lists.high_pollution.codes}
	supported := {c | some c in data.greencredit.lists.supported.codes}
	count({"B06", "B07", "B08", "B09", "B10"} - pollution) == 0
	count({"A01", "A02", "A03", "A04", "A05"} - supported) == 0
	count({"C34", "C35", "C36", "C37", "C38", "C39", "C40"} - supported) == 0
}
