package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
)

// The rule parameters form (issue 24, item 5): risk staff who do not write Rego change the
// parameters the rules read from data.json — the industry lists (a GB/T 4754 code checked
// against the code tree, with the document it comes from), the volume caps and the green target,
// the warning margin, the quasi-real-estate ratio, the household-solar threshold and the exception
// codes' texts — into a candidate of the active revision. The edit touches only the values it
// changes in the file (sjson), so the diff risk staff and the approver read is those lines. The
// candidate then takes the uploaded bundle's road: its tests and impact previewed, stored for a
// second risk principal's approval, activated.

// paramLists are the lists the form edits, with their names.
var paramLists = []struct{ Key, Name string }{
	{"overcapacity", "产能过剩 overcapacity"}, {"high_energy", "高耗能 high energy"}, {"high_pollution", "高污染 high pollution"},
	{"renewable", "光伏、风电 solar, PV and wind"}, {"real_estate", "房地产 real estate"}, {"supported", "有保行业 supported"},
	{"intrinsically_green", "天然绿色行业 intrinsically green"},
}

// paramThresholds are the thresholds in basis points the form edits ("" when the bundle does not
// set one: the configuration's warning margin then applies).
var paramThresholds = []struct{ Key, Name string }{
	{"thos_volume_cap_bp", "两高一剩贷款总量上限 THOS volume cap"}, {"real_estate_volume_cap_bp", "房地产贷款集中度上限 real-estate cap"},
	{"personal_housing_volume_cap_bp", "个人住房贷款集中度上限 personal-housing cap"}, {"green_share_target_bp", "绿色贷款占比目标 green-share target"},
	{"renewable_min_compression_bp", "光伏风电续贷最低压降 solar/PV/wind minimum compression"},
	{"cap_warning_margin_bp", "总量预警区间 cap warning margin"},
}

type paramCode struct{ Code, Name string }

type paramList struct {
	Key, Name, Source string
	Codes             []paramCode
}

type paramThreshold struct{ Key, Name, Value string }

type paramException struct {
	Code, Message, MessageEn, Clause, AppliesTo string
}

// paramsForm is the form: the active revision's values, or what was entered.
type paramsForm struct {
	Base       string // the active revision
	BaseDigest string
	Revision   string
	FromDay    string
	ToDay      string
	Lists      []paramList
	Thresholds []paramThreshold
	QuasiRatio string
	SolarMax   string // yuan
	Exceptions []paramException
	Entered    map[string][]string
}

// readParams reads the form's values from a bundle's data.json.
func (s *Server) readParams(pol *policy.Policy) *paramsForm {
	data := pol.Files["data.json"]
	from, to := defaultRange()
	f := &paramsForm{Base: pol.Revision, BaseDigest: pol.Digest, Revision: nextRevision(pol.Revision), FromDay: from, ToDay: to, Entered: map[string][]string{}}
	for _, l := range paramLists {
		pl := paramList{Key: l.Key, Name: l.Name, Source: gjson.GetBytes(data, "greencredit.lists."+l.Key+".source").String()}
		for _, c := range gjson.GetBytes(data, "greencredit.lists."+l.Key+".codes").Array() {
			pc := paramCode{Code: c.String()}
			if it, ok := s.Ref.Industry(pc.Code); ok {
				pc.Name = it.Name
			}
			pl.Codes = append(pl.Codes, pc)
		}
		f.Lists = append(f.Lists, pl)
	}
	for _, t := range paramThresholds {
		v := gjson.GetBytes(data, "greencredit.thresholds."+t.Key)
		pt := paramThreshold{Key: t.Key, Name: t.Name}
		if v.Exists() {
			pt.Value = v.Raw
		}
		f.Thresholds = append(f.Thresholds, pt)
	}
	f.QuasiRatio = gjson.GetBytes(data, "greencredit.thresholds.quasi_real_estate_ratio").Raw
	f.SolarMax = money.Fen(gjson.GetBytes(data, "greencredit.household_solar.max_amount_fen").Int()).String()
	gjson.GetBytes(data, "greencredit.exceptions.codes").ForEach(func(k, v gjson.Result) bool {
		var applies []string
		for _, a := range v.Get("applies_to").Array() {
			applies = append(applies, a.String())
		}
		f.Exceptions = append(f.Exceptions, paramException{Code: k.String(), Message: v.Get("message").String(), MessageEn: v.Get("message_en").String(),
			Clause: v.Get("clause").String(), AppliesTo: strings.Join(applies, ", ")})
		return true
	})
	return f
}

// ratioLiteral is a JSON number from 0 to 1 with at most 6 decimals, as data.json holds it.
var ratioLiteral = regexp.MustCompile(`^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$`)

var revisionSuffix = regexp.MustCompile(`^(.*\.)([0-9]+)$`)

// nextRevision suggests the candidate's revision: the active one's last number plus one
// ("2026-12-06.1" → "2026-12-06.2"), else the active one with ".1".
func nextRevision(rev string) string {
	if m := revisionSuffix.FindStringSubmatch(rev); m != nil {
		n, _ := strconv.Atoi(m[2])
		return m[1] + strconv.Itoa(n+1)
	}
	return rev + ".1"
}

