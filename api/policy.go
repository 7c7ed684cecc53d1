package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/policy"
	"greencredit/storage"
)

func (s *Server) getPolicy(c *gin.Context) error {
	out := gin.H{}
	if p := s.Policy.Active(); p != nil {
		out["revision"], out["digest"], out["source"], out["loaded_at"], out["tests_run"] = p.Revision, p.Digest, p.Source, p.LoadedAt, p.TestsRun
	}
	if a, err := s.Store.GetActive(c.Request.Context()); err == nil {
		out["activated_at"], out["activated_by"], out["approved_by"] = a.ActivatedAt, a.ActivatedBy, a.ApprovedBy
	}
	out["two_person"] = s.Policies.TwoPerson()
	reloads, rejections := s.Policy.Stats()
	out["reloads"], out["rejections"] = reloads, rejections
	if f := s.Policy.LastFailure(); f != nil {
		out["last_load_error"] = f
	}
	c.JSON(http.StatusOK, out)
	return nil
}

// RevisionView is a stored policy revision as listed (without its bundle).
type RevisionView struct {
	Digest      string     `json:"digest"`
	Revision    string     `json:"revision"`
	Source      string     `json:"source"`
	UploadedBy  string     `json:"uploaded_by"`
	UploadedAt  time.Time  `json:"uploaded_at"`
	ActivatedAt *time.Time `json:"activated_at,omitempty"`
	// ApprovedBy is the second principal who approved it ("" = pending approval).
	ApprovedBy      string     `json:"approved_by"`
	ApprovedAt      *time.Time `json:"approved_at,omitempty"`
	PendingApproval bool       `json:"pending_approval"`
}

func revisionView(r *storage.PolicyRevision) RevisionView {
	return RevisionView{Digest: r.Digest, Revision: r.Revision, Source: r.Source, UploadedBy: r.UploadedBy,
		UploadedAt: r.UploadedAt.UTC(), ActivatedAt: r.ActivatedAt, ApprovedBy: r.ApprovedBy, ApprovedAt: r.ApprovedAt,
		PendingApproval: r.ApprovedBy == ""}
}

func (s *Server) listRevisions(c *gin.Context) error {
	revs, err := s.Store.ListRevisions(c.Request.Context())
	if err != nil {
		return err
	}
	active := ""
	if p := s.Policy.Active(); p != nil {
		active = p.Digest
	}
	out := make([]RevisionView, 0, len(revs))
	for i := range revs {
		out = append(out, revisionView(&revs[i]))
	}
	c.JSON(http.StatusOK, gin.H{"active_digest": active, "revisions": out})
	return nil
}

// readBundle reads an uploaded bundle (tar.gz, sent as application/gzip or
// application/octet-stream: a browser cannot send either across origins without asking first).
func readBundle(c *gin.Context) (policy.Files, error) {
	switch mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt {
	case "application/gzip", "application/x-gzip", "application/octet-stream":
	default:
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the bundle as application/gzip (opa build's .tar.gz)"}
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return nil, err
	}
	files, err := policy.ReadTarGz(bytes.NewReader(body))
	if err != nil {
		return nil, invalidInput([]FieldProblem{{Field: "bundle", Problem: err.Error()}})
	}
	return files, nil
}

// uploadBundle serves POST /v1/policy/bundles[?activate=false]: the bundle is compiled and its
// tests run; accepted, it is stored with its audit event in one transaction. In development
// mode it is activated too (unless activate=false); in production (API keys configured) it is a
// pending revision that a second risk principal approves before anyone activates it.
func (s *Server) uploadBundle(c *gin.Context) error {
	activate := c.DefaultQuery("activate", "true") != "false"
	by := principal(c)
	files, err := readBundle(c)
	if err == nil {
		var (
			p       *policy.Policy
			pending bool
		)
		p, pending, err = s.Policies.Propose(c.Request.Context(), files, "upload:"+by, by, activate, func(p *policy.Policy) *storage.AuditEvent {
			return s.auditEvent(c, "policy.upload", map[string]any{"digest": p.Digest, "revision": p.Revision,
				"activated": activate && !s.Policies.TwoPerson(), "pending_approval": s.Policies.TwoPerson()})
		})
		if err == nil {
			c.JSON(http.StatusCreated, gin.H{"revision": p.Revision, "digest": p.Digest, "tests_run": p.TestsRun,
				"activated": activate && !pending, "pending_approval": pending})
			return nil
		}
	}
	if toError(err).Status < 500 { // refused (a bad bundle), not failed
		s.auditBestEffort(c, "policy.upload.refused", map[string]string{"error": err.Error()})
	}
	return err
}

// activatePolicy serves POST /v1/policy/activate {"digest": …}: a stored revision becomes the
// active one (a rollback is the activation of an earlier one), with its audit event.
func (s *Server) activatePolicy(c *gin.Context) error {
	var req struct {
		Digest string `json:"digest"`
	}
	body, err := readJSONBody(c)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, &req); err != nil || !revisionDigest(req.Digest) {
		return invalidInput([]FieldProblem{{Field: "digest", Problem: "must be a stored revision's digest, sha256:<64 hex>"}})
	}
	p, err := s.Policies.Activate(c.Request.Context(), req.Digest, principal(c), func(p *policy.Policy) *storage.AuditEvent {
		return s.auditEvent(c, "policy.activate", map[string]string{"digest": p.Digest, "revision": p.Revision})
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"revision": p.Revision, "digest": p.Digest, "activated": true})
	return nil
}

// approveRevision serves POST /v1/policy/revisions/{digest}/approve: a second risk principal
// (not the uploader) approves a pending revision, with its audit event.
func (s *Server) approveRevision(c *gin.Context) error {
	digest := c.Param("digest")
	if !revisionDigest(digest) {
		return invalidInput([]FieldProblem{{Field: "digest", Problem: "must be a stored revision's digest, sha256:<64 hex>"}})
	}
	rev, err := s.Policies.Approve(c.Request.Context(), digest, principal(c), func(rev *storage.PolicyRevision) *storage.AuditEvent {
		return s.auditEvent(c, "policy.approve", map[string]string{"digest": rev.Digest, "revision": rev.Revision, "uploaded_by": rev.UploadedBy})
	})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, revisionView(rev))
	return nil
}

func revisionDigest(d string) bool {
	return len(d) == 71 && d[:7] == "sha256:" && hexDigits(d[7:])
}

func hexDigits(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// revisionFiles serves GET /v1/policy/revisions/{digest}/files: a stored revision's files
// (.manifest, data.json and each .rego) as text, for reading and comparing revisions.
func (s *Server) revisionFiles(c *gin.Context) error {
	digest := c.Param("digest")
	if !revisionDigest(digest) {
		return invalidInput([]FieldProblem{{Field: "digest", Problem: "must be a stored revision's digest, sha256:<64 hex>"}})
	}
	rev, err := s.Store.GetRevision(c.Request.Context(), digest)
	if err != nil {
		return err
	}
	files, err := policy.ReadTarGz(bytes.NewReader(rev.Bundle))
	if err != nil {
		return fmt.Errorf("stored revision %s: %w", digest, err)
	}
	out := make(map[string]string, len(files))
	for path, b := range files {
		out[path] = string(b)
	}
	c.JSON(http.StatusOK, gin.H{"revision": rev.Revision, "digest": rev.Digest, "files": out})
	return nil
}
