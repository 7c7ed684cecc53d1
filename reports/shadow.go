package reports

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"greencredit/storage"
)

// ShadowReport is how a revision in shadow decided the live screenings of a range against the
// active revision (issue 25): each outcome transition, the green changes, the reason codes added
// and removed, by branch and by industry division, and the changed decisions a page at a time.
type ShadowReport struct {
	Digest           string            `json:"digest"`
	From             string            `json:"from"`
	To               string            `json:"to"`
	Evaluated        int64             `json:"evaluated"`
	Errors           int64             `json:"errors"`
	Changed          int64             `json:"changed"`
	Transitions      []Transition      `json:"transitions"`
	Green            []Transition      `json:"green_changes"`
	CodesAdded       []CodeCount       `json:"reason_codes_added"`
	CodesRemoved     []CodeCount       `json:"reason_codes_removed"`
	ByBranch         []KeyedTransition `json:"by_branch"`
	ByDivision       []KeyedTransition `json:"by_division"`
	ChangedDecisions []ShadowChange    `json:"changed_decisions"`
	NextCursor       string            `json:"next_cursor"`
}

// Transition is how many decisions went from one verdict to another ("approve" → "refer"; for
// green, "false" → "true").
type Transition struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Decisions int64  `json:"decisions"`
}

// KeyedTransition is a transition within one branch or division.
type KeyedTransition struct {
	Key string `json:"key"`
	Transition
}

// CodeCount is how many decisions gained (or lost) a reason code under the shadow.
type CodeCount struct {
	Code      string `json:"code"`
	Decisions int64  `json:"decisions"`
}

// ShadowChange is a decision the shadow decided otherwise (outcome, stance, green or reasons).
type ShadowChange struct {
	DecisionID    string    `json:"decision_id"`
	DecidedAt     time.Time `json:"decided_at"`
	BranchID      string    `json:"branch_id"`
	IndustryCode  string    `json:"industry_code"`
	Outcome       string    `json:"outcome"`
	ShadowOutcome string    `json:"shadow_outcome"`
	Stance        string    `json:"stance"`
	ShadowStance  string    `json:"shadow_stance"`
	Green         bool      `json:"green"`
	ShadowGreen   bool      `json:"shadow_green"`
	Added         []string  `json:"reason_codes_added"`
	Removed       []string  `json:"reason_codes_removed"`
	Error         string    `json:"error,omitempty"`
}

type shadowStore interface {
	StreamShadowResults(ctx context.Context, digest string, from, to time.Time, fn func(*storage.ShadowResult) error) error
}

// ShadowCursorOf reads a page cursor ("" = the first page).
func ShadowCursorOf(v string) (*storage.ShadowCursor, bool) {
	if v == "" {
		return nil, true
	}
	at, id, ok := strings.Cut(v, ",")
	micro, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || id == "" || len(id) > 36 {
		return nil, false
	}
	return &storage.ShadowCursor{DecidedAt: time.UnixMicro(micro).UTC(), DecisionID: id}, true
}

func shadowCursor(r *storage.ShadowResult) string {
	return strconv.FormatInt(r.DecidedAt.UnixMicro(), 10) + "," + r.DecisionID
}

