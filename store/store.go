// Package store keeps ReplyDesk's data in a SQLite file through GORM: shops,
// KB entries, buyers, conversations and messages. It is the source of truth;
// the search index is rebuilt from it.
package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"replydesk/engine"
)

// ErrNotFound is engine.ErrNotFound, so callers of either package can test for it.
var ErrNotFound = engine.ErrNotFound

// maxIdleConns is how many idle database connections are kept open. The
// number open is not bounded: a transaction holding the write lock may
// need another connection (to prepare a statement), and a bound would let
// the transactions waiting for the lock hold every one.
const maxIdleConns = 16

// Store is the SQLite database. It is safe for concurrent use.
type Store struct {
	db  *gorm.DB
	hot *prepared
}

// Open opens (creating if needed) the database file at path and runs the
// migrations it has not run yet.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
	db, err := gorm.Open(sqlite.New(sqlite.Config{DriverName: "sqlite", DSN: dsn}), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Idle connections are kept: each one parses the prepared statements
	// anew, and database/sql keeps only two by default, so under load
	// connections came and went, and their statements with them.
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.SetMaxIdleConns(maxIdleConns)
	}
	hot, err := newPrepared(db)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, hot: hot}
	if err := s.migrate(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	if s.hot != nil {
		s.hot.close()
	}
	return sqlDB.Close()
}

func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
