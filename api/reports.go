package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/money"
	"greencredit/policy"
	"greencredit/reports"
	"greencredit/storage"
)

// writeReport answers a report as JSON (v), XLSX (every table, a sheet each) or CSV (the table
// named by table=, one of names, in the order of tables).
func writeReport(c *gin.Context, name, format, table string, names []string, v any, tables []*reports.Table) error {
	switch format {
	case "csv":
		i := 0
		for j, n := range names {
			if n == table {
				i = j
			}
		}
		var b bytes.Buffer
		if err := tables[i].WriteCSV(&b); err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`-`+names[i]+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	case "xlsx":
		var b bytes.Buffer
		if err := reports.WriteXLSX(&b, tables); err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
	default:
		c.JSON(http.StatusOK, v)
	}
	return nil
}

// greenLoansReport serves GET /v1/reports/green-loans?as_of=&format=&table=: green loans by
// catalogue category at a date, against the previous quarter end and a year before, and by branch
// and borrower kind; JSON (default), XLSX (a sheet per breakdown) or CSV (one breakdown, table=
// category, branch, kind or size).
func (s *Server) greenLoansReport(c *gin.Context) error {
	names := []string{"category", "branch", "kind", "size"}
	q := newQuery(c)
	asOf, format, table := q.report(names...)
	if err := q.err(); err != nil {
		return err
	}
	r, err := reports.BuildGreenLoans(c.Request.Context(), s.Store, s.Ref, asOf)
	if err != nil {
		return err
	}
	return writeReport(c, "green-loans-"+r.AsOf, format, table, names, r, r.Tables())
}

// exposureReport serves GET /v1/reports/exposure?as_of=&format=&table=: the book against the
// active policy's volume caps at a date (two-high-one-surplus, real estate, personal housing;
// solar/PV/wind uncapped), with headroom and warning state, and by branch.
func (s *Server) exposureReport(c *gin.Context) error {
	names := []string{"caps", "branch"}
	q := newQuery(c)
	asOf, format, table := q.report(names...)
	if err := q.err(); err != nil {
		return err
	}
	pol := s.Policy.Active()
	if pol == nil {
		return policy.ErrNoPolicy
	}
	r, err := reports.BuildExposure(c.Request.Context(), s.Store, pol, pol.WarningMarginBP(s.CapWarningMarginBP), asOf)
	if err != nil {
		return err
	}
	return writeReport(c, "exposure-"+r.AsOf, format, table, names, r, r.Tables())
}

// exposureHistory serves GET /v1/reports/exposure/history?from=&to=&interval=month|day&format=:
// the exposure at each month end (or day) from from to to, at most 400 points.
func (s *Server) exposureHistory(c *gin.Context) error {
	q := newQuery(c)
	_, _, _, dates := q.historyRange()
	format := q.enum("format", "json", "csv", "xlsx")
	if err := q.err(); err != nil {
		return err
	}
	pol := s.Policy.Active()
	if pol == nil {
		return policy.ErrNoPolicy
	}
	points, err := reports.BuildExposureHistory(c.Request.Context(), s.Store, pol, pol.WarningMarginBP(s.CapWarningMarginBP), dates)
	if err != nil {
		return err
	}
	return writeReport(c, "exposure-history", format, "", []string{"history"},
		gin.H{"policy_revision": pol.Revision, "warning_margin_bp": pol.WarningMarginBP(s.CapWarningMarginBP), "points": points},
		[]*reports.Table{reports.HistoryTable(points)})
}

// maxCompressionTargets bounds a reduction path.
const maxCompressionTargets = 40

