package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"greencredit/jsonw"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// Reading the policy's answer straight from OPA's AST value (no conversion to Go maps and
// back): the result, each reason, and the evidence as the JSON encoding/json would write for
// the same document (TestDocumentJSON); and the result and reasons written as encoding/json
// writes them (AppendJSON, AppendReasons; TestSpecialisedSameResults compares the bytes).

// asTerm makes an evaluation hand back its result as the AST term it is.
var asTerm = rego.EvalGenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil })

func field(o ast.Object, k string) ast.Value {
	if t := o.Get(ast.InternedTerm(k)); t != nil {
		return t.Value
	}
	return nil
}

func stringField(o ast.Object, k string) string {
	s, _ := field(o, k).(ast.String)
	return string(s)
}

func resultFrom(v ast.Value) (*Result, error) {
	m, ok := v.(ast.Object)
	if !ok {
		return nil, errors.New("result is not an object")
	}
	var r Result
	var err error
	r.Outcome, r.Stance, r.GreenCategory = stringField(m, "outcome"), stringField(m, "stance"), stringField(m, "green_category")
	r.GreenCategoryVersion = stringField(m, "green_category_version")
	if ev := field(m, "green_evidence"); ev != nil {
		if r.GreenEvidence, err = documentJSON(ev); err != nil {
			return nil, fmt.Errorf("green evidence: %w", err)
		}
	}
	g, _ := field(m, "green").(ast.Boolean)
	r.Green = bool(g)
	switch r.Outcome {
	case "approve", "refer", "decline":
	default:
		return nil, fmt.Errorf("outcome %q", r.Outcome)
	}
	switch r.Stance {
	case "support", "control", "compress", "neutral":
	default:
		return nil, fmt.Errorf("stance %q", r.Stance)
	}
	if field(m, "reasons") != nil {
		if err := reasonLists(m, &r); err != nil {
			return nil, err
		}
	} else if err := reasonEntries(m, &r); err != nil {
		return nil, err
	}
	if r.Classes, err = boolMap(field(m, "classes")); err != nil {
		return nil, err
	}
	return &r, nil
}

// elements lists an array's or a set's elements (a set's in its order); nil otherwise.
func elements(v ast.Value) []*ast.Term {
	switch x := v.(type) {
	case *ast.Array:
		out := make([]*ast.Term, x.Len())
		for i := range out {
			out[i] = x.Elem(i)
		}
		return out
	case ast.Set:
		return x.Slice()
	}
	return nil
}

// reasonEntries reads `entries`, [rank, code, reason, condition, evidence] in the policy's
// order (bundles before rules version 2 have no evidence): the reasons in that order, and the
// distinct non-empty conditions (as `result` lists them).
func reasonEntries(m ast.Object, r *Result) error {
	entries := elements(field(m, "entries"))
	r.Reasons = make([]Reason, 0, len(entries))
	r.Conditions = make([]string, 0, len(entries))
	for _, x := range entries {
		e, ok := x.Value.(*ast.Array)
		if !ok || (e.Len() != 4 && e.Len() != 5) {
			return errors.New("entry is not [rank, code, reason, condition, evidence]")
		}
		reason, err := reasonFrom(e.Elem(2).Value)
		if err != nil {
			return err
		}
		if e.Len() == 5 {
			if reason.Evidence, err = documentJSON(e.Elem(4).Value); err != nil {
				return fmt.Errorf("evidence of %s: %w", reason.Code, err)
			}
		}
		r.Reasons = append(r.Reasons, reason)
		if c, _ := e.Elem(3).Value.(ast.String); c != "" && !slices.Contains(r.Conditions, string(c)) {
			r.Conditions = append(r.Conditions, string(c))
		}
	}
	return nil
}

// reasonLists reads a legacy answer's `reasons` and `conditions` lists.
func reasonLists(m ast.Object, r *Result) error {
	reasons := elements(field(m, "reasons"))
	r.Reasons = make([]Reason, 0, len(reasons))
	for _, x := range reasons {
		reason, err := reasonFrom(x.Value)
		if err != nil {
			return err
		}
		r.Reasons = append(r.Reasons, reason)
	}
	conds := elements(field(m, "conditions"))
	r.Conditions = make([]string, 0, len(conds))
	for _, c := range conds {
		if s, ok := c.Value.(ast.String); ok {
			r.Conditions = append(r.Conditions, string(s))
		}
	}
	return nil
}

func reasonFrom(v ast.Value) (Reason, error) {
	m, ok := v.(ast.Object)
	if !ok {
		return Reason{}, errors.New("reason is not an object")
	}
	r := Reason{Code: stringField(m, "code"), Message: stringField(m, "message"), MessageEn: stringField(m, "message_en"),
		Clause: stringField(m, "clause"), Outcome: stringField(m, "outcome"), Stance: stringField(m, "stance")}
	if ev := field(m, "evidence"); ev != nil {
		b, err := documentJSON(ev)
		if err != nil {
			return Reason{}, fmt.Errorf("evidence of %s: %w", r.Code, err)
		}
		r.Evidence = b
	}
	return r, nil
}

