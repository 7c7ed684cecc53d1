package api

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

// playground is the playground's form and, once tried, each revision's answer side by side.
type playground struct {
	Application string
	Digest      string
	Revisions   []RevisionView
	Active      string
	Results     []Evaluation
}

// examplePlaygroundCase is the form's case before any: the contract's example application.
const examplePlaygroundCase = `{
  "application_id": "PLAYGROUND-1",
  "branch_id": "YY-LC-01",
  "applicant": {"customer_id": "C000123", "kind": "enterprise", "size": "small", "industry_code": "C3011",
    "env_credit_rating": "blue", "industrial_policy_class": "permitted", "energy_compliant": true,
    "real_estate_revenue_ratio": "0.10", "existing_balance": "0.00"},
  "loan": {"amount": "5000000.00", "term_months": 12, "kind": "new", "purpose": "流动资金", "green_category": ""}
}`

func (s *Server) playgroundOf(c *gin.Context, application, digest string) (*playground, error) {
	var list struct {
		ActiveDigest string         `json:"active_digest"`
		Revisions    []RevisionView `json:"revisions"`
	}
	if err := s.apiJSON(c, http.MethodGet, "/v1/policy/revisions", nil, &list); err != nil {
		return nil, err
	}
	pg := &playground{Application: application, Digest: digest, Revisions: list.Revisions, Active: list.ActiveDigest}
	if pg.Digest == "" { // the newest revision other than the active one
		for _, r := range list.Revisions {
			if r.Digest != list.ActiveDigest {
				pg.Digest = r.Digest
				break
			}
		}
	}
	return pg, nil
}

// consolePlayground serves GET /console/playground: the form, with the contract's example or, with
// decision=, the recorded (masked) application of a decision as the case.
func (s *Server) consolePlayground(c *gin.Context) error {
	app := examplePlaygroundCase
	if id := c.Query("decision"); id != "" {
		var rec DecisionRecord
		if err := s.apiJSON(c, http.MethodGet, "/v1/decisions/"+url.PathEscape(id), nil, &rec); err != nil {
			return err
		}
		app = pretty(rec.Request)
	}
	pg, err := s.playgroundOf(c, app, c.Query("digest"))
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "playground", page{Title: "试算 Playground", Section: "playground", Data: pg})
	return nil
}

// consolePlaygroundTry serves POST /console/playground: the case decided under the active revision
// and the chosen stored one (POST /v1/policy/evaluate), side by side; nothing is recorded.
func (s *Server) consolePlaygroundTry(c *gin.Context) error {
	pg, err := s.playgroundOf(c, c.PostForm("application"), c.PostForm("digest"))
	if err != nil {
		return err
	}
	target := "/v1/policy/evaluate"
	if pg.Digest != "" && pg.Digest != pg.Active {
		target += "?digest=" + url.QueryEscape(pg.Digest)
	}
	a, err := s.apiCall(c, http.MethodPost, target, []byte(pg.Application), "application/json")
	if err != nil {
		return err
	}
	var out struct {
		Evaluations []Evaluation `json:"evaluations"`
	}
	p := page{Title: "试算 Playground", Section: "playground", Data: pg}
	if err := a.decode(&out); err != nil {
		e, err := shownRefusal(err)
		if err != nil {
			return err
		}
		p.Message, p.Problems = e.Message, e.Details
		s.render(c, e.Status, "playground", p)
		return nil
	}
	pg.Results = out.Evaluations
	s.render(c, http.StatusOK, "playground", p)
	return nil
}
