package api

import (
	"bufio"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/models"
	"greencredit/policy"
)

// DecisionView is one decision as listed and exported.
type DecisionView struct {
	DecisionID    string     `json:"decision_id"`
	ApplicationID string     `json:"application_id"`
	CustomerID    string     `json:"customer_id"`
	BranchID      string     `json:"branch_id"`
	IndustryCode  string     `json:"industry_code"`
	Amount        models.Fen `json:"amount"`
	LoanKind      string     `json:"loan_kind"`
	Outcome       string     `json:"outcome"`
	Stance        string     `json:"stance"`
	Green         bool       `json:"green"`
	GreenCategory string     `json:"green_category"`
	// GreenCategoryVersion is the catalogue of the classification ("" for decisions of rules
	// version 1, made under the 2019 catalogue).
	GreenCategoryVersion string          `json:"green_category_version"`
	Reasons              []policy.Reason `json:"reasons"`
	PolicyRevision       string          `json:"policy_revision"`
	PolicyDigest         string          `json:"policy_digest"`
	DecidedAt            time.Time       `json:"decided_at"`
	RequestedBy          string          `json:"requested_by"`
	ChainID              string          `json:"chain_id"`
	Seq                  uint64          `json:"seq"`
}

// DecisionRecord is the full record of GET /v1/decisions/{decision_id}.
type DecisionRecord struct {
	DecisionView
	Conditions            []string        `json:"conditions"`
	ExistingBalance       models.Fen      `json:"existing_balance"`
	ExistingBalanceSource string          `json:"existing_balance_source"`
	Request               json.RawMessage `json:"request"`
	Input                 json.RawMessage `json:"policy_input"`
	Result                json.RawMessage `json:"policy_result"`
	PrevHash              string          `json:"prev_hash"`
	Hash                  string          `json:"hash"`
}

func viewOf(d *models.Decision) (DecisionView, error) {
	v := DecisionView{DecisionID: d.DecisionID, ApplicationID: d.ApplicationID, CustomerID: d.CustomerID, BranchID: d.BranchID,
		IndustryCode: d.IndustryCode, Amount: d.AmountFen, LoanKind: d.LoanKind, Outcome: d.Outcome, Stance: d.Stance,
		Green: d.Green, GreenCategory: d.GreenCategory, GreenCategoryVersion: d.GreenCategoryVersion,
		PolicyRevision: d.PolicyRevision, PolicyDigest: d.PolicyDigest,
		DecidedAt: d.DecidedAt.UTC(), RequestedBy: d.RequestedBy, ChainID: d.ChainID, Seq: d.Seq}
	if err := json.Unmarshal([]byte(d.Reasons), &v.Reasons); err != nil {
		return v, fmt.Errorf("recorded reasons of %s: %w", d.DecisionID, err)
	}
	return v, nil
}

// recordedResult reads the policy result a decision recorded.
func recordedResult(d *models.Decision) (*policy.Result, error) {
	var res policy.Result
	if err := json.Unmarshal([]byte(d.Result), &res); err != nil {
		return nil, fmt.Errorf("recorded result of %s: %w", d.DecisionID, err)
	}
	return &res, nil
}

// recordedInput is what the service reads back from a decision's recorded policy input: what
// an answer repeats, and what a loan booked on the decision takes from it.
type recordedInput struct {
	Defaulted []string `json:"defaulted"`
	Applicant struct {
		Kind string `json:"kind"`
	} `json:"applicant"`
	Loan struct {
		RealEstatePurpose string `json:"real_estate_purpose"`
	} `json:"loan"`
	Book struct {
		Complete *bool `json:"complete"`
	} `json:"book"`
}

// recordedInputOf reads the policy input a decision recorded.
func recordedInputOf(d *models.Decision) (*recordedInput, error) {
	var in recordedInput
	if err := json.Unmarshal([]byte(d.Input), &in); err != nil {
		return nil, fmt.Errorf("recorded input of %s: %w", d.DecisionID, err)
	}
	return &in, nil
}

func (in *recordedInput) defaulted() []string {
	if in.Defaulted == nil {
		return []string{}
	}
	return in.Defaulted
}

// bookComplete: an input of rules version 1 has no flag; version 1 enforced its caps.
func (in *recordedInput) bookComplete() bool { return in.Book.Complete == nil || *in.Book.Complete }

var (
	industryPrefixPattern = regexp.MustCompile(`^[A-Ta-t][0-9]{0,4}$`)
	revisionPattern       = regexp.MustCompile(`^[A-Za-z0-9._:+-]{1,64}$`)
)

