package syncapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/internal/mallcaretest"
	"mallcare/syncapi"
)

func ids(changes []change) map[string]string {
	out := map[string]string{}
	for _, c := range changes {
		out[c.Collection+"/"+c.ID] = c.Op
	}
	return out
}

// TestFeedCoversEveryWritePath: REST, server hooks and direct saves (cron,
// admin UI) all enter the feed; a refused write does not.
func TestFeedCoversEveryWritePath(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	_, cursor := pullAll(t, env, "admin@AA", "")
	_, cursorB := pullAll(t, env, "admin@BB", "")
	feedBefore := countRows(t, env, "sync_changes")

	// refused by the API rules and by a hook: nothing enters the feed
	env.Do(t, http.MethodPost, "/api/collections/complaints/records", "inspector@AA", complaintData(env, "AA"))
	bad := complaintData(env, "AA")
	bad["status"] = "closed"
	env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", bad)
	if n := countRows(t, env, "sync_changes"); n != feedBefore {
		t.Fatalf("refused writes entered the feed: %d → %d", feedBefore, n)
	}

	// REST create of a major complaint: the hooks add a timeline event and notify the admins
	major := complaintData(env, "AA")
	major["severity"] = "major"
	res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", major)
	if res.Status != 200 {
		t.Fatalf("REST create: %d %s", res.Status, res.Body)
	}
	complaintID := res.JSON()["id"].(string)
	// a server-side save, as a cron job or the admin UI does
	shop := findRecord(t, env, "shops", env.Shops["AA-2"].Id)
	shop.Set("closed", true)
	if err := env.Save(shop); err != nil {
		t.Fatal(err)
	}

	changes, _ := pullAll(t, env, "admin@AA", cursor)
	got := ids(changes)
	if got["complaints/"+complaintID] != "upsert" || got["shops/"+shop.Id] != "upsert" {
		t.Fatalf("feed lacks the writes: %v", got)
	}
	var events, notes int
	for _, c := range changes {
		switch c.Collection {
		case "complaint_events":
			events++
		case "notifications":
			if c.Op == "delete" {
				continue // another admin's notification: a tombstone, never its content
			}
			if c.Record["user"] != env.Users["admin@AA"].Id {
				t.Fatalf("someone else's notification: %v", c.Record)
			}
			notes++
		}
	}
	if events != 1 || notes != 1 {
		t.Fatalf("hook writes in the feed: %d events, %d notifications", events, notes)
	}
	// mall BB hears nothing of it
	changesB, _ := pullAll(t, env, "admin@BB", cursorB)
	if len(changesB) != 0 {
		t.Fatalf("mall BB got %d changes of mall AA", len(changesB))
	}
}

