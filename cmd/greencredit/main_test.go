package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	mysqldrv "github.com/go-sql-driver/mysql"
	"go.yaml.in/yaml/v3"

	"greencredit/config"
	"greencredit/decisionlog"
	"greencredit/policy"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

// TestDeploymentFilesParse: docker-compose.yml and the Kubernetes manifests are valid YAML
// with the pieces operators rely on (no Docker engine or cluster runs here).
func TestDeploymentFilesParse(t *testing.T) {
	files, _ := filepath.Glob("../../deploy/*.yaml")
	files = append(files, "../../docker-compose.yml")
	kinds := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for {
			var doc map[string]any
			err := dec.Decode(&doc)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if k, ok := doc["kind"].(string); ok {
				kinds[k] = true
			}
			if svcs, ok := doc["services"].(map[string]any); ok {
				gc, _ := svcs["greencredit"].(map[string]any)
				dep, _ := gc["depends_on"].(map[string]any)
				my, _ := dep["mysql"].(map[string]any)
				if my["condition"] != "service_healthy" {
					t.Errorf("%s: the service does not wait for a healthy MySQL", f)
				}
			}
		}
	}
	for _, k := range []string{"Deployment", "Service", "Secret", "ConfigMap"} {
		if !kinds[k] {
			t.Errorf("deploy/ has no %s", k)
		}
	}
}

