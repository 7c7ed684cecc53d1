// Package config reads the service's configuration from the environment, in one place.
package config

import (
	"cmp"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
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
	// GCPercent is the collector's target (GREENCREDIT_GOGC); 0 when the runtime's GOGC is set.
	GCPercent int
	// BundlePublicKey is the path of the key that signs policy bundles ("" = unsigned bundles are
	// accepted); BundleKeyID and BundleKeyAlg name it as OPA's signing does.
	BundlePublicKey string
	BundleKeyID     string
	BundleKeyAlg    string
	// PprofListen is the loopback address of Go's profiler ("" = off).
	PprofListen string
	// SigningKey (or SigningKeyFile) is the Ed25519 key that signs checkpoints and chain
	// registrations, in the signed-note format (greencredit gen-signing-key); kept outside the
	// database. Production (API keys configured) refuses to start without it.
	SigningKey     string
	SigningKeyFile string
	// CheckpointDir receives a copy of every checkpoint and the public key, for an operator to
	// ship to write-once storage; CheckpointInterval is how often one is signed.
	CheckpointDir      string
	CheckpointInterval time.Duration
	// VerifyTimeout bounds GET /v1/decisions/verify (incremental); VerifyJobTimeout a full job.
	VerifyTimeout    time.Duration
	VerifyJobTimeout time.Duration
	// BundleTestMemory bounds the heap of the child process that runs a bundle's tests.
	BundleTestMemory int64
	// MaxConnections caps open client connections (lowered to fit the descriptor limit).
	MaxConnections int
	// IdempotencyRetention is how long an Idempotency-Key is kept (a retry within it replays).
	IdempotencyRetention time.Duration
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// Load reads the configuration from the environment: the one place any GREENCREDIT_ variable
// is read. A bad value is refused with the variable named.
func Load() (Config, error) {
	c := Config{
		Listen:     env("GREENCREDIT_LISTEN", "127.0.0.1:8080"),
		MySQLDSN:   env("GREENCREDIT_MYSQL_DSN", ""),
		SQLitePath: env("GREENCREDIT_SQLITE_PATH", "greencredit.db"),
		PolicyDir:  env("GREENCREDIT_POLICY_DIR", "rego"),
		KeysFile:   env("GREENCREDIT_API_KEYS_FILE", ""),
		KeysInline: env("GREENCREDIT_API_KEYS", ""),

		BundlePublicKey: env("GREENCREDIT_BUNDLE_PUBLIC_KEY", ""),
		BundleKeyID:     env("GREENCREDIT_BUNDLE_KEY_ID", "default"),
		BundleKeyAlg:    env("GREENCREDIT_BUNDLE_KEY_ALG", "RS256"),
		PprofListen:     env("GREENCREDIT_PPROF_LISTEN", ""),
		SigningKey:      env("GREENCREDIT_SIGNING_KEY", ""),
		SigningKeyFile:  env("GREENCREDIT_SIGNING_KEY_FILE", ""),
		CheckpointDir:   env("GREENCREDIT_CHECKPOINT_DIR", "checkpoints"),
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
		def  string
	}{{"GREENCREDIT_CHECKPOINT_INTERVAL", &c.CheckpointInterval, "1m"}, {"GREENCREDIT_VERIFY_TIMEOUT", &c.VerifyTimeout, "10m"},
		{"GREENCREDIT_VERIFY_JOB_TIMEOUT", &c.VerifyJobTimeout, "2h"},
		{"GREENCREDIT_IDEMPOTENCY_RETENTION", &c.IdempotencyRetention, "168h"}} {
		v, err := time.ParseDuration(env(d.name, d.def))
		if err != nil || v <= 0 {
			return c, fmt.Errorf("%s: want a positive duration such as %s", d.name, d.def)
		}
		*d.dst = v
	}
	if c.PprofListen != "" && !IsLoopback(c.PprofListen) {
		return c, fmt.Errorf("GREENCREDIT_PPROF_LISTEN must be a loopback address, not %q", c.PprofListen)
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
	if c.BundleTestMemory, err = strconv.ParseInt(env("GREENCREDIT_BUNDLE_TEST_MEMORY", "536870912"), 10, 64); err != nil || c.BundleTestMemory < 64<<20 {
		return c, fmt.Errorf("GREENCREDIT_BUNDLE_TEST_MEMORY: want bytes, at least 67108864 (64 MiB)")
	}
	if c.MaxConnections, err = strconv.Atoi(env("GREENCREDIT_MAX_CONNECTIONS", "4096")); err != nil || c.MaxConnections < 16 {
		return c, fmt.Errorf("GREENCREDIT_MAX_CONNECTIONS: want a whole number of at least 16")
	}
	// The Go runtime's own GOGC, when set, wins over GREENCREDIT_GOGC (GCPercent 0: leave it).
	if os.Getenv("GOGC") != "" {
		return c, nil
	}
	if c.GCPercent, err = strconv.Atoi(env("GREENCREDIT_GOGC", "400")); err != nil || c.GCPercent < 25 {
		return c, fmt.Errorf("GREENCREDIT_GOGC must be a whole number of at least 25, not %q", env("GREENCREDIT_GOGC", ""))
	}
	return c, nil
}

// placeholders are secrets the shipped examples carry: accepted silently, they would mask every
// bank's personal data under one public key.
var placeholders = []string{"change-me", "changeme", "example", "secret", "placeholder", "test-mask-key"}

// CheckSecret refuses, outside development mode, a secret shorter than 32 bytes or a known
// placeholder (the compose and Kubernetes examples' values).
func CheckSecret(name, value string) error {
	if len(value) < 32 {
		return fmt.Errorf("%s must be a secret of at least 32 bytes when API keys are configured (production)", name)
	}
	low := strings.ToLower(value)
	for _, p := range placeholders {
		if strings.Contains(low, p) {
			return fmt.Errorf("%s is a placeholder (%q): set a real secret", name, p)
		}
	}
	return nil
}

// IsLoopback tells whether a host:port (or a bare host) is on this machine's loopback: a
// loopback IP or "localhost". Development mode and the profiler listen only there.
func IsLoopback(addr string) bool {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
