package api

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/models"
	"greencredit/policy"
)

// exportEncoder writes decisions as one export format.
type exportEncoder interface {
	// header sets the answer's headers before the first byte.
	header(c *gin.Context)
	// begin writes what precedes the rows (a CSV's BOM and header line).
	begin() error
	// row writes one decision.
	row(v DecisionView) error
	// flush pushes what is buffered to the writer.
	flush() error
}

// encoders are the export formats by name (format= or Accept).
var encoders = map[string]func(w io.Writer) exportEncoder{
	"ndjson": func(w io.Writer) exportEncoder {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return ndjsonEncoder{enc}
	},
	"csv": func(w io.Writer) exportEncoder { return &csvEncoder{w: w, cw: csv.NewWriter(w)} },
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

type ndjsonEncoder struct{ enc *json.Encoder }

func (ndjsonEncoder) header(c *gin.Context)      { c.Header("Content-Type", "application/x-ndjson") }
func (ndjsonEncoder) begin() error               { return nil }
func (e ndjsonEncoder) row(v DecisionView) error { return e.enc.Encode(v) }
func (ndjsonEncoder) flush() error               { return nil }

type csvEncoder struct {
	w  io.Writer
	cw *csv.Writer
}

var csvHeader = []string{"decision_id", "decided_at", "application_id", "customer_id", "branch_id", "industry_code", "amount",
	"loan_kind", "outcome", "stance", "green", "green_category", "green_category_version", "reason_codes", "reasons", "reasons_en",
	"policy_revision", "policy_digest", "requested_by", "chain_id", "seq", "evidence",
	"final_outcome", "review_state", "reviewed_by", "reviewed_at"}

func (*csvEncoder) header(c *gin.Context) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="decisions.csv"`)
}

func (e *csvEncoder) begin() error {
	if _, err := io.WriteString(e.w, "\uFEFF"); err != nil { // UTF-8 BOM: Excel then reads the Chinese correctly
		return err
	}
	return e.cw.Write(csvHeader)
}

func (e *csvEncoder) row(v DecisionView) error {
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
		v.PolicyDigest, v.RequestedBy, v.ChainID, strconv.FormatUint(v.Seq, 10), evidence,
		v.FinalOutcome, v.ReviewState, v.ReviewedBy, ""}
	if v.ReviewedAt != nil {
		rec[len(rec)-1] = v.ReviewedAt.Format(time.RFC3339Nano)
	}
	for i := range rec {
		rec[i] = csvSafe(rec[i])
	}
	return e.cw.Write(rec)
}

func (e *csvEncoder) flush() error {
	e.cw.Flush()
	return e.cw.Error()
}

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

// exportDecisions streams the whole filtered range, in constant memory. The status is sent with
// the first row (or at the end of an empty range), so a failure before it is still a clean
// error; after it, the client sees a truncated stream.
func (s *Server) exportDecisions(c *gin.Context, f models.DecisionFilter, newEncoder func(io.Writer) exportEncoder) error {
	w := bufio.NewWriterSize(c.Writer, 64<<10)
	enc := newEncoder(w)
	started := false
	start := func() error {
		if started {
			return nil
		}
		started = true
		enc.header(c)
		c.Status(http.StatusOK)
		return enc.begin()
	}
	n := 0
	err := decisionlog.Stream(c.Request.Context(), s.Store, f, func(r *decisionlog.Record) error {
		if err := start(); err != nil {
			return err
		}
		if err := enc.row(viewOf(r)); err != nil {
			return err
		}
		n++
		if n%500 == 0 {
			if err := enc.flush(); err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return err
			}
			c.Writer.Flush()
		}
		return nil
	})
	if err == nil {
		err = start()
	}
	if err != nil && !started {
		return err
	}
	if err != nil {
		s.logFor(c).ErrorContext(c.Request.Context(), "export interrupted", "rows", n, "err", err)
		return nil
	}
	if err := enc.flush(); err != nil {
		return nil
	}
	_ = w.Flush()
	return nil
}
