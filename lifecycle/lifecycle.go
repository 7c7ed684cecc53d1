// Package lifecycle runs the policy bundle's life in the service: the initial load (from the
// database's active revision, else the bundle directory), the directory watch, the poll that
// makes every instance follow the database's active revision, uploads, activation and rollback
// (activating an earlier stored revision). Each change commits with its audit event.
//
// The engine (policy.Engine) only compiles, holds and swaps policies; the database holds which
// revision is active. This package is the one place that keeps the two in step.
package lifecycle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"greencredit/policy"
	"greencredit/refusal"
	"greencredit/storage"
)

// Config says where the bundle directory is and how often the database is polled.
type Config struct {
	// Dir is the bundle directory (rego/): the first revision of a new database, and where
	// risk staff's edits are picked up (watched when Watch is set).
	Dir   string
	Watch bool
	// Poll is how often the active revision is read from the database (default 5s).
	Poll time.Duration
	// Debounce is how long the watch waits after the last file event (default 500ms).
	Debounce time.Duration
	// TwoPerson (production: API keys configured): an uploaded or watched bundle becomes a
	// pending revision, which a second risk principal approves (Approve) before it can be
	// activated. Without it (development mode) an upload is accepted and activated in one step.
	TwoPerson bool
}

// Manager keeps the engine on the database's active revision. Start it once; Stop joins its
// goroutines.
type Manager struct {
	store  *storage.Store
	engine *policy.Engine
	log    *slog.Logger
	cfg    Config

	stop context.CancelFunc
	wg   sync.WaitGroup
	// compiling admits one candidate at a time (an upload, an impact analysis, a watched change):
	// compiling and testing a bundle may take much memory.
	compiling chan struct{}
}

// New returns a manager; nothing runs until Start.
func New(store *storage.Store, engine *policy.Engine, log *slog.Logger, cfg Config) *Manager {
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 500 * time.Millisecond
	}
	return &Manager{store: store, engine: engine, log: log, cfg: cfg, compiling: make(chan struct{}, 1)}
}

// TwoPerson tells whether policy changes need a second risk principal's approval.
func (m *Manager) TwoPerson() bool { return m.cfg.TwoPerson }

// Engine is the engine this manager drives.
func (m *Manager) Engine() *policy.Engine { return m.engine }

// Start loads the policy (Init), then polls the database's active revision and, when
// configured, watches the bundle directory, until Stop.
func (m *Manager) Start(ctx context.Context) error {
	if err := m.Init(ctx); err != nil {
		return err
	}
	ctx, m.stop = context.WithCancel(context.WithoutCancel(ctx))
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		m.poll(ctx)
	}()
	if m.cfg.Watch {
		if err := m.watch(ctx); err != nil {
			m.log.WarnContext(ctx, "policy directory is not watched; upload bundles instead", "err", err)
		}
	}
	return nil
}

// Stop ends the poll and the watch and waits for them.
func (m *Manager) Stop() {
	if m.stop != nil {
		m.stop()
	}
	m.wg.Wait()
}

