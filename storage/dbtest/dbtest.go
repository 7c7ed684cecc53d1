// Package dbtest gives tests real databases: a fresh MariaDB/MySQL database per test
// (GREENCREDIT_TEST_MYSQL_DSN, default root@tcp(127.0.0.1:3306)/) and a fresh SQLite file.
// With CI=true an unreachable MySQL fails the test instead of skipping it.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"greencredit/storage"
)

// ServerDSN is the MySQL server tests use, without a database name.
func ServerDSN() string {
	if v := os.Getenv("GREENCREDIT_TEST_MYSQL_DSN"); v != "" {
		return v
	}
	return "root@tcp(127.0.0.1:3306)/"
}

// NewMySQLDatabase creates an empty database and returns its DSN; it is dropped when the test ends.
func NewMySQLDatabase(t testing.TB) string {
	t.Helper()
	base, err := mysql.ParseDSN(ServerDSN())
	if err != nil {
		t.Fatalf("GREENCREDIT_TEST_MYSQL_DSN: %v", err)
	}
	base.DBName = ""
	base.Timeout = 3 * time.Second
	admin, err := sql.Open("mysql", base.FormatDSN())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("MySQL/MariaDB at %s is unreachable and CI=true: %v", base.Addr, err)
		}
		t.Skipf("MySQL/MariaDB at %s is unreachable (set CI=true to fail instead): %v", base.Addr, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "gctest_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
		_ = admin.Close()
	})
	base.DBName = name
	return base.FormatDSN()
}

// MySQL opens a migrated store on a fresh MySQL database.
func MySQL(t testing.TB) *storage.Store {
	t.Helper()
	return open(t, storage.DBConfig{MySQLDSN: NewMySQLDatabase(t), OpTimeout: 5 * time.Second})
}

// SQLite opens a migrated store on a fresh SQLite file.
func SQLite(t testing.TB) *storage.Store {
	t.Helper()
	return open(t, storage.DBConfig{SQLitePath: filepath.Join(t.TempDir(), "test.db"), OpTimeout: 5 * time.Second})
}

func open(t testing.TB, cfg storage.DBConfig) *storage.Store {
	t.Helper()
	s, err := storage.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Each runs fn against MySQL and against SQLite, as subtests.
func Each(t *testing.T, fn func(t *testing.T, s *storage.Store)) {
	t.Helper()
	t.Run("mysql", func(t *testing.T) { fn(t, MySQL(t)) })
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
}

// PeakHeap runs fn while sampling the heap every few milliseconds and returns the peak
// in-use heap seen, minus the heap in use before fn started (after a GC). The collector runs at
// GOGC=10 meanwhile: at the default 100 the garbage may grow as large as everything the process
// holds (the compiled policies, the test's fixtures) before it is collected, so the peak would
// measure the rest of the process, not what fn keeps.
func PeakHeap(fn func()) int64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	<-sampled
	return int64(peak.Load()) - int64(before.HeapInuse)
}
