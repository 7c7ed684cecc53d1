package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/gin-gonic/gin"

	"greencredit/models"
	"greencredit/policy"
)

// policyFor returns the compiled policy with this digest: the active one, a recent one, or
// one compiled from its stored revision.
func (s *Server) policyFor(ctx context.Context, digest string) (*policy.Policy, error) {
	if p := s.Policy.Lookup(digest); p != nil {
		return p, nil
	}
	rev, err := s.Store.GetRevision(ctx, digest)
	if err != nil {
		return nil, err
	}
	files, err := policy.ReadTarGz(bytes.NewReader(rev.Bundle))
	if err != nil {
		return nil, fmt.Errorf("stored revision %s: %w", digest, err)
	}
	return s.Policy.Candidate(ctx, files, rev.Source)
}

// activate makes a compiled policy the one every instance runs: recorded in the database
// first, then swapped in here; the other instances follow (WatchActivePolicy).
func (s *Server) activate(ctx context.Context, p *policy.Policy, by string) error {
	if err := s.Store.SetActive(ctx, p.Digest, by); err != nil {
		return err
	}
	s.Policy.Activate(p)
	s.Log.InfoContext(ctx, "policy activated", "revision", p.Revision, "digest", p.Digest, "by", by)
	return nil
}

// store records an accepted bundle as a revision.
func (s *Server) storeRevision(ctx context.Context, p *policy.Policy, by string) error {
	tgz, err := p.Files.TarGz()
	if err != nil {
		return err
	}
	return s.Store.SaveRevision(ctx, &models.PolicyRevision{Digest: p.Digest, Revision: p.Revision, Bundle: tgz, Source: p.Source,
		UploadedBy: by, UploadedAt: time.Now().UTC().Truncate(time.Microsecond)})
}

// InitPolicy activates the database's active revision; with none yet, the bundle directory,
// which is stored as the first revision. On a database that has an active revision, a
// directory bundle it does not hold yet (an upgrade's new rules) is stored without being
// activated: offered to risk staff (impact analysis, POST /v1/policy/activate), not forced.
func (s *Server) InitPolicy(ctx context.Context, dir string) error {
	if a, err := s.Store.GetActive(ctx); err == nil {
		p, err := s.policyFor(ctx, a.Digest)
		if err != nil {
			return fmt.Errorf("active policy %s: %w", a.Digest, err)
		}
		s.Policy.Activate(p)
		s.offerDir(ctx, dir)
		return nil
	} else if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	files, err := policy.ReadDir(dir)
	if err != nil {
		return err
	}
	p, err := s.Policy.Candidate(ctx, files, "dir:"+dir)
	if err != nil {
		return err
	}
	if err := s.storeRevision(ctx, p, "startup"); err != nil {
		return err
	}
	return s.activate(ctx, p, "startup")
}

// offerDir stores the directory's bundle as an inactive revision when it is new; a bundle that
// does not compile or pass its tests is logged and left out (the active revision stays).
func (s *Server) offerDir(ctx context.Context, dir string) {
	files, err := policy.ReadDir(dir)
	if err != nil {
		s.Log.WarnContext(ctx, "policy directory not read", "dir", dir, "err", err)
		return
	}
	if cur := s.Policy.Active(); cur != nil && cur.Digest == files.Digest() {
		return
	}
	if _, err := s.Store.GetRevision(ctx, files.Digest()); err == nil {
		return // offered before
	}
	p, err := s.Policy.Candidate(ctx, files, "dir:"+dir)
	if err != nil {
		s.Log.WarnContext(ctx, "policy directory bundle refused", "dir", dir, "err", err)
		return
	}
	if err := s.storeRevision(ctx, p, "startup (offered)"); err != nil {
		s.Log.WarnContext(ctx, "policy directory bundle not stored", "err", err)
		return
	}
	s.Log.InfoContext(ctx, "a new policy revision is offered, not activated", "revision", p.Revision, "digest", p.Digest,
		"active", s.Policy.Active().Revision)
}

// SyncPolicy makes this instance run the database's active revision.
func (s *Server) SyncPolicy(ctx context.Context) error {
	a, err := s.Store.GetActive(ctx)
	if err != nil {
		return err
	}
	if cur := s.Policy.Active(); cur != nil && cur.Digest == a.Digest {
		return nil
	}
	p, err := s.policyFor(ctx, a.Digest)
	if err != nil {
		return err
	}
	s.Policy.Activate(p)
	s.Log.InfoContext(ctx, "policy followed the database", "revision", p.Revision, "digest", p.Digest)
	return nil
}