// setCompressionPlan serves PUT /v1/reports/compression/plan: an admin sets the solar/PV/wind
// book's reduction path ({"baseline_as_of": "2025-12-31", "targets": [{"by": "2026-06-30",
// "max_share_of_baseline": "0.90"}, ...], "note"?}); recorded with its audit event in one
// transaction. Targets' dates come after the baseline and rise; their shares do not rise.
func (s *Server) setCompressionPlan(c *gin.Context) error {
	var errs []FieldProblem
	o, err := readObject(c, &errs)
	if err != nil {
		return err
	}
	p := &storage.CompressionPlan{SetBy: principal(c), SetAt: time.Now().UTC().Truncate(time.Microsecond)}
	p.BaselineAsOf = o.str("baseline_as_of", true, 10, false)
	if p.BaselineAsOf != "" && !validDate(p.BaselineAsOf) {
		o.fail("baseline_as_of", problemDate)
		p.BaselineAsOf = ""
	} else if futureDate(p.BaselineAsOf) {
		o.fail("baseline_as_of", "must not be in the future")
	}
	var targets []reports.CompressionTarget
	if raw := o.raw("targets", true); raw != nil {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || len(items) == 0 || len(items) > maxCompressionTargets {
			o.fail("targets", fmt.Sprintf("must be an array of 1 to %d targets", maxCompressionTargets))
		}
		for i, item := range items {
			t, ok := newObj(fmt.Sprintf("targets[%d]", i), item, &errs)
			if !ok {
				o.fail(fmt.Sprintf("targets[%d]", i), "must be an object")
				continue
			}
			by := t.str("by", true, 10, false)
			if by != "" && !validDate(by) {
				t.fail("by", problemDate)
			} else if by != "" && p.BaselineAsOf != "" && by <= p.BaselineAsOf {
				t.fail("by", "must be after baseline_as_of")
			} else if by != "" && len(targets) > 0 && by <= targets[len(targets)-1].By {
				t.fail("by", "must be after the target before it")
			}
			if t.raw("max_share_of_baseline", true) != nil {
				ppm := t.ratio("max_share_of_baseline")
				if len(targets) > 0 && ppm > targets[len(targets)-1].MaxSharePPM {
					t.fail("max_share_of_baseline", "must not be above the target before it (a reduction path)")
				}
				targets = append(targets, reports.CompressionTarget{By: by, MaxSharePPM: ppm, MaxShareOfBaseline: reports.PPMString(ppm)})
			}
			t.unknown()
		}
	}
	p.Note = o.str("note", false, 500, false)
	o.unknown()
	if len(errs) > 0 {
		return invalidInput(errs)
	}
	p.Targets = reports.EncodeTargets(targets)
	ev := s.auditEvent(c, "compression.plan", map[string]any{"baseline_as_of": p.BaselineAsOf, "targets": targets, "note": p.Note})
	if err := s.Store.SetCompressionPlan(c.Request.Context(), p, ev); err != nil {
		return err
	}
	view, err := reports.PlanOf(p)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, view)
	return nil
}

// compressionReport serves GET /v1/reports/compression?as_of=&baseline=&format=&table=path|customer:
// the solar/PV/wind book at a date against the plan's baseline and path (or, with no plan, against
// baseline=), overall and per customer.
func (s *Server) compressionReport(c *gin.Context) error {
	names := []string{"path", "customer"}
	q := newQuery(c)
	asOf, format, table := q.report(names...)
	baseline := ""
	if c.Query("baseline") != "" {
		if b, ok := q.date("baseline", ""); ok {
			baseline = b.Format(time.DateOnly)
		}
	}
	stored, err := s.Store.LatestCompressionPlan(c.Request.Context())
	if err != nil {
		return err
	}
	if stored == nil && baseline == "" && q.err() == nil {
		q.fail("baseline", "no compression plan is set (PUT /v1/reports/compression/plan): give baseline=YYYY-MM-DD")
	}
	if err := q.err(); err != nil {
		return err
	}
	pol := s.Policy.Active()
	if pol == nil {
		return policy.ErrNoPolicy
	}
	var plan *reports.CompressionPlan
	if stored != nil && baseline == "" {
		if plan, err = reports.PlanOf(stored); err != nil {
			return err
		}
	}
	r, err := reports.BuildCompression(c.Request.Context(), s.Store, pol, plan, baseline, asOf)
	if err != nil {
		return err
	}
	return writeReport(c, "compression-"+r.AsOf, format, table, names, r, r.Tables())
}