// BuildShadowReport counts a digest's results decided in [from, to) and lists the changed
// decisions after the cursor, up to limit.
func BuildShadowReport(ctx context.Context, store shadowStore, digest string, from, to time.Time, after *storage.ShadowCursor, limit int) (*ShadowReport, error) {
	r := &ShadowReport{Digest: digest, From: from.UTC().Format(time.RFC3339), To: to.UTC().Format(time.RFC3339),
		Transitions: []Transition{}, Green: []Transition{}, CodesAdded: []CodeCount{}, CodesRemoved: []CodeCount{},
		ByBranch: []KeyedTransition{}, ByDivision: []KeyedTransition{}, ChangedDecisions: []ShadowChange{}}
	type tk struct{ key, from, to string }
	trans, green, branch, division := map[tk]int64{}, map[tk]int64{}, map[tk]int64{}, map[tk]int64{}
	added, removed := map[string]int64{}, map[string]int64{}
	var last storage.ShadowResult // the page's last changed decision
	err := store.StreamShadowResults(ctx, digest, from, to, func(x *storage.ShadowResult) error {
		r.Evaluated++
		if x.Error != "" {
			r.Errors++
		}
		active, shadow := codeSet(x.ActiveReasonCodes), codeSet(x.ReasonCodes)
		var plus, minus []string
		if x.Error == "" {
			for _, c := range shadow {
				if !slices.Contains(active, c) {
					plus = append(plus, c)
					added[c]++
				}
			}
			for _, c := range active {
				if !slices.Contains(shadow, c) {
					minus = append(minus, c)
					removed[c]++
				}
			}
		}
		to := x.Outcome
		if x.Error != "" {
			to = "error"
		}
		trans[tk{"", x.ActiveOutcome, to}]++
		branch[tk{x.BranchID, x.ActiveOutcome, to}]++
		division[tk{divisionOf(x.IndustryCode), x.ActiveOutcome, to}]++
		if x.Error == "" && x.Green != x.ActiveGreen {
			green[tk{"", strconv.FormatBool(x.ActiveGreen), strconv.FormatBool(x.Green)}]++
		}
		changed := x.Error != "" || x.Outcome != x.ActiveOutcome || x.Stance != x.ActiveStance || x.Green != x.ActiveGreen || len(plus)+len(minus) > 0
		if !changed {
			return nil
		}
		r.Changed++
		if after == nil || x.DecidedAt.After(after.DecidedAt) || x.DecidedAt.Equal(after.DecidedAt) && x.DecisionID > after.DecisionID {
			switch {
			case len(r.ChangedDecisions) < limit:
				r.ChangedDecisions = append(r.ChangedDecisions, ShadowChange{DecisionID: x.DecisionID, DecidedAt: x.DecidedAt.UTC(), BranchID: x.BranchID,
					IndustryCode: x.IndustryCode, Outcome: x.ActiveOutcome, ShadowOutcome: x.Outcome, Stance: x.ActiveStance, ShadowStance: x.Stance,
					Green: x.ActiveGreen, ShadowGreen: x.Green, Added: orEmpty(plus), Removed: orEmpty(minus), Error: x.Error})
				last = *x
			case r.NextCursor == "": // a page is full and another follows
				r.NextCursor = shadowCursor(&last)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, n := range trans {
		r.Transitions = append(r.Transitions, Transition{k.from, k.to, n})
	}
	for k, n := range green {
		r.Green = append(r.Green, Transition{k.from, k.to, n})
	}
	for k, n := range branch {
		r.ByBranch = append(r.ByBranch, KeyedTransition{k.key, Transition{k.from, k.to, n}})
	}
	for k, n := range division {
		r.ByDivision = append(r.ByDivision, KeyedTransition{k.key, Transition{k.from, k.to, n}})
	}
	for c, n := range added {
		r.CodesAdded = append(r.CodesAdded, CodeCount{c, n})
	}
	for c, n := range removed {
		r.CodesRemoved = append(r.CodesRemoved, CodeCount{c, n})
	}
	byT := func(a, b Transition) int { return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To)) }
	slices.SortFunc(r.Transitions, byT)
	slices.SortFunc(r.Green, byT)
	for _, ks := range [][]KeyedTransition{r.ByBranch, r.ByDivision} {
		slices.SortFunc(ks, func(a, b KeyedTransition) int {
			return cmp.Or(cmp.Compare(a.Key, b.Key), byT(a.Transition, b.Transition))
		})
	}
	for _, cs := range [][]CodeCount{r.CodesAdded, r.CodesRemoved} {
		slices.SortFunc(cs, func(a, b CodeCount) int {
			return cmp.Or(cmp.Compare(b.Decisions, a.Decisions), cmp.Compare(a.Code, b.Code))
		})
	}
	return r, nil
}

// codeSet is a record's reason codes, each once.
func codeSet(codes string) []string {
	var out []string
	for _, c := range strings.Fields(codes) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ShadowTables names the report's tables for CSV (table=), in the order of Tables.
var ShadowTables = []string{"transitions", "green", "codes", "branch", "division", "changed"}

// Tables are the report as sheets.
func (r *ShadowReport) Tables() []*Table {
	tr := func(sheet string, rows []Transition) *Table {
		t := &Table{Sheet: sheet, Columns: []Column{{"现行", "active", Text}, {"影子", "shadow", Text}, {"笔数", "decisions", Count}}}
		for _, x := range rows {
			t.Rows = append(t.Rows, []any{x.From, x.To, x.Decisions})
		}
		return t
	}
	codes := &Table{Sheet: "原因代码 reason codes", Columns: []Column{{"原因代码", "reason code", Text}, {"变化", "change", Text}, {"笔数", "decisions", Count}}}
	for _, c := range r.CodesAdded {
		codes.Rows = append(codes.Rows, []any{c.Code, "added", c.Decisions})
	}
	for _, c := range r.CodesRemoved {
		codes.Rows = append(codes.Rows, []any{c.Code, "removed", c.Decisions})
	}
	keyed := func(sheet, zh, en string, rows []KeyedTransition) *Table {
		t := &Table{Sheet: sheet, Columns: []Column{{zh, en, Text}, {"现行", "active", Text}, {"影子", "shadow", Text}, {"笔数", "decisions", Count}}}
		for _, x := range rows {
			t.Rows = append(t.Rows, []any{x.Key, x.From, x.To, x.Decisions})
		}
		return t
	}
	changed := &Table{Sheet: "改变的决策 changed", Columns: []Column{{"决策编号", "decision id", Text}, {"时间", "decided at", Text},
		{"支行", "branch", Text}, {"行业", "industry", Text}, {"现行结果", "outcome", Text}, {"影子结果", "shadow outcome", Text},
		{"现行立场", "stance", Text}, {"影子立场", "shadow stance", Text}, {"现行绿色", "green", Text}, {"影子绿色", "shadow green", Text},
		{"新增原因", "reason codes added", Text}, {"减少原因", "reason codes removed", Text}, {"错误", "error", Text}}}
	for _, c := range r.ChangedDecisions {
		changed.Rows = append(changed.Rows, []any{c.DecisionID, c.DecidedAt.Format(time.RFC3339Nano), c.BranchID, c.IndustryCode, c.Outcome, c.ShadowOutcome,
			c.Stance, c.ShadowStance, strconv.FormatBool(c.Green), strconv.FormatBool(c.ShadowGreen), strings.Join(c.Added, " "), strings.Join(c.Removed, " "), c.Error})
	}
	return []*Table{tr("结果变化 transitions", r.Transitions), tr("绿色变化 green", r.Green), codes,
		keyed("按支行 by branch", "支行", "branch", r.ByBranch), keyed("按行业大类 by division", "行业大类", "division", r.ByDivision), changed}
}
