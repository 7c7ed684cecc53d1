// Package refdata is the reference data the service ships, embedded from the CSV files beside it
// (SOURCES.md names each one's source): GB/T 4754-2017 and its code tree, the Green Industry
// Guidance Catalogue (2019) and the Green Finance Endorsed Project Catalogue (2025) with the
// industry classes each 2025 item lists; and the bundle's generated reference data.
package refdata

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

//go:embed gbt4754-2017.csv green-industry-catalogue-2019.csv green-finance-catalogue-2025.csv green-finance-catalogue-2025-industries.csv
var refdataFS embed.FS

// RefItem is one entry of a classification the service ships.
type RefItem struct {
	Code  string
	Level string
	Name  string
}

// The green catalogues the service ships, by version (green_category_version).
const (
	// GreenCatalogue2019 is 《绿色产业指导目录（2019年版）》 (发改环资〔2019〕293号).
	GreenCatalogue2019 = "2019"
	// GreenCatalogue2025 is 《绿色金融支持项目目录（2025年版）》, in force since 2025-10-01.
	GreenCatalogue2025 = "2025"
)

// GreenCatalogueVersions lists the versions, oldest first.
var GreenCatalogueVersions = []string{GreenCatalogue2019, GreenCatalogue2025}

// RefData holds the national classifications the service validates against:
// GB/T 4754-2017 (industries) and the green catalogues of 2019 and 2025, with the industry
// classes each 2025 item lists. It is read once at start and never changed.
type RefData struct {
	industries map[string]RefItem
	order      []string // industry codes in the standard's order
	green      map[string]map[string]RefItem
	greenOrder map[string][]string // item codes in catalogue order, by version
	// classes2025 is the GB/T classes each level-3 item of the 2025 catalogue lists (in the
	// catalogue's order, without duplicates; empty for an item that lists activities in words).
	classes2025 map[string][]string
	counts      map[string]int
}

// LoadRefData parses the embedded classification tables.
func LoadRefData() (*RefData, error) {
	ind, order, err := readRefCSV("gbt4754-2017.csv")
	if err != nil {
		return nil, err
	}
	rd := &RefData{industries: ind, order: order, green: map[string]map[string]RefItem{}, greenOrder: map[string][]string{},
		classes2025: map[string][]string{}, counts: map[string]int{}}
	for v, name := range map[string]string{GreenCatalogue2019: "green-industry-catalogue-2019.csv",
		GreenCatalogue2025: "green-finance-catalogue-2025.csv"} {
		if rd.green[v], rd.greenOrder[v], err = readRefCSV(name); err != nil {
			return nil, err
		}
	}
	for _, it := range ind {
		rd.counts["industry."+it.Level]++
	}
	for v, items := range rd.green {
		prefix := "green." // the 2019 counts keep their version-1 names
		if v != GreenCatalogue2019 {
			prefix = "green" + v + "."
		}
		for _, it := range items {
			rd.counts[prefix+it.Level]++
		}
	}
	if err := rd.readClasses2025(); err != nil {
		return nil, err
	}
	return rd, nil
}

func (r *RefData) readClasses2025() error {
	const name = "green-finance-catalogue-2025-industries.csv"
	b, err := refdataFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = 3
	if _, err := cr.Read(); err != nil { // header: code,industry_code,industry_name
		return fmt.Errorf("read %s header: %w", name, err)
	}
	for _, code := range r.greenOrder[GreenCatalogue2025] {
		if r.green[GreenCatalogue2025][code].Level == "3" {
			r.classes2025[code] = []string{}
		}
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		item, class := rec[0], rec[1]
		list, ok := r.classes2025[item]
		if !ok {
			return fmt.Errorf("%s: %s is not a level-3 item of the 2025 catalogue", name, item)
		}
		if class == "" {
			continue // the catalogue describes the activity in words
		}
		if it, ok := r.industries[class]; !ok || it.Level != "class" {
			return fmt.Errorf("%s: item %s lists %s, not a class of GB/T 4754-2017", name, item, class)
		}
		if !slices.Contains(list, class) {
			r.classes2025[item] = append(list, class)
		}
	}
}

func readRefCSV(name string) (map[string]RefItem, []string, error) {
	b, err := refdataFS.ReadFile(name)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", name, err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 3
	if _, err := r.Read(); err != nil { // header: code,level,name
		return nil, nil, fmt.Errorf("read %s header: %w", name, err)
	}
	out := make(map[string]RefItem, 2048)
	var order []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, order, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", name, err)
		}
		out[rec[0]] = RefItem{Code: rec[0], Level: rec[1], Name: rec[2]}
		order = append(order, rec[0])
	}
}

// Industry returns the GB/T 4754-2017 entry for a code such as "C3011" (division,
// group or class; a bare section letter is not a valid industry_code).
func (r *RefData) Industry(code string) (RefItem, bool) {
	it, ok := r.industries[code]
	if !ok || it.Level == "section" {
		return RefItem{}, false
	}
	return it, true
}

