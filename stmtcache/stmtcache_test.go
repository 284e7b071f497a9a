package stmtcache_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/stmtcache"
)

func open(t *testing.T) *dbx.DB {
	t.Helper()
	db, err := stmtcache.Connect(filepath.Join(t.TempDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.DB().SetMaxOpenConns(1) // one connection: every query meets the cache
	if _, err := db.NewQuery(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)`).Execute(); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if _, err := db.Insert("t", dbx.Params{"id": i, "name": fmt.Sprint("n", i)}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// The connection settings are PocketBase's own, but for the page cache.
func TestSamePragmas(t *testing.T) {
	dir := t.TempDir()
	ours, err := stmtcache.Connect(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	theirs, err := core.DefaultDBConnect(filepath.Join(dir, "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer theirs.Close()
	for _, p := range []string{"busy_timeout", "journal_mode", "journal_size_limit", "synchronous", "foreign_keys", "temp_store"} {
		var a, b string
		if err := ours.NewQuery("PRAGMA " + p).Row(&a); err != nil {
			t.Fatal(err)
		}
		if err := theirs.NewQuery("PRAGMA " + p).Row(&b); err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("PRAGMA %s: %q, PocketBase has %q", p, a, b)
		}
	}
	var size string
	if err := ours.NewQuery("PRAGMA cache_size").Row(&size); err != nil || size != stmtcache.CacheKiB {
		t.Errorf("PRAGMA cache_size: %q (%v), want %s", size, err, stmtcache.CacheKiB)
	}
}

func name(t *testing.T, q dbx.Builder, id int) string {
	t.Helper()
	var n string
	if err := q.NewQuery(`SELECT name FROM t WHERE id = {:id}`).Bind(dbx.Params{"id": id}).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestStatementsAreReused(t *testing.T) {
	db := open(t)
	before := stmtcache.Counters()
	for i := 1; i <= 3; i++ {
		if got := name(t, db, i); got != fmt.Sprint("n", i) {
			t.Fatalf("id %d: %q", i, got)
		}
	}
	after := stmtcache.Counters()
	if hits := after.Hits - before.Hits; hits < 2 {
		t.Fatalf("the same select three times: %d cache hits, want 2", hits)
	}
}

// A statement whose rows are still open is not handed out twice: the
// inner query gets a fresh one and both read the right rows.
func TestNestedSameQuery(t *testing.T) {
	db := open(t)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.NewQuery(`SELECT id, name FROM t WHERE id >= {:id} ORDER BY id`).Bind(dbx.Params{"id": 1}).Rows()
	if err != nil {
		t.Fatal(err)
	}
	busy0 := stmtcache.Counters().Busy
	var seen []string
	for rows.Next() {
		var id int
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		var inner int
		if err := tx.NewQuery(`SELECT id, name FROM t WHERE id >= {:id} ORDER BY id`).Bind(dbx.Params{"id": id}).Row(&inner, new(string)); err != nil {
			t.Fatal(err)
		}
		if inner != id {
			t.Fatalf("inner query from %d read %d", id, inner)
		}
		seen = append(seen, n)
	}
	rows.Close()
	if fmt.Sprint(seen) != "[n1 n2 n3]" {
		t.Fatalf("outer rows: %v", seen)
	}
	if stmtcache.Counters().Busy == busy0 {
		t.Fatal("the inner query shared the outer one's open statement")
	}
}

// Writes through cached statements commit and roll back with their
// transaction, and a schema change reaches a cached statement.
func TestTransactionsAndSchema(t *testing.T) {
	db := open(t)
	update := func(q dbx.Builder, id int, n string) {
		t.Helper()
		if _, err := q.NewQuery(`UPDATE t SET name = {:n} WHERE id = {:id}`).Bind(dbx.Params{"n": n, "id": id}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	_ = db.Transactional(func(tx *dbx.Tx) error {
		update(tx, 1, "kept")
		return nil
	})
	_ = db.Transactional(func(tx *dbx.Tx) error {
		update(tx, 2, "lost")
		return fmt.Errorf("roll back")
	})
	if a, b := name(t, db, 1), name(t, db, 2); a != "kept" || b != "n2" {
		t.Fatalf("after commit and rollback: %q %q", a, b)
	}
	all := func() []string {
		cols, err := db.NewQuery(`SELECT * FROM t WHERE id = {:id}`).Bind(dbx.Params{"id": 1}).Rows()
		if err != nil {
			t.Fatal(err)
		}
		defer cols.Close()
		c, _ := cols.Columns()
		return c
	}
	all()
	if _, err := db.NewQuery(`ALTER TABLE t ADD COLUMN extra TEXT`).Execute(); err != nil {
		t.Fatal(err)
	}
	if c := all(); len(c) != 3 {
		t.Fatalf("cached SELECT * after ALTER TABLE: columns %v", c)
	}
}

// More distinct texts than the cache holds: the oldest go, answers stay right.
func TestEviction(t *testing.T) {
	db := open(t)
	for i := range stmtcache.Size + 20 {
		var n int
		if err := db.NewQuery(fmt.Sprintf(`SELECT %d + id FROM t WHERE id = 1`, i)).Row(&n); err != nil {
			t.Fatal(err)
		}
		if n != i+1 {
			t.Fatalf("query %d: %d", i, n)
		}
	}
	if got := name(t, db, 3); got != "n3" {
		t.Fatalf("after eviction: %q", got)
	}
}
