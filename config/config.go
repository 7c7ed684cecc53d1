// Package config reads the service's configuration from the environment, in one place.
package config

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Config is read from the environment (github.com/caarlos0/env/v11, by the tags below); every
// setting has a default, and an empty variable counts as unset.
type Config struct {
	Listen          string        `env:"GREENCREDIT_LISTEN" envDefault:"127.0.0.1:8080"`
	MySQLDSN        string        `env:"GREENCREDIT_MYSQL_DSN"`
	SQLitePath      string        `env:"GREENCREDIT_SQLITE_PATH" envDefault:"greencredit.db"`
	PolicyDir       string        `env:"GREENCREDIT_POLICY_DIR" envDefault:"rego"`
	BodyLimit       int64         `env:"GREENCREDIT_BODY_LIMIT" envDefault:"1048576"`
	DBTimeout       time.Duration `env:"GREENCREDIT_DB_TIMEOUT" envDefault:"5s"`
	ShutdownTimeout time.Duration `env:"GREENCREDIT_SHUTDOWN_TIMEOUT" envDefault:"30s"`
	KeysFile        string        `env:"GREENCREDIT_API_KEYS_FILE"`
	KeysInline      string        `env:"GREENCREDIT_API_KEYS"`
	RequestTimeout  time.Duration `env:"GREENCREDIT_REQUEST_TIMEOUT" envDefault:"10s"`
	StreamTimeout   time.Duration `env:"GREENCREDIT_STREAM_TIMEOUT" envDefault:"1h"`
	RateLimit       float64       `env:"GREENCREDIT_RATE_LIMIT" envDefault:"200"`
	RateBurst       int           `env:"GREENCREDIT_RATE_BURST" envDefault:"400"`
	// InstanceID names this instance's decision chains (default: the host name).
	InstanceID  string        `env:"GREENCREDIT_INSTANCE_ID"`
	LogMaxBatch int           `env:"GREENCREDIT_LOG_MAX_BATCH" envDefault:"128"`
	LogLinger   time.Duration `env:"GREENCREDIT_LOG_LINGER" envDefault:"0s"`
	LogSettle   time.Duration `env:"GREENCREDIT_LOG_SETTLE" envDefault:"0s"`
	BookTTL     time.Duration `env:"GREENCREDIT_BOOK_TTL" envDefault:"2s"`
	// CapWarningMarginBP: a category within this many basis points of its cap is in the warning
	// state (reports, dashboard, greencredit_cap_state).
	CapWarningMarginBP int64         `env:"GREENCREDIT_CAP_WARNING_MARGIN_BP" envDefault:"100"`
	PolicyPoll         time.Duration `env:"GREENCREDIT_POLICY_POLL" envDefault:"5s"`
	// ConsoleIdle and ConsoleMaxAge end a console session after this long without a request and
	// this long after sign-in; ConsoleSecureCookie marks its cookie Secure behind a TLS proxy.
	ConsoleIdle         time.Duration `env:"GREENCREDIT_CONSOLE_IDLE" envDefault:"30m"`
	ConsoleMaxAge       time.Duration `env:"GREENCREDIT_CONSOLE_MAX_AGE" envDefault:"8h"`
	ConsoleSecureCookie bool          `env:"GREENCREDIT_CONSOLE_SECURE_COOKIE" envDefault:"false"`
	// ShadowQueue is how many screenings may wait for their shadow evaluation; ShadowRate how many
	// are evaluated a second at most (0 = no bound but the one worker); past either, skipped.
	ShadowQueue int     `env:"GREENCREDIT_SHADOW_QUEUE" envDefault:"1024"`
	ShadowRate  float64 `env:"GREENCREDIT_SHADOW_RATE" envDefault:"0"`
	MaskKey     string  `env:"GREENCREDIT_MASK_KEY"`
	MaskPaths   string  `env:"GREENCREDIT_MASK_PATHS"`
	// GCPercent is the collector's target (GREENCREDIT_GOGC); 0 when the runtime's GOGC is set.
	GCPercent int `env:"GREENCREDIT_GOGC" envDefault:"400"`
	// BundlePublicKey is the path of the key that signs policy bundles ("" = unsigned bundles are
	// accepted); BundleKeyID and BundleKeyAlg name it as OPA's signing does.
	BundlePublicKey string `env:"GREENCREDIT_BUNDLE_PUBLIC_KEY"`
	BundleKeyID     string `env:"GREENCREDIT_BUNDLE_KEY_ID" envDefault:"default"`
	BundleKeyAlg    string `env:"GREENCREDIT_BUNDLE_KEY_ALG" envDefault:"RS256"`
	// PprofListen is the loopback address of Go's profiler ("" = off).
	PprofListen string `env:"GREENCREDIT_PPROF_LISTEN"`
	// SigningKey (or SigningKeyFile) is the Ed25519 key that signs checkpoints and chain
	// registrations, in the signed-note format (greencredit gen-signing-key); kept outside the
	// database. Production (API keys configured) refuses to start without it.
	SigningKey     string `env:"GREENCREDIT_SIGNING_KEY"`
	SigningKeyFile string `env:"GREENCREDIT_SIGNING_KEY_FILE"`
	// CheckpointDir receives a copy of every checkpoint and the public key, for an operator to
	// ship to write-once storage; CheckpointInterval is how often one is signed.
	CheckpointDir      string        `env:"GREENCREDIT_CHECKPOINT_DIR" envDefault:"checkpoints"`
	CheckpointInterval time.Duration `env:"GREENCREDIT_CHECKPOINT_INTERVAL" envDefault:"1m"`
	// VerifyTimeout bounds GET /v1/decisions/verify (incremental); VerifyJobTimeout a full job.
	VerifyTimeout    time.Duration `env:"GREENCREDIT_VERIFY_TIMEOUT" envDefault:"10m"`
	VerifyJobTimeout time.Duration `env:"GREENCREDIT_VERIFY_JOB_TIMEOUT" envDefault:"2h"`
	// BundleTestMemory bounds the heap of the child process that runs a bundle's tests.
	BundleTestMemory int64 `env:"GREENCREDIT_BUNDLE_TEST_MEMORY" envDefault:"536870912"`
	// MaxConnections caps open client connections (lowered to fit the descriptor limit).
	MaxConnections int `env:"GREENCREDIT_MAX_CONNECTIONS" envDefault:"4096"`
	// IdempotencyRetention is how long an Idempotency-Key is kept (a retry within it replays).
	IdempotencyRetention time.Duration `env:"GREENCREDIT_IDEMPOTENCY_RETENTION" envDefault:"168h"`
}