// ClassesUnder lists the GB/T classes under a division or group, in the standard's order
// (a class: itself).
func (r *RefData) ClassesUnder(code string) []string {
	var out []string
	for _, c := range r.order {
		if r.industries[c].Level == "class" && strings.HasPrefix(c, code) {
			out = append(out, c)
		}
	}
	return out
}

// CodesUnder lists the industry codes (divisions, groups, classes) that start with prefix,
// in the standard's order.
func (r *RefData) CodesUnder(prefix string) []string {
	var out []string
	for _, c := range r.order {
		if r.industries[c].Level != "section" && strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// GreenItemOf returns the level-3 item of a catalogue version ("2019" or "2025").
func (r *RefData) GreenItemOf(version, code string) (RefItem, bool) {
	it, ok := r.green[version][code]
	if !ok || it.Level != "3" {
		return RefItem{}, false
	}
	return it, true
}

// GreenEntry returns an entry of any level of a catalogue version: a level-1 or level-2
// category, which the reports group loans by, or a level-3 item.
func (r *RefData) GreenEntry(version, code string) (RefItem, bool) {
	it, ok := r.green[version][code]
	return it, ok
}

// GreenCatalogueName is the catalogue's title, for messages.
func GreenCatalogueName(version string) string {
	switch version {
	case GreenCatalogue2019:
		return "the Green Industry Guidance Catalogue (2019)"
	case GreenCatalogue2025:
		return "the Green Finance Endorsed Project Catalogue (2025)"
	}
	return "a green catalogue"
}

// Classes2025 is the GB/T classes a level-3 item of the 2025 catalogue lists.
func (r *RefData) Classes2025(item string) []string { return r.classes2025[item] }

// Counts reports how many entries each level has ("industry.class", "green.3" for 2019,
// "green2025.3", ...).
func (r *RefData) Counts() map[string]int { return r.counts }

// items2025ByClass is, for every GB/T class, the 2025 items that list it, in catalogue order.
func (r *RefData) items2025ByClass() map[string][]string {
	byClass := map[string][]string{}
	for _, item := range r.greenOrder[GreenCatalogue2025] {
		for _, c := range r.classes2025[item] {
			byClass[c] = append(byClass[c], item)
		}
	}
	return byClass
}

// Items2025Listing is the 2025 items that list a class, in catalogue order (none for a class no
// item lists, and for a division or group).
func (r *RefData) Items2025Listing(class string) []string { return r.items2025ByClass()[class] }

// BundleReference is the reference data the policy bundle carries, generated from these
// tables (rego/greencredit/reference/data.json, `go run ./scripts/bundledata`): the classes
// under every GB/T division and group, and for the 2025 catalogue the classes each item lists
// and, for every class, the items that list it in catalogue order.
func (r *RefData) BundleReference() ([]byte, error) {
	under := map[string][]string{}
	for _, c := range r.order {
		if lv := r.industries[c].Level; lv == "division" || lv == "group" {
			under[c] = r.ClassesUnder(c)
		}
	}
	byClass := r.items2025ByClass()
	var buf bytes.Buffer
	buf.WriteString("{\n")
	buf.WriteString(`  "source": "Generated by go run ./scripts/bundledata from refdata/: GB/T 4754-2017 (gbt4754-2017.csv) and 《绿色金融支持项目目录（2025年版）》 with the industry classes each item lists (green-finance-catalogue-2025*.csv). Do not edit by hand: change the tables and regenerate.",` + "\n")
	writeMap := func(key, note string, m map[string][]string, order []string, last bool) error {
		fmt.Fprintf(&buf, "  %q: %q,\n  %q: {\n", key+"_note", note, key)
		n := 0
		for _, k := range order {
			v, ok := m[k]
			if !ok {
				continue
			}
			vs, err := json.Marshal(v)
			if err != nil {
				return err
			}
			n++
			sep := ","
			if n == len(m) {
				sep = ""
			}
			fmt.Fprintf(&buf, "    %q: %s%s\n", k, vs, sep)
		}
		if last {
			buf.WriteString("  }\n")
		} else {
			buf.WriteString("  },\n")
		}
		return nil
	}
	if err := writeMap("classes_under", "GB/T 4754-2017: every class under each division and group (a class stands for itself).", under, r.order, false); err != nil {
		return nil, err
	}
	if err := writeMap("catalogue_2025_classes", "2025 catalogue: the GB/T classes each level-3 item lists (its 国民经济行业代码 column); [] where it describes the activity in words only.", r.classes2025, r.greenOrder[GreenCatalogue2025], false); err != nil {
		return nil, err
	}
	if err := writeMap("catalogue_2025_items_by_class", "2025 catalogue: for each GB/T class, the level-3 items that list it, in catalogue order.", byClass, r.order, true); err != nil {
		return nil, err
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}