// TestSigningKeyRequiredInProduction: with API keys configured the service refuses to start
// without a checkpoint signing key; with one it loads it and publishes the public key beside the
// checkpoints; development mode makes a throwaway key.
func TestSigningKeyRequiredInProduction(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	cfg := config.Config{CheckpointDir: t.TempDir()}
	if _, err := signingKeys(cfg, true, log); err == nil || !strings.Contains(err.Error(), "GREENCREDIT_SIGNING_KEY_FILE") {
		t.Fatalf("production without a signing key: %v", err)
	}
	if k, err := signingKeys(cfg, false, log); err != nil || k == nil {
		t.Fatalf("development mode: %v", err)
	}
	// The shipped examples' placeholder is not a key.
	placeholder := cfg
	placeholder.SigningKey = "PRIVATE+KEY+change-me (greencredit gen-signing-key)"
	if _, err := signingKeys(placeholder, true, log); err == nil {
		t.Fatal("a placeholder signing key was accepted")
	}
	priv, pub, err := decisionlog.GenerateKeys("yuyao-rcb")
	if err != nil {
		t.Fatal(err)
	}
	cfg.SigningKeyFile = filepath.Join(t.TempDir(), "signing.key")
	if err := os.WriteFile(cfg.SigningKeyFile, []byte(priv+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := signingKeys(cfg, true, log)
	if err != nil || k.PublicKey != pub {
		t.Fatalf("production with a key: %v (public %q, want %q)", err, k.PublicKey, pub)
	}
	if b, err := os.ReadFile(filepath.Join(cfg.CheckpointDir, "public.key")); err != nil || strings.TrimSpace(string(b)) != pub {
		t.Fatalf("public key file: %q %v", b, err)
	}
}

// TestVerifyExportCommand: `greencredit verify-export` passes a clean export with its checkpoints
// and public key, and fails (exit 1) when a record of the export was edited.
func TestVerifyExportCommand(t *testing.T) {
	store := dbtest.SQLite(t)
	ctx := context.Background()
	priv, pub, _ := decisionlog.GenerateKeys("yuyao-rcb")
	keys, err := decisionlog.LoadKeys(priv)
	if err != nil {
		t.Fatal(err)
	}
	w, err := decisionlog.Open(ctx, store, decisionlog.LogConfig{InstanceID: "cli", Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		d := &storage.Decision{DecisionID: fmt.Sprintf("d-%d", i), ApplicationID: "A", CustomerID: "C", BranchID: "B", IndustryCode: "A0111",
			AmountFen: 100, LoanKind: "new", Outcome: "decline", Stance: "compress", Reasons: "[]", Request: "{}", Input: "{}", Result: "{}",
			PolicyRevision: "r", PolicyDigest: "sha256:x", ExistingBalanceSource: "request", DecidedAt: time.Now().UTC().Truncate(time.Microsecond), RequestedBy: "o"}
		if err := w.Append(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	dir := t.TempDir()
	if _, err := decisionlog.NewCheckpointer(store, decisionlog.CheckpointConfig{Keys: keys, Dir: dir}).Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := decisionlog.Export(ctx, store, &buf); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(t.TempDir(), "log.ndjson")
	keyFile := filepath.Join(t.TempDir(), "public.key")
	_ = os.WriteFile(keyFile, []byte(pub+"\n"), 0o644)
	run := func(content string) (int, string) {
		_ = os.WriteFile(export, []byte(content), 0o644)
		var out, errOut bytes.Buffer
		code := verifyExport([]string{"-export", export, "-checkpoints", filepath.Join(dir, "checkpoints.ndjson"), "-public-key", keyFile}, &out, &errOut)
		return code, out.String() + errOut.String()
	}
	if code, out := run(buf.String()); code != 0 || !strings.Contains(out, `"ok": true`) {
		t.Fatalf("clean export: %d %s", code, out)
	}
	if code, out := run(strings.Replace(buf.String(), `"outcome":"decline"`, `"outcome":"approve"`, 1)); code != 1 || !strings.Contains(out, "record_hash") {
		t.Fatalf("an edited export: %d %s", code, out)
	}
}

// TestStartsWithoutTheDatabase_MySQLOnlyServerDown: with the database down the service starts anyway — /healthz
// alive, /readyz 503, a screening 503 — and serves once the database is there, with no restart.
func TestStartsWithoutTheDatabase_MySQLOnlyServerDown(t *testing.T) {
	dsn := dbtest.NewMySQLDatabase(t)
	mc, err := mysqldrv.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dbAddr := ln.Addr().String()
	_ = ln.Close() // nothing listens there yet: the database is down
	target := mc.Addr
	mc.Addr = dbAddr
	svc, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	svcAddr := svc.Addr().String()
	_ = svc.Close()
	dir := t.TempDir()
	t.Setenv("GREENCREDIT_MYSQL_DSN", mc.FormatDSN())
	t.Setenv("GREENCREDIT_LISTEN", svcAddr)
	t.Setenv("GREENCREDIT_CHECKPOINT_DIR", filepath.Join(dir, "checkpoints"))
	t.Setenv("GREENCREDIT_POLICY_DIR", "../../rego")
	t.Setenv("GREENCREDIT_DB_TIMEOUT", "1s")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, slog.New(slog.DiscardHandler)) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	get := func(path string) int {
		resp, err := http.Get("http://" + svcAddr + path)
		if err != nil {
			return 0
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatalf("timed out waiting for %s", what)
	}
	waitFor("/healthz while the database is down", func() bool { return get("/healthz") == http.StatusOK })
	if code := get("/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz without the database: %d", code)
	}
	resp, err := http.Post("http://"+svcAddr+"/v1/screenings", "application/json", strings.NewReader(`{}`))
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a screening without the database: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	// The database comes up (a forwarder on the address the service was given).
	fwd, err := net.Listen("tcp", dbAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer fwd.Close()
	go func() {
		for {
			c, err := fwd.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
			go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
		}
	}()
	waitFor("/readyz once the database is there", func() bool { return get("/readyz") == http.StatusOK })
}

// TestIdleConnectionsShedUnderPressure: past three quarters of the connection cap, idle
// keep-alive connections are closed, so that clients with requests get the slots; below it they
// are kept. The cap leaves room under the descriptor limit.
func TestIdleConnectionsShedUnderPressure(t *testing.T) {
	l := newConnLimit(8)
	var conns []net.Conn
	for i := 0; i < 6; i++ {
		a, b := net.Pipe()
		defer b.Close()
		conns = append(conns, a)
		l.track(a, http.StateNew)
		l.track(a, http.StateIdle)
	}
	closed := func(c net.Conn) bool {
		_ = c.SetWriteDeadline(time.Now().Add(10 * time.Millisecond))
		_, err := c.Write([]byte("x"))
		return errors.Is(err, io.ErrClosedPipe)
	}
	if closed(conns[0]) {
		t.Fatal("an idle connection was closed below the threshold")
	}
	a, b := net.Pipe()
	defer b.Close()
	l.track(a, http.StateNew) // the 7th: over 3/4 of 8
	for i, c := range conns {
		if !closed(c) {
			t.Fatalf("idle connection %d was kept under pressure", i)
		}
	}
	if closed(a) {
		t.Fatal("the new connection was closed")
	}
	if n := maxConnections(1 << 30); n <= 0 || n >= 1<<30 {
		t.Fatalf("the cap does not fit the descriptor limit: %d", n)
	}
}

// TestMain lets the test binary be the child that runs a bundle's tests, as the service's own
// binary is (`greencredit test-bundle <bytes>`).
func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == "test-bundle" {
		os.Exit(testBundle(os.Args[2], os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

// TestBundleTestsInAChild: a bundle's tests run in a child process; the shipped bundle's pass
// there; a test that exhausts memory (a range of 200 million numbers) kills only the child and
// is refused like any other failing bundle, the service's heap untouched.
func TestBundleTestsInAChild(t *testing.T) {
	run := childTests(128<<20, time.Minute)
	files, err := policy.ReadDir("../../rego")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n, err := run(ctx, files)
	inProcess, _ := policy.RunTestsInProcess(ctx, files)
	if err != nil || n == 0 || n != inProcess {
		t.Fatalf("the shipped bundle in a child: %d tests (in process %d), %v", n, inProcess, err)
	}
	failing := policy.Files{}
	for k, v := range files {
		failing[k] = v
	}
	failing["greencredit/fails_test.rego"] = []byte("package greencredit.fails_test\n\ntest_fails if { 1 == 2 }\n")
	var ce *policy.CompileError
	if _, err := run(ctx, failing); !errors.As(err, &ce) || ce.Stage != "test" || !strings.Contains(err.Error(), "test_fails") {
		t.Fatalf("a failing test in a child: %v", err)
	}
	hog := policy.Files{}
	for k, v := range files {
		hog[k] = v
	}
	hog["greencredit/hog_test.rego"] = []byte("package greencredit.hog_test\n\ntest_hog if { count(numbers.range(1, 200000000)) > 0 }\n")
	if _, err := run(ctx, hog); !errors.As(err, &ce) || ce.Stage != "test" || !strings.Contains(err.Error(), "memory") {
		t.Fatalf("a test exhausting memory: %v", err)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if m.HeapAlloc > 256<<20 {
		t.Fatalf("the service's heap grew to %d MiB", m.HeapAlloc>>20)
	}
}

// TestSubcommands: an unknown subcommand is refused with the usage, which lists every subcommand;
// help prints it and succeeds.
func TestSubcommands(t *testing.T) {
	if got := dispatch([]string{"no-such-command"}); got != 2 {
		t.Fatalf("an unknown subcommand: exit %d, want 2", got)
	}
	var b strings.Builder
	usage(&b)
	for _, c := range subcommands() {
		if !strings.Contains(b.String(), c.name) {
			t.Errorf("usage lacks %s:\n%s", c.name, b.String())
		}
	}
	if got := dispatch([]string{"help"}); got != 0 {
		t.Fatalf("help: exit %d", got)
	}
	if got := dispatch([]string{"hash-key", "extra"}); got != 2 {
		t.Fatalf("hash-key with an argument: exit %d, want 2", got)
	}
}