// greenStatistics serves GET /v1/reports/green-statistics?as_of=&format=&table=items|division:
// the central bank's green-loan statistics view at a date (reports.GreenStatistics).
func (s *Server) greenStatistics(c *gin.Context) error {
	names := []string{"items", "size", "division"}
	q := newQuery(c)
	asOf, format, table := q.report(names...)
	if err := q.err(); err != nil {
		return err
	}
	r, err := reports.BuildGreenStatistics(c.Request.Context(), s.Store, s.Ref, s.Ref, asOf)
	if err != nil {
		return err
	}
	return writeReport(c, "green-statistics-"+r.AsOf, format, table, names, r, r.Tables())
}

// catalogueCode is a catalogue code of one to three levels ("1", "1.1", "1.1.1").
var catalogueCode = regexp.MustCompile(`^[0-9]{1,2}(\.[0-9]{1,2}){0,2}$`)

// divisionCode is a GB/T 4754 division ("C30").
var divisionCode = regexp.MustCompile(`^[A-T][0-9]{2}$`)

// greenStatisticsLoans serves GET /v1/reports/green-statistics/loans: the loans under a figure of
// the statistics view — green loans with a balance at as_of, of a catalogue version (2025 by
// default) under a category (category=, a level-1 or level-2 code), or without a category
// (uncategorised=true); of a borrower kind (kind=, "unknown" for not reported); of a division
// (division=) — paged by loan_id (cursor=, limit=).
func (s *Server) greenStatisticsLoans(c *gin.Context) error {
	q := newQuery(c)
	asOf, _ := q.date("as_of", time.Now().UTC().Format(time.DateOnly))
	limit, cursor := q.limit(500, 1, 5000), q.loanCursor()
	f := storage.GreenLoanFilter{Version: q.enum("catalogue_version", "2019", "2025")}
	if f.Version == "" {
		f.Version = "2025"
	}
	if f.Category = c.Query("category"); f.Category != "" && !catalogueCode.MatchString(f.Category) {
		q.fail("category", "must be a catalogue code such as 1 or 1.1")
	}
	f.Uncategorised = q.enum("uncategorised", "true", "false") == "true"
	switch kind := q.enum("kind", reports.Kinds...); kind {
	case "unknown":
		f.UnknownKind = true
	default:
		f.Kind = kind
	}
	if f.IndustryPrefix = c.Query("division"); f.IndustryPrefix != "" && !divisionCode.MatchString(f.IndustryPrefix) {
		q.fail("division", "must be a GB/T 4754 division such as C30")
	}
	if err := q.err(); err != nil {
		return err
	}
	loans, err := s.Store.GreenLoansAt(c.Request.Context(), f, asOf.Format(time.DateOnly), cursor, limit)
	if err != nil {
		return err
	}
	type view struct {
		LoanID               string    `json:"loan_id"`
		CustomerID           string    `json:"customer_id"`
		BranchID             string    `json:"branch_id"`
		IndustryCode         string    `json:"industry_code"`
		GreenCategory        string    `json:"green_category"`
		GreenCategoryVersion string    `json:"green_category_version"`
		ApplicantKind        string    `json:"applicant_kind"`
		Balance              money.Fen `json:"balance"`
	}
	out := make([]view, len(loans))
	for i, l := range loans {
		out[i] = view{l.LoanID, l.CustomerID, l.BranchID, l.IndustryCode, l.GreenCategory, l.GreenCategoryVersion, l.ApplicantKind, l.BalanceFen}
	}
	next := ""
	if len(loans) == limit {
		next = loans[len(loans)-1].LoanID
	}
	c.JSON(http.StatusOK, gin.H{"as_of": asOf.Format(time.DateOnly), "loans": out, "next_cursor": next})
	return nil
}

