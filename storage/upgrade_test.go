package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"greencredit/decisionlog"
	"greencredit/review"
	"greencredit/storage"
	"greencredit/storage/dbtest"
)

const fixture = "testdata/release-2026-12-01/"

// TestUpgradeInPlace: a database made by the release of 2026-12-01 (GORM's AutoMigrate, no goose
// table; testdata/release-2026-12-01) is migrated in place by the versioned migrations, after
// which its decision chains, review chain and signed checkpoint verify online and offline, its
// book's totals are where the release left them (in book_totals, no longer book_totals_v2), and a
// second start changes nothing.
func TestUpgradeInPlace(t *testing.T) {
	open := map[string]func(t *testing.T) storage.DBConfig{
		"mysql": func(t *testing.T) storage.DBConfig {
			dsn := dbtest.NewMySQLDatabase(t)
			cfg, err := mysql.ParseDSN(dsn)
			if err != nil {
				t.Fatal(err)
			}
			cfg.MultiStatements = true
			db, err := sql.Open("mysql", cfg.FormatDSN())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			dump, err := os.ReadFile(fixture + "mysql.sql")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(string(dump)); err != nil {
				t.Fatalf("load the release's dump: %v", err)
			}
			return storage.DBConfig{MySQLDSN: dsn}
		},
		"sqlite": func(t *testing.T) storage.DBConfig {
			path := filepath.Join(t.TempDir(), "release.db")
			copyFile(t, fixture+"sqlite.db", path)
			return storage.DBConfig{SQLitePath: path}
		},
	}
	for name, made := range open {
		t.Run(name, func(t *testing.T) {
			cfg := made(t)
			ctx := context.Background()
			for start := 1; start <= 2; start++ {
				s, err := storage.Open(ctx, cfg)
				if err != nil {
					t.Fatalf("start %d on the release's database: %v", start, err)
				}
				checkUpgraded(t, s, name)
				_ = s.Close()
			}
			appendAfterUpgrade(t, cfg)
		})
	}
}

// appendAfterUpgrade: decisions recorded after the upgrade are stored compressed (record_format
// 2) beside the release's text records (1), and the whole log, both formats on it, verifies online
// and offline.
func appendAfterUpgrade(t *testing.T, cfg storage.DBConfig) {
	t.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var old storage.Decision
	if err := s.DB.Order("id").First(&old).Error; err != nil {
		t.Fatal(err)
	}
	l, err := decisionlog.Open(ctx, s, decisionlog.LogConfig{InstanceID: "after-upgrade"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		d := old // a release's decision, recorded again as new
		d.ID, d.DecisionID, d.ChainID, d.Seq, d.PrevHash, d.Hash = 0, fmt.Sprintf("after-upgrade-%d", i), "", 0, "", ""
		d.RecordFormat, d.Body, d.ReasonCodes = 0, nil, "GREEN_CLAIM_REVIEW"
		if err := l.Append(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	var formats []struct {
		RecordFormat uint8
		N            int
	}
	s.DB.Raw("SELECT record_format, COUNT(*) AS n FROM decisions GROUP BY record_format ORDER BY record_format").Scan(&formats)
	if len(formats) != 2 || formats[0].RecordFormat != storage.FormatText || formats[0].N != 11 || formats[1].RecordFormat != storage.FormatS2 || formats[1].N != 3 {
		t.Fatalf("record formats after the upgrade and three new decisions: %+v", formats)
	}
	if r, err := decisionlog.Verify(ctx, s); err != nil || !r.OK || r.Checked != 14 {
		t.Fatalf("verify both formats: %+v %v", r, err)
	}
	var export bytes.Buffer
	if err := decisionlog.Export(ctx, s, &export); err != nil {
		t.Fatal(err)
	}
	if r, err := decisionlog.VerifyExport(&export, nil, nil); err != nil || !r.OK || r.Checked != 14 {
		t.Fatalf("offline verification of both formats: %+v %v", r, err)
	}
}

func checkUpgraded(t *testing.T, s *storage.Store, name string) {
	t.Helper()
	ctx := context.Background()
	var version int64
	files, _ := filepath.Glob("migrations/" + name + "/*.sql")
	if err := s.DB.Raw("SELECT MAX(version_id) FROM goose_db_version WHERE is_applied").Scan(&version).Error; err != nil || version != int64(len(files)) {
		t.Fatalf("schema version %d (%v), want %d, the newest migration", version, err, len(files))
	}
	if err := s.DB.Exec("SELECT 1 FROM book_totals_v2").Error; err == nil {
		t.Fatal("book_totals_v2 is still there")
	}
	var totals, loans, green int64
	s.DB.Raw("SELECT COALESCE(SUM(balance_fen), 0) FROM book_totals").Scan(&totals)
	s.DB.Raw("SELECT COALESCE(SUM(balance_fen), 0) FROM loans").Scan(&loans)
	s.DB.Raw("SELECT COALESCE(SUM(balance_fen), 0) FROM book_totals WHERE green").Scan(&green)
	// The release's own answer: total 2,793,000.00 yuan, green 498,000.00 (fixture *-book.json).
	if totals != 279300000 || loans != totals || green != 49800000 {
		t.Fatalf("book after the upgrade: totals %d, loans %d, green %d", totals, loans, green)
	}
	// The book by date was filled from the release's history (migration 5).
	cells, err := s.BookAt(context.Background(), "9999-12-31")
	if err != nil {
		t.Fatal(err)
	}
	var byDate, greenByDate int64
	for _, c := range cells {
		byDate += int64(c.BalanceFen)
		if c.Green {
			greenByDate += int64(c.BalanceFen)
		}
	}
	if byDate != totals || greenByDate != green {
		t.Fatalf("the book by date after the upgrade: %d, green %d", byDate, greenByDate)
	}
	pub, err := os.ReadFile(fixture + "public.key")
	if err != nil {
		t.Fatal(err)
	}
	key, err := decisionlog.ParsePublicKey(strings.TrimSpace(string(pub)))
	if err != nil {
		t.Fatal(err)
	}
	v := decisionlog.NewVerifier(s, key, "", review.ChainCheck(s))
	for _, full := range []bool{false, true} { // incremental first: from the start of the tree
		run := v.Incremental
		if full {
			run = func(ctx context.Context) (*decisionlog.VerifyResult, error) { return v.Full(ctx, nil) }
		}
		r, err := run(ctx)
		if err != nil || !r.OK || r.Checked != 11 || r.ReviewsChecked != 3 || r.Checkpoint != 14 {
			t.Fatalf("verify (full %v) after the upgrade: %+v %v", full, r, err)
		}
	}
	var held struct {
		Checkpoints []*decisionlog.SignedCheckpoint `json:"checkpoints"`
	}
	b, err := os.ReadFile(fixture + name + "-checkpoints.json")
	if err == nil {
		err = json.Unmarshal(b, &held)
	}
	if err != nil {
		t.Fatal(err)
	}
	var export bytes.Buffer
	if err := decisionlog.Export(ctx, s, &export); err != nil {
		t.Fatal(err)
	}
	if r, err := decisionlog.VerifyExport(&export, held.Checkpoints, key); err != nil || !r.OK || r.Checked != 11 {
		t.Fatalf("offline verification after the upgrade: %+v %v", r, err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