// consoleParams serves GET /console/parameters: the form with the active revision's values.
func (s *Server) consoleParams(c *gin.Context) error {
	pol := s.Policy.Active()
	if pol == nil {
		return policy.ErrNoPolicy
	}
	s.render(c, http.StatusOK, "parameters", page{Title: "规则参数 Rule parameters", Section: "parameters", Data: s.readParams(pol)})
	return nil
}

// codeArray writes codes as data.json writes them: ["C3110", "C3120"].
func codeArray(codes []string) []byte {
	b, _ := json.Marshal(codes)
	return []byte(strings.ReplaceAll(string(b), `","`, `", "`))
}

// editParams applies the posted form to the active revision's data.json and .manifest, naming
// every bad field.
func (s *Server) editParams(c *gin.Context, pol *policy.Policy) (policy.Files, []FieldProblem) {
	var problems []FieldProblem
	bad := func(field, problem string) { problems = append(problems, FieldProblem{Field: field, Problem: problem}) }
	data := slices.Clone(pol.Files["data.json"])
	set := func(path string, v any) {
		var err error
		if data, err = sjson.SetBytes(data, path, v); err != nil {
			bad(path, err.Error())
		}
	}
	setRaw := func(path string, raw []byte) {
		var err error
		if data, err = sjson.SetRawBytes(data, path, raw); err != nil {
			bad(path, err.Error())
		}
	}
	who, day := principal(c), time.Now().In(decisionlog.BankZone).Format(time.DateOnly)
	for _, l := range paramLists {
		base := "greencredit.lists." + l.Key
		var codes []string
		for _, r := range gjson.GetBytes(data, base+".codes").Array() {
			codes = append(codes, r.String())
		}
		kept := slices.DeleteFunc(slices.Clone(codes), func(code string) bool { return slices.Contains(c.PostFormArray("list."+l.Key+".remove"), code) })
		add := strings.ToUpper(strings.TrimSpace(c.PostForm("list." + l.Key + ".add")))
		source := strings.TrimSpace(c.PostForm("list." + l.Key + ".source"))
		if add != "" {
			switch _, ok := s.Ref.Industry(add); {
			case !ok:
				bad("lists."+l.Key+".add", add+" is not a code of GB/T 4754-2017")
			case slices.Contains(kept, add):
				bad("lists."+l.Key+".add", add+" is already on the list")
			case source == "":
				bad("lists."+l.Key+".source", "is required with a code added: the document the code comes from")
			default:
				kept = append(kept, add)
				old := gjson.GetBytes(data, base+".source").String()
				set(base+".source", old+"; "+add+" added "+day+" by "+who+": "+source)
			}
		} else if source != "" {
			bad("lists."+l.Key+".add", "is required with a source: the code the source is for")
		}
		if !slices.Equal(kept, codes) {
			if len(kept) == 0 {
				bad("lists."+l.Key+".remove", "would leave the list empty")
				continue
			}
			setRaw(base+".codes", codeArray(kept))
		}
	}
	for _, t := range paramThresholds {
		v := strings.TrimSpace(c.PostForm("threshold." + t.Key))
		path := "greencredit.thresholds." + t.Key
		cur := gjson.GetBytes(data, path)
		if v == "" {
			if cur.Exists() {
				bad("thresholds."+t.Key, "is required: a whole number of basis points from 0 to 10000")
			}
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > 10000 {
			bad("thresholds."+t.Key, "must be a whole number of basis points from 0 to 10000 (1500 = 15%)")
			continue
		}
		if !cur.Exists() || cur.Int() != n || cur.Raw != v {
			set(path, n)
		}
	}
	if v := strings.TrimSpace(c.PostForm("threshold.quasi_real_estate_ratio")); v != gjson.GetBytes(data, "greencredit.thresholds.quasi_real_estate_ratio").Raw {
		if r, err := strconv.ParseFloat(v, 64); err != nil || r <= 0 || r > 1 || !ratioLiteral.MatchString(v) {
			bad("thresholds.quasi_real_estate_ratio", "must be a decimal above 0 and at most 1, such as 0.5")
		} else {
			setRaw("greencredit.thresholds.quasi_real_estate_ratio", []byte(v))
		}
	}
	if v := strings.TrimSpace(c.PostForm("household_solar.max_amount")); v != "" {
		f, err := money.ParseYuan([]byte(v))
		switch {
		case err != nil:
			bad("household_solar.max_amount", err.Error())
		case int64(f) != gjson.GetBytes(data, "greencredit.household_solar.max_amount_fen").Int():
			set("greencredit.household_solar.max_amount_fen", int64(f))
		}
	}
	known := func(field, list string) []string {
		var out []string
		for _, code := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' }) {
			if info, ok := pol.ReasonTable[code]; !ok || info.Outcome != "decline" {
				bad(field, code+" is not a decline reason of the active revision")
			}
			out = append(out, code)
		}
		if len(out) == 0 {
			bad(field, "is required: the decline reason codes the exception may override")
		}
		return out
	}
	gjson.GetBytes(data, "greencredit.exceptions.codes").ForEach(func(k, v gjson.Result) bool {
		code, base := k.String(), "greencredit.exceptions.codes."+k.String()
		for _, f := range []string{"message", "message_en"} {
			if text := strings.TrimSpace(c.PostForm("exception." + code + "." + f)); text == "" {
				bad("exceptions."+code+"."+f, "is required")
			} else if text != v.Get(f).String() {
				set(base+"."+f, text)
			}
		}
		applies := known("exceptions."+code+".applies_to", c.PostForm("exception."+code+".applies_to"))
		var cur []string
		for _, a := range v.Get("applies_to").Array() {
			cur = append(cur, a.String())
		}
		if len(applies) > 0 && !slices.Equal(applies, cur) {
			setRaw(base+".applies_to", codeArray(applies))
		}
		return true
	})
	if code := strings.TrimSpace(c.PostForm("new_exception.code")); code != "" {
		x := map[string]any{"message": strings.TrimSpace(c.PostForm("new_exception.message")), "message_en": strings.TrimSpace(c.PostForm("new_exception.message_en")),
			"clause": strings.TrimSpace(c.PostForm("new_exception.clause")), "source": "added " + day + " by " + who}
		switch {
		case !regexp.MustCompile(`^EX_[A-Z0-9_]{1,60}$`).MatchString(code):
			bad("new_exception.code", "must be EX_ and capital letters, digits or _, such as EX_COUNTY_KEY_PROJECT")
		case gjson.GetBytes(data, "greencredit.exceptions.codes."+code).Exists():
			bad("new_exception.code", code+" exists already")
		}
		for _, f := range []string{"message", "message_en", "clause"} {
			if x[f] == "" {
				bad("new_exception."+f, "is required with a new exception code")
			}
		}
		x["applies_to"] = known("new_exception.applies_to", c.PostForm("new_exception.applies_to"))
		raw, _ := json.Marshal(x)
		setRaw("greencredit.exceptions.codes."+code, raw)
	}
	rev := strings.TrimSpace(c.PostForm("revision"))
	if !revisionPattern.MatchString(rev) || rev == pol.Revision {
		bad("revision", "must be a new revision name (letters, digits, . _ -), not the active one's "+pol.Revision)
	}
	manifest, err := sjson.SetBytes(pol.Files[".manifest"], "revision", rev)
	if err != nil {
		bad("revision", err.Error())
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if slices.Equal(data, pol.Files["data.json"]) {
		return nil, []FieldProblem{{Field: "parameters", Problem: "nothing was changed"}}
	}
	files := make(policy.Files, len(pol.Files))
	for p, b := range pol.Files {
		files[p] = b
	}
	files["data.json"], files[".manifest"] = data, manifest
	// The active revision's signature signs its files, not these: the candidate is unsigned (where
	// bundles must be signed, it is refused — sign it in the build pipeline and upload it).
	delete(files, ".signatures.json")
	return files, nil
}

// consoleParamsPreview serves POST /console/parameters/preview: the edited candidate's tests,
// impact over the chosen range and diff (the upload's preview page, whose store form stores it for
// approval); bad values are named on the form, with what was entered.
func (s *Server) consoleParamsPreview(c *gin.Context) error {
	pol := s.Policy.Active()
	if pol == nil {
		return policy.ErrNoPolicy
	}
	// The form edits the revision it was opened on: another activated meanwhile would be overwritten.
	if base := c.PostForm("base"); base != pol.Digest {
		return &Error{Status: http.StatusConflict, Code: "active_revision_changed",
			Message: "the active revision changed since the form was opened (now " + pol.Revision + "): open the form again"}
	}
	files, problems := s.editParams(c, pol)
	again := func(status int, msg string, problems []FieldProblem) error {
		f := s.readParams(pol)
		f.Entered = c.Request.PostForm
		f.Revision, f.FromDay, f.ToDay = c.PostForm("revision"), c.PostForm("from_day"), c.PostForm("to_day")
		s.render(c, status, "parameters", page{Title: "规则参数 Rule parameters", Section: "parameters", Message: msg, Problems: problems, Data: f})
		return nil
	}
	if problems != nil {
		return again(http.StatusBadRequest, "参数有误 Some parameters are not valid", problems)
	}
	cand, err := s.previewCandidate(c, "parameters", files, c.PostForm("from_day"), c.PostForm("to_day"))
	if err != nil {
		e, err := shownRefusal(err)
		if err != nil {
			return err
		}
		return again(e.Status, fmt.Sprintf("候选版本未通过 The candidate is refused: %s", e.Message), e.Details)
	}
	s.render(c, http.StatusOK, "policy-preview", page{Title: "候选版本预览 Candidate preview", Section: "parameters", Data: cand})
	return nil
}

// Value is what the form shows in a field: what was entered (after a refusal), else def.
func (f *paramsForm) Value(key, def string) string {
	if v, ok := f.Entered[key]; ok && len(v) > 0 {
		return v[0]
	}
	return def
}

// Removed tells whether the form marked a list's code for removal.
func (f *paramsForm) Removed(list, code string) bool {
	return slices.Contains(f.Entered["list."+list+".remove"], code)
}