// Init activates the database's active revision; with none yet, the bundle directory, which is
// stored as the first revision. On a database that has an active revision, a directory bundle
// it does not hold yet (an upgrade's new rules) is stored without being activated: offered to
// risk staff (impact analysis, POST /v1/policy/activate), not forced.
func (m *Manager) Init(ctx context.Context) error {
	if a, err := m.store.GetActive(ctx); err == nil {
		p, err := m.PolicyFor(ctx, a.Digest)
		if err != nil {
			return fmt.Errorf("active policy %s: %w", a.Digest, err)
		}
		m.engine.Activate(p)
		m.offerDir(ctx)
		return nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	files, err := policy.ReadDir(m.cfg.Dir)
	if err != nil {
		return err
	}
	_, err = m.save(ctx, files, "dir:"+m.cfg.Dir, "startup", "startup", true, nil)
	return err
}

// offerDir stores the directory's bundle as an inactive revision when it is new; a bundle that
// does not compile or pass its tests is logged and left out (the active revision stays).
func (m *Manager) offerDir(ctx context.Context) {
	files, err := policy.ReadDir(m.cfg.Dir)
	if err != nil {
		m.log.WarnContext(ctx, "policy directory not read", "dir", m.cfg.Dir, "err", err)
		return
	}
	if cur := m.engine.Active(); cur != nil && cur.Digest == files.Digest() {
		return
	}
	if _, err := m.store.GetRevision(ctx, files.Digest()); err == nil {
		return // offered before
	}
	p, err := m.save(ctx, files, "dir:"+m.cfg.Dir, "startup (offered)", m.approver("startup (offered)"), false, nil)
	if err != nil {
		m.log.WarnContext(ctx, "policy directory bundle not offered", "dir", m.cfg.Dir, "err", err)
		return
	}
	m.log.InfoContext(ctx, "a new policy revision is offered, not activated", "revision", p.Revision, "digest", p.Digest,
		"active", m.engine.Active().Revision)
}

// PolicyFor returns the compiled policy with this digest: the active one, a recent one, or one
// compiled from its stored revision (then remembered for the next replay).
func (m *Manager) PolicyFor(ctx context.Context, digest string) (*policy.Policy, error) {
	if p := m.engine.Lookup(digest); p != nil {
		return p, nil
	}
	rev, err := m.store.GetRevision(ctx, digest)
	if err != nil {
		return nil, err
	}
	files, err := policy.ReadTarGz(bytes.NewReader(rev.Bundle))
	if err != nil {
		return nil, fmt.Errorf("stored revision %s: %w", digest, err)
	}
	p, err := m.engine.Compile(ctx, files, rev.Source)
	if err != nil {
		return nil, fmt.Errorf("stored revision %s: %w", digest, err)
	}
	m.engine.Remember(p)
	return p, nil
}

// Candidate compiles and tests a bundle for a look only (impact analysis): nothing is stored,
// remembered or counted. One candidate is compiled at a time (ErrBusy otherwise).
func (m *Manager) Candidate(ctx context.Context, files policy.Files, source string) (*policy.Policy, error) {
	if !m.admit() {
		return nil, ErrBusy
	}
	defer m.release()
	return m.engine.Compile(ctx, files, source)
}

// ErrBusy: another candidate bundle is being compiled and tested; retry in a moment.
var ErrBusy = refusal.NewBusy("policy_busy", "another policy bundle is being compiled and tested; retry in a moment")

func (m *Manager) admit() bool {
	select {
	case m.compiling <- struct{}{}:
		return true
	default:
		return false
	}
}

func (m *Manager) release() { <-m.compiling }

// AuditOf builds the audit event of an accepted bundle once its revision is known (nil: none).
type AuditOf func(p *policy.Policy) *storage.AuditEvent

// Propose compiles and tests an uploaded bundle and stores it as a revision, with its audit event
// in one transaction. In development mode it is approved by its uploader and, when activate is
// set, activated at once (this instance swaps it in; the others follow through the poll). With
// TwoPerson it is stored pending (activate is ignored): a second risk principal approves it
// (Approve), then it can be activated. A refused bundle is counted and remembered as the last
// load failure; the active policy stays. Pending tells whether it awaits approval.
func (m *Manager) Propose(ctx context.Context, files policy.Files, source, by string, activate bool, audit AuditOf) (p *policy.Policy, pending bool, err error) {
	if !m.admit() {
		return nil, false, ErrBusy
	}
	defer m.release()
	approver := m.approver(by)
	if approver == "" {
		activate = false
	}
	p, err = m.save(ctx, files, source, by, approver, activate, audit)
	return p, approver == "", err
}

// approver is who approves a revision stored by by: by itself in development mode, nobody yet
// (pending) with two-person changes.
func (m *Manager) approver(by string) string {
	if m.cfg.TwoPerson {
		return ""
	}
	return by
}

// save compiles, stores (approved by approvedBy, "" = pending) and optionally activates a bundle.
func (m *Manager) save(ctx context.Context, files policy.Files, source, by, approvedBy string, activate bool, audit AuditOf) (*policy.Policy, error) {
	p, err := m.engine.Compile(ctx, files, source)
	if err != nil {
		m.engine.RecordRejection(source, files.Digest(), err)
		return nil, err
	}
	tgz, err := p.Files.TarGz()
	if err != nil {
		return nil, err
	}
	var ev *storage.AuditEvent
	if audit != nil {
		ev = audit(p)
	}
	activateBy := ""
	if activate {
		activateBy = by
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	rev := &storage.PolicyRevision{Digest: p.Digest, Revision: p.Revision, Bundle: tgz, Source: p.Source,
		UploadedBy: by, UploadedAt: now, ApprovedBy: approvedBy}
	if approvedBy != "" {
		rev.ApprovedAt = &now
	}
	if err := m.store.SaveRevision(ctx, rev, activateBy, ev); err != nil {
		return nil, err
	}
	m.engine.Remember(p)
	if activate {
		m.engine.Activate(p)
		m.log.InfoContext(ctx, "policy activated", "revision", p.Revision, "digest", p.Digest, "by", by)
	}
	return p, nil
}

// Approve records a second risk principal's approval of a pending revision, with its audit
// event: the uploader may not approve its own upload (four eyes).
func (m *Manager) Approve(ctx context.Context, digest, by string, audit func(rev *storage.PolicyRevision) *storage.AuditEvent) (*storage.PolicyRevision, error) {
	rev, err := m.store.GetRevision(ctx, digest)
	if err != nil {
		return nil, err
	}
	if rev.ApprovedBy != "" {
		return nil, refusal.NewConflict("already_approved", "revision "+rev.Revision+" was approved by "+rev.ApprovedBy)
	}
	if rev.UploadedBy == by {
		return nil, refusal.NewForbidden("four_eyes", "a revision is approved by a second risk principal, not by its uploader "+by)
	}
	var ev *storage.AuditEvent
	if audit != nil {
		ev = audit(rev)
	}
	ok, err := m.store.ApproveRevision(ctx, digest, by, ev)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refusal.NewConflict("already_approved", "revision "+rev.Revision+" was approved meanwhile")
	}
	return m.store.GetRevision(ctx, digest)
}

// Activate makes a stored revision the one every instance runs (a rollback is the activation of
// an earlier one): recorded in the database with its audit event first, then swapped in here.
func (m *Manager) Activate(ctx context.Context, digest, by string, audit AuditOf) (*policy.Policy, error) {
	if m.cfg.TwoPerson {
		rev, err := m.store.GetRevision(ctx, digest)
		if err != nil {
			return nil, err
		}
		if rev.ApprovedBy == "" {
			return nil, refusal.NewConflict("revision_not_approved",
				"revision "+rev.Revision+" awaits a second risk principal's approval (POST /v1/policy/revisions/{digest}/approve)")
		}
	}
	p, err := m.PolicyFor(ctx, digest)
	if err != nil {
		return nil, err
	}
	var ev *storage.AuditEvent
	if audit != nil {
		ev = audit(p)
	}
	if err := m.store.SetActive(ctx, p.Digest, by, ev); err != nil {
		return nil, err
	}
	m.engine.Activate(p)
	m.log.InfoContext(ctx, "policy activated", "revision", p.Revision, "digest", p.Digest, "by", by)
	return p, nil
}

// Sync makes this instance run the database's active revision.
func (m *Manager) Sync(ctx context.Context) error {
	a, err := m.store.GetActive(ctx)
	if err != nil {
		return err
	}
	if cur := m.engine.Active(); cur != nil && cur.Digest == a.Digest {
		return nil
	}
	p, err := m.PolicyFor(ctx, a.Digest)
	if err != nil {
		return err
	}
	m.engine.Activate(p)
	m.log.InfoContext(ctx, "policy followed the database", "revision", p.Revision, "digest", p.Digest)
	return nil
}

func (m *Manager) poll(ctx context.Context) {
	t := time.NewTicker(m.cfg.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := m.Sync(ctx); err != nil && !errors.Is(err, storage.ErrNotFound) && ctx.Err() == nil {
				m.log.WarnContext(ctx, "policy sync failed", "err", err)
			}
		}
	}
}

