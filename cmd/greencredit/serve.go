package main

// The service itself: configuration, the composition of every part, and its HTTP server.

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/api"
	"greencredit/booking"
	"greencredit/config"
	"greencredit/decisionlog"
	"greencredit/lifecycle"
	"greencredit/policy"
	"greencredit/refdata"
	"greencredit/review"
	"greencredit/screening"
	"greencredit/shadow"
	"greencredit/storage"
)

// serve runs the service until SIGINT or SIGTERM: `greencredit` or `greencredit serve`.
func serve(args []string) int {
	if len(args) > 0 {
		usage(os.Stderr)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, log); err != nil {
		log.Error("service stopped", "err", err)
		return 1
	}
	return 0
}

// run serves until ctx ends (SIGINT or SIGTERM).
func run(ctx context.Context, log *slog.Logger) error {
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	if cfg.GCPercent > 0 {
		// Each screening allocates ~50 KB of short-lived policy-evaluation garbage on a small
		// live heap; collecting at 400% growth instead of Go's 100% cut the service's CPU per
		// screening by about a quarter (docs/performance.md) for a few tens of MB more memory.
		debug.SetGCPercent(cfg.GCPercent)
	}
	keys, err := api.LoadKeys(cfg.KeysFile, cfg.KeysInline)
	if err != nil {
		return err
	}
	production := len(keys) > 0
	if !production {
		if !config.IsLoopback(cfg.Listen) {
			return fmt.Errorf("no API keys are configured (GREENCREDIT_API_KEYS_FILE): development mode listens on loopback only, not %q", cfg.Listen)
		}
		log.Warn("DEVELOPMENT MODE: no API keys configured, every caller is admin; listening on loopback only. " +
			"Configure GREENCREDIT_API_KEYS_FILE before any real use.")
	}
	if production {
		if err := config.CheckSecret("GREENCREDIT_MASK_KEY", cfg.MaskKey); err != nil {
			return err
		}
	}
	signing, err := signingKeys(cfg, production, log)
	if err != nil {
		return err
	}
	if cfg.PprofListen != "" {
		if err := servePprof(cfg.PprofListen, log); err != nil {
			return err
		}
	}

	// Listen at once: /healthz answers while the database is not there yet (/readyz 503), and the
	// service proper starts as soon as it is, retrying with backoff.
	gin.SetMode(gin.ReleaseMode)
	handler := &swapHandler{}
	handler.set(startingHandler())
	conns := newConnLimit(maxConnections(cfg.MaxConnections))
	srv := &http.Server{
		ConnState:         conns.track,
		Addr:              cfg.Listen,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", cfg.Listen, "max_connections", conns.max)
		errc <- srv.Serve(conns.listen(ln))
	}()
	var started *service
	for delay := time.Second; started == nil; delay = min(2*delay, 30*time.Second) {
		if started, err = startService(ctx, cfg, keys, signing, log); err == nil {
			break
		}
		log.Error("the service could not start; retrying", "err", err, "retry_in", delay.String())
		select {
		case <-ctx.Done():
			_ = srv.Close()
			return nil
		case err := <-errc:
			return err
		case <-time.After(delay):
		}
	}
	handler.set(api.NewRouter(started.app))
	log.Info("ready", "database", started.app.Store.Dialect)
	select {
	case err := <-errc:
		started.stop()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	// Shutdown waits for in-flight screenings, whose handlers return only after their commit.
	err = srv.Shutdown(sctx)
	started.stop()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// service is the started service and how to stop it.
type service struct {
	app  *api.Server
	stop func()
}

// startService opens the database, loads the policy and starts the decision log, the lifecycle
// and the checkpointer. On failure (the database not there yet) nothing is left running.
func startService(ctx context.Context, cfg config.Config, keys api.Keys, signing *decisionlog.Keys, log *slog.Logger) (*service, error) {
	ref, err := refdata.LoadRefData()
	if err != nil {
		return nil, fmt.Errorf("reference data: %w", err)
	}
	store, err := storage.Open(ctx, storage.DBConfig{MySQLDSN: cfg.MySQLDSN, SQLitePath: cfg.SQLitePath, OpTimeout: cfg.DBTimeout})
	if err != nil {
		return nil, err
	}
	var undo []func()
	fail := func(err error) (*service, error) {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
		_ = store.Close()
		return nil, err
	}
	if store.Dialect == "sqlite" {
		log.Warn("no GREENCREDIT_MYSQL_DSN: using the embedded SQLite file; production runs on MySQL", "path", cfg.SQLitePath)
	}
	maskKey := []byte(cfg.MaskKey)
	if len(maskKey) == 0 {
		maskKey = make([]byte, 32)
		_, _ = rand.Read(maskKey)
		log.Warn("GREENCREDIT_MASK_KEY is not set: personal data is masked with a random key, so masked values " +
			"cannot be matched after a restart. Set a secret key of at least 32 bytes in production.")
	}
	engine := policy.NewEngine()
	// A bundle's own tests run in a child process under a memory limit (bundletests.go).
	engine.RunTestsWith(childTests(cfg.BundleTestMemory, 2*time.Minute))
	if cfg.BundlePublicKey != "" {
		key, err := os.ReadFile(cfg.BundlePublicKey)
		if err != nil {
			return fail(fmt.Errorf("GREENCREDIT_BUNDLE_PUBLIC_KEY: %w", err))
		}
		engine.RequireSignature(cfg.BundleKeyID, cfg.BundleKeyAlg, string(key))
		log.Info("policy bundles must be signed", "key_id", cfg.BundleKeyID)
	}
	book := store.NewBookCache(cfg.BookTTL, nil)
	app := &api.Server{Store: store, Policy: engine, Ref: ref, Log: log, BodyLimit: cfg.BodyLimit, Keys: keys,
		RequestTimeout: cfg.RequestTimeout, StreamTimeout: cfg.StreamTimeout, RateLimit: cfg.RateLimit, RateBurst: cfg.RateBurst,
		Book: book, SettleWindow: cfg.LogSettle, CapWarningMarginBP: cfg.CapWarningMarginBP,
		ConsoleIdle: cfg.ConsoleIdle, ConsoleMaxAge: cfg.ConsoleMaxAge, ConsoleSecureCookie: cfg.ConsoleSecureCookie}
	app.Metrics = api.NewMetrics(engine, app.BookNow, store.OpenReviews, cfg.CapWarningMarginBP)
	// The database's active revision wins; with none, the bundle directory becomes the first.
	// With API keys configured (production), policy changes need a second risk principal.
	policies := lifecycle.New(store, engine, log, lifecycle.Config{Dir: cfg.PolicyDir, Watch: true, Poll: cfg.PolicyPoll,
		TwoPerson: len(keys) > 0})
	if err := policies.Start(ctx); err != nil {
		return fail(fmt.Errorf("policy: %w", err))
	}
	undo = append(undo, policies.Stop)
	app.Policies = policies
	p := engine.Active()
	log.Info("policy active", "revision", p.Revision, "digest", p.Digest, "tests", p.TestsRun)
	// A head found moved behind the writer is tampering: counted, logged, and reported by every
	// verification of this process.
	incidents := &decisionlog.Incidents{}
	dlog, err := decisionlog.Open(ctx, store, decisionlog.LogConfig{InstanceID: cfg.InstanceID, MaxBatch: cfg.LogMaxBatch,
		Linger: cfg.LogLinger, OnBatch: app.Metrics.ObserveBatch, Keys: signing, Log: log,
		OnHeadMoved: func(chainID string, written, found uint64) {
			app.Metrics.HeadMoved()
			incidents.Add(chainID, written, found)
		}})
	if err != nil {
		return fail(err)
	}
	log.Info("decision log chain started", "chain_id", dlog.ChainID())
	// Checkpoints: signed at an interval and at shutdown (after the writer's last commit), each
	// also written to the checkpoint directory; the verifier checks the log against them.
	checkpoints := decisionlog.NewCheckpointer(store, decisionlog.CheckpointConfig{Keys: signing, Dir: cfg.CheckpointDir,
		Interval: cfg.CheckpointInterval, Log: log})
	app.Checkpoints = checkpoints
	verifier := decisionlog.NewVerifier(store, signing.Verifier(), cfg.CheckpointDir, review.ChainCheck(store)).WithIncidents(incidents)
	heads := decisionlog.NewHeads(signing.Verifier())
	app.Heads = heads
	jobs := decisionlog.NewJobs(verifier, cfg.VerifyJobTimeout)
	app.Verifier, app.VerifyJobs = verifier, jobs
	app.PublicKey, app.VerifyTimeout = signing.PublicKey, cfg.VerifyTimeout
	app.Reviews = &review.Service{Store: store, Policy: engine, Keys: signing, Heads: heads}
	app.Booking = &booking.Service{Store: store, Book: book}
	app.Screening = &screening.Service{Store: store, Policy: engine, Book: book, Log: dlog,
		Mask: decisionlog.NewMasker(maskKey, strings.Split(cfg.MaskPaths, ",")), Logger: log,
		// Longer than any request may live, so a reservation's owner is surely gone.
		StaleAfter: 2*cfg.RequestTimeout + 5*time.Second, OnDecision: app.Metrics.ObserveDecision}
	// Shadow evaluation: each committed screening also under the revision in shadow, if one is on,
	// after its answer, on a bounded queue.
	shadows := shadow.New(store, policies, shadow.Config{Queue: cfg.ShadowQueue, Rate: cfg.ShadowRate, Poll: cfg.PolicyPoll, Log: log,
		OnResult: app.Metrics.ObserveShadow, OnSkip: app.Metrics.ShadowSkipped, Busy: app.Metrics.Busy})
	if err := shadows.Start(ctx); err != nil {
		return fail(fmt.Errorf("shadow: %w", err))
	}
	app.Shadow = shadows
	checkpoints.Start(ctx)
	retention := screening.StartRetention(ctx, store, cfg.IdempotencyRetention, log)
	return &service{app: app, stop: func() {
		// In order: the decision log commits whatever is still queued, a last checkpoint signs
		// it, then the background work stops and the database closes.
		dlog.Close()
		shadows.Stop()
		checkpoints.Stop()
		retention()
		jobs.Close()
		policies.Stop()
		_ = store.Close()
	}}, nil
}

// swapHandler serves the starting handler until the service is up, then the service's router.
type swapHandler struct{ h atomic.Pointer[http.Handler] }

func (s *swapHandler) set(h http.Handler) { s.h.Store(&h) }

func (s *swapHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*s.h.Load()).ServeHTTP(w, r)
}

// startingHandler answers while the service waits for its database: alive, not ready, and 503
// (with Retry-After, in the contract's error body) for everything else.
func startingHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok","starting":true}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		if r.URL.Path == "/readyz" {
			_, _ = w.Write([]byte(`{"ready":false,"database":false,"policy":false,"starting":true}`))
			return
		}
		_, _ = w.Write([]byte(`{"error":{"code":"unavailable","message":"the service is starting (waiting for its database); nothing was decided or recorded"}}`))
	})
	return mux
}

