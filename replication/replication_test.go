package replication

import (
	"bytes"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/pocketbase/pocketbase/core"
	_ "modernc.org/sqlite"
)

// fakeS3 is an S3-compatible store in the test process with one bucket,
// and the keys in the environment as an operator would set them.
func fakeS3(t *testing.T) *httptest.Server {
	backend := s3mem.New()
	if err := backend.CreateBucket("mallcare-replica"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", "drill-key")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "drill-secret")
	t.Setenv("AWS_CA_BUNDLE", "")
	return srv
}

type fixture struct {
	dir    string
	db     *sql.DB
	stream *dbStream
	files  *fileMirror
}

func startFixture(t *testing.T, url string) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir()}
	var err error
	f.db, err = sql.Open("sqlite", "file:"+dataDBPath(f.dir)+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	f.exec(t, `CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`)
	target, err := parseTarget(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{SyncInterval: 100 * time.Millisecond, Retention: 24 * time.Hour}
	errs := &lastError{}
	logger := slog.New(tap{next: []slog.Handler{slog.NewTextHandler(io.Discard, nil)}, errs: errs})
	f.stream = newDBStream(f.dir, target, cfg, logger, errs)
	f.stream.store.SetShutdownSyncTimeout(time.Second)
	f.files = newFileMirror(f.dir, target, cfg.SyncInterval)
	f.stream.start()
	f.files.start()
	return f
}

func (f *fixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := f.db.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

// store writes a file as PocketBase's storage holds it and queues its folder.
func (f *fixture) store(t *testing.T, key string, content []byte) {
	t.Helper()
	p := filepath.Join(f.dir, "storage", filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	f.files.enqueue(filepath.ToSlash(filepath.Dir(key)))
}

// synced waits until the replica holds every commit and file so far.
func (f *fixture) synced(t *testing.T) {
	t.Helper()
	since := time.Now()
	deadline := since.Add(20 * time.Second)
	for {
		d, fs := f.stream.status(time.Now()), f.files.status(time.Now())
		if d.TXID > 0 && d.TXID == d.ReplicatedTXID && d.LastSyncAt.After(since.Add(200*time.Millisecond)) && fs.Pending == 0 && fs.LastSyncAt.After(since) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not replicated: %+v %+v", d, fs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (f *fixture) close(t *testing.T) {
	f.files.close()
	if err := f.stream.close(); err != nil {
		t.Fatal(err)
	}
	f.db.Close()
}

func notes(t *testing.T, dir string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dataDBPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT body FROM notes ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// TestReplicaRoundTrip: commits and stored files reach a file replica and
// an S3-compatible one; restore rebuilds a data dir as of the latest commit
// or as of a moment in between; a dir that holds a database is refused.
func TestReplicaRoundTrip(t *testing.T) {
	s3 := fakeS3(t)
	for name, url := range map[string]string{
		"file": "file://" + t.TempDir(),
		"s3":   "s3://mallcare-replica/malls/sh?endpoint=" + s3.URL + "&region=us-east-1",
	} {
		t.Run(name, func(t *testing.T) {
			f := startFixture(t, url)
			f.exec(t, `INSERT INTO notes (body) VALUES ('王女士投诉'), ('已联系商户')`)
			f.store(t, "pbc_complaints/rec1/photo_a.png", []byte("photo A"))
			f.store(t, "pbc_complaints/rec1/thumbs_photo_a.png/100x100_photo_a.png", []byte("thumb"))
			f.synced(t)
			between := time.Now()
			time.Sleep(300 * time.Millisecond)
			f.exec(t, `INSERT INTO notes (body) VALUES ('已退货')`)
			f.store(t, "pbc_reports/rec2/weekly.xlsx", []byte("workbook"))
			f.synced(t)
			f.close(t)

			target, _ := parseTarget(url)
			latest := filepath.Join(t.TempDir(), "pb_data")
			var out bytes.Buffer
			if err := restore(t.Context(), target, latest, time.Time{}, &out); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(notes(t, latest), ","); got != "王女士投诉,已联系商户,已退货" {
				t.Fatalf("latest restore: %s", got)
			}
			for key, want := range map[string]string{"pbc_complaints/rec1/photo_a.png": "photo A", "pbc_reports/rec2/weekly.xlsx": "workbook"} {
				got, err := os.ReadFile(filepath.Join(latest, "storage", key))
				if err != nil || string(got) != want {
					t.Fatalf("restored %s: %q %v", key, got, err)
				}
			}
			if _, err := os.Stat(filepath.Join(latest, "storage", "pbc_complaints/rec1/thumbs_photo_a.png")); err == nil {
				t.Fatal("a thumbnail was replicated")
			}
			if _, err := os.Stat(filepath.Join(latest, restoredMarker)); err != nil {
				t.Fatal("the restored dir is not marked for a feed reset")
			}

			earlier := filepath.Join(t.TempDir(), "pb_data")
			if err := restore(t.Context(), target, earlier, between, &out); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(notes(t, earlier), ","); got != "王女士投诉,已联系商户" {
				t.Fatalf("restore as of %s: %s", between, got)
			}
			if err := restore(t.Context(), target, latest, time.Time{}, &out); err == nil || !strings.Contains(err.Error(), "already holds a database") {
				t.Fatalf("restore over a database: %v", err)
			}
			if err := restore(t.Context(), target, t.TempDir(), between.Add(-time.Hour), &out); err == nil {
				t.Fatal("restored a moment before the replica began")
			}
		})
	}
}

// TestStatusWhenReplicaIsDown: an unreachable replica shows as failing (503
// for a monitor) while the database keeps taking writes.
func TestStatusWhenReplicaIsDown(t *testing.T) {
	s3 := fakeS3(t)
	u := "s3://mallcare-replica/down?endpoint=" + s3.URL + "&region=us-east-1"
	f := startFixture(t, u)
	f.exec(t, `INSERT INTO notes (body) VALUES ('a')`)
	f.synced(t)
	s3.CloseClientConnections()
	s3.Listener.Close() // the store is gone
	f.exec(t, `INSERT INTO notes (body) VALUES ('b')`)
	r := &replicator{cfg: Config{SyncInterval: 100 * time.Millisecond}, db: f.stream, files: f.files}
	r.target, _ = parseTarget(u)
	deadline := time.Now().Add(45 * time.Second) // the S3 client retries before it gives up
	for r.status(time.Now()).Status != "failing" {
		if time.Now().After(deadline) {
			t.Fatalf("status while the replica is down: %+v", r.status(time.Now()).Database)
		}
		time.Sleep(50 * time.Millisecond)
	}
	st := r.status(time.Now())
	if st.Database.LastError == "" || st.Database.ReplicatedTXID >= st.Database.TXID {
		t.Fatalf("failing status: %+v", st.Database)
	}
	// a monitor without a token sees 503 and the word, nothing more
	rec := httptest.NewRecorder()
	e := &core.RequestEvent{}
	e.Request, e.Response = httptest.NewRequest(http.MethodGet, "/api/health/replication", nil), rec
	if err := r.handleStatus(e); err != nil || rec.Code != http.StatusServiceUnavailable || strings.TrimSpace(rec.Body.String()) != `{"status":"failing"}` {
		t.Fatalf("status for a guest: %d %s %v", rec.Code, rec.Body, err)
	}
	f.files.close()
	_ = f.stream.close() // the final sync cannot succeed
	f.db.Close()
}

func TestParseTarget(t *testing.T) {
	t.Setenv("AWS_CA_BUNDLE", "")
	for raw, want := range map[string]string{
		"/srv/replica":        "file:///srv/replica",
		"file:///srv/replica": "file:///srv/replica",
		"s3://bucket/mallcare?endpoint=https://oss-cn-shanghai.aliyuncs.com": "s3://bucket/mallcare",
	} {
		tgt, err := parseTarget(raw)
		if err != nil || tgt.String() != want {
			t.Errorf("%s: %v %v", raw, tgt, err)
		}
	}
	for _, raw := range []string{"", "file://relative/dir", "s3://key:secret@bucket/x", "ftp://host/x"} {
		if _, err := parseTarget(raw); err == nil {
			t.Errorf("%q accepted", raw)
		}
	}
	tgt, _ := parseTarget("s3://bucket/a/b?endpoint=http://127.0.0.1:9000")
	if tgt.prefix != "a/b/storage/" {
		t.Errorf("files prefix %q", tgt.prefix)
	}
	t.Setenv("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
	if _, err := parseTarget("s3://bucket/a"); err == nil || !strings.Contains(err.Error(), "AWS_CA_BUNDLE") {
		t.Errorf("AWS_CA_BUNDLE: %v", err)
	}
}

func TestConfig(t *testing.T) {
	for _, c := range []Config{
		{SyncInterval: 2 * time.Second, Retention: DefaultRetention},
		{SyncInterval: 50 * time.Millisecond, Retention: DefaultRetention},
		{SyncInterval: time.Second, Retention: time.Minute},
	} {
		if c.validate() == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	t.Setenv("MALLCARE_REPLICA_SYNC_INTERVAL", "1 second")
	c := Config{}
	c.envDuration("MALLCARE_REPLICA_SYNC_INTERVAL", DefaultSyncInterval)
	if err := c.validate(); err == nil || !strings.Contains(err.Error(), "MALLCARE_REPLICA_SYNC_INTERVAL") {
		t.Errorf("a bad environment value: %v", err)
	}
	if (&Config{SyncInterval: DefaultSyncInterval, Retention: DefaultRetention}).validate() != nil {
		t.Error("the defaults are refused")
	}
}
