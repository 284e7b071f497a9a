package hooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
	hooks "mallcare/pb_hooks"
)


func notices(t *testing.T, env *mallcaretest.Env, kind string) []string {
	t.Helper()
	recs, err := env.FindRecordsByFilter("notifications", "kind = {:k}", "created", 0, 0, dbx.Params{"k": kind})
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	for _, r := range recs {
		users = append(users, r.GetString("user"))
	}
	return users
}

// TestRectificationNotices: a failed re-check tells who marked it done and
// who opened it at once; a rectification past its deadline is told once;
// each notice names its rectification.
func TestRectificationNotices(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	aa := mallID(env, "AA")
	env.Clock.Set(time.Date(2026, 11, 16, 10, 0, 0, 0, shanghai))
	res := env.Do(t, http.MethodPost, "/api/collections/rectifications/records", "inspector@AA", map[string]any{
		"mall": aa, "shop": env.Shops["AA-1"].Id, "issue": "灭火器过期", "floor": "1F"})
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	id := res.JSON()["id"].(string)
	// each step with the photo it needs (domain.RectificationSteps)
	patch := func(user string, body map[string]any, photoField string) {
		t.Helper()
		if r := doWithPhotos(t, env, http.MethodPatch, "/api/collections/rectifications/records/"+id, user, body, photoField, 1); r.Status != 200 {
			t.Fatalf("%s %v: %d %s", user, body, r.Status, r.Body)
		}
	}
	patch("manager@AA", map[string]any{"status": "done", "done_note": "已更换"}, "done_photos")
	patch("inspector@AA", map[string]any{"status": "open", "verify_note": "仍有一具过期",
		"deadline": time.Date(2026, 11, 20, 23, 59, 59, 0, shanghai).UTC().Format("2006-01-02 15:04:05.000Z")}, "verify_photos")
	if got := notices(t, env, domain.NoticeRectReturned); len(got) != 1 || got[0] != env.Users["manager@AA"].Id {
		t.Fatalf("returned notices to %v, want the manager who marked it done (not the re-checker)", got)
	}
	n, _ := env.FindFirstRecordByFilter("notifications", "kind = 'rectification_returned'")
	if n.GetString("rectification") != id || n.GetString("mall") != aa {
		t.Errorf("notice %v", n.PublicExport())
	}
	// the new deadline (end of 20 Nov) passes with it open: told once
	if err := hooks.Notices(env.TestApp, time.Date(2026, 11, 20, 23, 0, 0, 0, shanghai)); err != nil {
		t.Fatal(err)
	}
	if got := notices(t, env, domain.NoticeRectDue); len(got) != 0 {
		t.Fatalf("told before the deadline: %v", got)
	}
	for _, at := range []time.Time{time.Date(2026, 11, 21, 0, 10, 0, 0, shanghai), time.Date(2026, 11, 21, 0, 20, 0, 0, shanghai)} {
		if err := hooks.Notices(env.TestApp, at); err != nil {
			t.Fatal(err)
		}
	}
	if got := notices(t, env, domain.NoticeRectDue); len(got) != 1 || got[0] != env.Users["inspector@AA"].Id {
		t.Fatalf("overdue notices %v, want one to the inspector who opened it", got)
	}
}

// TestPlanBehindNotice: a plan period that ends short of its target tells
// the mall's admins and the assignee once; a plan met tells nobody.
func TestPlanBehindNotice(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	aa := mallID(env, "AA")
	for _, p := range []map[string]any{
		{"floor": "1F", "target_count": 2, "assignee": env.Users["inspector@AA"].Id},
		{"floor": "2F", "target_count": 1},
	} {
		p["mall"], p["period"], p["period_start"] = aa, "month", "2026-11-01 00:00:00.000Z"
		if r := env.Do(t, http.MethodPost, "/api/collections/inspection_plans/records", "admin@AA", p); r.Status != 200 {
			t.Fatalf("plan: %d %s", r.Status, r.Body)
		}
	}
	// an assignee must do inspections in the plan's mall
	bad := map[string]any{"mall": aa, "period": "month", "period_start": "2026-11-01 00:00:00.000Z", "floor": "3F", "target_count": 1}
	for _, who := range []string{"inspector@BB", "service@AA"} {
		bad["assignee"] = env.Users[who].Id
		if r := env.Do(t, http.MethodPost, "/api/collections/inspection_plans/records", "admin@AA", bad); r.Status != 400 {
			t.Errorf("assignee %s accepted: %d", who, r.Status)
		}
	}
	// one inspection on 2F by the manager meets the 2F plan; 1F gets one by
	// someone other than its assignee, which does not count for it
	tpl := defaultTemplate(t, env, "inspection_templates", "mall = ''")
	for _, c := range []struct{ user, floor string }{{"manager@AA", "2F"}, {"manager@AA", "1F"}} {
		env.Clock.Set(time.Date(2026, 11, 10, 10, 0, 0, 0, shanghai))
		r := env.Do(t, http.MethodPost, "/api/collections/inspections/records", c.user, map[string]any{
			"mall": aa, "template": tpl, "floor": c.floor, "status": "submitted"})
		if r.Status != 200 {
			t.Fatalf("inspection %d %s", r.Status, r.Body)
		}
	}
	for _, at := range []time.Time{time.Date(2026, 11, 30, 12, 0, 0, 0, shanghai), time.Date(2026, 12, 1, 0, 10, 0, 0, shanghai), time.Date(2026, 12, 1, 0, 20, 0, 0, shanghai)} {
		if err := hooks.Notices(env.TestApp, at); err != nil {
			t.Fatal(err)
		}
	}
	got := notices(t, env, domain.NoticePlanBehind)
	want := map[string]bool{env.Users["admin@AA"].Id: true, env.Users["admin@HQ"].Id: true, env.Users["inspector@AA"].Id: true}
	if len(got) != 3 {
		t.Fatalf("plan notices to %v, want the two admins of AA and the assignee", got)
	}
	for _, u := range got {
		if !want[u] {
			t.Errorf("notice to %s", u)
		}
	}
	n, _ := env.FindFirstRecordByFilter("notifications", "kind = 'plan_behind'")
	if n.GetString("plan") == "" || n.GetString("title") != "巡检计划未完成：1F" {
		t.Errorf("notice %v", n.PublicExport())
	}
}

// TestNotificationReadOnly: a person marks their notice read (on any
// device: the flag syncs); nothing else of it changes, nobody else's.
func TestNotificationReadOnly(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	env.Create(t, "complaints", map[string]any{"mall": mallID(env, "AA"), "channel": "desk", "target": "shop",
		"customer_name": "王", "description": "媒体曝光", "severity": "major"})
	n, err := env.FindFirstRecordByFilter("notifications", "user = {:u}", dbx.Params{"u": env.Users["admin@AA"].Id})
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/collections/notifications/records/" + n.Id
	if r := env.Do(t, http.MethodPatch, path, "admin@HQ", map[string]any{"read": true}); r.Status != 404 {
		t.Errorf("someone else marked it read: %d", r.Status)
	}
	for _, f := range []string{"title", "kind", "report", "rectification", "plan", "group_report"} {
		if r := env.Do(t, http.MethodPatch, path, "admin@AA", map[string]any{f: "x"}); r.Status < 400 {
			t.Errorf("%s changed by its reader: %d", f, r.Status)
		}
	}
	if r := env.Do(t, http.MethodPatch, path, "admin@AA", map[string]any{"read": true}); r.Status != 200 || r.JSON()["read"] != true {
		t.Errorf("mark read: %d %s", r.Status, r.Body)
	}
}