// ReloadDir takes the bundle directory's current files as a new active revision when they
// differ from the active policy and pass compilation and their own tests; with TwoPerson, as a
// pending revision only (offered once).
func (m *Manager) ReloadDir(ctx context.Context) error {
	files, err := policy.ReadDir(m.cfg.Dir)
	if err != nil {
		return err
	}
	if cur := m.engine.Active(); cur != nil && cur.Digest == files.Digest() {
		return nil
	}
	if m.cfg.TwoPerson {
		if _, err := m.store.GetRevision(ctx, files.Digest()); err == nil {
			return nil // proposed before
		}
	}
	p, pending, err := m.Propose(ctx, files, "dir:"+m.cfg.Dir, "dir-watch", true, nil)
	if err != nil {
		m.log.ErrorContext(ctx, "policy directory change refused; the active policy stays", "err", err)
		return err
	}
	if pending {
		m.log.InfoContext(ctx, "policy directory change proposed: it awaits a second risk principal's approval",
			"revision", p.Revision, "digest", p.Digest)
	}
	return nil
}

// watch reloads the bundle directory when its files change (debounced).
func (m *Manager) watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", m.cfg.Dir, err)
	}
	err = filepath.WalkDir(m.cfg.Dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			err = w.Add(p)
		}
		return err
	})
	if err != nil {
		_ = w.Close()
		return fmt.Errorf("watch %s: %w", m.cfg.Dir, err)
	}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
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
				fire = time.After(m.cfg.Debounce)
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				m.log.WarnContext(ctx, "policy directory watch", "err", err)
			case <-fire:
				fire = nil
				_ = m.ReloadDir(ctx)
			}
		}
	}()
	return nil
}