// WatchActivePolicy polls the database so that every instance converges on the active revision.
func (s *Server) WatchActivePolicy(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.SyncPolicy(ctx); err != nil && !errors.Is(err, models.ErrNotFound) {
				s.Log.WarnContext(ctx, "policy sync failed", "err", err)
			}
		}
	}
}

// ReloadDir takes the bundle directory's current files as a new revision when they differ
// from the active policy and pass compilation and their own tests.
func (s *Server) ReloadDir(ctx context.Context, dir string) error {
	files, err := policy.ReadDir(dir)
	if err != nil {
		return err
	}
	if cur := s.Policy.Active(); cur != nil && cur.Digest == files.Digest() {
		return nil
	}
	p, err := s.Policy.Candidate(ctx, files, "dir:"+dir)
	if err != nil {
		s.Log.ErrorContext(ctx, "policy directory change refused; the active policy stays", "err", err)
		return err
	}
	if err := s.storeRevision(ctx, p, "dir-watch"); err != nil {
		return err
	}
	return s.activate(ctx, p, "dir-watch")
}

// WatchPolicyDir reloads the bundle directory when its files change (debounced).
func (s *Server) WatchPolicyDir(ctx context.Context, dir string, debounce time.Duration) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			err = w.Add(p)
		}
		return err
	})
	if err != nil {
		_ = w.Close()
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	go func() {
		defer w.Close()
		var fire <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if ev.Has(fsnotify.Create) {
					if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
						_ = w.Add(ev.Name)
					}
				}
				fire = time.After(debounce)
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				s.Log.WarnContext(ctx, "policy directory watch", "err", err)
			case <-fire:
				fire = nil
				_ = s.ReloadDir(ctx, dir)
			}
		}
	}()
	return nil
}

func (s *Server) getPolicy(c *gin.Context) {
	out := gin.H{}
	if p := s.Policy.Active(); p != nil {
		out["revision"], out["digest"], out["source"], out["loaded_at"], out["tests_run"] = p.Revision, p.Digest, p.Source, p.LoadedAt, p.TestsRun
	}
	if a, err := s.Store.GetActive(c.Request.Context()); err == nil {
		out["activated_at"], out["activated_by"] = a.ActivatedAt, a.ActivatedBy
	}
	reloads, rejections := s.Policy.Stats()
	out["reloads"], out["rejections"] = reloads, rejections
	if f := s.Policy.LastFailure(); f != nil {
		out["last_load_error"] = f
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) listRevisions(c *gin.Context) {
	revs, err := s.Store.ListRevisions(c.Request.Context())
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	active := ""
	if p := s.Policy.Active(); p != nil {
		active = p.Digest
	}
	c.JSON(http.StatusOK, gin.H{"active_digest": active, "revisions": revs})
}

// readBundle reads and compiles an uploaded bundle; a refusal names every problem.
func (s *Server) readBundle(c *gin.Context, source string) (*policy.Policy, error) {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return nil, toError(err)
	}
	files, err := policy.ReadTarGz(bytes.NewReader(body))
	if err != nil {
		return nil, invalidInput([]FieldProblem{{Field: "bundle", Problem: err.Error()}})
	}
	p, err := s.Policy.Candidate(c.Request.Context(), files, source)
	var ce *policy.CompileError
	if errors.As(err, &ce) {
		details := make([]FieldProblem, 0, len(ce.Problems))
		for _, pr := range ce.Problems {
			details = append(details, FieldProblem{Field: "bundle", Problem: pr})
		}
		return nil, &Error{Status: http.StatusBadRequest, Code: "invalid_input",
			Message: "the bundle was refused at " + ce.Stage + "; the active policy stays", Details: details}
	}
	return p, err
}

func (s *Server) uploadBundle(c *gin.Context) {
	activate := c.DefaultQuery("activate", "true") != "false"
	by := principal(c)
	p, err := s.readBundle(c, "upload:"+by)
	if err != nil {
		s.auditBestEffort(c, "policy.upload.refused", map[string]string{"error": err.Error()})
		writeError(c, s.Log, err)
		return
	}
	ctx := c.Request.Context()
	if err := s.storeRevision(ctx, p, by); err != nil {
		writeError(c, s.Log, err)
		return
	}
	if activate {
		if err := s.activate(ctx, p, by); err != nil {
			writeError(c, s.Log, err)
			return
		}
	}
	if err := s.audit(c, "policy.upload", map[string]any{"digest": p.Digest, "revision": p.Revision, "activated": activate}); err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"revision": p.Revision, "digest": p.Digest, "tests_run": p.TestsRun, "activated": activate})
}

