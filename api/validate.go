package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"greencredit/money"
	"greencredit/refdata"
	"greencredit/screening"
)

// obj is one JSON object of a request, walked field by field so that every bad field is
// reported, not just the first.
type obj struct {
	path   string
	fields map[string]json.RawMessage
	seen   map[string]bool
	errs   *[]FieldProblem
	// mute is set on a missing or malformed object, whose fields are then not reported one by one.
	mute bool
	// filled collects the dotted names of optional fields that were absent and got their
	// default (nil: not collected).
	filled *[]string
}

// defaulted notes that an absent optional field got its default.
func (o *obj) defaulted(key string) {
	if o.filled != nil && !o.mute {
		*o.filled = append(*o.filled, o.name(key))
	}
}

func (o *obj) fail(key, problem string) {
	if o.mute {
		return
	}
	*o.errs = append(*o.errs, FieldProblem{Field: o.name(key), Problem: problem})
}

func (o *obj) name(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// raw returns the field's JSON, or nil when it is absent or null.
func (o *obj) raw(key string, required bool) json.RawMessage {
	o.seen[key] = true
	v, ok := o.fields[key]
	if !ok || bytes.Equal(v, []byte("null")) {
		if required {
			o.fail(key, "is required")
		}
		return nil
	}
	return v
}

// unknown reports every field the contract does not define.
func (o *obj) unknown() {
	var extra []string
	for k := range o.fields {
		if !o.seen[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		o.fail(k, "unknown field")
	}
}

// readObject reads a JSON request body that must be an object, its problems collected in errs.
func readObject(c *gin.Context, errs *[]FieldProblem) (*obj, error) {
	body, err := readJSONBody(c)
	if err != nil {
		return nil, err
	}
	o, ok := newObj("", body, errs)
	if !ok {
		return nil, invalidInput([]FieldProblem{{Field: "", Problem: "body must be a JSON object"}})
	}
	return o, nil
}

func newObj(path string, raw json.RawMessage, errs *[]FieldProblem) (*obj, bool) {
	fields, dups, ok := decodeObject(raw)
	if !ok {
		return nil, false
	}
	o := &obj{path: path, fields: fields, seen: map[string]bool{}, errs: errs}
	// A key given twice would be decided on its last value, unseen by whoever reads the first.
	for _, k := range dups {
		o.fail(k, "is given more than once")
	}
	return o, true
}

// decodeObject reads a JSON object into its fields, listing the keys it gives more than once
// (its own level only; each child object is checked when it is read); false when raw is not
// one JSON object. json.Valid checks the whole document first; the members of a valid object
// are then found in one pass (decodeObjectTokens reads it one token at a time to the same
// result: TestDecodeObjectAsTokens, FuzzDecodeObject).
func decodeObject(raw []byte) (map[string]json.RawMessage, []string, bool) {
	if !json.Valid(raw) {
		return nil, nil, false
	}
	i := skipSpace(raw, 0)
	if raw[i] != '{' {
		return nil, nil, false
	}
	fields := make(map[string]json.RawMessage, 16)
	var dups []string
	if i = skipSpace(raw, i+1); raw[i] == '}' {
		return fields, nil, true
	}
	for {
		end := stringEnd(raw, i) // raw[i] opens the key
		k, _ := jsonString(raw[i:end])
		i = skipSpace(raw, skipSpace(raw, end)+1) // past the colon
		end = valueEnd(raw, i)
		if _, seen := fields[k]; seen && !slices.Contains(dups, k) {
			dups = append(dups, k)
		}
		fields[k] = raw[i:end]
		if i = skipSpace(raw, end); raw[i] == '}' {
			return fields, dups, true
		}
		i = skipSpace(raw, i+1) // past the comma
	}
}

// skipSpace returns the index of the first byte at or after i that is not JSON white space.
func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the string that opens at i (valid JSON).
func stringEnd(raw []byte, i int) int {
	for i++; raw[i] != '"'; i++ {
		if raw[i] == '\\' {
			i++
		}
	}
	return i + 1
}

// valueEnd returns the index just past the value that starts at i (valid JSON).
func valueEnd(raw []byte, i int) int {
	switch raw[i] {
	case '"':
		return stringEnd(raw, i)
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch raw[i] {
			case '"':
				i = stringEnd(raw, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	}
	for i < len(raw) && !strings.ContainsRune(",}] \t\n\r", rune(raw[i])) {
		i++
	}
	return i
}

// decodeObjectTokens is decodeObject one token at a time, which tells which keys are given
// more than once.
func decodeObjectTokens(raw []byte) (map[string]json.RawMessage, []string, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, false
	}
	fields := make(map[string]json.RawMessage, 16)
	var dups []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, false
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, false
		}
		if _, seen := fields[k]; seen && !slices.Contains(dups, k) {
			dups = append(dups, k)
		}
		fields[k] = v
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, nil, false
	}
	if _, err := dec.Token(); err != io.EOF { // nothing may follow the object
		return nil, nil, false
	}
	return fields, dups, true
}

func (o *obj) child(key string, required bool) *obj {
	v := o.raw(key, required)
	muted := &obj{path: o.name(key), fields: map[string]json.RawMessage{}, seen: map[string]bool{}, errs: o.errs, mute: true}
	if v == nil {
		return muted
	}
	c, ok := newObj(o.name(key), v, o.errs)
	if !ok {
		o.fail(key, "must be an object")
		return muted
	}
	c.filled = o.filled
	return c
}

// str reads a string of at most max characters, optionally an identifier (idProblem).
func (o *obj) str(key string, required bool, max int, id bool) string {
	v := o.raw(key, required)
	if v == nil {
		return ""
	}
	s, ok := jsonString(v)
	if !ok {
		o.fail(key, "must be a string")
		return ""
	}
	switch n := utf8.RuneCountInString(s); {
	case required && n == 0:
		o.fail(key, "is required")
	case n > max:
		o.fail(key, fmt.Sprintf("must be at most %d characters", max))
	case id && n > 0 && idProblem(s, max) != "":
		o.fail(key, idProblem(s, max))
	}
	return s
}

// strings reads an optional array of at most n strings, each of at most size characters.
func (o *obj) strings(key string, n, size int) []string {
	v := o.raw(key, false)
	if v == nil {
		return []string{}
	}
	var out []string
	if err := json.Unmarshal(v, &out); err != nil {
		o.fail(key, "must be an array of strings")
		return nil
	}
	if len(out) > n {
		o.fail(key, fmt.Sprintf("must have at most %d items", n))
	}
	for i, x := range out {
		if c := utf8.RuneCountInString(x); c == 0 || c > size {
			o.fail(fmt.Sprintf("%s[%d]", key, i), fmt.Sprintf("must be 1 to %d characters", size))
		}
	}
	return out
}

// industryCode reads a required industry code of GB/T 4754-2017 (industryCodeProblem).
func (o *obj) industryCode(ref *refdata.RefData, key string) string {
	code := o.str(key, true, 5, false)
	if code != "" {
		if p := industryCodeProblem(ref, code); p != "" {
			o.fail(key, p)
		}
	}
	return code
}

// greenCategory checks a category read from key within its catalogue version.
func (o *obj) greenCategory(ref *refdata.RefData, key, version, category string) {
	if category != "" && version != "" {
		if p := greenCategoryProblem(ref, version, category); p != "" {
			o.fail(key, p)
		}
	}
}

func (o *obj) enum(key string, required bool, def string, allowed ...string) string {
	v := o.raw(key, required)
	if v == nil {
		if !required && def != "" {
			o.defaulted(key)
		}
		return def
	}
	s, ok := jsonString(v)
	if !ok || !slices.Contains(allowed, s) {
		o.fail(key, "must be one of: "+strings.Join(allowed, ", "))
		return def
	}
	return s
}

// jsonString decodes a JSON string as json.Unmarshal does; a string with nothing to unescape
// or replace (no backslash, no control character, valid UTF-8) is taken as it is.
func jsonString(v json.RawMessage) (string, bool) {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		inner := v[1 : len(v)-1]
		plain := utf8.Valid(inner)
		for _, c := range inner {
			if c < 0x20 || c == '\\' || c == '"' {
				plain = false
				break
			}
		}
		if plain {
			return string(inner), true
		}
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", false
	}
	return s, true
}

