package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// The schema is versioned SQL: migrations/<dialect>/NNNNN_name.sql, embedded in the binary,
// reviewed like code and applied in order by goose (github.com/pressly/goose/v3), which records
// each applied version in goose_db_version. Migration 1 is the schema of the release of
// 2026-12-01 with IF NOT EXISTS, so a database that release made (by GORM's AutoMigrate, without
// goose) is taken over in place; later ones change it. A change to the schema is a new file,
// never an edit of an applied one.

//go:embed migrations/mysql/*.sql migrations/sqlite/*.sql
var migrations embed.FS

// Migrate applies the migrations the database lacks, then fills the book's totals when a release
// before them left the totals empty but not the book. On MySQL one instance migrates at a time
// (a named lock; instances starting together wait for it).
func (s *Store) Migrate(ctx context.Context) error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return unavailable("migrate", err)
	}
	dir, err := fs.Sub(migrations, "migrations/"+s.Dialect)
	if err != nil {
		return fmt.Errorf("migrations for %s: %w", s.Dialect, err)
	}
	dialect := goose.DialectSQLite3
	if s.Dialect == "mysql" {
		dialect = goose.DialectMySQL
		release, err := migrationLock(ctx, sqlDB)
		if err != nil {
			return unavailable("migration lock", err)
		}
		defer release()
	}
	p, err := goose.NewProvider(dialect, sqlDB, dir, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return unavailable("migrate", err)
	}
	return s.rebuildBookTotals(ctx)
}

// migrationLock takes MySQL's named lock greencredit_migrate on a connection of its own (waiting
// up to a minute) and returns its release.
func migrationLock(ctx context.Context, db *sql.DB) (func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK('greencredit_migrate', 60)").Scan(&got); err != nil || got.Int64 != 1 {
		_ = conn.Close()
		if err == nil {
			err = fmt.Errorf("another instance held the migration lock for a minute")
		}
		return nil, err
	}
	return func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK('greencredit_migrate')")
		_ = conn.Close()
	}, nil
}
