// Package storage is the service's database: the GORM rows, the versioned migrations and every
// query and statement (each bounded by the statement timeout). No other package imports gorm.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/glebarez/sqlite"
	mysqldrv "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"greencredit/refusal"
)

// ErrUnavailable wraps every failure to reach or write the database: the API answers 503.
var ErrUnavailable = errors.New("database unavailable")

// ErrNotFound is returned for an unknown id.
var ErrNotFound = errors.New("not found")

// DBConfig says where the data lives: MySQL when MySQLDSN is set, else an SQLite file.
type DBConfig struct {
	MySQLDSN   string
	SQLitePath string
	// OpTimeout bounds every statement so a stalled database fails fast (fail closed).
	OpTimeout time.Duration
}

// Store is the service's database.
type Store struct {
	DB        *gorm.DB
	Dialect   string // "mysql" or "sqlite"
	opTimeout time.Duration
	balances  *balanceBatcher
	mysqlCfg  *mysqldrv.Config // MySQL only: the connection settings, for the decision log's own connection
}

// Open connects and migrates.
func Open(ctx context.Context, cfg DBConfig) (*Store, error) {
	if cfg.OpTimeout <= 0 {
		cfg.OpTimeout = 5 * time.Second
	}
	gcfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
	var (
		db      *gorm.DB
		err     error
		dialect string
		myCfg   *mysqldrv.Config
	)
	if cfg.MySQLDSN != "" {
		dialect = "mysql"
		mc, perr := mysqldrv.ParseDSN(cfg.MySQLDSN)
		if perr != nil {
			return nil, fmt.Errorf("parse MySQL DSN: %w", perr)
		}
		mc.ParseTime, mc.Loc = true, time.UTC
		// Arguments are interpolated client-side (safe with utf8mb4): one round trip per
		// statement instead of prepare, execute and close.
		mc.InterpolateParams = true
		if mc.Timeout == 0 {
			mc.Timeout = cfg.OpTimeout
		}
		if mc.ReadTimeout == 0 {
			mc.ReadTimeout = cfg.OpTimeout
		}
		if mc.WriteTimeout == 0 {
			mc.WriteTimeout = cfg.OpTimeout
		}
		if mc.Params == nil {
			mc.Params = map[string]string{}
		}
		mc.Params["time_zone"] = "'+00:00'"
		myCfg = mc
		conn, cerr := mysqldrv.NewConnector(mc)
		if cerr != nil {
			return nil, fmt.Errorf("MySQL connector: %w", cerr)
		}
		sqlDB := sql.OpenDB(conn)
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(32)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
		db, err = gorm.Open(mysql.New(mysql.Config{Conn: sqlDB}), gcfg)
	} else {
		dialect = "sqlite"
		path := cfg.SQLitePath
		if path == "" {
			path = "greencredit.db"
		}
		dsn := path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
		db, err = gorm.Open(sqlite.Open(dsn), gcfg)
		if err == nil {
			if sqlDB, e := db.DB(); e == nil {
				sqlDB.SetMaxOpenConns(1) // one writer: SQLite serialises writes anyway
			}
		}
	}
	if err != nil {
		return nil, unavailable("open "+dialect, err)
	}
	s := &Store{DB: db, Dialect: dialect, opTimeout: cfg.OpTimeout, mysqlCfg: myCfg}
	s.balances = &balanceBatcher{store: s, maxBatch: 256, spacing: 2 * time.Millisecond}
	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// rebuildBookTotals fills book_totals from the loans when it is empty but the book is not:
// the first start after upgrading from rules version 1, whose totals lacked the borrower kind
// and the real-estate attributes.
func (s *Store) rebuildBookTotals(ctx context.Context) error {
	return s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&BookTotal{}).Limit(1).Count(&n).Error; err != nil || n > 0 {
			return err
		}
		return tx.Exec(`INSERT INTO book_totals (branch_id, industry_code, green, applicant_kind, real_estate_purpose, quasi_real_estate, balance_fen)
			SELECT branch_id, industry_code, green, applicant_kind, real_estate_purpose, quasi_real_estate, SUM(balance_fen)
			FROM loans WHERE balance_fen <> 0
			GROUP BY branch_id, industry_code, green, applicant_kind, real_estate_purpose, quasi_real_estate`).Error
	})
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	sqlDB, err := s.DB.DB()
	if err != nil {
		return unavailable("ping", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return unavailable("ping", err)
	}
	return nil
}

// op bounds one operation of the store by the statement timeout: the database bound to ctx and
// that timeout, and the cancel to defer. Its failures are wrapped with unavailable (503).
func (s *Store) op(ctx context.Context) (*gorm.DB, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	return s.DB.WithContext(ctx), cancel
}

// takeOne reads the one row q selects: ErrNotFound naming what when there is none, unavailable
// when the read fails.
func takeOne[T any](q *gorm.DB, what string) (*T, error) {
	var out T
	err := q.Take(&out).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	if err != nil {
		return nil, unavailable("read "+what, err)
	}
	return &out, nil
}

// storeError is how a failed write reaches the caller: a refusal (a rule of the domain, such as
// the book's bound, or a use case's refusal returned from inside a transaction) as it is, anything
// else as unavailable (503: nothing was written).
func storeError(what string, err error) error {
	var refused *refusal.Error
	if err == nil || errors.As(err, &refused) {
		return err
	}
	return unavailable(what, err)
}

// OpTimeout bounds each statement of the store (and of the decision log's writer).
func (s *Store) OpTimeout() time.Duration { return s.opTimeout }

// Close releases the connections.
func (s *Store) Close() error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}
