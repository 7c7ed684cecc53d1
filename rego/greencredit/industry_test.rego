package greencredit.industry_test

import data.greencredit.fixtures_test.app
import data.greencredit.industry

classes_of(code) := r if {
	r := industry.classes with input as app({"applicant": {"industry_code": code}})
}

under(code) := r if {
	r := industry.under with input as app({"applicant": {"industry_code": code}})
}

# --- a class: a list applies exactly when an entry is a prefix ----------------------

test_class_on_lists if {
	c := classes_of("C3011")
	c.overcapacity
	c.high_energy
	c.high_pollution
	c.thos
	c.thos_possible
	not c.coarse
	not c.supported
}

test_thos_lists_each if {
	every code in ["C3110", "C3021", "C2211", "D4411", "D4412", "B0710", "C1910", "C1931", "C1713", "C2710", "C1511"] {
		classes_of(code).thos
	}
}

# Zhejiang's heavy-polluting industries: electroplating and lead-acid batteries.
test_zhejiang_heavy_polluters if {
	classes_of("C3360").high_pollution
	classes_of("C3360").thos
	classes_of("C3843").high_pollution
	classes_of("C3843").thos
	not classes_of("C3843").supported
}

test_renewable_classes if {
	every code in ["D4415", "D4416", "C3825", "C3415", "C3862"] {
		c := classes_of(code)
		c.renewable
		not c.supported
		not c.thos_possible
	}
}

test_real_estate_class if {
	every code in ["K70", "K701", "K7010", "K7090"] {
		classes_of(code).real_estate
	}
	not classes_of("L7211").real_estate_possible
}

test_not_on_any_list if {
	c := classes_of("F5211")
	not c.thos_possible
	not c.renewable_possible
	not c.real_estate_possible
	not c.supported
	not c.intrinsically_green
}

# --- coarse codes: surely or possibly ------------------------------------------------

test_group_whose_only_class_is_listed_surely_applies if {
	under("C336") == ["C3360"]
	classes_of("C336").thos
	classes_of("C336").coarse
}

test_division_wholly_on_a_list_surely_applies if {
	classes_of("C26").thos
	classes_of("C30").thos
	classes_of("C301").thos
	classes_of("B06").thos
	classes_of("K70").real_estate
}

test_division_partly_on_a_list_possibly_applies if {
	c := classes_of("D44")
	c.coarse
	not c.thos
	c.thos_possible
	not c.renewable
	c.renewable_possible
	not c.intrinsically_green
	not c.supported
}

test_group_partly_renewable if {
	c := classes_of("C382")
	not c.renewable
	c.renewable_possible
	not c.supported
	not classes_of("C38").supported
	classes_of("C38").renewable_possible
	classes_of("C38").thos_possible
}

test_supported_class_and_coarse_clean_code if {
	classes_of("C3811").supported
	classes_of("C381").supported
	classes_of("C35").supported
	not classes_of("C34").supported # C3415 wind turbines
	classes_of("A01").supported
	classes_of("I6510").supported
	classes_of("N7610").supported
}

# A supported entry with a restricted class under it (C37 holds C3731 ships).
test_supported_division_with_restricted_class if {
	not classes_of("C37").supported
	classes_of("C371").supported
	not classes_of("C3731").supported
}

test_intrinsically_green_whole_entries if {
	classes_of("N7721").intrinsically_green
	classes_of("N772").intrinsically_green
	classes_of("C42").intrinsically_green
	classes_of("D4413").intrinsically_green
	classes_of("D4417").intrinsically_green
	not classes_of("N77").intrinsically_green
	not classes_of("D441").intrinsically_green
}

test_classes_always_has_every_key if {
	object.keys(classes_of("F5211")) == {
		"overcapacity", "high_energy", "high_pollution", "thos", "thos_possible", "renewable",
		"renewable_possible", "real_estate", "real_estate_possible", "supported",
		"intrinsically_green", "coarse",
	}
}

# --- evidence ------------------------------------------------------------------------

test_thos_evidence_names_entries_and_sources if {
	ev := industry.thos_evidence with input as app({"applicant": {"industry_code": "C3360"}})
	not ev.classes # a class code: the code itself is in the record
	[l.list | some l in ev.lists] == ["high_pollution"]
	ev.lists[0].entries == ["C3360"]
	contains(ev.lists[0].source, "浙环发〔2016〕46号")
}

test_coarse_evidence_names_the_restricted_classes if {
	ev := industry.renewable_evidence with input as app({"applicant": {"industry_code": "C382"}})
	ev.classes == ["C3825"]
	ev.lists[0].entries == ["C3825"]
	ev.classes_under_code == count(under("C382"))
}

test_every_list_has_source_and_codes if {
	every _, list in data.greencredit.lists {
		list.source != ""
		count(list.codes) > 0
		every code in list.codes {
			regex.match(`^[A-T]([0-9]{2,4})?$`, code)
		}
	}
}
