package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/reports"
)

// greenLoansReport serves GET /v1/reports/green-loans?as_of=&format=&table=: green loans by
// catalogue category at a date, against the previous quarter end and a year before, and by branch
// and borrower kind; JSON (default), XLSX (a sheet per breakdown) or CSV (one breakdown, table=
// category, branch or kind).
func (s *Server) greenLoansReport(c *gin.Context) error {
	q := newQuery(c)
	asOf, _ := q.date("as_of", time.Now().UTC().Format(time.DateOnly))
	format := q.enum("format", "json", "csv", "xlsx")
	table := q.enum("table", "category", "branch", "kind")
	if err := q.err(); err != nil {
		return err
	}
	if table == "" {
		table = "category"
	}
	r, err := reports.BuildGreenLoans(c.Request.Context(), s.Store, s.Ref, asOf)
	if err != nil {
		return err
	}
	name := "green-loans-" + r.AsOf
	tables := r.Tables()
	switch format {
	case "csv":
		t := tables[map[string]int{"category": 0, "branch": 1, "kind": 2}[table]]
		var b bytes.Buffer
		if err := t.WriteCSV(&b); err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`-`+table+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
	case "xlsx":
		var b bytes.Buffer
		if err := reports.WriteXLSX(&b, tables); err != nil {
			return err
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
	default:
		c.JSON(http.StatusOK, r)
	}
	return nil
}