func (o *obj) boolean(key string, def bool) bool {
	v := o.raw(key, false)
	if v == nil {
		o.defaulted(key)
		return def
	}
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		o.fail(key, "must be true or false")
		return def
	}
	return b
}

func (o *obj) integer(key string, required bool, min, max int) int {
	v := o.raw(key, required)
	if v == nil {
		return 0
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < min || n > max {
		o.fail(key, fmt.Sprintf("must be a whole number from %d to %d", min, max))
		return 0
	}
	return n
}

// money reads yuan (string or number, at most two decimals) as fen.
func (o *obj) money(key string, required, positive bool) (money.Fen, bool) {
	v := o.raw(key, required)
	if v == nil {
		return 0, false
	}
	f, err := money.ParseYuan(v)
	switch {
	case err != nil:
		o.fail(key, err.Error())
		return 0, false
	case positive && f == 0:
		o.fail(key, "must be > 0")
		return 0, false
	}
	return f, true
}

var errRatio = errors.New("must be a decimal from 0 to 1 with at most 6 decimals, such as \"0.35\"")

// ratio reads a decimal in [0, 1] (string or number) and returns it canonically as
// millionths: "0.5" → 500000.
func (o *obj) ratio(key string) int64 {
	v := o.raw(key, false)
	if v == nil {
		o.defaulted(key)
		return 0
	}
	s := strings.Trim(string(v), `"`)
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && (frac == "" || len(frac) > 6)) || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		o.fail(key, errRatio.Error())
		return 0
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1 {
		o.fail(key, errRatio.Error())
		return 0
	}
	frac += strings.Repeat("0", 6-len(frac))
	f, _ := strconv.ParseInt(frac, 10, 64)
	m := w*1_000_000 + f
	if m > 1_000_000 {
		o.fail(key, errRatio.Error())
		return 0
	}
	return m
}