// decisionFilter reads the query's filters, naming every bad parameter.
func (s *Server) decisionFilter(c *gin.Context) (models.DecisionFilter, []FieldProblem) {
	var f models.DecisionFilter
	var bad []FieldProblem
	fail := func(field, problem string) { bad = append(bad, FieldProblem{Field: field, Problem: problem}) }
	timeParam := func(name string) time.Time {
		v := c.Query(name)
		if v == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			fail(name, "must be an RFC 3339 time such as 2026-11-24T00:00:00Z")
		}
		return t
	}
	enum := func(name string, allowed ...string) string {
		v := c.Query(name)
		if v != "" && !slices.Contains(allowed, v) {
			fail(name, "must be one of: "+strings.Join(allowed, ", "))
			return ""
		}
		return v
	}
	id := func(name string, max int) string {
		v := c.Query(name)
		if v != "" && (len(v) > max || !idPattern.MatchString(v)) {
			fail(name, fmt.Sprintf("must be 1-%d characters of A-Z, a-z, 0-9, '.', '_', '-'", max))
			return ""
		}
		return v
	}
	f.From, f.To = timeParam("from"), timeParam("to")
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		fail("to", "must be after from")
	}
	f.Outcome = enum("outcome", "approve", "refer", "decline")
	f.Stance = enum("stance", "support", "control", "compress", "neutral")
	switch g := c.Query("green"); g {
	case "":
	case "true", "false":
		b := g == "true"
		f.Green = &b
	default:
		fail("green", "must be true or false")
	}
	f.BranchID, f.CustomerID, f.ApplicationID = id("branch_id", 32), id("customer_id", 64), id("application_id", 64)
	if v := c.Query("industry_code"); v != "" {
		if !industryPrefixPattern.MatchString(v) {
			fail("industry_code", "must be a GB/T 4754-2017 code or prefix: a section letter and up to 4 digits, such as C30")
		}
		f.IndustryPrefix = strings.ToUpper(v)
	}
	if v := c.Query("policy_revision"); v != "" {
		if !revisionPattern.MatchString(v) {
			fail("policy_revision", "is not a policy revision")
		}
		f.PolicyRevision = v
	}
	f.NameHash, f.IDHash = s.Mask.Hash("name", c.Query("name")), s.Mask.Hash("id_number", c.Query("id_number"))
	// Officers read only the decisions they made themselves.
	if p := currentPrincipal(c); !p.Has(RoleCompliance) && !p.Has(RoleRisk) {
		f.RequestedBy = p.Name
	}
	f.SettledBefore = time.Now().UTC().Add(-s.settleWindow())
	return f, bad
}

// settleWindow: decisions younger than this are not listed yet, because an older one may
// still be committing and paging past it would skip it. It exceeds the longest a
// decision can take from decided_at to its commit.
func (s *Server) settleWindow() time.Duration {
	if s.SettleWindow > 0 {
		return s.SettleWindow
	}
	return max(s.RequestTimeout, 5*time.Second) + time.Second
}

func encodeCursor(d *models.Decision) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d,%d", d.DecidedAt.UnixMicro(), d.ID)))
}

func decodeCursor(v string) (*models.Cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, false
	}
	us, id, ok := strings.Cut(string(b), ",")
	if !ok {
		return nil, false
	}
	micro, err1 := strconv.ParseInt(us, 10, 64)
	n, err2 := strconv.ParseUint(id, 10, 64)
	if err1 != nil || err2 != nil || micro < 0 {
		return nil, false
	}
	return &models.Cursor{DecidedAt: time.UnixMicro(micro).UTC(), ID: n}, true
}

// exportFormat is "ndjson", "csv" or "" (a JSON page), from format= or Accept.
func exportFormat(c *gin.Context) string {
	switch c.Query("format") {
	case "ndjson", "csv":
		return c.Query("format")
	}
	accept := c.GetHeader("Accept")
	switch {
	case strings.Contains(accept, "application/x-ndjson"):
		return "ndjson"
	case strings.Contains(accept, "text/csv"):
		return "csv"
	}
	return ""
}

func (s *Server) listDecisions(c *gin.Context) {
	f, bad := s.decisionFilter(c)
	format := exportFormat(c)
	if v := c.Query("format"); v != "" && v != "ndjson" && v != "csv" && v != "json" {
		bad = append(bad, FieldProblem{Field: "format", Problem: "must be json, ndjson or csv"})
	}
	limit := 100
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			bad = append(bad, FieldProblem{Field: "limit", Problem: "must be a whole number from 1 to 1000"})
		}
		limit = n
	}
	var after *models.Cursor
	if v := c.Query("cursor"); v != "" {
		var ok bool
		if after, ok = decodeCursor(v); !ok {
			bad = append(bad, FieldProblem{Field: "cursor", Problem: "is not a cursor this service handed out"})
		}
	}
	if len(bad) > 0 {
		writeError(c, s.Log, invalidInput(bad))
		return
	}
	if format != "" {
		s.exportDecisions(c, f, format)
		return
	}
	rows, err := s.Store.ListDecisions(c.Request.Context(), f, after, limit)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	out := make([]DecisionView, 0, len(rows))
	for i := range rows {
		v, err := viewOf(&rows[i])
		if err != nil {
			writeError(c, s.Log, err)
			return
		}
		out = append(out, v)
	}
	next := ""
	if len(rows) > 0 {
		next = encodeCursor(&rows[len(rows)-1])
	} else if after != nil {
		next = c.Query("cursor") // nothing new yet: ask again from the same place later
	}
	c.JSON(http.StatusOK, gin.H{"decisions": out, "next_cursor": next})
}

