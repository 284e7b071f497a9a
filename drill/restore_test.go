package drill_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// morning is the work of a morning in two malls, all through the API: the
// phones push complaints with photos, timeline notes and status changes,
// an inspection with a failed item and its rectification (photos on both),
// a survey taken at the desk, a major complaint (which notifies the
// admins); a customer answers a QR survey; an admin generates a report.
func morning(t testing.TB, s *server, f fixture) []*phone {
	t.Helper()
	base := s.url("")
	phones := map[string]*phone{}
	for i, name := range []string{"manager1@AA", "service1@AA", "inspector1@AA", "admin1@AA", "manager1@BB"} {
		phones[name] = newPhone(signIn(t, base, "users", f.emails[name], userPass), name, f.userMall[name], uint64(i+1))
	}
	aa, bb := f.malls["AA"], f.malls["BB"]
	complaint := func(p *phone, mall, shop, severity string, photos ...string) string {
		id := p.newID()
		data := map[string]any{"mall": mall, "channel": "desk", "target": "shop", "shop": f.shops[shop],
			"customer_name": "王女士", "description": "鞋子开胶，要求退货", "severity": severity}
		if len(photos) > 0 {
			data["photos"] = photos
		}
		p.queue("complaints", "create", id, data)
		return id
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	m := phones["manager1@AA"]
	must(m.stage("p1", photo(10)))
	must(m.stage("p2", photo(20)))
	c1 := complaint(m, aa, "AA-1", "general", "photo:p1", "photo:p2")
	m.queue("complaint_events", "create", m.newID(), map[string]any{"complaint": c1, "mall": aa, "kind": "note", "note": "已联系商户"})
	m.queue("complaints", "update", c1, map[string]any{"status": "verifying"})
	m.queue("complaints", "update", c1, map[string]any{"status": "proposed", "plan": "退货处理"})
	must(m.sync())

	sv := phones["service1@AA"]
	complaint(sv, aa, "AA-2", "general")
	complaint(sv, aa, "AA-1", "major") // notifies the admins of AA
	sv.queue("survey_responses", "create", sv.newID(), map[string]any{"mall": aa, "template": f.survey,
		"answers": map[string]int{"overall": 4, "staff": 5}, "comment": "服务很好", "channel": "staff"})
	must(sv.sync())

	in := phones["inspector1@AA"]
	insp := in.newID()
	in.queue("inspections", "create", insp, map[string]any{"mall": aa, "template": f.inspection, "floor": "1F"})
	must(in.sync())
	items := in.store["inspections/"+insp]["items"].([]any)
	must(in.stage("p3", photo(30)))
	in.queue("inspection_results", "create", in.newID(), map[string]any{"inspection": insp, "mall": aa,
		"item_id": items[0].(map[string]any)["id"], "result": "fail", "note": "地面有水", "photos": []string{"photo:p3"}})
	in.queue("inspection_results", "create", in.newID(), map[string]any{"inspection": insp, "mall": aa,
		"item_id": items[1].(map[string]any)["id"], "result": "pass"})
	in.queue("inspections", "update", insp, map[string]any{"status": "submitted", "note": "巡检完成"})
	must(in.sync())
	rects := in.known("rectifications")
	if len(rects) != 1 {
		t.Fatalf("the failed item opened %d rectifications", len(rects))
	}
	must(in.stage("p4", photo(40)))
	in.queue("rectifications", "update", rects[0]["id"].(string), map[string]any{"status": "done", "done_note": "已擦干", "done_photos+": []string{"photo:p4"}})
	must(in.sync())

	complaint(phones["manager1@BB"], bb, "BB-1", "general")
	must(phones["manager1@BB"].sync())

	// a customer's QR survey
	admin := phones["admin1@AA"]
	var point, link struct{ ID, Token string }
	admin.api.must(t, "POST", "/api/collections/survey_points/records", map[string]any{"mall": aa, "name": "一楼总台",
		"kind": "customer", "template": f.survey, "channel": "qr", "active": true}, &point)
	admin.api.must(t, "POST", "/api/survey-points/"+point.ID+"/link", nil, &link)
	guest := &api{base: base, http: httpClient}
	guest.must(t, "POST", "/api/public/surveys/"+link.Token, map[string]any{"answers": map[string]int{"overall": 5, "staff": 4}, "comment": "很好"}, nil)

	// this week's report for AA, a workbook in the file storage
	loc, _ := time.LoadLocation("Asia/Shanghai")
	y, w := time.Now().In(loc).ISOWeek()
	var job struct {
		ID, Status string
		Results    []struct{ Report, Error string }
	}
	admin.api.must(t, "POST", "/api/reports/generate", map[string]any{"malls": []string{aa}, "kind": "weekly", "period": fmt.Sprintf("%d-W%02d", y, w)}, &job)
	waitFor(t, 30*time.Second, "the report", func() bool {
		admin.api.must(t, "GET", "/api/reports/jobs/"+job.ID, nil, &job)
		return job.Status == "done" || job.Status == "failed"
	})
	if job.Status != "done" || len(job.Results) != 1 || job.Results[0].Report == "" {
		t.Fatalf("report job: %+v", job)
	}

	out := make([]*phone, 0, len(phones))
	for _, p := range phones {
		must(p.sync())
		must(p.applied())
		out = append(out, p)
	}
	return out
}

func waitFor(t testing.TB, timeout time.Duration, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type replStatus struct {
	Status   string
	Database struct {
		TXID           uint64 `json:"txid"`
		ReplicatedTXID uint64 `json:"replicatedTxid"`
		LagMs          int64
		LastError      string
	}
	Files struct {
		Pending    int
		LagMs      int64
		LastSyncAt time.Time
		LastError  string
	}
}

// replicated makes one more commit (a mall's address) and waits until it
// and everything before it is in the file replica at dir, and says how long
// after the commit that was: a Litestream file made after the commit began
// holds it, and the status then shows nothing pending.
func replicated(t testing.TB, su *api, dir, mall string) time.Duration {
	t.Helper()
	since := time.Now()
	su.must(t, "PATCH", "/api/collections/malls/records/"+mall, map[string]any{"address": "drill " + since.Format(time.RFC3339Nano)}, nil)
	var arrived time.Time
	var last []byte
	defer func() {
		if t.Failed() {
			t.Logf("replica files since %s: %v; last status %s", since, arrived, last)
		}
	}()
	waitFor(t, 30*time.Second, "replication", func() bool {
		if arrived.IsZero() {
			arrived = newestFile(filepath.Join(dir, "db", "ltx", "0"), since)
			if arrived.IsZero() {
				return false
			}
		}
		var st replStatus
		err := su.call("GET", "/api/health/replication", nil, &st)
		last = []byte(fmt.Sprintf("%+v %v", st, err))
		return err == nil && st.Status == "ok" && st.Database.TXID == st.Database.ReplicatedTXID &&
			st.Files.Pending == 0 && st.Files.LastSyncAt.After(since)
	})
	return arrived.Sub(since)
}

// newestFile is the modification time of the newest file in dir made after since.
func newestFile(dir string, since time.Time) time.Time {
	var newest time.Time
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.ModTime().After(since) && info.ModTime().After(newest) {
			newest = info.ModTime()
		}
	}
	return newest
}

// comparable leaves out what a restore rightly changes: Litestream's
// bookkeeping tables in data.db, and when PocketBase applied its migration
// of the request log (auxiliary.db is not replicated: a restored dir starts
// a new log, and PocketBase records that it made one).
func comparable(s snapshot) snapshot {
	for name := range s.tables {
		if strings.HasPrefix(name, "_litestream_") {
			delete(s.tables, name)
		}
	}
	var rows []string
	for _, r := range s.tables["_migrations"] {
		if strings.Contains(r, `"file":"1640988000_aux_init.go"`) {
			r = `{"file":"1640988000_aux_init.go"}`
		}
		rows = append(rows, r)
	}
	s.tables["_migrations"] = rows
	return s
}

// TestRestoreDrill: write a morning's work through the API with
// replication on, kill the server, rebuild a fresh data dir with
// `mallcare restore`, start from it and compare everything with the
// source; then the same for PocketBase's own backup, restored in place on
// a fresh server (which replicates the restored data in turn).
func TestRestoreDrill(t *testing.T) {
	work := t.TempDir()
	replica := filepath.Join(work, "replica")
	src := newServer(t, filepath.Join(work, "source"), "--replica", "file://"+replica)
	su := superuser(t, src)
	f := seed(t, su, []string{"AA", "BB"}, []string{"admin", "manager", "inspector", "service"}, 1)
	phones := morning(t, src, f)
	var rpo []time.Duration // steady state: one commit at a time
	for range 3 {
		rpo = append(rpo, replicated(t, su, replica, f.malls["BB"]).Round(time.Millisecond))
	}
	began := time.Now()
	su.must(t, "POST", "/api/backups", map[string]string{"name": "drill.zip"}, nil)
	t.Logf("PocketBase backup while replicating: %s", time.Since(began).Round(time.Millisecond))
	wantBackup := comparable(takeSnapshot(t, src.dir))   // read beside the running server
	resumed := replicated(t, su, replica, f.malls["BB"]) // replication resumes after the backup
	src.kill()
	want := comparable(takeSnapshot(t, src.dir))
	for _, table := range []string{"complaints", "complaint_events", "inspections", "inspection_results", "rectifications",
		"survey_responses", "notifications", "reports", "sync_changes", "sync_mutations", "sync_photos"} {
		if want.rows(table) == 0 {
			t.Fatalf("the drill wrote no %s", table)
		}
	}
	if len(want.files) < 6 { // 4 photos attached, the staged ones, the report
		t.Fatalf("only %d files stored", len(want.files))
	}

	// the disk is gone: rebuild from the replica into a fresh dir
	restored := filepath.Join(work, "restored")
	began = time.Now()
	out := run(t, "restore", "--dir", restored, "--replica", "file://"+replica)
	restoreTook := time.Since(began)
	dst := newServer(t, restored, "--replica", "file://"+replica) // and replicates on, into the same replica
	rto := time.Since(began)
	t.Logf("%s", strings.TrimSpace(out))
	t.Logf("recovery point: a commit reached the replica %v after it was made (%s right after a backup); recovery time: restore %s, restore and start %s",
		rpo, resumed.Round(time.Millisecond), restoreTook.Round(time.Millisecond), rto.Round(time.Millisecond))
	afterRestore(t, dst, phones)
	a, b := restoredFeed(t, want, comparable(takeSnapshot(t, restored)))
	a.compare(t, b, "the data dir restored from the replica")
	// the replica goes on from the restored state
	su.base = dst.url("")
	replicated(t, su, replica, f.malls["BB"])
	dst.stop()
	twice := filepath.Join(work, "twice")
	run(t, "restore", "--dir", twice, "--replica", "file://"+replica)
	comparable(takeSnapshot(t, restored)).compare(t, comparable(takeSnapshot(t, twice)), "the replica after the restored server replicated on")

	// PocketBase's backup, uploaded to a fresh server and restored there
	// through /api/backups as an operator does in the admin UI; that server
	// replicates, so its replica must hold the restored data afterwards
	replica2 := filepath.Join(work, "replica2")
	fresh := newServer(t, filepath.Join(work, "fresh"), "--replica", "file://"+replica2)
	fresh.kill()
	fresh.start()
	freshSU := superuser(t, fresh)
	zip, err := os.ReadFile(filepath.Join(src.dir, "backups", "drill.zip"))
	if err != nil {
		t.Fatal(err)
	}
	freshSU.must(t, "POST", "/api/backups/upload", newForm(nil, "file", "drill.zip", zip), nil)
	freshSU.must(t, "POST", "/api/backups/drill.zip/restore", nil, nil)
	su.base = fresh.url("") // the restored accounts (and their tokens) are the source's
	waitFor(t, 30*time.Second, "the restarted server", func() bool {
		var list struct{ TotalItems int }
		return su.call("GET", "/api/collections/malls/records", nil, &list) == nil && list.TotalItems == 2
	})
	afterRestore(t, fresh, phones)
	waitFor(t, 30*time.Second, "replication of the restored backup", func() bool {
		var st replStatus
		return su.call("GET", "/api/health/replication", nil, &st) == nil && st.Status == "ok" &&
			st.Database.TXID > 0 && st.Database.TXID == st.Database.ReplicatedTXID && st.Files.Pending == 0
	})
	time.Sleep(2 * time.Second) // a commit made just now would show in the status within the sync interval
	waitFor(t, 30*time.Second, "replication of the restored backup", func() bool {
		var st replStatus
		return su.call("GET", "/api/health/replication", nil, &st) == nil && st.Database.TXID == st.Database.ReplicatedTXID && st.Files.Pending == 0
	})
	fresh.stop()
	restoredBackup := comparable(takeSnapshot(t, fresh.dir))
	a, b = restoredFeed(t, wantBackup, restoredBackup)
	a.compare(t, b, "the data dir restored from the PocketBase backup")

	// and the replica of that server holds the restored data
	again := filepath.Join(work, "again")
	run(t, "restore", "--dir", again, "--replica", "file://"+replica2)
	restoredBackup.compare(t, comparable(takeSnapshot(t, again)), "the replica of the server that restored the backup")
}

// afterRestore: the phones carry on against s — still signed in, told to
// start over (reset) at their first pull, then holding exactly what s
// shows, every photo served, and a replay of everything they ever pushed
// answered "duplicate".
func afterRestore(t testing.TB, s *server, phones []*phone) {
	t.Helper()
	for _, p := range phones {
		p.api.base = s.url("")
		var a struct{ Reset bool }
		p.api.must(t, "GET", "/api/sync/pull?cursor="+p.cursor, nil, &a)
		if !a.Reset {
			t.Fatalf("%s: cursor %s kept after the restore", p.name, p.cursor)
		}
		if err := p.pull(); err != nil {
			t.Fatalf("%s pulls after the restore: %v", p.name, err)
		}
		checkCopy(t, p)
		for start := 0; start < len(p.sent); start += 50 {
			batch := p.sent[start:min(start+50, len(p.sent))]
			var out struct{ Results []result }
			p.api.must(t, "POST", "/api/sync/push", map[string]any{"clientId": p.name, "mutations": batch}, &out)
			for _, r := range out.Results {
				if r.Status != "duplicate" || r.Outcome != p.final[r.MutationID] {
					t.Fatalf("%s: replayed %s answered %s/%s, first answered %s", p.name, r.MutationID, r.Status, r.Outcome, p.final[r.MutationID])
				}
			}
		}
		var tok struct{ Token string }
		p.api.must(t, "POST", "/api/files/token", nil, &tok)
		for key, rec := range p.store {
			collection, owner := strings.SplitN(key, "/", 2)[0], rec["id"]
			if collection == "rectification_events" {
				// a step's photos are files of its rectification, named here
				collection, owner = "rectifications", rec["rectification"]
			}
			for _, field := range []string{"photos", "done_photos", "verify_photos"} {
				names, _ := rec[field].([]any)
				for _, n := range names {
					res, err := http.Get(s.url(fmt.Sprintf("/api/files/%s/%s/%s?token=%s", collection, owner, n, tok.Token)))
					if err != nil {
						t.Fatal(err)
					}
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					if res.StatusCode != 200 || len(body) == 0 {
						t.Fatalf("%s: photo %s of %s: %d", p.name, n, key, res.StatusCode)
					}
				}
			}
		}
	}
}