// decodeScreening validates a screening body. It returns every problem it finds. inForce is
// the green catalogue version in force today, which a request naming no version means.
func decodeScreening(body []byte, ref *refdata.RefData, inForce string) (*screening.Request, []FieldProblem) {
	var errs []FieldProblem
	top, ok := newObj("", body, &errs)
	if !ok {
		return nil, []FieldProblem{{Field: "", Problem: "body must be a JSON object"}}
	}
	var r screening.Request
	r.Defaulted = []string{}
	top.filled = &r.Defaulted
	r.ApplicationID = top.str("application_id", true, maxID, true)
	r.BranchID = top.str("branch_id", true, maxBranchID, true)

	a := top.child("applicant", true)
	ap := &r.Applicant
	ap.CustomerID = a.str("customer_id", true, maxCustomerID, true)
	ap.Name = a.str("name", false, 200, false)
	ap.IDNumber = a.str("id_number", false, 64, false)
	ap.Kind = a.enum("kind", true, "", "enterprise", "individual_business", "farmer_household", "individual")
	ap.Size = a.enum("size", false, "", "micro", "small", "medium", "large")
	ap.IndustryCode = a.industryCode(ref, "industry_code")
	ap.EnvCreditRating = a.enum("env_credit_rating", false, "unrated", "green", "blue", "yellow", "red", "black", "unrated")
	ap.IndustrialPolicyClass = a.enum("industrial_policy_class", false, "permitted", "encouraged", "permitted", "restricted", "eliminated")
	ap.EnergyCompliant = a.boolean("energy_compliant", true)
	micro := a.ratio("real_estate_revenue_ratio")
	ap.RealEstateRevenueRatio = strings.TrimRight(strings.TrimRight(fmt.Sprintf("%d.%06d", micro/1_000_000, micro%1_000_000), "0"), ".")
	if bal, ok := a.money("existing_balance", false, false); ok {
		ap.ExistingBalance = &bal
	}
	a.unknown()

	l := top.child("loan", true)
	ln := &r.Loan
	ln.Amount, _ = l.money("amount", true, true)
	ln.TermMonths = l.integer("term_months", true, 1, 360)
	ln.Kind = l.enum("kind", true, "", "new", "renewal", "increase", "restructure")
	ln.Purpose = l.str("purpose", false, 500, false)
	ln.GreenCategory = l.str("green_category", false, 16, false)
	ln.GreenCategoryVersion = l.enum("green_category_version", false, inForce, refdata.GreenCatalogueVersions...)
	l.greenCategory(ref, "green_category", ln.GreenCategoryVersion, ln.GreenCategory)
	ln.ProjectType = l.enum("project_type", false, "other", "new_capacity", "upgrade", "pollution_control", "working_capital", "other")
	ln.RealEstatePurpose = l.enum("real_estate_purpose", false, "none", "development", "personal_housing", "commercial_property", "none")
	l.unknown()
	top.unknown()
	if len(errs) > 0 {
		return nil, errs
	}
	return &r, nil
}

// maxQuantityTonnes bounds an environmental-benefit figure (100 million tonnes a year): attributing
// it by a share in millionths stays exact in int64, and so do the sums of some 90 million loans'.
const maxQuantityTonnes = 100_000_000

// quantity reads a non-negative decimal of tonnes with at most 3 decimals (string or number) and
// returns it in kilograms; absent is 0.
func (o *obj) quantity(key string) int64 {
	v := o.raw(key, false)
	if v == nil {
		return 0
	}
	s := strings.Trim(string(v), `"`)
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && (frac == "" || len(frac) > 3)) || strings.Trim(whole, "0123456789") != "" ||
		strings.Trim(frac, "0123456789") != "" || len(whole) > 9 {
		o.fail(key, "must be a decimal number of tonnes from 0, with at most 3 decimals, such as \"12.5\"")
		return 0
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	if w > maxQuantityTonnes {
		o.fail(key, fmt.Sprintf("must be at most %d tonnes", maxQuantityTonnes))
		return 0
	}
	frac += strings.Repeat("0", 3-len(frac))
	f, _ := strconv.ParseInt(frac, 10, 64)
	return w*1000 + f
}
