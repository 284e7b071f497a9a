package reports_test

import (
	"encoding/json"
	"testing"

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
	setNow(t, L(11, 25, 12, 0))
	early, err := reports.Generate(fx.env.TestApp, reports.Request{MallID: aa, Kind: "weekly", Period: "2026-W48", Source: "demand"})
	if err != nil {
		t.Fatal(err)
	}
	setNow(t, L(11, 30, 0, 15))
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