func TestTombstonesAndScopeExit(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	a, b := rid(), rid()
	mustApply(t, env, "service@AA",
		mut("complaints", "create", a, complaintData(env, "AA")),
		mut("complaints", "create", b, complaintData(env, "AA")))
	_, cursorA := pullAll(t, env, "service@AA", "")
	_, cursorB := pullAll(t, env, "service@BB", "")
	_, cursorHQ := pullAll(t, env, "admin@HQ", "")

	// deleted through REST (its timeline events go with it)
	if res := env.Do(t, http.MethodDelete, "/api/collections/complaints/records/"+a, "admin@AA", nil); res.Status != 204 {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	// moved to mall BB by the server (REST forbids it)
	moved := findRecord(t, env, "complaints", b)
	moved.Set("mall", env.Malls["BB"].Id)
	moved.Set("shop", "")
	if err := env.Save(moved); err != nil {
		t.Fatal(err)
	}

	changes, _ := pullAll(t, env, "service@AA", cursorA)
	got := ids(changes)
	if got["complaints/"+a] != "delete" || got["complaints/"+b] != "delete" {
		t.Fatalf("tombstones for mall AA: %v", got)
	}
	events := 0
	for _, c := range changes {
		if c.Collection == "complaint_events" && c.Op == "delete" {
			events++
		}
	}
	if events == 0 {
		t.Fatal("cascade-deleted timeline events have no tombstones")
	}
	changes, _ = pullAll(t, env, "service@BB", cursorB)
	if got := ids(changes); got["complaints/"+b] != "upsert" || got["complaints/"+a] != "" {
		t.Fatalf("mall BB: %v", got)
	}

	// the HQ admin loses mall BB: their phone must start over
	hq := findRecord(t, env, "users", env.Users["admin@HQ"].Id)
	hq.Set("malls", []string{env.Malls["AA"].Id})
	if err := env.Save(hq); err != nil {
		t.Fatal(err)
	}
	env.Users["admin@HQ"] = hq
	if a := pull(t, env, "admin@HQ", cursorHQ, 0); !a.Reset {
		t.Fatalf("lost access without reset: %+v", a)
	}
	fresh, _ := pullAll(t, env, "admin@HQ", "")
	for _, c := range fresh {
		if c.Record != nil && c.Record["mall"] == env.Malls["BB"].Id {
			t.Fatalf("after losing mall BB: %v", c)
		}
	}
}

func TestCursorTooOldResyncs(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	scheduled := false
	for _, job := range env.Cron().Jobs() {
		if job.Id() == "mallcare_sync_prune" {
			scheduled = true
			job.Run() // the scheduled run works on a live app
		}
	}
	if !scheduled {
		t.Fatal("the prune job is not scheduled")
	}
	mustApply(t, env, "service@AA", mut("complaints", "create", rid(), complaintData(env, "AA")))
	_, old := pullAll(t, env, "service@AA", "")
	mustApply(t, env, "service@AA", mut("complaints", "create", rid(), complaintData(env, "AA")))
	_, recent := pullAll(t, env, "service@AA", "")

	// 29 days later nothing is pruned
	if err := syncapi.Prune(env, time.Now().AddDate(0, 0, 29)); err != nil {
		t.Fatal(err)
	}
	if a := pull(t, env, "service@AA", old, 0); a.Reset || len(a.Changes) != 2 { // the complaint and its timeline entry
		t.Fatalf("29 days: %+v", a)
	}
	// 40 days later the feed is gone: older cursors start over
	if err := syncapi.Prune(env, time.Now().AddDate(0, 0, 40)); err != nil {
		t.Fatal(err)
	}
	if a := pull(t, env, "service@AA", old, 0); !a.Reset {
		t.Fatalf("old cursor after prune: %+v", a)
	}
	if a := pull(t, env, "service@AA", recent, 0); a.Reset {
		t.Fatalf("a cursor at the pruned head must stay valid: %+v", a)
	}
	// the mutation log outlives the feed (60 days), then goes too
	if n := countRows(t, env, "sync_mutations"); n != 2 {
		t.Fatalf("mutation log after 40 days: %d rows", n)
	}
	if err := syncapi.Prune(env, time.Now().AddDate(0, 0, syncapi.MutationDays+1)); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, env, "sync_mutations"); n != 0 {
		t.Fatalf("mutation log after %d days: %d rows", syncapi.MutationDays+1, n)
	}
}

func TestFirstSyncPages(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	var muts []mutation
	for range 25 {
		muts = append(muts, mut("complaints", "create", rid(), complaintData(env, "AA")))
	}
	mustApply(t, env, "service@AA", muts...)
	pages, seen, total := 0, map[string]bool{}, 0
	cursor := ""
	for {
		a := pull(t, env, "service@AA", cursor, 7)
		pages++
		if pages == 1 {
			total = a.Total
		} else if a.Total != total {
			t.Fatalf("total changed from %d to %d", total, a.Total)
		}
		if len(a.Changes) > 7 {
			t.Fatalf("page of %d", len(a.Changes))
		}
		for _, c := range a.Changes {
			key := c.Collection + "/" + c.ID
			if seen[key] {
				t.Fatalf("%s twice", key)
			}
			seen[key] = true
		}
		cursor = a.Cursor
		if !a.HasMore {
			break
		}
	}
	if pages < 5 {
		t.Fatalf("%d pages", pages)
	}
	if total != len(seen) {
		t.Fatalf("total %d, received %d", total, len(seen))
	}
	// the same records REST lists for this user
	for _, name := range []string{"complaints", "complaint_events", "shops", "users", "malls"} {
		res := env.Do(t, http.MethodGet, "/api/collections/"+name+"/records?perPage=500", "service@AA", nil)
		items, _ := res.JSON()["items"].([]any)
		for _, it := range items {
			id := it.(map[string]any)["id"].(string)
			if !seen[name+"/"+id] {
				t.Fatalf("first sync lacks %s/%s", name, id)
			}
		}
		n := 0
		for key := range seen {
			if len(key) > len(name) && key[:len(name)+1] == name+"/" {
				n++
			}
		}
		if n != len(items) {
			t.Fatalf("%s: first sync %d, REST %d", name, n, len(items))
		}
	}
	var _ core.App = env
}

