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
	"greencredit/policy"
	"greencredit/storage"
)

// exportEncoder writes decisions as one export format.
type exportEncoder interface {
	download
	row(v DecisionView) error // writes one decision
}

// encoders are the export formats by name (format= or Accept).
var encoders = map[string]func(w io.Writer) exportEncoder{
	"ndjson": func(w io.Writer) exportEncoder {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return ndjsonEncoder{enc}
	},
	"csv": func(w io.Writer) exportEncoder { return &csvEncoder{newCSVSheet(w, csvHeader)} },
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

type csvEncoder struct{ *csvSheet }

// csvSheet writes a CSV a spreadsheet opens safely: a UTF-8 BOM (Excel then reads the Chinese
// correctly), the header, and rows whose cells cannot be read as formulas.
type csvSheet struct {
	w      io.Writer
	cw     *csv.Writer
	header []string
}

func newCSVSheet(w io.Writer, header []string) *csvSheet {
	return &csvSheet{w: w, cw: csv.NewWriter(w), header: header}
}

func (s *csvSheet) begin() error {
	if _, err := io.WriteString(s.w, "\uFEFF"); err != nil {
		return err
	}
	return s.cw.Write(s.header)
}

func (s *csvSheet) write(cells []string) error {
	for i := range cells {
		cells[i] = csvSafe(cells[i])
	}
	return s.cw.Write(cells)
}

func (s *csvSheet) flush() error {
	s.cw.Flush()
	return s.cw.Error()
}

var csvHeader = []string{"decision_id", "decided_at", "application_id", "customer_id", "branch_id", "industry_code", "amount",
	"loan_kind", "outcome", "stance", "green", "green_category", "green_category_version", "reason_codes", "reasons", "reasons_en",
	"policy_revision", "policy_digest", "requested_by", "chain_id", "seq", "evidence",
	"final_outcome", "review_state", "reviewed_by", "reviewed_at"}

func (*csvEncoder) header(c *gin.Context) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="decisions.csv"`)
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
	return e.write(rec)
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

// download is what a streamed answer writes around its rows.
type download interface {
	header(c *gin.Context) // the answer's headers, before the first byte
	begin() error          // what precedes the rows (a CSV's BOM and header line)
	flush() error          // pushes what the encoder buffers
}

// stream answers a download written by rows, which calls start before each row it writes: the
// headers and status go with the first row (or at the end of an empty download), so a failure
// before it is still a clean error answer; after it the client sees a truncated file and the
// failure is logged. What is written is pushed to the client every 500 rows.
func (s *Server) stream(c *gin.Context, w *bufio.Writer, d download, rows func(start func() error) error) error {
	started, n := false, 0
	start := func() error {
		if !started {
			started = true
			d.header(c)
			c.Status(http.StatusOK)
			if err := d.begin(); err != nil {
				return err
			}
		}
		if n++; n%500 == 0 {
			if err := d.flush(); err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return err
			}
			c.Writer.Flush()
		}
		return nil
	}
	err := rows(start)
	if err == nil && !started {
		err = start()
	}
	if err != nil && !started {
		return err
	}
	if err != nil {
		s.logFor(c).ErrorContext(c.Request.Context(), "download interrupted", "path", c.FullPath(), "rows", n-1, "err", err)
		return nil
	}
	if err := d.flush(); err != nil {
		return nil
	}
	_ = w.Flush()
	return nil
}

// sheetDownload is a CSV file download.
type sheetDownload struct {
	*csvSheet
	filename string
}

func (d sheetDownload) header(c *gin.Context) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="`+d.filename+`"`)
}

// streamSheet answers a CSV download of header and the rows each writes.
func (s *Server) streamSheet(c *gin.Context, filename string, header []string, each func(write func([]string) error) error) error {
	w := bufio.NewWriterSize(c.Writer, 64<<10)
	d := sheetDownload{newCSVSheet(w, header), filename}
	return s.stream(c, w, d, func(start func() error) error {
		return each(func(cells []string) error {
			if err := start(); err != nil {
				return err
			}
			return d.write(cells)
		})
	})
}

// exportDecisions streams the whole filtered range, in constant memory.
func (s *Server) exportDecisions(c *gin.Context, f storage.DecisionFilter, newEncoder func(io.Writer) exportEncoder) error {
	w := bufio.NewWriterSize(c.Writer, 64<<10)
	enc := newEncoder(w)
	return s.stream(c, w, enc, func(start func() error) error {
		return decisionlog.Stream(c.Request.Context(), s.Store, f, func(r *decisionlog.Record) error {
			if err := start(); err != nil {
				return err
			}
			return enc.row(viewOf(r))
		})
	})
}
