package api

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/gin-gonic/gin"

	"greencredit/decisionlog"
	"greencredit/lifecycle"
	"greencredit/policy"
)

// consolePolicy serves GET /console/policy: the active revision and every stored one — who
// uploaded and approved it, whether it is pending — with approve and activate (a rollback is the
// activation of an earlier one), and the choice of two revisions to compare.
func (s *Server) consolePolicy(c *gin.Context) error {
	var active map[string]any
	if err := s.apiJSON(c, http.MethodGet, "/v1/policy", nil, &active); err != nil {
		return err
	}
	var list struct {
		ActiveDigest string         `json:"active_digest"`
		Revisions    []RevisionView `json:"revisions"`
	}
	if err := s.apiJSON(c, http.MethodGet, "/v1/policy/revisions", nil, &list); err != nil {
		return err
	}
	var shadowOn ShadowView
	if err := s.apiJSON(c, http.MethodGet, "/v1/policy/shadow", nil, &shadowOn); err != nil {
		return err
	}
	// The revisions with a shadow report — the one in shadow and those pending approval (their
	// approvers read it): how many live screenings of the last 30 days each decided in shadow.
	reported := map[string]int64{}
	for _, r := range list.Revisions {
		if !r.PendingApproval && r.Digest != shadowOn.Digest {
			continue
		}
		var rep struct {
			Evaluated int64 `json:"evaluated"`
		}
		if err := s.apiJSON(c, http.MethodGet, "/v1/policy/shadow/report?limit=1&digest="+url.QueryEscape(r.Digest), nil, &rep); err == nil && rep.Evaluated > 0 {
			reported[r.Digest] = rep.Evaluated
		}
	}
	done := map[string]string{"stored": "候选版本已保存，待第二名风险人员批准 The candidate is stored, awaiting a second risk principal's approval",
		"approved": "已批准 Approved", "activated": "已启用 Activated: every instance runs it within seconds",
		"shadow":       "影子评估已开始：此后每笔筛查也按该版本评估，不影响答复 The shadow is on: every screening from now on is also decided under it, after its answer",
		"shadow-ended": "影子评估已结束 The shadow has ended"}
	p := page{Title: "策略版本 Policy", Section: "policy", Data: gin.H{"Active": active, "ActiveDigest": list.ActiveDigest, "Revisions": list.Revisions,
		"Done": c.Query("done"), "DoneText": done[c.Query("done")], "Shadow": shadowOn, "Reported": reported}}
	s.render(c, http.StatusOK, "policy", p)
	return nil
}

// fileDiff is one file's differences between two revisions, as lines to show.
type fileDiff struct {
	Path  string
	Lines []diffLine
}

type diffLine struct{ Kind, Text string } // Kind: del, ins, hunk, ctx

// diffFiles compares two revisions' files path by path (a file only in one is all added or
// removed); identical files are left out.
func diffFiles(a, b map[string]string) []fileDiff {
	paths := map[string]bool{}
	for p := range a {
		paths[p] = true
	}
	for p := range b {
		paths[p] = true
	}
	var out []fileDiff
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for k := range paths {
			if !yield(k) {
				return
			}
		}
	}) {
		if a[p] == b[p] {
			continue
		}
		d := fileDiff{Path: p}
		for _, line := range strings.Split(strings.TrimSuffix(udiff.Unified("a/"+p, "b/"+p, a[p], b[p]), "\n"), "\n") {
			kind := "ctx"
			switch {
			case strings.HasPrefix(line, "---"), strings.HasPrefix(line, "+++"):
				continue
			case strings.HasPrefix(line, "@@"):
				kind = "hunk"
			case strings.HasPrefix(line, "-"):
				kind = "del"
			case strings.HasPrefix(line, "+"):
				kind = "ins"
			}
			d.Lines = append(d.Lines, diffLine{kind, line})
		}
		out = append(out, d)
	}
	return out
}

