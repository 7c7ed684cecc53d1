package api

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/lifecycle"
)

// decisionFilterParams are the listing's filters (GET /v1/decisions) the console's search form
// passes on as they are; from_day and to_day (dates, China Standard Time, both included) become
// from and to.
var decisionFilterParams = []string{"outcome", "stance", "green", "final_outcome", "review_state", "reviewed_by", "branch_id", "customer_id",
	"application_id", "industry_code", "policy_revision", "name_hash", "id_number_hash"}

// decisionQuery is the API query of the console's search form; a day that does not read is
// passed on as it is, for the API to name.
func decisionQuery(c *gin.Context) url.Values {
	q := url.Values{}
	for _, k := range decisionFilterParams {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	setDayRange(q, c.Query("from_day"), c.Query("to_day"))
	return q
}

// setDayRange puts a range of days (China Standard Time, both included) into an API query as from
// and to (RFC 3339: from's midnight, the midnight after to); a day that does not read is passed on
// as it is, for the API to name, and an empty one is left out.
func setDayRange(q url.Values, fromDay, toDay string) {
	for _, dp := range [2][2]string{{fromDay, "from"}, {toDay, "to"}} {
		day, param := dp[0], dp[1]
		if day == "" {
			continue
		}
		d, err := time.ParseInLocation(time.DateOnly, day, decisionlog.BankZone)
		if err != nil {
			q.Set(param, day)
			continue
		}
		if param == "to" {
			d = d.AddDate(0, 0, 1)
		}
		q.Set(param, d.Format(time.RFC3339))
	}
}

// shownRefusal sorts an API call's error: a refusal (4xx) the page shows with what was entered,
// or a failure (5xx) the handler returns.
func shownRefusal(err error) (*Error, error) {
	if e := toError(err); e.Status < 500 {
		return e, nil
	}
	return nil, err
}

// consoleDecisions serves GET /console/decisions: the search form, a page of decisions (cursor=)
// and the export links of the same filters.
func (s *Server) consoleDecisions(c *gin.Context) error {
	q := decisionQuery(c)
	form := url.Values{}
	for k, v := range c.Request.URL.Query() {
		if k != "cursor" && k != "search" {
			form[k] = v
		}
	}
	// Query strings built here from url.Values (encoded already) go into links as they are.
	data := gin.H{"Form": c.Request.URL.Query(), "Export": template.URL(form.Encode())}
	p := page{Title: "决策 Decisions", Section: "decisions", Data: data}
	if len(c.Request.URL.Query()) > 0 {
		api := url.Values{}
		for k, v := range q {
			api[k] = v
		}
		api.Set("limit", "50")
		if cur := c.Query("cursor"); cur != "" {
			api.Set("cursor", cur)
		}
		var list struct {
			Decisions  []DecisionView `json:"decisions"`
			NextCursor string         `json:"next_cursor"`
		}
		if err := s.apiJSON(c, http.MethodGet, "/v1/decisions?"+api.Encode(), nil, &list); err != nil {
			e, err := shownRefusal(err)
			if err != nil {
				return err
			}
			p.Message, p.Problems = e.Message, e.Details
			s.render(c, e.Status, "decisions", p)
			return nil
		}
		data["Decisions"] = list.Decisions
		data["Searched"] = true
		if len(list.Decisions) == 50 {
			next := url.Values{}
			for k, v := range form {
				next[k] = v
			}
			next.Set("cursor", list.NextCursor)
			data["Next"] = template.URL(next.Encode())
		}
	}
	s.render(c, http.StatusOK, "decisions", p)
	return nil
}

// consoleDecisionsSearch serves POST /console/decisions: the search form, posted so that a name or
// an ID number searched for never stands in a URL: they become their keyed hashes (as the log
// stores them) in the results page's address, its paging and export links.
func (s *Server) consoleDecisionsSearch(c *gin.Context) error {
	q := url.Values{}
	for _, k := range append([]string{"from_day", "to_day"}, decisionFilterParams...) {
		if v := strings.TrimSpace(c.PostForm(k)); v != "" {
			q.Set(k, v)
		}
	}
	for field, kind := range map[string]string{"name": decisionlog.KindName, "id_number": decisionlog.KindIDNumber} {
		if v := strings.TrimSpace(c.PostForm(field)); v != "" {
			q.Set(field+"_hash", s.Screening.MaskHash(kind, v))
		}
	}
	q.Set("search", "1")
	c.Redirect(http.StatusSeeOther, "/console/decisions?"+q.Encode())
	return nil
}

// consoleDecisionsExport serves GET /console/decisions/export?format=csv|ndjson&<filters>: the
// whole filtered range, streamed by the API's export.
func (s *Server) consoleDecisionsExport(c *gin.Context) error {
	q := decisionQuery(c)
	format := c.Query("format")
	if format != "ndjson" {
		format = "csv"
	}
	q.Set("format", format)
	s.apiDownload(c, "/v1/decisions?"+q.Encode())
	return nil
}

// consoleDecision serves GET /console/decisions/{id}: the record, its reasons with evidence, its
// reviews, its place in the chain; with replay=1, whether it reproduces under its revision.
func (s *Server) consoleDecision(c *gin.Context) error {
	id := c.Param("decision_id")
	var rec DecisionRecord
	if err := s.apiJSON(c, http.MethodGet, "/v1/decisions/"+url.PathEscape(id), nil, &rec); err != nil {
		return err
	}
	data := gin.H{"D": rec, "Request": pretty(rec.Request), "Input": pretty(rec.Input), "Reviewed": c.Query("reviewed") != ""}
	evidence := make([]string, len(rec.Reasons))
	for i, r := range rec.Reasons {
		evidence[i] = pretty(r.Evidence)
	}
	data["Evidence"] = evidence
	if c.Query("replay") != "" {
		var r lifecycle.Replay
		if err := s.apiJSON(c, http.MethodGet, "/v1/decisions/"+url.PathEscape(id)+"/replay", nil, &r); err != nil {
			e, err := shownRefusal(err)
			if err != nil {
				return err
			}
			data["ReplayError"] = e.Message
		} else {
			data["Replay"] = r
		}
	}
	s.render(c, http.StatusOK, "decision", page{Title: "决策 Decision " + rec.ApplicationID, Section: "decisions", Data: data})
	return nil
}

// pretty indents a JSON document for reading ("" for none).
func pretty(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return string(raw)
	}
	return b.String()
}