// signingKeys loads the checkpoint signing key (GREENCREDIT_SIGNING_KEY or _FILE). Production
// refuses to start without one; development mode makes a throwaway key and says so. The public
// key is written beside the checkpoints.
func signingKeys(cfg config.Config, production bool, log *slog.Logger) (*decisionlog.Keys, error) {
	text := cfg.SigningKey
	if cfg.SigningKeyFile != "" {
		b, err := os.ReadFile(cfg.SigningKeyFile)
		if err != nil {
			return nil, fmt.Errorf("GREENCREDIT_SIGNING_KEY_FILE: %w", err)
		}
		text = string(b)
	}
	if strings.TrimSpace(text) == "" {
		if production {
			return nil, errors.New("API keys are configured (production) but no checkpoint signing key is: set GREENCREDIT_SIGNING_KEY_FILE " +
				"(make one with `greencredit gen-signing-key`) and keep it outside the database")
		}
		// Development mode: a key made once and kept in the checkpoint directory, so that the
		// checkpoints of earlier runs still verify.
		devKey := filepath.Join(cmp.Or(cfg.CheckpointDir, "."), "dev-signing.key")
		if b, err := os.ReadFile(devKey); err == nil {
			text = string(b)
		} else {
			priv, _, err := decisionlog.GenerateKeys("greencredit-dev")
			if err != nil {
				return nil, err
			}
			if err := os.MkdirAll(filepath.Dir(devKey), 0o750); err != nil {
				return nil, err
			}
			if err := os.WriteFile(devKey, []byte(priv+"\n"), 0o600); err != nil {
				return nil, fmt.Errorf("development signing key: %w", err)
			}
			text = priv
		}
		log.Warn("DEVELOPMENT MODE: checkpoints are signed with a development key kept beside them ("+devKey+"). "+
			"Set GREENCREDIT_SIGNING_KEY_FILE to a key outside the database in production.", "path", devKey)
	}
	k, err := decisionlog.LoadKeys(text)
	if err != nil {
		return nil, err
	}
	if cfg.CheckpointDir != "" {
		if err := os.MkdirAll(cfg.CheckpointDir, 0o750); err != nil {
			return nil, fmt.Errorf("GREENCREDIT_CHECKPOINT_DIR: %w", err)
		}
		if err := os.WriteFile(filepath.Join(cfg.CheckpointDir, "public.key"), []byte(k.PublicKey+"\n"), 0o644); err != nil {
			return nil, fmt.Errorf("GREENCREDIT_CHECKPOINT_DIR: %w", err)
		}
	}
	log.Info("checkpoints are signed", "public_key", k.PublicKey)
	return k, nil
}

// servePprof serves Go's profiler on a separate loopback-only address (GREENCREDIT_PPROF_LISTEN,
// e.g. 127.0.0.1:6060, checked by config.Load), for profiling under load; it is off unless set.
func servePprof(addr string, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("pprof listener: %w", err)
	}
	log.Info("profiler listening", "addr", addr)
	go func() { _ = http.Serve(ln, mux) }()
	return nil
}
