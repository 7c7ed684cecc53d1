package api

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/portfolio"
	"greencredit/refdata"
)

// query reads a request's query parameters, collecting every bad one: the one reader of
// limits, times, dates, ids, enums and booleans, with the same wording everywhere.
type query struct {
	c   *gin.Context
	bad []FieldProblem
}

func newQuery(c *gin.Context) *query { return &query{c: c} }

func (q *query) fail(field, problem string) {
	q.bad = append(q.bad, FieldProblem{Field: field, Problem: problem})
}

// err is nil, or a 400 naming every bad parameter.
func (q *query) err() error {
	if len(q.bad) == 0 {
		return nil
	}
	return invalidInput(q.bad)
}

// limit is the `limit` parameter: def when absent, else a whole number from lo to hi.
func (q *query) limit(def, lo, hi int) int {
	v := q.c.Query("limit")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		q.fail("limit", fmt.Sprintf("must be a whole number from %d to %d", lo, hi))
		return def
	}
	return n
}

// int64 is a non-negative whole number (def when absent).
func (q *query) int64(name string, def int64) int64 {
	v := q.c.Query(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		q.fail(name, "must be a whole number of at least 0")
		return def
	}
	return n
}

// time is an RFC 3339 time (zero when absent and not required), in UTC.
func (q *query) time(name string, required bool) time.Time {
	v := q.c.Query(name)
	if v == "" {
		if required {
			q.fail(name, "is required: an RFC 3339 time such as 2026-11-24T00:00:00Z")
		}
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil || !plausibleYear(t) {
		q.fail(name, "must be an RFC 3339 time such as 2026-11-24T00:00:00Z, in the years 1900 to 9999")
		return time.Time{}
	}
	return t.UTC()
}

// date is a date YYYY-MM-DD; def when absent ("" = required).
func (q *query) date(name, def string) (time.Time, bool) {
	v := q.c.DefaultQuery(name, def)
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || !plausibleYear(t) {
		q.fail(name, problemDate)
		return time.Time{}, false
	}
	return t, true
}

// id is an identifier of at most max characters ("" when absent).
func (q *query) id(name string, max int) string {
	v := q.c.Query(name)
	if v != "" {
		if p := idProblem(v, max); p != "" {
			q.fail(name, p)
			return ""
		}
	}
	return v
}

// loanCursor is the `cursor` of a report paged by loan id ("" from the start).
func (q *query) loanCursor() string {
	v := q.c.Query("cursor")
	if v != "" && idProblem(v, maxID) != "" {
		q.fail("cursor", "is not a cursor of this report")
		return ""
	}
	return v
}

// enum is one of the allowed values ("" when absent).
func (q *query) enum(name string, allowed ...string) string {
	v := q.c.Query(name)
	if v != "" && !slices.Contains(allowed, v) {
		q.fail(name, "must be one of: "+strings.Join(allowed, ", "))
		return ""
	}
	return v
}

// boolean is true or false (nil when absent).
func (q *query) boolean(name string) *bool {
	switch v := q.c.Query(name); v {
	case "":
		return nil
	case "true", "false":
		b := v == "true"
		return &b
	default:
		q.fail(name, "must be true or false")
		return nil
	}
}

// The validators of identifiers and codes, used by bodies and queries alike.

const problemDate = "must be a date YYYY-MM-DD in the years 1900 to 9999"

// plausibleYear keeps dates and times where every database stores them (year 0 is not one).
func plausibleYear(t time.Time) bool { return t.Year() >= 1900 && t.Year() <= 9999 }

var (
	idPattern             = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	industryCodePattern   = regexp.MustCompile(`^[A-T][0-9]{2,4}$`)
	industryPrefixPattern = regexp.MustCompile(`^[A-Ta-t][0-9]{0,4}$`)
	revisionPattern       = regexp.MustCompile(`^[A-Za-z0-9._:+-]{1,64}$`)
)

// Lengths of identifiers.
const (
	maxBranchID   = 32
	maxCustomerID = 64
	maxID         = 64
)

// idProblem checks an identifier: 1 to max characters of A-Z, a-z, 0-9, '.', '_', '-'.
func idProblem(v string, max int) string {
	if v == "" || len(v) > max || !idPattern.MatchString(v) {
		return fmt.Sprintf("must be 1-%d characters of A-Z, a-z, 0-9, '.', '_', '-'", max)
	}
	return ""
}

// industryCodeProblem checks an industry code: a code of GB/T 4754-2017 (a class, group,
// division; not a bare section letter).
func industryCodeProblem(ref *refdata.RefData, code string) string {
	if !industryCodePattern.MatchString(code) {
		return "must be a GB/T 4754-2017 code: a section letter A-T and 2 to 4 digits, such as C3011"
	}
	if _, ok := ref.Industry(code); !ok {
		return "is not a code of GB/T 4754-2017"
	}
	return ""
}

// greenCategoryProblem checks a green category within its catalogue version.
func greenCategoryProblem(ref *refdata.RefData, version, category string) string {
	if _, ok := ref.GreenItemOf(version, category); !ok {
		return fmt.Sprintf("is not a level-3 item of %s (green_category_version %s), such as 4.2.2",
			refdata.GreenCatalogueName(version), version)
	}
	return ""
}

// futureDate tells whether a date lies beyond tomorrow in China Standard Time: a balance is
// reported for a day that has come (a day of tolerance for clocks and time zones). A loan reported
// as of 9999-12-31 would otherwise freeze it: every later real report would be history.
func futureDate(s string) bool {
	return s > decisionlog.BankDate(time.Now().Add(24*time.Hour))
}

func validDate(s string) bool {
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && plausibleYear(t)
}

// historyRange reads a trend's from (required), to (default today) and interval (month, the
// default, or day): the dates of its points, at most maxHistoryPoints of them.
func (q *query) historyRange() (from, to time.Time, interval string, dates []string) {
	from, okFrom := q.date("from", "")
	to, okTo := q.date("to", time.Now().UTC().Format(time.DateOnly))
	interval = q.enum("interval", "month", "day")
	if interval == "" {
		interval = "month"
	}
	if okFrom && okTo {
		if to.Before(from) {
			q.fail("to", "must not be before from")
		}
		var ok bool
		if dates, ok = portfolio.HistoryDates(from, to, interval == "day", maxHistoryPoints); !ok {
			q.fail("from", fmt.Sprintf("the range has more than %d points", maxHistoryPoints))
		}
	}
	return from, to, interval, dates
}

// report reads a report's as_of (default today), format (json, csv or xlsx; "" is json) and the
// table a CSV holds (one of tables).
func (q *query) report(tables ...string) (asOf time.Time, format, table string) {
	asOf, _ = q.date("as_of", time.Now().UTC().Format(time.DateOnly))
	return asOf, q.enum("format", "json", "csv", "xlsx"), q.enum("table", tables...)
}
