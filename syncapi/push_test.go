package syncapi_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"mallcare/internal/mallcaretest"
	hooks "mallcare/pb_hooks"
	"mallcare/syncapi"
)

func TestPushCreateUpdateAndPull(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	id := rid()
	res := mustApply(t, env, "service@AA",
		mut("complaints", "create", id, complaintData(env, "AA")),
		mut("complaints", "update", id, map[string]any{"status": "verifying"}),
	)
	if res[0].Record["number"] == "" || res[0].Record["id"] != id {
		t.Fatalf("created record: %v", res[0].Record)
	}
	if res[1].Record["status"] != "verifying" {
		t.Fatalf("updated record: %v", res[1].Record)
	}
	changes, cursor := pullAll(t, env, "manager@AA", "")
	seen := map[string]bool{}
	for _, c := range changes {
		seen[c.Collection+"/"+c.ID] = true
	}
	if !seen["complaints/"+id] {
		t.Fatalf("first sync lacks the complaint: %d changes", len(changes))
	}
	if cursor == "" {
		t.Fatal("no cursor")
	}
	// mall BB sees nothing of it
	changesB, _ := pullAll(t, env, "manager@BB", "")
	for _, c := range changesB {
		if c.ID == id {
			t.Fatal("mall BB sees mall AA's complaint")
		}
	}
}

func TestExactlyOnceLostAnswerAndRestart(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	id := rid()
	create := mut("complaints", "create", id, complaintData(env, "AA"))
	note := mut("complaint_events", "create", rid(), map[string]any{"complaint": id, "mall": env.Malls["AA"].Id, "kind": "note", "note": "已联系"})
	bad := mut("complaints", "update", id, map[string]any{"number": "X-1"})
	first := push(t, env, "service@AA", create, note, bad)
	if first[0].Status != "applied" || first[1].Status != "applied" || first[2].Status != "rejected" {
		t.Fatalf("first push: %+v", first)
	}
	// the phone never heard the answer and sends the same batch again
	again := push(t, env, "service@AA", create, note, bad)
	for i, r := range again {
		if r.Status != "duplicate" || r.Outcome != first[i].Status {
			t.Fatalf("replay %d: %+v", i, r)
		}
	}
	if again[2].Error == nil || again[2].Error.Message != first[2].Error.Message {
		t.Fatalf("replayed rejection lost its reason: %+v", again[2].Error)
	}
	if again[0].Record["id"] != id {
		t.Fatalf("duplicate carries no current record: %v", again[0].Record)
	}
	evs, _ := env.FindRecordsByFilter("complaint_events", "complaint = {:c} && kind = 'note'", "", 0, 0, dbx.Params{"c": id})
	if len(evs) != 1 {
		t.Fatalf("note applied %d times", len(evs))
	}

	// a restarted server (same data) still knows the mutations
	restarted := reopen(t, env)
	after := push(t, restarted, "service@AA", create, note, bad)
	for i, r := range after {
		if r.Status != "duplicate" || r.Outcome != first[i].Status {
			t.Fatalf("replay after restart %d: %+v", i, r)
		}
	}
	evs, _ = restarted.FindRecordsByFilter("complaint_events", "complaint = {:c} && kind = 'note'", "", 0, 0, dbx.Params{"c": id})
	if len(evs) != 1 {
		t.Fatalf("note applied %d times after restart", len(evs))
	}
}

