package api

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"greencredit/decisionlog"
	"greencredit/reports"
)

// consoleReport is a report the console shows as a page: its API route, the tables its CSV has
// (table=), and the date or quarter it is asked for.
type consoleReport struct {
	Key, Name, API string
	Tables         []string
	Quarterly      bool
	// Params are passed on as asked (and then no as_of is); Hidden keeps it off the reports list.
	Params []string
	Hidden bool
}

var consoleReports = []consoleReport{
	{"green-loans", "绿色贷款（按类别）Green loans by category", "/v1/reports/green-loans", []string{"category", "branch", "kind", "size"}, false, nil, false},
	{"exposure", "总量控制 Exposure against the caps", "/v1/reports/exposure", []string{"caps", "branch"}, false, nil, false},
	{"compression", "光伏、风电压降 Solar/PV/wind compression", "/v1/reports/compression", []string{"path", "customer"}, false, nil, false},
	{"green-statistics", "绿色贷款专项统计 Green-loan statistics", "/v1/reports/green-statistics", []string{"items", "size", "division"}, false, nil, false},
	{"green-evaluation", "绿色金融评价 Quarterly green-finance evaluation", "/v1/reports/green-evaluation", reports.EvaluationTables, true, nil, false},
	{"shadow", "影子评估 Shadow evaluation of a revision", "/v1/policy/shadow/report", reports.ShadowTables, false, []string{"digest", "from", "to"}, true},
}

func reportNamed(key string) *consoleReport {
	for i := range consoleReports {
		if consoleReports[i].Key == key {
			return &consoleReports[i]
		}
	}
	return nil
}

// consoleReportsHome serves GET /console/reports: the dashboard's panels and the reports.
func (s *Server) consoleReportsHome(c *gin.Context) error {
	data, err := s.dashboardData(c)
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "reports", page{Title: "报表 Reports", Section: "reports", Data: gin.H{"Panels": data, "Reports": consoleReports}})
	return nil
}

// reportQuery is a report's date (as_of, default today) or quarter (default the API's) as asked.
func reportQuery(c *gin.Context, r *consoleReport) url.Values {
	q := url.Values{}
	if r.Params != nil {
		for _, p := range r.Params {
			if v := c.Query(p); v != "" {
				q.Set(p, v)
			}
		}
		return q
	}
	if r.Quarterly {
		if v := c.Query("quarter"); v != "" {
			q.Set("quarter", v)
		}
	} else {
		q.Set("as_of", c.DefaultQuery("as_of", time.Now().In(decisionlog.BankZone).Format(time.DateOnly)))
	}
	return q
}

// shownTable is a report's table as the page shows it: the CSV's cells, read back.
type shownTable struct {
	Name   string
	Header []string
	Rows   [][]string
}

// consoleReport serves GET /console/reports/{report}: the report's every table, read from its
// workbook (GET /v1/reports/...?format=xlsx: the cells the download has), with the downloads.
func (s *Server) consoleReport(c *gin.Context) error {
	r := reportNamed(c.Param("report"))
	if r == nil {
		return errNotFound("report")
	}
	q := reportQuery(c, r)
	p := page{Title: r.Name, Section: "reports"}
	// The report's workbook, asked once (the report is built once), its sheets shown as the
	// spreadsheet shows them (amounts with separators, ratios with their decimals).
	var tables []shownTable
	q.Set("format", "xlsx")
	a, err := s.apiCall(c, http.MethodGet, r.API+"?"+q.Encode(), nil, "")
	if err != nil {
		return err
	}
	if e := a.failure(); e != nil {
		if e.Status >= 500 {
			return e
		}
		p.Message, p.Problems = e.Message, e.Details
	} else {
		book, err := excelize.OpenReader(bytes.NewReader(a.Body))
		if err != nil {
			return fmt.Errorf("report %s: the workbook does not open: %w", r.Key, err)
		}
		defer book.Close()
		for i, sheet := range book.GetSheetList() {
			rows, err := book.GetRows(sheet)
			if err != nil || len(rows) == 0 {
				return fmt.Errorf("report %s: sheet %q: %w", r.Key, sheet, err)
			}
			for j := range rows[1:] { // a row the sheet ends early keeps its columns
				for len(rows[j+1]) < len(rows[0]) {
					rows[j+1] = append(rows[j+1], "")
				}
			}
			name := sheet
			if i < len(r.Tables) {
				name = r.Tables[i]
			}
			tables = append(tables, shownTable{Name: name, Header: rows[0], Rows: rows[1:]})
		}
	}
	q.Del("format")
	q.Del("table")
	form := map[string]string{}
	for _, k := range r.Params {
		form[k] = c.Query(k)
	}
	p.Data = gin.H{"Report": r, "Tables": tables, "Query": template.URL(q.Encode()), "AsOf": q.Get("as_of"), "Quarter": c.Query("quarter"), "Form": form}
	status := http.StatusOK
	if p.Message != "" {
		status = http.StatusBadRequest
	}
	s.render(c, status, "report", p)
	return nil
}

// consoleReportDownload serves GET /console/reports/{report}/download?format=xlsx|csv&table=: the
// report's file from the API.
func (s *Server) consoleReportDownload(c *gin.Context) error {
	r := reportNamed(c.Param("report"))
	if r == nil {
		return errNotFound("report")
	}
	q := reportQuery(c, r)
	q.Set("format", "xlsx")
	if c.Query("format") == "csv" {
		q.Set("format", "csv")
		q.Set("table", c.Query("table"))
	}
	s.apiDownload(c, r.API+"?"+q.Encode())
	return nil
}

// consoleLoanExceptions serves GET /console/loans/exceptions: the loans booked without an
// approving decision or differing from theirs (GET /v1/loans/exceptions), paged by loan id.
func (s *Server) consoleLoanExceptions(c *gin.Context) error {
	q := url.Values{"limit": {"200"}}
	if v := c.Query("cursor"); v != "" {
		q.Set("cursor", v)
	}
	var out struct {
		Checked    int64               `json:"checked"`
		Exceptions []LoanExceptionView `json:"exceptions"`
		NextCursor string              `json:"next_cursor"`
	}
	if err := s.apiJSON(c, http.MethodGet, "/v1/loans/exceptions?"+q.Encode(), nil, &out); err != nil {
		return err
	}
	s.render(c, http.StatusOK, "loan-exceptions", page{Title: "贷款例外 Loan exceptions", Section: "reports", Data: out})
	return nil
}
