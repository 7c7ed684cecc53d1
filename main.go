// Command greencredit runs the green-credit screening service of Yuyao Rural Commercial Bank.
package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
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
	if len(os.Args) >= 2 && os.Args[1] == "gen-signing-key" {
		os.Exit(genSigningKey(os.Args[2:]))
	}
	if len(os.Args) >= 2 && os.Args[1] == "verify-export" {
		os.Exit(verifyExport(os.Args[2:], os.Stdout, os.Stderr))
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
	signing, err := signingKeys(cfg, len(keys) > 0, log)
	if err != nil {
		return err
	}
	book := store.NewBookCache(cfg.BookTTL, nil)
	app := &api.Server{Store: store, Policy: engine, Ref: ref, Log: log, BodyLimit: cfg.BodyLimit, Keys: keys,
		RequestTimeout: cfg.RequestTimeout, StreamTimeout: cfg.StreamTimeout, RateLimit: cfg.RateLimit, RateBurst: cfg.RateBurst,
		Book: book, SettleWindow: cfg.LogSettle}
	app.Metrics = api.NewMetrics(engine, app.BookNow, store.OpenReviews)
	dlog, err := decisionlog.Open(ctx, store, decisionlog.LogConfig{InstanceID: cfg.InstanceID, MaxBatch: cfg.LogMaxBatch,
		Linger: cfg.LogLinger, OnBatch: app.Metrics.ObserveBatch, Keys: signing})
	if err != nil {
		return err
	}
	log.Info("decision log chain started", "chain_id", dlog.ChainID())
	// Checkpoints: signed at an interval and at shutdown (after the writer's last commit), each
	// also written to the checkpoint directory; the verifier checks the log against them.
	checkpoints := decisionlog.NewCheckpointer(store, decisionlog.CheckpointConfig{Keys: signing, Dir: cfg.CheckpointDir,
		Interval: cfg.CheckpointInterval, Log: log})
	app.Checkpoints = checkpoints
	app.Verifier = decisionlog.NewVerifier(store, signing.Verifier(), cfg.CheckpointDir)
	app.VerifyJobs = decisionlog.NewJobs(app.Verifier, cfg.VerifyJobTimeout)
	defer app.VerifyJobs.Close()
	app.PublicKey, app.VerifyTimeout = signing.PublicKey, cfg.VerifyTimeout
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
	checkpoints.Start(ctx)
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
	// Then the decision log commits whatever is still queued, and a last checkpoint signs it,
	// before the database closes.
	dlog.Close()
	checkpoints.Stop()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
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

// genSigningKey prints a new checkpoint signing key pair: `greencredit gen-signing-key [name]`.
func genSigningKey(args []string) int {
	name := "greencredit"
	if len(args) > 0 {
		name = args[0]
	}
	priv, pub, err := decisionlog.GenerateKeys(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("# private key: keep it secret, outside the database (GREENCREDIT_SIGNING_KEY_FILE)\n%s\n", priv)
	fmt.Printf("# public key: publish it to compliance (verify-export --public-key)\n%s\n", pub)
	return 0
}

// verifyExport checks a verifiable export with no database:
// `greencredit verify-export -export log.ndjson -checkpoints checkpoints.ndjson -public-key public.key`.
func verifyExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify-export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	export := fs.String("export", "", "the verifiable export (GET /v1/log/export), NDJSON")
	cps := fs.String("checkpoints", "", "the checkpoints: checkpoints.ndjson, a JSON array (GET /v1/checkpoints) or a directory of checkpoint-*.json")
	pub := fs.String("public-key", "", "the public key, or a file holding it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *export == "" || *cps == "" || *pub == "" {
		fs.Usage()
		return 2
	}
	key := *pub
	if b, err := os.ReadFile(*pub); err == nil {
		key = string(b)
	}
	v, err := decisionlog.ParsePublicKey(key)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	list, err := decisionlog.ReadCheckpointFiles(*cps)
	if err != nil {
		fmt.Fprintln(stderr, "checkpoints:", err)
		return 2
	}
	f, err := os.Open(*export)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	defer f.Close()
	res, err := decisionlog.VerifyExport(f, list, v)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	fmt.Fprintln(stdout, string(b))
	if !res.OK {
		return 1
	}
	return 0
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
