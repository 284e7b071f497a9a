package reports_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/reports"
)

func countReports(t *testing.T, fx *fixture) map[string]int {
	t.Helper()
	recs, err := fx.env.FindAllRecords("reports")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range recs {
		out[r.GetString("mall")+" "+r.GetString("kind")+" "+r.GetString("period")]++
	}
	return out
}

func TestScheduleIdempotent(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	aa, bb := fx.env.Malls["AA"].Id, fx.env.Malls["BB"].Id
	if fx.env.Cron().Total() == 0 {
		t.Fatal("Register added no cron job")
	}

	// Monday 23 Nov 00:15 in Shanghai: W47 and October have closed
	made, err := reports.RunSchedule(fx.env.TestApp, L(11, 23, 0, 15))
	if err != nil || made != 4 {
		t.Fatalf("first run made %d: %v", made, err)
	}
	again, err := reports.RunSchedule(fx.env.TestApp, L(11, 23, 1, 15))
	if err != nil || again != 0 {
		t.Fatalf("second run made %d: %v", again, err)
	}
	got := countReports(t, fx)
	for _, k := range []string{aa + " weekly 2026-W47", aa + " monthly 2026-10", bb + " weekly 2026-W47", bb + " monthly 2026-10"} {
		if got[k] != 1 {
			t.Errorf("%s: %d reports, want 1 (%v)", k, got[k], got)
		}
	}
	if len(got) != 4 {
		t.Errorf("reports %v", got)
	}
	rec, err := fx.env.FindFirstRecordByFilter("reports", "mall = {:m} && period = '2026-W47'", map[string]any{"m": aa})
	if err != nil {
		t.Fatal(err)
	}
	if rec.GetString("source") != "schedule" || rec.GetString("file") == "" {
		t.Errorf("report %v", rec.PublicExport())
	}
	var stored reports.Stored
	raw, _ := json.Marshal(rec.Get("kpis"))
	if err := json.Unmarshal(raw, &stored); err != nil || !stored.Final || stored.KPIs.Received != 7 {
		t.Errorf("stored kpis %s", raw)
	}

	// an on-demand report of the running week is replaced once the week closes
	fx.env.Clock.Set(L(11, 25, 12, 0))
	early, err := reports.Generate(fx.env.TestApp, reports.Request{MallID: aa, Kind: "weekly", Period: "2026-W48", Source: "demand", At: fx.env.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	fx.env.Clock.Set(L(11, 30, 0, 15))
	made, err = reports.RunSchedule(fx.env.TestApp, L(11, 30, 0, 15))
	if err != nil || made != 2 { // W48 for AA (not final) and BB
		t.Fatalf("run after W48 made %d: %v", made, err)
	}
	later, _ := fx.env.FindRecordById("reports", early.Id)
	if later.GetString("source") != "schedule" || later.GetString("file") == early.GetString("file") {
		t.Errorf("early W48 report not replaced: %v", later.PublicExport())
	}
	if got := countReports(t, fx); got[aa+" weekly 2026-W48"] != 1 {
		t.Errorf("W48 reports: %v", got)
	}
	// the replaced file is gone from storage
	fsys, _ := fx.env.NewFilesystem()
	defer fsys.Close()
	if ok, _ := fsys.Exists(early.BaseFilesPath() + "/" + early.GetString("file")); ok {
		t.Error("the old file of a replaced report is still stored")
	}
}

// A failing save is retried, and leaves the previous report and its file
// as they were.
func TestFailedRunKeepsPreviousReport(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	aa := fx.env.Malls["AA"].Id
	first, err := reports.Generate(fx.env.TestApp, reports.Request{MallID: aa, Kind: "weekly", Period: "2026-W47", Source: "schedule", At: fx.env.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	before := readFile(t, fx.env, first)

	attempts := 0
	fx.env.OnRecordUpdate("reports").BindFunc(func(e *core.RecordEvent) error {
		attempts++
		return errors.New("disk full")
	})
	// new data, so a successful run would change the file
	fx.env.Clock.Set(L(11, 20, 9, 0))
	fx.complaint(t, complaintSpec{name: "late", reg: L(11, 20, 9, 0), channel: "desk", target: "shop"})
	fx.env.Clock.Set(L(12, 1, 0, 30))
	if _, err := reports.GenerateWithRetry(fx.env.TestApp, reports.Request{MallID: aa, Kind: "weekly", Period: "2026-W47", Source: "demand", At: fx.env.Clock.Now()}, 3, time.Millisecond); err == nil {
		t.Fatal("failing save reported success")
	}
	if attempts != 3 {
		t.Errorf("%d attempts, want 3", attempts)
	}
	after, err := fx.env.FindRecordById("reports", first.Id)
	if err != nil {
		t.Fatal(err)
	}
	if after.GetString("file") != first.GetString("file") || after.GetString("source") != "schedule" {
		t.Errorf("record changed: %v", after.PublicExport())
	}
	if !bytes.Equal(readFile(t, fx.env, after), before) {
		t.Error("stored file changed")
	}
	fsys, _ := fx.env.NewFilesystem()
	defer fsys.Close()
	files, _ := fsys.List(first.BaseFilesPath() + "/")
	if len(files) != 1 {
		t.Errorf("%d files stored for the report, want 1 (no half-written leftovers)", len(files))
	}
}
