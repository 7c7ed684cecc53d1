// Command greencredit runs the green-credit screening service of Yuyao Rural Commercial Bank.
package main

import (
	"cmp"
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
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"greencredit/api"
	"greencredit/models"
	"greencredit/policy"
)

// Config is read from the environment; every setting has a default.
type Config struct {
	Listen          string
	MySQLDSN        string
	SQLitePath      string
	PolicyDir       string
	BodyLimit       int64
	DBTimeout       time.Duration
	ShutdownTimeout time.Duration
	KeysFile        string
	KeysInline      string
	RequestTimeout  time.Duration
	StreamTimeout   time.Duration
	RateLimit       float64
	RateBurst       int
	InstanceID      string
	LogMaxBatch     int
	LogLinger       time.Duration
	LogSettle       time.Duration
	BookTTL         time.Duration
	PolicyPoll      time.Duration
	MaskKey         string
	MaskPaths       string
	GCPercent       int
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func loadConfig() (Config, error) {
	c := Config{
		Listen:     env("GREENCREDIT_LISTEN", "127.0.0.1:8080"),
		MySQLDSN:   env("GREENCREDIT_MYSQL_DSN", ""),
		SQLitePath: env("GREENCREDIT_SQLITE_PATH", "greencredit.db"),
		PolicyDir:  env("GREENCREDIT_POLICY_DIR", "rego"),
		KeysFile:   env("GREENCREDIT_API_KEYS_FILE", ""),
		KeysInline: env("GREENCREDIT_API_KEYS", ""),
	}
	var err error
	if c.BodyLimit, err = strconv.ParseInt(env("GREENCREDIT_BODY_LIMIT", "1048576"), 10, 64); err != nil || c.BodyLimit <= 0 {
		return c, fmt.Errorf("GREENCREDIT_BODY_LIMIT: want a positive number of bytes")
	}
	if c.DBTimeout, err = time.ParseDuration(env("GREENCREDIT_DB_TIMEOUT", "5s")); err != nil {
		return c, fmt.Errorf("GREENCREDIT_DB_TIMEOUT: %w", err)
	}
	if c.ShutdownTimeout, err = time.ParseDuration(env("GREENCREDIT_SHUTDOWN_TIMEOUT", "30s")); err != nil {
		return c, fmt.Errorf("GREENCREDIT_SHUTDOWN_TIMEOUT: %w", err)
	}
	if c.RequestTimeout, err = time.ParseDuration(env("GREENCREDIT_REQUEST_TIMEOUT", "10s")); err != nil || c.RequestTimeout <= 0 {
		return c, fmt.Errorf("GREENCREDIT_REQUEST_TIMEOUT: want a positive duration such as 10s")
	}
	if c.StreamTimeout, err = time.ParseDuration(env("GREENCREDIT_STREAM_TIMEOUT", "1h")); err != nil || c.StreamTimeout <= 0 {
		return c, fmt.Errorf("GREENCREDIT_STREAM_TIMEOUT: want a positive duration such as 1h")
	}
	if c.RateLimit, err = strconv.ParseFloat(env("GREENCREDIT_RATE_LIMIT", "200"), 64); err != nil || c.RateLimit < 0 {
		return c, fmt.Errorf("GREENCREDIT_RATE_LIMIT: want requests per second per API key (0 = unlimited)")
	}
	hostname, _ := os.Hostname()
	c.InstanceID = env("GREENCREDIT_INSTANCE_ID", cmp.Or(hostname, "instance"))
	c.MaskKey, c.MaskPaths = env("GREENCREDIT_MASK_KEY", ""), env("GREENCREDIT_MASK_PATHS", "")
	if c.LogMaxBatch, err = strconv.Atoi(env("GREENCREDIT_LOG_MAX_BATCH", "128")); err != nil || c.LogMaxBatch < 1 || c.LogMaxBatch > 10000 {
		return c, fmt.Errorf("GREENCREDIT_LOG_MAX_BATCH: want 1 to 10000")
	}
	if c.PolicyPoll, err = time.ParseDuration(env("GREENCREDIT_POLICY_POLL", "5s")); err != nil || c.PolicyPoll <= 0 {
		return c, fmt.Errorf("GREENCREDIT_POLICY_POLL: want a positive duration")
	}
	if c.BookTTL, err = time.ParseDuration(env("GREENCREDIT_BOOK_TTL", "2s")); err != nil || c.BookTTL <= 0 {
		return c, fmt.Errorf("GREENCREDIT_BOOK_TTL: want a positive duration")
	}
	if c.LogSettle, err = time.ParseDuration(env("GREENCREDIT_LOG_SETTLE", "0s")); err != nil || c.LogSettle < 0 {
		return c, fmt.Errorf("GREENCREDIT_LOG_SETTLE: want a duration (0s = request timeout + 1s)")
	}
	if c.LogLinger, err = time.ParseDuration(env("GREENCREDIT_LOG_LINGER", "0s")); err != nil || c.LogLinger < 0 || c.LogLinger > time.Second {
		return c, fmt.Errorf("GREENCREDIT_LOG_LINGER: want a duration from 0s to 1s")
	}
	if c.RateBurst, err = strconv.Atoi(env("GREENCREDIT_RATE_BURST", "400")); err != nil || c.RateBurst < 0 {
		return c, fmt.Errorf("GREENCREDIT_RATE_BURST: want a non-negative number of requests")
	}
	// The Go runtime's own GOGC, when set, wins over GREENCREDIT_GOGC.
	if c.GCPercent, err = strconv.Atoi(env("GREENCREDIT_GOGC", "400")); err != nil || c.GCPercent < 25 {
		return c, fmt.Errorf("GREENCREDIT_GOGC must be a whole number of at least 25, not %q", env("GREENCREDIT_GOGC", ""))
	}
	return c, nil
}

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
		_, port, _ := net.SplitHostPort(env("GREENCREDIT_LISTEN", "127.0.0.1:8080"))
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
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
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
		host, _, err := net.SplitHostPort(cfg.Listen)
		if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
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
	app := &api.Server{Store: store, Policy: policy.NewEngine(), Ref: ref, Log: log, BodyLimit: cfg.BodyLimit, Keys: keys,
		RequestTimeout: cfg.RequestTimeout, StreamTimeout: cfg.StreamTimeout, RateLimit: cfg.RateLimit, RateBurst: cfg.RateBurst,
		Book: store.NewBookCache(cfg.BookTTL, nil), SettleWindow: cfg.LogSettle, Mask: api.NewMasker(maskKey, strings.Split(cfg.MaskPaths, ","))}
	app.Metrics = api.NewMetrics(app.Policy, app.BookNow)
	dlog, err := store.OpenDecisionLog(ctx, models.LogConfig{InstanceID: cfg.InstanceID, MaxBatch: cfg.LogMaxBatch, Linger: cfg.LogLinger,
		OnBatch: app.Metrics.ObserveBatch})
	if err != nil {
		return err
	}
	app.Decisions = dlog
	log.Info("decision log chain started", "chain_id", dlog.ChainID())

	if path := env("GREENCREDIT_BUNDLE_PUBLIC_KEY", ""); path != "" {
		key, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("GREENCREDIT_BUNDLE_PUBLIC_KEY: %w", err)
		}
		app.Policy.RequireSignature(env("GREENCREDIT_BUNDLE_KEY_ID", "default"), env("GREENCREDIT_BUNDLE_KEY_ALG", "RS256"), string(key))
		log.Info("policy bundles must be signed", "key_id", env("GREENCREDIT_BUNDLE_KEY_ID", "default"))
	}
	// The database's active revision wins; with none, the bundle directory becomes the first.
	if err := app.InitPolicy(ctx, cfg.PolicyDir); err != nil {
		return fmt.Errorf("policy: %w", err)
	}
	p := app.Policy.Active()
	log.Info("policy active", "revision", p.Revision, "digest", p.Digest, "tests", p.TestsRun)
	go app.WatchActivePolicy(ctx, cfg.PolicyPoll)
	if err := app.WatchPolicyDir(ctx, cfg.PolicyDir, 500*time.Millisecond); err != nil {
		log.Warn("policy directory is not watched; upload bundles instead", "err", err)
	}

	if addr := env("GREENCREDIT_PPROF_LISTEN", ""); addr != "" {
		if err := servePprof(addr, log); err != nil {
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
// e.g. 127.0.0.1:6060), for profiling under load; it is off unless set.
func servePprof(addr string, log *slog.Logger) error {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return fmt.Errorf("GREENCREDIT_PPROF_LISTEN must be a loopback address, not %q", addr)
	}
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
