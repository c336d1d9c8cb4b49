package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"gorm.io/gorm"
)

// prepared keeps the statements of the buyer-message path prepared on the
// database, so that each connection parses them once: parsing SQL was a
// third of a webhook message's cost (CV-7b). GORM's own PrepareStmt does not
// help there, since a statement it first prepares inside a transaction is
// prepared again in every transaction.
type prepared struct {
	mu    sync.Mutex
	db    *sql.DB
	stmts map[string]*sql.Stmt
}

func newPrepared(db *gorm.DB) (*prepared, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	return &prepared{db: sqlDB, stmts: map[string]*sql.Stmt{}}, nil
}

// in returns query as a statement of tx, the transaction GORM runs: prepared
// on the database the first time it is asked for, and on each connection the
// first time that connection runs it.
func (p *prepared) in(ctx context.Context, tx *gorm.DB, query string) (*sql.Stmt, error) {
	sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return nil, fmt.Errorf("store: a prepared statement outside a transaction: %T", tx.Statement.ConnPool)
	}
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return sqlTx.StmtContext(ctx, st), nil
}

// stmt returns query prepared on the database (for use outside a
// transaction, or through in).
func (p *prepared) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, ok := p.stmts[query]
	if !ok {
		var err error
		if st, err = p.db.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		p.stmts[query] = st
	}
	return st, nil
}

// close closes every statement.
func (p *prepared) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, st := range p.stmts {
		st.Close()
	}
	p.stmts = map[string]*sql.Stmt{}
}

// queryOne runs a prepared query in tx and scans its first row into dest
// (a struct, by column name, as GORM does); it reports whether there was one.
func (s *Store) queryOne(ctx context.Context, tx *gorm.DB, query string, dest any, args ...any) (bool, error) {
	st, err := s.hot.in(ctx, tx, query)
	if err != nil {
		return false, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if sc, ok := dest.(rowScanner); ok {
		if err := sc.scanRow(rows); err != nil {
			return false, err
		}
	} else if err := tx.ScanRows(rows, dest); err != nil {
		return false, err
	}
	return true, rows.Close()
}

// rowScanner is a row type that scans itself, in the order of its query's
// columns: GORM's ScanRows matches columns to fields by reflection on
// every row, which on the buyer-message path cost more than the query.
type rowScanner interface {
	scanRow(rows *sql.Rows) error
}

// insertID runs a prepared INSERT … RETURNING id in tx.
func (s *Store) insertID(ctx context.Context, tx *gorm.DB, query string, args ...any) (int64, error) {
	st, err := s.hot.in(ctx, tx, query)
	if err != nil {
		return 0, err
	}
	var id int64
	err = st.QueryRowContext(ctx, args...).Scan(&id)
	return id, err
}

// exec runs a prepared statement in tx and returns how many rows it changed.
func (s *Store) exec(ctx context.Context, tx *gorm.DB, query string, args ...any) (int64, error) {
	st, err := s.hot.in(ctx, tx, query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// queryRows runs a prepared query outside a transaction and scans each row
// into a T (a struct, by column name, as GORM does): the reads on the path
// of every buyer message and automatic reply, whose SQL would otherwise be
// parsed each time.
func queryRows[T any](ctx context.Context, s *Store, query string, args ...any) ([]T, error) {
	st, err := s.hot.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if sc, ok := any(&v).(rowScanner); ok {
			if err := sc.scanRow(rows); err != nil {
				return nil, err
			}
		} else if err := s.db.ScanRows(rows, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// execDB runs a prepared statement outside a transaction and returns how
// many rows it changed.
func (s *Store) execDB(ctx context.Context, query string, args ...any) (int64, error) {
	st, err := s.hot.stmt(ctx, query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
