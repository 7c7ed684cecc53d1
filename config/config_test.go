package config

import (
	"strings"
	"testing"
)

// TestGCAndProfilerSettings: the GC setting's default, override and validation (the runtime's
// own GOGC wins), and the profiler's refusal of a non-loopback address.
func TestGCAndProfilerSettings(t *testing.T) {
	t.Setenv("GOGC", "")
	c, err := Load()
	if err != nil || c.GCPercent != 400 {
		t.Fatalf("default: %d, %v", c.GCPercent, err)
	}
	t.Setenv("GREENCREDIT_GOGC", "200")
	if c, err = Load(); err != nil || c.GCPercent != 200 {
		t.Fatalf("override: %d, %v", c.GCPercent, err)
	}
	for _, bad := range []string{"abc", "10", "-1"} {
		t.Setenv("GREENCREDIT_GOGC", bad)
		if _, err := Load(); err == nil || !strings.Contains(err.Error(), "GREENCREDIT_GOGC") {
			t.Fatalf("GREENCREDIT_GOGC=%s: %v", bad, err)
		}
	}
	t.Setenv("GOGC", "150")
	if c, err = Load(); err != nil || c.GCPercent != 0 {
		t.Fatalf("with the runtime's GOGC set: %d, %v (want 0: leave the runtime's)", c.GCPercent, err)
	}
	t.Setenv("GOGC", "")
	t.Setenv("GREENCREDIT_GOGC", "")
	t.Setenv("GREENCREDIT_PPROF_LISTEN", "0.0.0.0:6060")
	if _, err := Load(); err == nil || !strings.Contains(err.Error(), "GREENCREDIT_PPROF_LISTEN") {
		t.Fatalf("the profiler was allowed on a non-loopback address: %v", err)
	}
	t.Setenv("GREENCREDIT_PPROF_LISTEN", "127.0.0.1:6060")
	if c, err := Load(); err != nil || c.PprofListen != "127.0.0.1:6060" {
		t.Fatalf("a loopback profiler address: %+v, %v", c.PprofListen, err)
	}
}

// TestIsLoopback: the one loopback check (development mode, the profiler, the load generator).
func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.0.0.2:1": true, "localhost": true,
		"0.0.0.0:8080": false, ":8080": false, "10.0.0.1:8080": false, "example.com:80": false, "": false, "[::]:8080": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v; want %v", addr, got, want)
		}
	}
}

// TestCheckSecret: production refuses short secrets and the shipped placeholders.
func TestCheckSecret(t *testing.T) {
	for _, bad := range []string{"", "short", "change-me-to-a-long-random-secret", "CHANGE-ME-0123456789abcdef0123456789"} {
		if CheckSecret("GREENCREDIT_MASK_KEY", bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if err := CheckSecret("GREENCREDIT_MASK_KEY", "9f3c1a77d0e24b6c8a5e13f4b2d9c0e1aa"); err != nil {
		t.Errorf("a real secret refused: %v", err)
	}
}

// TestEveryBadValueNamed: a value that does not parse, or breaks its setting's rule, is refused
// with the variable named (the tags' names, defaults and the rules' messages).
func TestEveryBadValueNamed(t *testing.T) {
	t.Setenv("GOGC", "")
	if c, err := Load(); err != nil || c.BodyLimit != 1048576 || c.RequestTimeout.String() != "10s" || c.CheckpointDir != "checkpoints" ||
		c.LogMaxBatch != 128 || c.InstanceID == "" {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	bad := map[string][]string{
		"GREENCREDIT_BODY_LIMIT": {"abc", "0"}, "GREENCREDIT_DB_TIMEOUT": {"soon"}, "GREENCREDIT_REQUEST_TIMEOUT": {"0s", "x"},
		"GREENCREDIT_RATE_LIMIT": {"-1", "many"}, "GREENCREDIT_LOG_MAX_BATCH": {"0", "10001"}, "GREENCREDIT_LOG_LINGER": {"2s"},
		"GREENCREDIT_BUNDLE_TEST_MEMORY": {"1024"}, "GREENCREDIT_MAX_CONNECTIONS": {"8"}, "GREENCREDIT_CHECKPOINT_INTERVAL": {"0s"},
		"GREENCREDIT_IDEMPOTENCY_RETENTION": {"-1h"}, "GREENCREDIT_GOGC": {"10"}, "GREENCREDIT_LOG_SETTLE": {"-1s"},
	}
	for name, values := range bad {
		for _, v := range values {
			t.Setenv(name, v)
			if _, err := Load(); err == nil || !strings.HasPrefix(err.Error(), name) {
				t.Errorf("%s=%s: %v", name, v, err)
			}
		}
		t.Setenv(name, "")
	}
}