func textFiles(f policy.Files) map[string]string {
	out := make(map[string]string, len(f))
	for p, b := range f {
		out[p] = string(b)
	}
	return out
}

// revisionTexts reads a stored revision's files through the API.
func (s *Server) revisionTexts(c *gin.Context, digest string) (string, map[string]string, error) {
	var r struct {
		Revision string            `json:"revision"`
		Files    map[string]string `json:"files"`
	}
	err := s.apiJSON(c, http.MethodGet, "/v1/policy/revisions/"+url.PathEscape(digest)+"/files", nil, &r)
	return r.Revision, r.Files, err
}

// consolePolicyDiff serves GET /console/policy/diff?a=&b=: two stored revisions compared file by
// file (data.json and each .rego) as a text diff.
func (s *Server) consolePolicyDiff(c *gin.Context) error {
	ra, fa, err := s.revisionTexts(c, c.Query("a"))
	if err != nil {
		return err
	}
	rb, fb, err := s.revisionTexts(c, c.Query("b"))
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "policy-diff", page{Title: "版本比较 Compare revisions", Section: "policy",
		Data: gin.H{"A": ra, "B": rb, "Diff": diffFiles(fa, fb)}})
	return nil
}

// bundleCandidate is a bundle about to be stored: its impact over a range of recorded decisions (which
// compiled it and ran its tests), its differences from the active revision, and the bundle
// itself, carried by the page's store form.
type bundleCandidate struct {
	Origin   string // "upload" or "parameters"
	Bundle   string // base64 of the .tar.gz
	FromDay  string
	ToDay    string
	Impact   *lifecycle.ImpactReport
	Diff     []fileDiff
	Revision string
}

// previewCandidate runs a candidate's impact analysis through the API (POST /v1/policy/impact:
// compile, tests, re-evaluation of the range's recorded decisions) and compares it with the
// active revision; a refusal (it does not compile, a test fails, a bad range) is returned.
func (s *Server) previewCandidate(c *gin.Context, origin string, files policy.Files, fromDay, toDay string) (*bundleCandidate, error) {
	tgz, err := files.TarGz()
	if err != nil {
		return nil, err
	}
	cand := &bundleCandidate{Origin: origin, Bundle: base64.StdEncoding.EncodeToString(tgz), FromDay: fromDay, ToDay: toDay}
	q := url.Values{"limit": {"200"}}
	setDayRange(q, fromDay, toDay)
	a, err := s.apiCall(c, http.MethodPost, "/v1/policy/impact?"+q.Encode(), tgz, "application/gzip")
	if err != nil {
		return nil, err
	}
	cand.Impact = &lifecycle.ImpactReport{}
	if err := a.decode(cand.Impact); err != nil {
		return nil, err
	}
	cand.Revision = cand.Impact.Candidate.Revision
	if pol := s.Policy.Active(); pol != nil {
		cand.Diff = diffFiles(textFiles(pol.Files), textFiles(files))
	}
	return cand, nil
}

// defaultRange is the impact preview's default: the last 30 days.
func defaultRange() (string, string) {
	now := time.Now().In(decisionlog.BankZone)
	return now.AddDate(0, 0, -30).Format(time.DateOnly), now.Format(time.DateOnly)
}

// consolePolicyUpload serves GET /console/policy/upload: the form for a candidate bundle.
func (s *Server) consolePolicyUpload(c *gin.Context) error {
	from, to := defaultRange()
	s.render(c, http.StatusOK, "policy-upload", page{Title: "上传候选版本 Upload a candidate", Section: "policy", Data: gin.H{"From": from, "To": to}})
	return nil
}