func boolMap(v ast.Value) (map[string]bool, error) {
	m, ok := v.(ast.Object)
	if !ok {
		return nil, errors.New("classes is not an object")
	}
	out := make(map[string]bool, m.Len())
	m.Foreach(func(k, x *ast.Term) {
		if s, ok := k.Value.(ast.String); ok {
			b, _ := x.Value.(ast.Boolean)
			out[string(s)] = bool(b)
		}
	})
	return out, nil
}

// documentJSON is the JSON of a document: what json.Marshal writes for ast.JSON(v) — keys in
// order, sets as arrays, strings escaped alike — without building Go maps on the way. A
// document with a key that is not a string takes that way.
func documentJSON(v ast.Value) ([]byte, error) {
	out, ok := appendJSON(make([]byte, 0, 256), v)
	if ok {
		return out, nil
	}
	x, err := ast.JSON(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(x)
}

func appendJSON(b []byte, v ast.Value) ([]byte, bool) {
	switch x := v.(type) {
	case ast.Null:
		return append(b, "null"...), true
	case ast.Boolean:
		if x {
			return append(b, "true"...), true
		}
		return append(b, "false"...), true
	case ast.Number:
		if x == "" {
			return append(b, '0'), true
		}
		return append(b, x...), true
	case ast.String:
		return jsonw.String(b, string(x)), true
	case *ast.Array, ast.Set:
		b = append(b, '[')
		for i, e := range elements(x) {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendJSON(b, e.Value); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case ast.Object:
		keys := make([]string, 0, x.Len())
		ok := true
		x.Foreach(func(k, _ *ast.Term) {
			s, isString := k.Value.(ast.String)
			ok = ok && isString
			keys = append(keys, string(s))
		})
		if !ok {
			return b, false
		}
		slices.Sort(keys) // as encoding/json orders a map's keys
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonw.String(b, k)
			b = append(b, ':')
			if b, ok = appendJSON(b, x.Get(ast.InternedTerm(k)).Value); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}
	return b, false
}

// AppendReasons appends the reasons as json.Marshal writes them (a nil list is null). The
// evidence is appended as it is: compact JSON, as the policy writes it (documentJSON).
func AppendReasons(b []byte, rs []Reason) []byte {
	if rs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		r := &rs[i]
		b = jsonw.String(append(b, `{"code":`...), r.Code)
		b = jsonw.String(append(b, `,"message":`...), r.Message)
		b = jsonw.String(append(b, `,"message_en":`...), r.MessageEn)
		b = jsonw.String(append(b, `,"clause":`...), r.Clause)
		b = jsonw.String(append(b, `,"outcome":`...), r.Outcome)
		b = jsonw.String(append(b, `,"stance":`...), r.Stance)
		if len(r.Evidence) > 0 {
			b = append(append(b, `,"evidence":`...), r.Evidence...)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// AppendJSON appends the result as json.Marshal writes it.
func (r *Result) AppendJSON(b []byte) []byte { return r.AppendJSONWithReasons(b, nil) }

// AppendJSONWithReasons is AppendJSON with the reasons already written: reasons must be
// AppendReasons(nil, r.Reasons), spliced in rather than encoded a second time (a record holds
// them on their own and inside its result); nil encodes them.
func (r *Result) AppendJSONWithReasons(b, reasons []byte) []byte {
	b = jsonw.String(append(b, `{"outcome":`...), r.Outcome)
	b = jsonw.String(append(b, `,"stance":`...), r.Stance)
	b = jsonw.Bool(append(b, `,"green":`...), r.Green)
	b = jsonw.String(append(b, `,"green_category":`...), r.GreenCategory)
	if r.GreenCategoryVersion != "" {
		b = jsonw.String(append(b, `,"green_category_version":`...), r.GreenCategoryVersion)
	}
	if len(r.GreenEvidence) > 0 {
		b = append(append(b, `,"green_evidence":`...), r.GreenEvidence...)
	}
	if b = append(b, `,"reasons":`...); reasons != nil {
		b = append(b, reasons...)
	} else {
		b = AppendReasons(b, r.Reasons)
	}
	b = jsonw.Strings(append(b, `,"conditions":`...), r.Conditions)
	b = append(b, `,"classes":`...)
	if r.Classes == nil {
		b = append(b, "null"...)
	} else {
		keys := slices.Sorted(maps.Keys(r.Classes))
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonw.Bool(append(jsonw.String(b, k), ':'), r.Classes[k])
		}
		b = append(b, '}')
	}
	return append(b, '}')
}