var csvHeader = []string{"decision_id", "decided_at", "application_id", "customer_id", "branch_id", "industry_code", "amount",
	"loan_kind", "outcome", "stance", "green", "green_category", "green_category_version", "reason_codes", "reasons", "reasons_en",
	"policy_revision", "policy_digest", "requested_by", "chain_id", "seq", "evidence"}

// evidenceJSON is the reasons' evidence as one JSON object, reason code → evidence (a CSV cell).
func evidenceJSON(reasons []policy.Reason) (string, error) {
	m := make(map[string]json.RawMessage, len(reasons))
	for _, r := range reasons {
		if len(r.Evidence) > 0 {
			m[r.Code] = r.Evidence
		}
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// exportDecisions streams the whole filtered range, in constant memory.
func (s *Server) exportDecisions(c *gin.Context, f models.DecisionFilter, format string) {
	w := bufio.NewWriterSize(c.Writer, 64<<10)
	started := false
	start := func() {
		if started {
			return
		}
		started = true
		if format == "csv" {
			c.Header("Content-Type", "text/csv; charset=utf-8")
			c.Header("Content-Disposition", `attachment; filename="decisions.csv"`)
		} else {
			c.Header("Content-Type", "application/x-ndjson")
		}
		c.Status(http.StatusOK)
		if format == "csv" {
			_, _ = w.WriteString("\uFEFF") // UTF-8 BOM: Excel then reads the Chinese correctly
		}
	}
	cw := csv.NewWriter(w)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	err := s.Store.StreamDecisions(c.Request.Context(), f, func(d *models.Decision) error {
		v, err := viewOf(d)
		if err != nil {
			return err
		}
		start()
		if format == "ndjson" {
			if err := enc.Encode(v); err != nil {
				return err
			}
		} else {
			if n == 0 {
				if err := cw.Write(csvHeader); err != nil {
					return err
				}
			}
			codes, zh, en := make([]string, len(v.Reasons)), make([]string, len(v.Reasons)), make([]string, len(v.Reasons))
			for i, r := range v.Reasons {
				codes[i], zh[i], en[i] = r.Code, r.Message, r.MessageEn
			}
			evidence, err := evidenceJSON(v.Reasons)
			if err != nil {
				return err
			}
			rec := []string{v.DecisionID, v.DecidedAt.Format(time.RFC3339Nano), v.ApplicationID, v.CustomerID, v.BranchID,
				v.IndustryCode, v.Amount.String(), v.LoanKind, v.Outcome, v.Stance, strconv.FormatBool(v.Green), v.GreenCategory,
				v.GreenCategoryVersion, strings.Join(codes, "|"), strings.Join(zh, "|"), strings.Join(en, "|"), v.PolicyRevision,
				v.PolicyDigest, v.RequestedBy, v.ChainID, strconv.FormatUint(v.Seq, 10), evidence}
			for i := range rec {
				rec[i] = csvSafe(rec[i])
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
			cw.Flush()
		}
		n++
		if n%500 == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
			c.Writer.Flush()
		}
		return nil
	})
	if err != nil && !started {
		writeError(c, s.Log, err)
		return
	}
	if err != nil {
		// Headers are gone: the client sees a truncated stream (no final newline/flush).
		s.logFor(c).ErrorContext(c.Request.Context(), "export interrupted", "rows", n, "err", err)
		return
	}
	start()
	if format == "csv" && n == 0 {
		_ = cw.Write(csvHeader)
		cw.Flush()
	}
	_ = w.Flush()
}

func (s *Server) getDecision(c *gin.Context) {
	d, err := s.Store.GetDecision(c.Request.Context(), c.Param("decision_id"))
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	if p := currentPrincipal(c); !p.Has(RoleCompliance) && !p.Has(RoleRisk) && d.RequestedBy != p.Name {
		writeError(c, s.Log, errNotFound("decision"))
		return
	}
	v, err := viewOf(d)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	res, err := recordedResult(d)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, DecisionRecord{DecisionView: v, Conditions: res.Conditions, ExistingBalance: d.ExistingBalanceFen,
		ExistingBalanceSource: d.ExistingBalanceSource, Request: json.RawMessage(d.Request), Input: json.RawMessage(d.Input),
		Result: json.RawMessage(d.Result), PrevHash: d.PrevHash, Hash: d.Hash})
}

func (s *Server) verifyDecisions(c *gin.Context) {
	r, err := s.Store.VerifyChains(c.Request.Context())
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, r)
}
