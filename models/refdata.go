package models

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
)

//go:embed refdata/gbt4754-2017.csv refdata/green-industry-catalogue-2019.csv
var refdataFS embed.FS

// RefItem is one entry of a classification the service ships.
type RefItem struct {
	Code  string
	Level string
	Name  string
}

// RefData holds the national classifications the service validates against:
// GB/T 4754-2017 (industries) and the Green Industry Guidance Catalogue (2019).
// It is read once at start and never changed.
type RefData struct {
	industries map[string]RefItem
	green      map[string]RefItem
	counts     map[string]int
}

// LoadRefData parses the embedded classification tables.
func LoadRefData() (*RefData, error) {
	ind, err := readRefCSV("refdata/gbt4754-2017.csv")
	if err != nil {
		return nil, err
	}
	green, err := readRefCSV("refdata/green-industry-catalogue-2019.csv")
	if err != nil {
		return nil, err
	}
	rd := &RefData{industries: ind, green: green, counts: map[string]int{}}
	for _, it := range ind {
		rd.counts["industry."+it.Level]++
	}
	for _, it := range green {
		rd.counts["green."+it.Level]++
	}
	return rd, nil
}

func readRefCSV(name string) (map[string]RefItem, error) {
	b, err := refdataFS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 3
	if _, err := r.Read(); err != nil { // header: code,level,name
		return nil, fmt.Errorf("read %s header: %w", name, err)
	}
	out := make(map[string]RefItem, 2048)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		out[rec[0]] = RefItem{Code: rec[0], Level: rec[1], Name: rec[2]}
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

// GreenItem returns the level-3 item of the 2019 green catalogue for a code such as "3.2.2".
func (r *RefData) GreenItem(code string) (RefItem, bool) {
	it, ok := r.green[code]
	if !ok || it.Level != "3" {
		return RefItem{}, false
	}
	return it, true
}

// Counts reports how many entries each level has ("industry.class", "green.3", ...).
func (r *RefData) Counts() map[string]int { return r.counts }