// consolePolicyPreview serves POST /console/policy/preview (multipart: bundle, from_day, to_day):
// the uploaded bundle's tests, impact and differences, before anything is stored.
func (s *Server) consolePolicyPreview(c *gin.Context) error {
	fromDay, toDay := c.PostForm("from_day"), c.PostForm("to_day")
	fail := func(status int, msg string, problems ...FieldProblem) error {
		s.render(c, status, "policy-upload", page{Title: "上传候选版本 Upload a candidate", Section: "policy", Message: msg, Problems: problems,
			Data: gin.H{"From": fromDay, "To": toDay}})
		return nil
	}
	fh, err := c.FormFile("bundle")
	if err != nil {
		return fail(http.StatusBadRequest, "请选择策略包文件 Choose a bundle file", FieldProblem{Field: "bundle", Problem: "is required: opa build's .tar.gz"})
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	files, err := policy.ReadTarGz(io.LimitReader(f, policy.MaxBundleBytes+1))
	if err != nil {
		return fail(http.StatusBadRequest, "策略包无法读取 The bundle does not read", FieldProblem{Field: "bundle", Problem: err.Error()})
	}
	cand, err := s.previewCandidate(c, "upload", files, fromDay, toDay)
	if err != nil {
		e, err := shownRefusal(err)
		if err != nil {
			return err
		}
		return fail(e.Status, "候选版本未通过 The candidate is refused: "+e.Message, e.Details...)
	}
	s.render(c, http.StatusOK, "policy-preview", page{Title: "候选版本预览 Candidate preview", Section: "policy", Data: cand})
	return nil
}

// consolePolicyStore serves POST /console/policy/store: the previewed bundle (carried by the form)
// is stored as a candidate (POST /v1/policy/bundles?activate=false): pending a second risk
// principal's approval where two persons are required.
func (s *Server) consolePolicyStore(c *gin.Context) error {
	tgz, err := base64.StdEncoding.DecodeString(c.PostForm("bundle"))
	if err != nil || len(tgz) == 0 {
		return invalidInput([]FieldProblem{{Field: "bundle", Problem: "is not the previewed bundle: preview it again"}})
	}
	a, err := s.apiCall(c, http.MethodPost, "/v1/policy/bundles?activate=false", tgz, "application/gzip")
	if err != nil {
		return err
	}
	if e := a.failure(); e != nil {
		return e
	}
	c.Redirect(http.StatusSeeOther, "/console/policy?done=stored")
	return nil
}

// consolePolicyApprove serves POST /console/policy/approve (digest): a second risk principal's
// approval (POST /v1/policy/revisions/{digest}/approve).
func (s *Server) consolePolicyApprove(c *gin.Context) error {
	if err := s.apiJSON(c, http.MethodPost, "/v1/policy/revisions/"+url.PathEscape(c.PostForm("digest"))+"/approve", nil, &struct{}{}); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/console/policy?done=approved")
	return nil
}

// consolePolicyActivate serves POST /console/policy/activate (digest): the revision becomes the
// active one (POST /v1/policy/activate); activating an earlier one is a rollback.
func (s *Server) consolePolicyActivate(c *gin.Context) error {
	if err := s.apiJSON(c, http.MethodPost, "/v1/policy/activate", map[string]string{"digest": c.PostForm("digest")}, &struct{}{}); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/console/policy?done=activated")
	return nil
}

// consolePolicyShadow serves POST /console/policy/shadow (digest): the revision is put in shadow
// (POST /v1/policy/shadow).
func (s *Server) consolePolicyShadow(c *gin.Context) error {
	if err := s.apiJSON(c, http.MethodPost, "/v1/policy/shadow", map[string]string{"digest": c.PostForm("digest")}, &struct{}{}); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/console/policy?done=shadow")
	return nil
}

// consolePolicyShadowEnd serves POST /console/policy/shadow/end: the shadow ends (DELETE
// /v1/policy/shadow); its report stays.
func (s *Server) consolePolicyShadowEnd(c *gin.Context) error {
	if err := s.apiJSON(c, http.MethodDelete, "/v1/policy/shadow", nil, &struct{}{}); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/console/policy?done=shadow-ended")
	return nil
}
