package api

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/policy"
	"greencredit/portfolio"
	"greencredit/reports"
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
// category, branch or kind).
func (s *Server) greenLoansReport(c *gin.Context) error {
	names := []string{"category", "branch", "kind"}
	q := newQuery(c)
	asOf, _ := q.date("as_of", time.Now().UTC().Format(time.DateOnly))
	format := q.enum("format", "json", "csv", "xlsx")
	table := q.enum("table", names...)
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
	asOf, _ := q.date("as_of", time.Now().UTC().Format(time.DateOnly))
	format := q.enum("format", "json", "csv", "xlsx")
	table := q.enum("table", names...)
	if err := q.err(); err != nil {
		return err
	}
	pol := s.Policy.Active()
	if pol == nil {
		return policy.ErrNoPolicy
	}
	r, err := reports.BuildExposure(c.Request.Context(), s.Store, pol, s.CapWarningMarginBP, asOf)
	if err != nil {
		return err
	}
	return writeReport(c, "exposure-"+r.AsOf, format, table, names, r, r.Tables())
}

// exposureHistory serves GET /v1/reports/exposure/history?from=&to=&interval=month|day&format=:
// the exposure at each month end (or day) from from to to, at most 400 points.
func (s *Server) exposureHistory(c *gin.Context) error {
	q := newQuery(c)
	from, okFrom := q.date("from", "")
	to, okTo := q.date("to", time.Now().UTC().Format(time.DateOnly))
	interval := q.enum("interval", "month", "day")
	format := q.enum("format", "json", "csv", "xlsx")
	var dates []string
	if okFrom && okTo {
		if to.Before(from) {
			q.fail("to", "must not be before from")
		}
		var ok bool
		if dates, ok = portfolio.HistoryDates(from, to, interval == "day", maxHistoryPoints); !ok {
			q.fail("from", fmt.Sprintf("the range has more than %d points", maxHistoryPoints))
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	pol := s.Policy.Active()
	if pol == nil {
		return policy.ErrNoPolicy
	}
	points, err := reports.BuildExposureHistory(c.Request.Context(), s.Store, pol, s.CapWarningMarginBP, dates)
	if err != nil {
		return err
	}
	return writeReport(c, "exposure-history", format, "", []string{"history"},
		gin.H{"policy_revision": pol.Revision, "warning_margin_bp": s.CapWarningMarginBP, "points": points},
		[]*reports.Table{reports.HistoryTable(points)})
}