func (s *Server) activatePolicy(c *gin.Context) {
	var req struct {
		Digest string `json:"digest"`
	}
	body, err := s.readJSONBody(c)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	if err := json.Unmarshal(body, &req); err != nil || !revisionDigest(req.Digest) {
		writeError(c, s.Log, invalidInput([]FieldProblem{{Field: "digest", Problem: "must be a stored revision's digest, sha256:<64 hex>"}}))
		return
	}
	ctx := c.Request.Context()
	p, err := s.policyFor(ctx, req.Digest)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	if err := s.activate(ctx, p, principal(c)); err != nil {
		writeError(c, s.Log, err)
		return
	}
	if err := s.audit(c, "policy.activate", map[string]string{"digest": p.Digest, "revision": p.Revision}); err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"revision": p.Revision, "digest": p.Digest, "activated": true})
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

type verdict struct {
	Outcome string `json:"outcome"`
	Stance  string `json:"stance"`
	Green   bool   `json:"green"`
}

type changedDecision struct {
	DecisionID    string     `json:"decision_id"`
	ApplicationID string     `json:"application_id"`
	DecidedAt     time.Time  `json:"decided_at"`
	Amount        models.Fen `json:"amount"`
	Before        verdict    `json:"before"`
	After         verdict    `json:"after"`
}

// impact re-evaluates the recorded inputs of a decided_at range under a candidate bundle.
func (s *Server) impact(c *gin.Context) {
	var bad []FieldProblem
	var f models.DecisionFilter
	for _, k := range []string{"from", "to"} {
		t, err := time.Parse(time.RFC3339Nano, c.Query(k))
		if err != nil {
			bad = append(bad, FieldProblem{Field: k, Problem: "must be an RFC 3339 time"})
		}
		if k == "from" {
			f.From = t
		} else {
			f.To = t
		}
	}
	limit := 100
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			bad = append(bad, FieldProblem{Field: "limit", Problem: "must be a whole number from 0 to 1000"})
		}
		limit = n
	}
	if len(bad) > 0 {
		writeError(c, s.Log, invalidInput(bad))
		return
	}
	cand, err := s.readBundle(c, "impact:"+principal(c))
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	ctx := c.Request.Context()
	outcomes, stances, greens := map[string]int{}, map[string]int{}, map[string]int{}
	changed := []changedDecision{}
	var evaluated, nChanged int
	var changedFen, changedGreenFen models.Fen
	err = s.Store.StreamDecisions(ctx, f, func(d *models.Decision) error {
		res, err := cand.DecideRecorded(ctx, []byte(d.Input))
		if err != nil {
			return err
		}
		evaluated++
		before, after := verdict{d.Outcome, d.Stance, d.Green}, verdict{res.Outcome, res.Stance, res.Green}
		if before == after {
			return nil
		}
		nChanged++
		if before.Outcome != after.Outcome {
			outcomes[before.Outcome+"→"+after.Outcome]++
		}
		if before.Stance != after.Stance {
			stances[before.Stance+"→"+after.Stance]++
		}
		if before.Green != after.Green {
			greens[strconv.FormatBool(before.Green)+"→"+strconv.FormatBool(after.Green)]++
		}
		changedFen += d.AmountFen
		if after.Green {
			changedGreenFen += d.AmountFen
		}
		if len(changed) < limit {
			changed = append(changed, changedDecision{DecisionID: d.DecisionID, ApplicationID: d.ApplicationID,
				DecidedAt: d.DecidedAt.UTC(), Amount: d.AmountFen, Before: before, After: after})
		}
		return nil
	})
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{
		"candidate": gin.H{"revision": cand.Revision, "digest": cand.Digest, "tests_run": cand.TestsRun},
		"from":      f.From, "to": f.To, "evaluated": evaluated, "changed": nChanged,
		"outcome": outcomes, "stance": stances, "green": greens,
		"changed_decisions": changed, "changed_truncated": nChanged > len(changed),
		"changed_amount": changedFen, "changed_green_amount": changedGreenFen,
		"changed_green_share": share(changedGreenFen, changedFen),
	})
}

// replayDecision re-evaluates a recorded decision under the revision that made it.
func (s *Server) replayDecision(c *gin.Context) {
	ctx := c.Request.Context()
	d, err := s.Store.GetDecision(ctx, c.Param("decision_id"))
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	p, err := s.policyFor(ctx, d.PolicyDigest)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	replayed, err := p.DecideRecorded(ctx, []byte(d.Input))
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	recorded, err := recordedResult(d)
	if err != nil {
		writeError(c, s.Log, err)
		return
	}
	a, _ := json.Marshal(recorded)
	b, _ := json.Marshal(replayed)
	c.JSON(http.StatusOK, gin.H{"decision_id": d.DecisionID, "policy_revision": p.Revision, "policy_digest": p.Digest,
		"match": bytes.Equal(a, b), "recorded": recorded, "replayed": replayed})
}
