// Command greencredit runs the green-credit screening service of Yuyao Rural Commercial Bank.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/api"
	"greencredit/config"
	"greencredit/decisionlog"
	"greencredit/lifecycle"
	"greencredit/models"
	"greencredit/policy"
	"greencredit/review"
	"greencredit/screening"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "hash-key" {
		// Operators store only hashes: `echo -n "$KEY" | greencredit hash-key`.
		key, err := io.ReadAll(os.Stdin)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(api.HashKey(strings.TrimRight(string(key), "\r\n")))
		return
	}
	if len(os.Args) == 2 && os.Args[1] == "healthcheck" {
		// For container healthchecks (the image has no curl): GET /healthz on the listen address.
		cfg, err := config.Load()
		if err != nil {
			fmt.Fprintln(os.Stderr, "unhealthy:", err)
			os.Exit(1)
		}
		_, port, _ := net.SplitHostPort(cfg.Listen)
		c := &http.Client{Timeout: 2 * time.Second}
		resp, err := c.Get("http://127.0.0.1:" + port + "/healthz")
		if err != nil || resp.StatusCode != http.StatusOK {
			fmt.Fprintln(os.Stderr, "unhealthy:", err)
			os.Exit(1)
		}
		return
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("service stopped", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
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
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	keys, err := api.LoadKeys(cfg.KeysFile, cfg.KeysInline)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		if !config.IsLoopback(cfg.Listen) {
			return fmt.Errorf("no API keys are configured (GREENCREDIT_API_KEYS_FILE): development mode listens on loopback only, not %q", cfg.Listen)
		}
		log.Warn("DEVELOPMENT MODE: no API keys configured, every caller is admin; listening on loopback only. " +
			"Configure GREENCREDIT_API_KEYS_FILE before any real use.")
	}

	ref, err := models.LoadRefData()
	if err != nil {
		return fmt.Errorf("reference data: %w", err)
	}
	store, err := models.Open(ctx, models.DBConfig{MySQLDSN: cfg.MySQLDSN, SQLitePath: cfg.SQLitePath, OpTimeout: cfg.DBTimeout})
	if err != nil {
		return err
	}
	defer store.Close()
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
	if cfg.BundlePublicKey != "" {
		key, err := os.ReadFile(cfg.BundlePublicKey)
		if err != nil {
			return fmt.Errorf("GREENCREDIT_BUNDLE_PUBLIC_KEY: %w", err)
		}
		engine.RequireSignature(cfg.BundleKeyID, cfg.BundleKeyAlg, string(key))
		log.Info("policy bundles must be signed", "key_id", cfg.BundleKeyID)
	}
	book := store.NewBookCache(cfg.BookTTL, nil)
	app := &api.Server{Store: store, Policy: engine, Ref: ref, Log: log, BodyLimit: cfg.BodyLimit, Keys: keys,
		RequestTimeout: cfg.RequestTimeout, StreamTimeout: cfg.StreamTimeout, RateLimit: cfg.RateLimit, RateBurst: cfg.RateBurst,
		Book: book, SettleWindow: cfg.LogSettle}
	app.Metrics = api.NewMetrics(engine, app.BookNow, store.OpenReviews)
	dlog, err := decisionlog.Open(ctx, store, decisionlog.LogConfig{InstanceID: cfg.InstanceID, MaxBatch: cfg.LogMaxBatch,
		Linger: cfg.LogLinger, OnBatch: app.Metrics.ObserveBatch})
	if err != nil {
		return err
	}
	log.Info("decision log chain started", "chain_id", dlog.ChainID())
	app.Screening = &screening.Service{Store: store, Policy: engine, Book: book, Log: dlog,
		Mask: decisionlog.NewMasker(maskKey, strings.Split(cfg.MaskPaths, ",")), Logger: log,
		// Longer than any request may live, so a reservation's owner is surely gone.
		StaleAfter: 2*cfg.RequestTimeout + 5*time.Second, OnDecision: app.Metrics.ObserveDecision}

	// The database's active revision wins; with none, the bundle directory becomes the first.
	app.Reviews = &review.Service{Store: store, Policy: engine}
	// With API keys configured (production), policy changes need a second risk principal.
	app.Policies = lifecycle.New(store, engine, log, lifecycle.Config{Dir: cfg.PolicyDir, Watch: true, Poll: cfg.PolicyPoll,
		TwoPerson: len(keys) > 0})
	if err := app.Policies.Start(ctx); err != nil {
		return fmt.Errorf("policy: %w", err)
	}
	defer app.Policies.Stop()
	p := engine.Active()
	log.Info("policy active", "revision", p.Revision, "digest", p.Digest, "tests", p.TestsRun)

	if cfg.PprofListen != "" {
		if err := servePprof(cfg.PprofListen, log); err != nil {
			return err
		}
	}
	gin.SetMode(gin.ReleaseMode)
	srv := &http.Server{
		Addr:              cfg.Listen,
		Handler:           api.NewRouter(app),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", cfg.Listen, "database", store.Dialect)
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	// Shutdown waits for in-flight screenings, whose handlers return only after their commit.
	err = srv.Shutdown(sctx)
	// Then the decision log commits whatever is still queued before the database closes.
	dlog.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
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