// quarter reads quarter= ("2026Q3"; default the last quarter that has ended, China Standard
// Time): a quarter that exists and has begun.
func (q *query) quarter() reports.Quarter {
	today := reports.QuarterOf(bankToday())
	v := q.c.Query("quarter")
	if v == "" {
		return today.Add(-1)
	}
	qt, ok := reports.ParseQuarter(v)
	switch {
	case !ok:
		q.fail("quarter", "must be a quarter such as 2026Q3 (Q1 to Q4, year 2000 or later)")
	case qt.Start().After(today.Start()):
		q.fail("quarter", "has not begun: the current quarter is "+today.String())
	}
	return qt
}

// bankToday is today's date in China Standard Time, at midnight UTC.
func bankToday() time.Time {
	t, _ := time.Parse(time.DateOnly, decisionlog.BankDate(time.Now()))
	return t
}

// greenEvaluation serves GET /v1/reports/green-evaluation?quarter=&format=&table=: the central
// bank's quarterly green-finance evaluation (reports.Evaluation) — the four indicators for the bank
// and by branch, the eight-quarter series, loan quality and the qualitative checklist.
func (s *Server) greenEvaluation(c *gin.Context) error {
	q := newQuery(c)
	qt := q.quarter()
	format, table := q.enum("format", "json", "csv", "xlsx"), q.enum("table", reports.EvaluationTables...)
	if err := q.err(); err != nil {
		return err
	}
	pol := s.Policy.Active()
	if pol == nil {
		return policy.ErrNoPolicy
	}
	r, err := reports.BuildEvaluation(c.Request.Context(), s.Store, s.Ref, pol, qt, time.Now())
	if err != nil {
		return err
	}
	return writeReport(c, "green-evaluation-"+r.Quarter, format, table, reports.EvaluationTables, r, r.Tables())
}

// setRegionalTotal serves PUT /v1/reports/green-evaluation/regional-totals/{quarter}: an admin
// enters the region's green-loan total at a quarter end that has come ({"total": "yuan", not below
// zero,
// "source": "the document it is from"}), recorded with its audit event in one transaction; the
// latest entry of a quarter is in force.
func (s *Server) setRegionalTotal(c *gin.Context) error {
	var errs []FieldProblem
	qt, ok := reports.ParseQuarter(c.Param("quarter"))
	if !ok {
		errs = append(errs, FieldProblem{Field: "quarter", Problem: "must be a quarter such as 2026Q3 (Q1 to Q4, year 2000 or later)"})
	} else if !qt.End().Before(bankToday()) {
		errs = append(errs, FieldProblem{Field: "quarter", Problem: "has not ended: a regional total is of a quarter end that has come"})
	}
	o, err := readObject(c, &errs)
	if err != nil {
		return err
	}
	t := &storage.RegionalGreenTotal{Quarter: qt.String(), SetBy: principal(c), SetAt: time.Now().UTC().Truncate(time.Microsecond)}
	t.TotalFen, _ = o.money("total", true, false)
	t.Source = strings.TrimSpace(o.str("source", true, 500, false))
	if t.Source == "" && o.fields["source"] != nil {
		o.fail("source", "must name the document the figure is from")
	}
	o.unknown()
	if len(errs) > 0 {
		return invalidInput(errs)
	}
	ev := s.auditEvent(c, "evaluation.regional_total", map[string]any{"quarter": t.Quarter, "total": t.TotalFen, "source": t.Source})
	if err := s.Store.SetRegionalTotal(c.Request.Context(), t, ev); err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"quarter": t.Quarter, "regional_green_total": t.TotalFen, "source": t.Source, "set_by": t.SetBy, "set_at": t.SetAt})
	return nil
}
