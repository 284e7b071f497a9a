// Package stmtcache opens PocketBase's SQLite databases through a driver
// that keeps each connection's prepared statements for reuse.
//
// database/sql prepares, runs and finalizes a statement for every query a
// connection is given, and PocketBase's query builder (dbx) writes the same
// SQL text for the same lookup every time (named parameters become "?"), so
// on a write-heavy server a fifth of the CPU went to SQLite parsing SQL it
// had parsed a moment before. Here every connection holds its most recent
// statements by SQL text; a query whose statement is still in use (its rows
// open) gets a fresh one, so nesting and transactions behave as before.
// SQLite re-prepares a cached statement by itself when the schema changes.
package stmtcache

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"modernc.org/sqlite"
)

// DriverName is the database/sql name of the caching driver.
const DriverName = "sqlite_stmtcache"

// Pragmas are PocketBase's connection settings (core.DefaultDBConnect; the
// test TestSamePragmas holds them equal) but for the page cache:
// busy_timeout first so that a connection blocks on busy before WAL mode
// is set.
const Pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(" + CacheKiB + ")&_defensive=1"

// CacheKiB is each connection's page cache (negative: KiB). PocketBase
// gives every connection 32 MB, which with PoolSize kept connections let
// the server grow past 750 MB under 200 phones while each cache held
// mostly the same hot pages; the operating system's file cache keeps them
// once for all connections, and a page read from it costs a copy.
const CacheKiB = "-4000"

// Size is how many statements a connection keeps (least recently used go
// first): the push path uses about forty distinct texts, and over the
// PoolSize kept connections this stays a few MB.
const Size = 64

// PoolSize is how many connections to the data database to open and keep
// (PocketBase's DataMaxOpenConns and DataMaxIdleConns). PocketBase opens up
// to 120 but keeps 15 idle, so past 15 concurrent readers every query
// closed a connection and the next opened one: under 200 phones a quarter
// of the server's CPU went to running the connection pragmas again, and
// each new connection started with no statements. A closed pool of kept
// connections queues the rest instead; 32 leaves room for a query nested
// in another's rows on every one of them.
const PoolSize = 32

// maxSQL: longer texts (migrations, scripts) are run once and not kept.
const maxSQL = 4 << 10

func init() {
	sql.Register(DriverName, &drv{})
	dbx.BuilderFuncMap[DriverName] = dbx.NewSqliteBuilder
}

// Connect is a core.DBConnectFunc: PocketBase's connection, with the cache.
func Connect(dbPath string) (*dbx.DB, error) {
	return dbx.Open(DriverName, dbPath+Pragmas)
}

var _ core.DBConnectFunc = Connect

// Stats counts statement reuse over all connections (for tests and the
// benchmark notes).
type Stats struct{ Hits, Misses, Busy int64 }

var hits, misses, busy atomic.Int64

// Counters returns the counts so far.
func Counters() Stats { return Stats{hits.Load(), misses.Load(), busy.Load()} }

type drv struct{ sqlite.Driver }

func (d *drv) Open(name string) (driver.Conn, error) {
	c, err := d.Driver.Open(name)
	if err != nil {
		return nil, err
	}
	return &conn{base: c, byText: map[string]*list.Element{}, lru: list.New()}, nil
}

// base is what modernc's connection offers and the wrapper passes through.
type base interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// conn is used by one goroutine at a time (database/sql's contract), so
// the cache needs no lock.
type conn struct {
	base   driver.Conn
	byText map[string]*list.Element
	lru    *list.List // of *entry, most recent first
}

type entry struct {
	text string
	stmt driver.Stmt
	busy bool // its rows are open
}

func (c *conn) b() base { return c.base.(base) }

func (c *conn) Prepare(query string) (driver.Stmt, error) { return c.base.Prepare(query) }
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.b().PrepareContext(ctx, query)
}
func (c *conn) Begin() (driver.Tx, error) {
	return c.b().BeginTx(context.Background(), driver.TxOptions{})
}
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.b().BeginTx(ctx, opts)
}
func (c *conn) Ping(ctx context.Context) error         { return c.b().Ping(ctx) }
func (c *conn) ResetSession(ctx context.Context) error { return c.b().ResetSession(ctx) }
func (c *conn) IsValid() bool                          { return c.b().IsValid() }

func (c *conn) Close() error {
	var errs []error
	for e := c.lru.Front(); e != nil; e = e.Next() {
		errs = append(errs, e.Value.(*entry).stmt.Close())
	}
	c.byText, c.lru = nil, list.New()
	return errors.Join(append(errs, c.base.Close())...)
}

// cacheable: texts worth keeping. PocketBase names the scratch table of a
// create-rule check and some join aliases with random suffixes ("__pb_",
// "__ml", …); those texts never repeat.
func cacheable(query string) bool {
	return len(query) <= maxSQL && !strings.Contains(query, "__")
}

// take returns the idle cached statement for query, preparing and keeping
// it on a miss; ok is false when query must run uncached.
func (c *conn) take(ctx context.Context, query string) (*entry, bool, error) {
	if c.byText == nil || !cacheable(query) {
		return nil, false, nil
	}
	if el, found := c.byText[query]; found {
		e := el.Value.(*entry)
		if e.busy {
			busy.Add(1)
			return nil, false, nil
		}
		hits.Add(1)
		c.lru.MoveToFront(el)
		e.busy = true
		return e, true, nil
	}
	misses.Add(1)
	stmt, err := c.b().PrepareContext(ctx, query)
	if err != nil {
		return nil, false, err
	}
	e := &entry{text: query, stmt: stmt, busy: true}
	c.byText[query] = c.lru.PushFront(e)
	if c.lru.Len() > Size {
		c.evictOldestIdle()
	}
	return e, true, nil
}

// evictOldestIdle drops the least recently used statement that no rows
// hold (a held one stays until a later miss).
func (c *conn) evictOldestIdle() {
	for el := c.lru.Back(); el != nil; el = el.Prev() {
		if e := el.Value.(*entry); !e.busy {
			c.lru.Remove(el)
			delete(c.byText, e.text)
			_ = e.stmt.Close()
			return
		}
	}
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if !ok {
		return c.b().ExecContext(ctx, query, args)
	}
	defer func() { e.busy = false }()
	return e.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	e, ok, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if !ok {
		return c.b().QueryContext(ctx, query, args)
	}
	r, err := e.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		e.busy = false
		return nil, err
	}
	return &rows{Rows: r, done: func() { e.busy = false }}, nil
}

// rows gives the statement back when the caller is done with it.
type rows struct {
	driver.Rows
	done func()
}

func (r *rows) Close() error {
	err := r.Rows.Close()
	r.done()
	return err
}

// modernc's rows describe their columns (PocketBase reads the types of a
// view's columns); the wrapper passes that through.
type columnTypes interface {
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return r.Rows.(columnTypes).ColumnTypeDatabaseTypeName(i)
}
func (r *rows) ColumnTypeLength(i int) (int64, bool) { return r.Rows.(columnTypes).ColumnTypeLength(i) }
func (r *rows) ColumnTypeNullable(i int) (bool, bool) {
	return r.Rows.(columnTypes).ColumnTypeNullable(i)
}
func (r *rows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	return r.Rows.(columnTypes).ColumnTypePrecisionScale(i)
}
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	return r.Rows.(columnTypes).ColumnTypeScanType(i)
}
