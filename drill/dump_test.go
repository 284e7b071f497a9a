package drill_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"mallcare/syncapi"
)

// snapshot is a data dir's content: every row of every table of data.db
// (collections, the sync feed, the mutation log, PocketBase's own tables)
// and the hash of every stored file (thumbnails aside: PocketBase makes
// them on demand).
type snapshot struct {
	tables map[string][]string // table → rows as sorted JSON
	files  map[string]string   // storage key → sha256
}

func openDB(t testing.TB, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "data.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func takeSnapshot(t testing.TB, dir string) snapshot {
	t.Helper()
	db := openDB(t, dir)
	defer db.Close()
	s := snapshot{tables: map[string][]string{}, files: map[string]string{}}
	names := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND (name NOT LIKE 'sqlite_%' OR name = 'sqlite_sequence')`)
	for _, name := range names {
		rows, err := db.Query(`SELECT * FROM "` + name + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := map[string]any{}
			for i, c := range cols {
				if b, ok := vals[i].([]byte); ok {
					vals[i] = string(b)
				}
				row[c] = vals[i]
			}
			raw, _ := json.Marshal(row)
			out = append(out, string(raw))
		}
		rows.Close()
		sort.Strings(out)
		s.tables[name] = out
	}
	root := filepath.Join(dir, "storage")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), "thumbs_") {
				return filepath.SkipDir
			}
			return nil
		}
		// PocketBase's attribute side files, and a write the kill cut off
		// (blob storage writes <name>.<random>.tmp, then renames it)
		if strings.HasSuffix(p, ".attrs") || strings.HasSuffix(p, ".tmp") {
			return nil
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(raw)
		rel, _ := filepath.Rel(root, p)
		s.files[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	return s
}

func queryStrings(t testing.TB, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// compare fails the test on the first difference between want and got.
func (want snapshot) compare(t testing.TB, got snapshot, what string) {
	t.Helper()
	var diffs []string
	for name, rows := range want.tables {
		if g, ok := got.tables[name]; !ok {
			diffs = append(diffs, "table "+name+" missing")
		} else if d := diffRows(rows, g); d != "" {
			diffs = append(diffs, name+": "+d)
		}
	}
	for name := range got.tables {
		if _, ok := want.tables[name]; !ok {
			diffs = append(diffs, "table "+name+" not in the source")
		}
	}
	for key, sum := range want.files {
		if got.files[key] != sum {
			diffs = append(diffs, "file "+key+" missing or different")
		}
	}
	for key := range got.files {
		if _, ok := want.files[key]; !ok {
			diffs = append(diffs, "file "+key+" not in the source")
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		t.Fatalf("%s differs from the source:\n%s", what, strings.Join(diffs, "\n"))
	}
}

func diffRows(want, got []string) string {
	w := map[string]int{}
	for _, r := range want {
		w[r]++
	}
	for _, r := range got {
		w[r]--
	}
	var lines []string
	for r, n := range w {
		switch {
		case n > 0:
			lines = append(lines, "  missing "+r)
		case n < 0:
			lines = append(lines, "  extra   "+r)
		}
	}
	sort.Strings(lines)
	if len(lines) > 6 {
		lines = append(lines[:6], fmt.Sprintf("  … %d more", len(lines)-6))
	}
	return strings.Join(lines, "\n")
}

func (s snapshot) rows(table string) int { return len(s.tables[table]) }

// restoredFeed checks that a restored data dir moved its sync feed on by
// syncapi.RestoreGap (so every phone starts over, see
// replication/marker.go) and returns both snapshots without those two
// bookkeeping rows, for comparing the rest.
func restoredFeed(t testing.TB, want, got snapshot) (snapshot, snapshot) {
	t.Helper()
	seq := func(s snapshot) (int64, int64) {
		return cell(s, "sqlite_sequence", "name", "sync_changes", "seq"), cell(s, "sync_meta", "key", "pruned_through", "value")
	}
	head, _ := seq(want)
	next, pruned := seq(got)
	if next != head+syncapi.RestoreGap || pruned != next {
		t.Fatalf("restored feed: sequence %d, pruned through %d; want both %d", next, pruned, head+syncapi.RestoreGap)
	}
	strip := func(s snapshot) snapshot {
		out := snapshot{tables: map[string][]string{}, files: s.files}
		for name, rows := range s.tables {
			var keep []string
			for _, r := range rows {
				if (name == "sqlite_sequence" && strings.Contains(r, `"name":"sync_changes"`)) ||
					(name == "sync_meta" && strings.Contains(r, `"key":"pruned_through"`)) {
					continue
				}
				keep = append(keep, r)
			}
			out.tables[name] = keep
		}
		return out
	}
	return strip(want), strip(got)
}

// cell is column col of the row of table whose keyCol is key (0 if none).
func cell(s snapshot, table, keyCol, key, col string) int64 {
	for _, r := range s.tables[table] {
		var row map[string]any
		_ = json.Unmarshal([]byte(r), &row)
		if row[keyCol] == key {
			n, _ := row[col].(float64)
			return int64(n)
		}
	}
	return 0
}