// TestFirstSyncWorkingSet: a new phone gets what is still being worked on
// and the recent past, not years of finished work — a verified
// rectification's timeline stays behind with it, like a closed complaint's.
func TestFirstSyncWorkingSet(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	mall := env.Malls["AA"].Id
	old := time.Now().UTC().AddDate(0, 0, -syncapi.WorkingSetDays-1).Format("2006-01-02 15:04:05.000Z")
	now := time.Now().UTC().Format("2006-01-02 15:04:05.000Z")
	for _, row := range []struct{ table, id, extra, status, at string }{
		{"rectifications", "rectold00000001", "", "verified", old},
		{"rectifications", "rectnew00000001", "", "open", old},
		{"rectification_events", "evtold000000001", "rectold00000001", "", old},
		{"rectification_events", "evtnew000000001", "rectnew00000001", "", now},
	} {
		q := `INSERT INTO rectifications (id, mall, status, created, updated) VALUES ({:id}, {:mall}, {:status}, {:at}, {:at})`
		if row.table == "rectification_events" {
			q = `INSERT INTO rectification_events (id, mall, rectification, kind, created, updated) VALUES ({:id}, {:mall}, {:extra}, 'opened', {:at}, {:at})`
		}
		if _, err := env.DB().NewQuery(q).Bind(dbx.Params{"id": row.id, "mall": mall, "extra": row.extra, "status": row.status, "at": row.at}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	// both are the manager's to see; only the working set differs
	for _, name := range []string{"rectifications/rectold00000001", "rectification_events/evtold000000001"} {
		parts := strings.SplitN(name, "/", 2)
		if res := env.Do(t, http.MethodGet, "/api/collections/"+parts[0]+"/records/"+parts[1], "manager@AA", nil); res.Status != 200 {
			t.Fatalf("REST %s: %d %s", name, res.Status, res.Body)
		}
	}
	changes, _ := pullAll(t, env, "manager@AA", "")
	got := map[string]bool{}
	for _, c := range changes {
		got[c.Collection+"/"+c.ID] = true
	}
	for key, want := range map[string]bool{
		"rectifications/rectold00000001": false, "rectification_events/evtold000000001": false,
		"rectifications/rectnew00000001": true, "rectification_events/evtnew000000001": true,
	} {
		if got[key] != want {
			t.Errorf("first sync has %s: %v, want %v", key, got[key], want)
		}
	}
}

// TestSharedTail: two users of the same role and malls pulling after the
// same write get it from one read of the feed; another role, another mall
// and a user's own notifications never cross.
func TestSharedTail(t *testing.T) {
	env := newEnv(t)
	twin := env.Create(t, "users", map[string]any{"email": "service.twin@test.local", "password": mallcaretest.Password,
		"name": "service2@AA", "role": "service", "malls": []string{env.Malls["AA"].Id}})
	env.Users["service2@AA"] = twin
	_, head := pullAllFeed(t, env, "service@AA")
	_, _ = pullAllFeed(t, env, "service2@AA")

	id := rid()
	mustApply(t, env, "manager@AA", mut("complaints", "create", id, complaintData(env, "AA")))
	before := syncapi.SharedPulls()
	a := pull(t, env, "service@AA", head, 0)
	b := pull(t, env, "service2@AA", head, 0)
	if syncapi.SharedPulls() != before+1 {
		t.Fatalf("the second user's pull was not served from the tail (%d shared)", syncapi.SharedPulls()-before)
	}
	if !sameIDs(a, b) || !hasUpsert(a, "complaints", id) {
		t.Fatalf("pulls differ or miss the complaint:\n%+v\n%+v", a.Changes, b.Changes)
	}
	if c := pull(t, env, "inspector@AA", head, 0); !hasUpsert(c, "complaints", id) || syncapi.SharedPulls() != before+1 {
		t.Fatal("another role was served the service staff's tail")
	}
	if c := pull(t, env, "service@BB", head, 0); hasUpsert(c, "complaints", id) {
		t.Fatal("another mall's user got AA's complaint")
	}

	// a notification for the first user: merged into their pull only
	head = a.Cursor
	note := env.Create(t, "notifications", map[string]any{"mall": env.Malls["AA"].Id, "user": env.Users["service@AA"].Id,
		"kind": "overdue", "title": "超时提醒"})
	mine := pull(t, env, "service@AA", head, 0)
	theirs := pull(t, env, "service2@AA", head, 0)
	if !hasUpsert(mine, "notifications", note.Id) || hasUpsert(theirs, "notifications", note.Id) {
		t.Fatalf("a notification crossed users: %+v / %+v", mine.Changes, theirs.Changes)
	}
}

// TestTailAnswersAsTheFeed: after a run of creates, steps, moves to another
// mall and deletes, every cursor paged through with small pages gives from
// the group tail what the user's own read of the feed gives.
func TestTailAnswersAsTheFeed(t *testing.T) {
	env := newEnv(t)
	_, start := pullAllFeed(t, env, "service@AA")
	var cursors []string
	var created []string
	for round := range 6 {
		var muts []mutation
		for range 3 {
			id := rid()
			created = append(created, id)
			muts = append(muts, mut("complaints", "create", id, complaintData(env, "AA")))
		}
		if round > 0 {
			prev := created[len(created)-4]
			muts = append(muts, mut("complaints", "update", prev, map[string]any{"customer_name": "改名 " + prev}))
		}
		mustApply(t, env, "manager@AA", muts...)
		for range round % 3 { // the user's own, read apart from the tail
			env.Create(t, "notifications", map[string]any{"mall": env.Malls["AA"].Id, "user": env.Users["service@AA"].Id,
				"kind": "overdue", "title": "超时提醒"})
		}
		if round == 3 { // one leaves the mall, one is deleted
			moved := findRecord(t, env, "complaints", created[0])
			moved.Set("mall", env.Malls["BB"].Id)
			moved.Set("shop", env.Shops["BB-1"].Id)
			if err := env.Save(moved); err != nil {
				t.Fatal(err)
			}
			if err := env.Delete(findRecord(t, env, "complaints", created[1])); err != nil {
				t.Fatal(err)
			}
		}
		a := pull(t, env, "service@AA", start, 0)
		cursors = append(cursors, a.Cursor)
	}
	cursors = append([]string{start}, cursors...)
	for _, from := range cursors {
		viaTail, n := follow(t, env, "service@AA", from, "")
		alone, _ := follow(t, env, "service@AA", from, "&_=alone")
		if n != len(viaTail) {
			t.Fatalf("from %s: %d changes via the tail for %d records (the tail holds each once)", from, n, len(viaTail))
		}
		if len(viaTail) != len(alone) {
			t.Fatalf("from %s: tail %d changes, feed %d", from, len(viaTail), len(alone))
		}
		for k, v := range alone {
			if viaTail[k] != v {
				t.Fatalf("from %s: %s is %q via the tail, %q in the feed", from, k, viaTail[k], v)
			}
		}
	}
	got, _ := follow(t, env, "service@AA", start, "")
	if got["complaints/"+created[0]] != "delete" || got["complaints/"+created[1]] != "delete" ||
		got["complaints/"+created[5]] != "upsert 改名 "+created[5] {
		t.Fatalf("moved, deleted or renamed complaint wrong: %v", got)
	}
}

// follow pages from cursor to the end, 2 changes a page, and returns the
// last word on each record (op, and the customer name of an upsert) and
// how many changes came.
func follow(t *testing.T, env *mallcaretest.Env, user, cursor, extra string) (map[string]string, int) {
	t.Helper()
	out, n := map[string]string{}, 0
	for range 200 {
		res := env.Do(t, http.MethodGet, "/api/sync/pull?cursor="+cursor+"&limit=2"+extra, user, nil)
		var a pullAnswer
		if res.Status != http.StatusOK || json.Unmarshal(res.Body, &a) != nil || a.Reset {
			t.Fatalf("pull %s: %d %s", cursor, res.Status, res.Body)
		}
		if len(a.Changes) > 2 {
			t.Fatalf("a page of %d changes for limit 2", len(a.Changes))
		}
		n += len(a.Changes)
		for _, c := range a.Changes {
			v := c.Op
			if c.Op == "upsert" && c.Collection == "complaints" {
				v += " " + fmt.Sprint(c.Record["customer_name"])
			}
			out[c.Collection+"/"+c.ID] = v
		}
		cursor = a.Cursor
		if !a.HasMore {
			return out, n
		}
	}
	t.Fatal("no end of the feed in 200 pages")
	return nil, 0
}

func hasUpsert(a pullAnswer, collection, id string) bool {
	for _, c := range a.Changes {
		if c.Collection == collection && c.ID == id && c.Op == "upsert" && c.Record != nil {
			return true
		}
	}
	return false
}

func sameIDs(a, b pullAnswer) bool {
	if len(a.Changes) != len(b.Changes) || a.Cursor != b.Cursor {
		return false
	}
	for i := range a.Changes {
		if a.Changes[i].ID != b.Changes[i].ID || a.Changes[i].Op != b.Changes[i].Op {
			return false
		}
	}
	return true
}