// rule is a setting's check after parsing, and what its error says after the variable's name
// (also when its value does not parse); a %q in it is the value.
type rule struct {
	name string
	ok   func(c *Config) bool
	want string
}

func (r rule) message() string {
	if strings.Contains(r.want, "%q") {
		return fmt.Sprintf(r.want, os.Getenv(r.name))
	}
	return r.want
}

var rules = []rule{
	{"GREENCREDIT_CHECKPOINT_INTERVAL", func(c *Config) bool { return c.CheckpointInterval > 0 }, ": want a positive duration such as 1m"},
	{"GREENCREDIT_VERIFY_TIMEOUT", func(c *Config) bool { return c.VerifyTimeout > 0 }, ": want a positive duration such as 10m"},
	{"GREENCREDIT_VERIFY_JOB_TIMEOUT", func(c *Config) bool { return c.VerifyJobTimeout > 0 }, ": want a positive duration such as 2h"},
	{"GREENCREDIT_IDEMPOTENCY_RETENTION", func(c *Config) bool { return c.IdempotencyRetention > 0 }, ": want a positive duration such as 168h"},
	{"GREENCREDIT_PPROF_LISTEN", func(c *Config) bool { return c.PprofListen == "" || IsLoopback(c.PprofListen) }, " must be a loopback address, not %q"},
	{"GREENCREDIT_BODY_LIMIT", func(c *Config) bool { return c.BodyLimit > 0 }, ": want a positive number of bytes"},
	{"GREENCREDIT_DB_TIMEOUT", nil, ": want a duration such as 5s"},
	{"GREENCREDIT_SHUTDOWN_TIMEOUT", nil, ": want a duration such as 30s"},
	{"GREENCREDIT_REQUEST_TIMEOUT", func(c *Config) bool { return c.RequestTimeout > 0 }, ": want a positive duration such as 10s"},
	{"GREENCREDIT_STREAM_TIMEOUT", func(c *Config) bool { return c.StreamTimeout > 0 }, ": want a positive duration such as 1h"},
	{"GREENCREDIT_RATE_LIMIT", func(c *Config) bool { return c.RateLimit >= 0 }, ": want requests per second per API key (0 = unlimited)"},
	{"GREENCREDIT_LOG_MAX_BATCH", func(c *Config) bool { return c.LogMaxBatch >= 1 && c.LogMaxBatch <= 10000 }, ": want 1 to 10000"},
	{"GREENCREDIT_POLICY_POLL", func(c *Config) bool { return c.PolicyPoll > 0 }, ": want a positive duration"},
	{"GREENCREDIT_BOOK_TTL", func(c *Config) bool { return c.BookTTL > 0 }, ": want a positive duration"},
	{"GREENCREDIT_SHADOW_QUEUE", func(c *Config) bool { return c.ShadowQueue >= 1 && c.ShadowQueue <= 1_000_000 }, ": want 1 to 1000000 screenings"},
	{"GREENCREDIT_SHADOW_RATE", func(c *Config) bool { return c.ShadowRate >= 0 }, ": want a number of evaluations a second, 0 for no bound"},
	{"GREENCREDIT_CONSOLE_IDLE", func(c *Config) bool { return c.ConsoleIdle >= time.Minute && c.ConsoleIdle <= c.ConsoleMaxAge }, ": want a duration of at least 1m, not above GREENCREDIT_CONSOLE_MAX_AGE"},
	{"GREENCREDIT_CONSOLE_MAX_AGE", func(c *Config) bool { return c.ConsoleMaxAge >= time.Minute && c.ConsoleMaxAge <= 24*time.Hour }, ": want a duration from 1m to 24h"},
	{"GREENCREDIT_CAP_WARNING_MARGIN_BP", func(c *Config) bool { return c.CapWarningMarginBP >= 0 && c.CapWarningMarginBP <= 10000 }, ": want 0 to 10000 basis points"},
	{"GREENCREDIT_LOG_SETTLE", func(c *Config) bool { return c.LogSettle >= 0 }, ": want a duration (0s = request timeout + 1s)"},
	{"GREENCREDIT_LOG_LINGER", func(c *Config) bool { return c.LogLinger >= 0 && c.LogLinger <= time.Second }, ": want a duration from 0s to 1s"},
	{"GREENCREDIT_RATE_BURST", func(c *Config) bool { return c.RateBurst >= 0 }, ": want a non-negative number of requests"},
	{"GREENCREDIT_BUNDLE_TEST_MEMORY", func(c *Config) bool { return c.BundleTestMemory >= 64<<20 }, ": want bytes, at least 67108864 (64 MiB)"},
	{"GREENCREDIT_MAX_CONNECTIONS", func(c *Config) bool { return c.MaxConnections >= 16 }, ": want a whole number of at least 16"},
	// The Go runtime's own GOGC, when set, wins over GREENCREDIT_GOGC (GCPercent 0: leave it).
	{"GREENCREDIT_GOGC", func(c *Config) bool { return os.Getenv("GOGC") != "" || c.GCPercent >= 25 }, " must be a whole number of at least 25, not %q"},
}

// Load reads the configuration from the environment: the one place any GREENCREDIT_ variable
// is read. A bad value is refused with the variable named.
func Load() (Config, error) {
	var c Config
	if err := env.Parse(&c); err != nil {
		return c, parseError(err)
	}
	for _, r := range rules {
		if r.ok != nil && !r.ok(&c) {
			return c, errors.New(r.name + r.message())
		}
	}
	if os.Getenv("GOGC") != "" {
		c.GCPercent = 0
	}
	if c.InstanceID == "" {
		hostname, _ := os.Hostname()
		c.InstanceID = cmp.Or(hostname, "instance")
	}
	return c, nil
}

// parseError names the variable whose value did not parse, with what its rule wants.
func parseError(err error) error {
	var pe env.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("configuration: %w", err)
	}
	f, _ := reflect.TypeFor[Config]().FieldByName(pe.Name)
	name := f.Tag.Get("env")
	for _, r := range rules {
		if r.name == name {
			return fmt.Errorf("%s%s: %w", name, r.message(), pe.Err)
		}
	}
	return fmt.Errorf("%s: %w", name, pe.Err)
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