// reopen starts a second app on a copy of env's data directory, as a server
// restart would find it.
func reopen(t *testing.T, env *mallcaretest.Env) *mallcaretest.Env {
	t.Helper()
	if _, err := env.DB().NewQuery("PRAGMA wal_checkpoint(FULL)").Execute(); err != nil {
		t.Fatal(err)
	}
	app, err := tests.NewTestApp(env.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	hooks.Register(app, env.Clock)
	syncapi.Register(app)
	return &mallcaretest.Env{TestApp: app, Clock: env.Clock, Malls: env.Malls, Users: env.Users, Shops: env.Shops}
}

func TestFieldMergeAndConflicts(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	id := rid()
	mustApply(t, env, "service@AA", mut("complaints", "create", id, complaintData(env, "AA")))
	// two phones edit different fields offline: both win
	mustApply(t, env, "service@AA", mut("complaints", "update", id, map[string]any{"location": "3F 东"}))
	mustApply(t, env, "manager@AA", mut("complaints", "update", id, map[string]any{"demand": "退货"}))
	// same field: the later arrival wins
	mustApply(t, env, "manager@AA", mut("complaints", "update", id, map[string]any{"plan": "A"}))
	mustApply(t, env, "service@AA", mut("complaints", "update", id, map[string]any{"plan": "B"}))
	r := findRecord(t, env, "complaints", id)
	if r.GetString("location") != "3F 东" || r.GetString("demand") != "退货" || r.GetString("plan") != "B" {
		t.Fatalf("merge: location=%q demand=%q plan=%q", r.GetString("location"), r.GetString("demand"), r.GetString("plan"))
	}

	// phone 1 withdraws; phone 2 (offline) still moves it to verifying: conflict with the current record
	mustApply(t, env, "manager@AA", mut("complaints", "update", id, map[string]any{"status": "withdrawn", "withdraw_reason": "顾客撤诉"}))
	res := push(t, env, "service@AA", mut("complaints", "update", id, map[string]any{"status": "verifying"}))
	if res[0].Status != "conflict" || res[0].Error.Code != "conflict_transition" || res[0].Record["status"] != "withdrawn" {
		t.Fatalf("transition conflict: %+v", res[0])
	}
	// the REST API refuses the same change with the same reason
	rest := env.Do(t, "PATCH", "/api/collections/complaints/records/"+id, "service@AA", map[string]any{"status": "verifying"})
	if rest.Status != res[0].Error.Status || !sameJSON(rest.JSON()["data"], res[0].Error.Data) {
		t.Fatalf("REST %d %s vs sync %+v", rest.Status, rest.Body, res[0].Error)
	}

	// append-only: create never conflicts, update is refused
	ev := rid()
	mustApply(t, env, "service@AA", mut("complaint_events", "create", ev, map[string]any{"complaint": id, "mall": env.Malls["AA"].Id, "kind": "call", "note": "回电"}))
	res = push(t, env, "service@AA", mut("complaint_events", "update", ev, map[string]any{"note": "x"}))
	if res[0].Status != "rejected" || res[0].Error.Code != "append_only" {
		t.Fatalf("append-only update: %+v", res[0])
	}

	// update or delete of a deleted record: conflict
	mustApply(t, env, "admin@AA", mut("complaints", "delete", id, nil))
	res = push(t, env, "service@AA",
		mut("complaints", "update", id, map[string]any{"demand": "x"}),
		mut("complaints", "delete", id, nil))
	for _, r := range res {
		if r.Status != "conflict" || r.Error.Code != "conflict_deleted" || r.Record != nil {
			t.Fatalf("deleted: %+v", r)
		}
	}
	raw := env.Do(t, "POST", "/api/sync/push", "service@AA", map[string]any{"mutations": []any{mut("complaints", "update", id, map[string]any{"demand": "y"})}})
	if !contains(string(raw.Body), `"record":null`) || contains(string(raw.Body), `"retry"`) {
		t.Fatalf("deleted record answer: %s", raw.Body)
	}
	// the other mall gets the REST answer (404), not a hint that it existed
	res = push(t, env, "admin@BB", mut("complaints", "update", id, map[string]any{"demand": "x"}))
	if res[0].Status != "rejected" || res[0].Error.Status != 404 {
		t.Fatalf("other mall on a deleted record: %+v", res[0])
	}
}

func TestInspectionSubmittedIsFinal(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	tpl, err := env.FindFirstRecordByFilter("inspection_templates", "mall = ''")
	if err != nil {
		t.Fatal(err)
	}
	id := rid()
	mustApply(t, env, "inspector@AA",
		mut("inspections", "create", id, map[string]any{"mall": env.Malls["AA"].Id, "template": tpl.Id, "floor": "1F"}),
		mut("inspections", "update", id, map[string]any{"status": "submitted"}))
	res := push(t, env, "inspector@AA", mut("inspections", "update", id, map[string]any{"status": "in_progress"}))
	if res[0].Status != "conflict" || res[0].Record["status"] != "submitted" {
		t.Fatalf("reopen: %+v", res[0])
	}
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestRejectedMidBatch: a refusal in the middle of a batch rolls back
// nothing of the others and applies nothing twice.
func TestRejectedMidBatch(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	a, b := rid(), rid()
	res := push(t, env, "service@AA",
		mut("complaints", "create", a, complaintData(env, "AA")),
		mut("complaints", "update", a, map[string]any{"number": "X"}),
		mut("complaints", "create", b, complaintData(env, "AA")),
		mut("complaints", "update", a, map[string]any{"status": "verifying"}),
		mut("complaints", "update", b, map[string]any{"status": "closed"}),
		mut("complaints", "update", b, map[string]any{"demand": "换货"}))
	want := []string{"applied", "rejected", "applied", "applied", "conflict", "applied"}
	for i, r := range res {
		if r.Status != want[i] {
			t.Fatalf("mutation %d: %s, want %s (%+v)", i, r.Status, want[i], r.Error)
		}
	}
	evs, _ := env.FindRecordsByFilter("complaint_events", "complaint = {:c}", "", 0, 0, dbx.Params{"c": a})
	if len(evs) != 2 { // created, verifying
		t.Fatalf("complaint a has %d timeline entries", len(evs))
	}
	if r := findRecord(t, env, "complaints", b); r.GetString("demand") != "换货" || r.GetString("status") != "registered" {
		t.Fatalf("complaint b: %s %s", r.GetString("demand"), r.GetString("status"))
	}
	var feed int
	_ = env.DB().NewQuery("SELECT COUNT(*) FROM sync_changes WHERE record_id IN ({:a}, {:b})").Bind(dbx.Params{"a": a, "b": b}).Row(&feed)
	if feed != 4 { // a created, a verifying, b created, b demand
		t.Fatalf("%d feed rows", feed)
	}
}

// TestConcurrentReplays: two connections deliver the same batch at once
// (a phone retrying while its first request is still running): every
// mutation is applied once, the other answer is a duplicate.
func TestConcurrentReplays(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	id := rid()
	mustApply(t, env, "service@AA", mut("complaints", "create", id, complaintData(env, "AA")))
	var batch []mutation
	for range 20 {
		batch = append(batch, mut("complaints", "update", id, map[string]any{"amount+": 1}))
	}
	env.Handler(t) // build the router once, before the goroutines
	answers := make([][]result, 4)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = push(t, env, "service@AA", batch...)
		}()
	}
	wg.Wait()
	for k := range batch {
		applied := 0
		for _, a := range answers {
			switch a[k].Status {
			case "applied":
				applied++
			case "duplicate":
			default:
				t.Fatalf("mutation %d: %+v", k, a[k])
			}
		}
		if applied != 1 {
			t.Fatalf("mutation %d applied %d times", k, applied)
		}
	}
	if r := findRecord(t, env, "complaints", id); r.GetFloat("amount") != 20 {
		t.Fatalf("amount %v after 20 increments", r.GetFloat("amount"))
	}
}
