package hooks_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
	"mallcare/syncapi"
)

// TestInspectionRound walks an inspector's round through the API: the
// template is snapshotted, results rescore the inspection, the latest result
// per item counts, submitting opens one rectification per failed item, and a
// late failure on a submitted inspection opens its own.
func TestInspectionRound(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	tplID := defaultTemplate(t, env, "inspection_templates", "mall = ''")
	res := env.Do(t, http.MethodPost, "/api/collections/inspections/records", "inspector@AA", map[string]any{
		"mall": mallID(env, "AA"), "template": tplID, "floor": "1F", "shop": env.Shops["AA-1"].Id,
	})
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	insp := res.JSON()
	id := insp["id"].(string)
	if insp["inspector"] != env.Users["inspector@AA"].Id || insp["status"] != "in_progress" || len(insp["items"].([]any)) != len(env.DefaultItems(t)) {
		t.Fatalf("inspection not prepared: %v", insp)
	}
	// a later template edit does not change the snapshot
	tpl, _ := env.FindRecordById("inspection_templates", tplID)
	tpl.Set("items", env.DefaultItems(t)[:2])
	if err := env.Save(tpl); err != nil {
		t.Fatal(err)
	}

	post := func(item, result string) {
		t.Helper()
		photos := 0
		if result == "fail" {
			photos = 1 // every item failed here asks for a photo
		}
		r := doWithPhotos(t, env, http.MethodPost, "/api/collections/inspection_results/records", "inspector@AA", map[string]any{
			"mall": mallID(env, "AA"), "inspection": id, "item_id": item, "result": result, "note": "现场记录",
		}, "photos", photos)
		if r.Status != 200 {
			t.Fatalf("result %s=%s: %d %s", item, result, r.Status, r.Body)
		}
	}
	post("price-complete", "fail") // weight 3, later corrected to pass
	post("price-fields", "pass")   // 3
	post("safety-exits", "fail")   // 3
	post("staff-greeting", "na")   // 2, excluded
	post("price-complete", "pass")

	stored, _ := env.FindRecordById("inspections", id)
	// passed 6 of 9 weight
	if stored.GetFloat("score") != 66.7 || stored.GetInt("failed_count") != 1 || stored.GetInt("passed_count") != 2 || stored.GetInt("na_count") != 1 {
		t.Fatalf("score %v counts %d/%d/%d", stored.GetFloat("score"), stored.GetInt("passed_count"), stored.GetInt("failed_count"), stored.GetInt("na_count"))
	}
	if n, _ := env.CountRecords("rectifications"); n != 0 {
		t.Fatal("rectification opened before the inspection was submitted")
	}
	if r := env.Do(t, http.MethodPost, "/api/collections/inspection_results/records", "inspector@AA", map[string]any{
		"mall": mallID(env, "AA"), "inspection": id, "item_id": "no-such-item", "result": "pass",
	}); r.Status != 400 {
		t.Fatalf("unknown item accepted: %d", r.Status)
	}

	if r := env.Do(t, http.MethodPatch, "/api/collections/inspections/records/"+id, "inspector@AA", map[string]any{"status": "submitted"}); r.Status != 200 {
		t.Fatal(r.Status, string(r.Body))
	}
	rects, _ := env.FindRecordsByFilter("rectifications", "inspection = {:i}", "", 0, 0, dbx.Params{"i": id})
	if len(rects) != 1 || rects[0].GetString("item_id") != "safety-exits" || rects[0].GetString("shop") != env.Shops["AA-1"].Id || rects[0].GetDateTime("deadline").IsZero() {
		t.Fatalf("rectifications after submit: %d", len(rects))
	}
	// resubmitting or reopening changes nothing
	if r := env.Do(t, http.MethodPatch, "/api/collections/inspections/records/"+id, "inspector@AA", map[string]any{"status": "in_progress"}); r.Status != 400 {
		t.Fatalf("reopened a submitted inspection: %d", r.Status)
	}
	post("safety-fire", "fail") // arrives late from an offline phone
	if n, _ := env.CountRecords("rectifications", dbx.HashExp{"inspection": id}); n != 2 {
		t.Fatalf("late failure: %d rectifications, want 2", n)
	}
	post("safety-fire", "fail") // the same failure again opens nothing new
	if n, _ := env.CountRecords("rectifications", dbx.HashExp{"inspection": id}); n != 2 {
		t.Fatalf("repeat failure: %d rectifications, want 2", n)
	}
}

func TestSurveyScoring(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	tpl := defaultTemplate(t, env, "survey_templates", "mall = '' && kind = 'customer'")
	cases := []struct {
		answers   map[string]int
		overall   float64
		satisfied bool
	}{
		{map[string]int{"overall": 4, "staff": 1}, 4, true},
		{map[string]int{"overall": 3, "staff": 5, "goods": 5}, 3, false},
		{map[string]int{"overall": 5}, 5, true},
	}
	for _, c := range cases {
		res := env.Do(t, http.MethodPost, "/api/collections/survey_responses/records", "service@AA", map[string]any{"mall": mallID(env, "AA"), "template": tpl, "answers": c.answers})
		body := res.JSON()
		if res.Status != 200 || body["overall"] != c.overall || body["satisfied"] != c.satisfied || body["kind"] != "customer" || body["taken_by"] != env.Users["service@AA"].Id {
			t.Fatalf("%v → %d %s", c.answers, res.Status, res.Body)
		}
	}
	// a template without an overall question uses the rounded mean
	own := env.Create(t, "survey_templates", map[string]any{"mall": mallID(env, "AA"), "kind": "merchant", "name": "商户", "questions": []map[string]any{{"id": "a", "text": "A"}, {"id": "b", "text": "B"}}})
	res := env.Do(t, http.MethodPost, "/api/collections/survey_responses/records", "service@AA", map[string]any{"mall": mallID(env, "AA"), "template": own.Id, "answers": map[string]int{"a": 4, "b": 3}})
	if res.JSON()["overall"] != 4.0 || res.JSON()["satisfied"] != true {
		t.Fatalf("mean scoring: %s", res.Body)
	}
	// a callback survey belongs to a complaint
	cb := defaultTemplate(t, env, "survey_templates", "mall = '' && kind = 'callback'")
	if r := env.Do(t, http.MethodPost, "/api/collections/survey_responses/records", "service@AA", map[string]any{"mall": mallID(env, "AA"), "template": cb, "answers": map[string]int{"overall": 5}}); r.Status != 400 {
		t.Fatalf("callback without complaint: %d", r.Status)
	}
}

// doWithPhotos sends a REST request with n small PNGs in photoField (the
// fields as @jsonPayload).
func doWithPhotos(t *testing.T, env *mallcaretest.Env, method, path, user string, fields map[string]any, photoField string, n int) mallcaretest.Response {
	t.Helper()
	if n == 0 {
		return env.Do(t, method, path, user, fields)
	}
	raw, _ := json.Marshal(fields)
	parts := make([]mallcaretest.Part, n)
	for i := range parts {
		parts[i] = mallcaretest.Part{Field: photoField, Name: fmt.Sprintf("photo%d.png", i), Data: tinyPNG}
	}
	return env.DoMultipart(t, method, path, user, map[string]string{"@jsonPayload": string(raw)}, parts...)
}

// fieldErrors reads PocketBase's {data: {field: {code, message}}} answer.
func fieldErrors(t *testing.T, body []byte) map[string]struct{ Code, Message string } {
	t.Helper()
	var out struct {
		Data map[string]struct{ Code, Message string } `json:"data"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("not an error answer: %s", body)
	}
	return out.Data
}

func newInspection(t *testing.T, env *mallcaretest.Env) string {
	t.Helper()
	res := env.Do(t, http.MethodPost, "/api/collections/inspections/records", "inspector@AA", map[string]any{
		"mall": mallID(env, "AA"), "template": defaultTemplate(t, env, "inspection_templates", "mall = ''"), "floor": "3F", "shop": env.Shops["AA-1"].Id,
	})
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	return res.JSON()["id"].(string)
}

// TestSubmitNeedsPhotoOfFailedItem: a submit is refused while a failed item
// the template marks photo_required has no photo, with a field error that
// names the item; nothing is submitted and no rectification opens. Once the
// photo is there the submit goes through; a late failure without its photo
// is refused too.
func TestSubmitNeedsPhotoOfFailedItem(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	id := newInspection(t, env)
	result := func(item, res string, photos int) mallcaretest.Response {
		return doWithPhotos(t, env, http.MethodPost, "/api/collections/inspection_results/records", "inspector@AA", map[string]any{
			"mall": mallID(env, "AA"), "inspection": id, "item_id": item, "result": res, "note": "现场",
		}, "photos", photos)
	}
	for _, r := range []struct {
		item, result string
		photos       int
	}{
		{"price-complete", "fail", 0}, // photo_required: the one that is missing
		{"staff-greeting", "fail", 0}, // no photo needed
		{"safety-exits", "fail", 1},   // photo_required, with its photo
		{"hygiene-floor", "pass", 0},
	} {
		if res := result(r.item, r.result, r.photos); res.Status != 200 {
			t.Fatalf("%s: %d %s", r.item, res.Status, res.Body)
		}
	}
	submit := func() mallcaretest.Response {
		return env.Do(t, http.MethodPatch, "/api/collections/inspections/records/"+id, "inspector@AA", map[string]any{"status": "submitted"})
	}
	res := submit()
	if res.Status != 400 {
		t.Fatalf("submit without the photo: %d %s", res.Status, res.Body)
	}
	errs := fieldErrors(t, res.Body)
	got, ok := errs["items.price-complete"]
	if len(errs) != 1 || !ok || got.Code != domain.CodePhotoRequired || !strings.Contains(got.Message, "明码标价") || !strings.Contains(got.Message, "一货一签") {
		t.Fatalf("field errors: %+v", errs)
	}
	insp, _ := env.FindRecordById("inspections", id)
	if insp.GetString("status") != "in_progress" || !insp.GetDateTime("finished_at").IsZero() {
		t.Fatalf("refused submit changed the inspection: %s", insp.GetString("status"))
	}
	if n, _ := env.CountRecords("rectifications"); n != 0 {
		t.Fatalf("refused submit opened %d rectifications", n)
	}

	// the latest result counts: the failure again, now with its photo
	if res := result("price-complete", "fail", 1); res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	if res := submit(); res.Status != 200 {
		t.Fatalf("submit with photos: %d %s", res.Status, res.Body)
	}
	if n, _ := env.CountRecords("rectifications", dbx.HashExp{"inspection": id}); n != 3 {
		t.Fatalf("rectifications: %d, want 3", n)
	}
	// late from an offline phone: a failure of a photo_required item without a photo
	res = result("safety-fire", "fail", 0)
	if res.Status != 400 || fieldErrors(t, res.Body)["photos"].Code != domain.CodePhotoRequired || !strings.Contains(string(res.Body), "灭火器") {
		t.Fatalf("late failure without photo: %d %s", res.Status, res.Body)
	}
}

// TestSubmitNeedsPhotoThroughSync: the same rule on the sync path, with the
// REST answer as the rejection and the staged photo as the fix.
func TestSubmitNeedsPhotoThroughSync(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	syncapi.Register(env.TestApp)
	tpl := defaultTemplate(t, env, "inspection_templates", "mall = ''")
	id, failed := newRecordID(), newRecordID()
	aa := mallID(env, "AA")
	res := syncPush(t, env, "inspector@AA",
		syncMut("inspections", "create", id, map[string]any{"mall": aa, "template": tpl, "floor": "3F"}),
		syncMut("inspection_results", "create", failed, map[string]any{"mall": aa, "inspection": id, "item_id": "safety-exits", "result": "fail", "note": "通道堆货"}),
		syncMut("inspection_results", "create", newRecordID(), map[string]any{"mall": aa, "inspection": id, "item_id": "price-fields", "result": "pass"}),
		syncMut("inspections", "update", id, map[string]any{"status": "submitted"}))
	for i, r := range res[:3] {
		if r.Status != "applied" {
			t.Fatalf("mutation %d: %+v", i, r)
		}
	}
	sub := res[3]
	if sub.Status != "rejected" || sub.Error == nil || sub.Error.Data["items.safety-exits"].Code != domain.CodePhotoRequired ||
		!strings.Contains(sub.Error.Data["items.safety-exits"].Message, "安全出口") {
		t.Fatalf("submit without photo through sync: %+v", sub)
	}
	if insp, _ := env.FindRecordById("inspections", id); insp.GetString("status") != "in_progress" {
		t.Fatal("a refused submit was applied")
	}
	// the phone adds the photo (staged first) and submits again
	stageSyncPhoto(t, env, "inspector@AA", "ph-exit-1")
	res = syncPush(t, env, "inspector@AA",
		syncMut("inspection_results", "create", newRecordID(), map[string]any{"mall": aa, "inspection": id, "item_id": "safety-exits", "result": "fail", "note": "通道堆货", "photos": []string{"photo:ph-exit-1"}}),
		syncMut("inspections", "update", id, map[string]any{"status": "submitted"}))
	if res[0].Status != "applied" || res[1].Status != "applied" || res[1].Record["score"] != 50.0 {
		t.Fatalf("submit with photo: %+v", res)
	}
	if n, _ := env.CountRecords("rectifications", dbx.HashExp{"inspection": id, "item_id": "safety-exits"}); n != 1 {
		t.Fatalf("rectification for the failed item: %d", n)
	}
}

// TestRectificationRecheck walks a rectification through its steps: the fix
// needs a photo; a re-check that returns it needs a photo, a reason and a new
// deadline in the future, clears the fix and puts the new deadline on the
// record; a passed re-check stamps who and when; every step is on the
// timeline with its actor, time, note, photos and deadline.
func TestRectificationRecheck(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, shanghai) }
	env.Clock.Set(day(20, 15))
	res := env.Do(t, http.MethodPost, "/api/collections/rectifications/records", "inspector@AA", map[string]any{"mall": mallID(env, "AA"), "issue": "消防通道堆放货物", "shop": env.Shops["AA-1"].Id})
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	id := res.JSON()["id"].(string)
	// default deadline: end of the third day, mall time
	if got := parseTime(t, res.JSON()["deadline"]); !got.Equal(time.Date(2026, 11, 23, 23, 59, 59, 0, shanghai)) {
		t.Fatalf("deadline %v", got.In(shanghai))
	}
	step := func(user string, body map[string]any, photoField string, photos int) mallcaretest.Response {
		return doWithPhotos(t, env, http.MethodPatch, "/api/collections/rectifications/records/"+id, user, body, photoField, photos)
	}
	refused := func(res mallcaretest.Response, fields ...string) {
		t.Helper()
		errs := fieldErrors(t, res.Body)
		if res.Status != 400 || len(errs) != len(fields) {
			t.Fatalf("want %v refused: %d %s", fields, res.Status, res.Body)
		}
		for _, f := range fields {
			if errs[f].Message == "" {
				t.Fatalf("no message for %s: %s", f, res.Body)
			}
		}
	}
	if res := step("inspector@AA", map[string]any{"status": "verified"}, "", 0); res.Status != 400 {
		t.Fatalf("verified before done: %d", res.Status)
	}
	refused(step("manager@AA", map[string]any{"status": "done", "done_note": "已清理"}, "", 0), "done_photos")
	env.Clock.Set(day(21, 10))
	if res := step("manager@AA", map[string]any{"status": "done", "done_note": "已清理"}, "done_photos+", 1); res.Status != 200 {
		t.Fatalf("done: %d %s", res.Status, res.Body)
	}

	// returned: a reason, a new deadline later than now and a photo
	env.Clock.Set(day(22, 9))
	newDeadline := day(25, 18)
	refused(step("inspector@AA", map[string]any{"status": "open"}, "", 0), "verify_photos", "verify_note", "deadline")
	refused(step("inspector@AA", map[string]any{"status": "open", "verify_note": "仍有堆放", "deadline": day(21, 18).UTC().Format(time.RFC3339)}, "verify_photos+", 1), "deadline")
	if res := step("inspector@AA", map[string]any{"status": "open", "verify_note": "仍有堆放", "deadline": newDeadline.UTC().Format(time.RFC3339)}, "verify_photos+", 1); res.Status != 200 {
		t.Fatalf("returned: %d %s", res.Status, res.Body)
	}
	r, _ := env.FindRecordById("rectifications", id)
	if r.GetString("status") != "open" || !r.GetDateTime("done_at").IsZero() || !r.GetDateTime("deadline").Time().Equal(newDeadline) {
		t.Fatalf("after return: status %s done_at %v deadline %v", r.GetString("status"), r.GetDateTime("done_at"), r.GetDateTime("deadline").Time().In(shanghai))
	}

	// fixed again (a new photo: the first one does not count twice), then passed
	env.Clock.Set(day(24, 11))
	refused(step("manager@AA", map[string]any{"status": "done"}, "", 0), "done_photos")
	if res := step("manager@AA", map[string]any{"status": "done", "done_note": "货物已移走"}, "done_photos+", 1); res.Status != 200 {
		t.Fatalf("done again: %d %s", res.Status, res.Body)
	}
	env.Clock.Set(day(24, 16))
	refused(step("inspector@AA", map[string]any{"status": "verified"}, "", 0), "verify_photos")
	if res := step("inspector@AA", map[string]any{"status": "verified", "verify_note": "复查合格"}, "verify_photos+", 1); res.Status != 200 {
		t.Fatalf("verify: %d %s", res.Status, res.Body)
	}
	r, _ = env.FindRecordById("rectifications", id)
	if r.GetString("verified_by") != env.Users["inspector@AA"].Id || !r.GetDateTime("verified_at").Time().Equal(day(24, 16)) ||
		!r.GetDateTime("done_at").Time().Equal(day(24, 11)) || len(r.GetStringSlice("done_photos")) != 2 || len(r.GetStringSlice("verify_photos")) != 2 {
		t.Fatalf("verify stamps: %v", r.FieldsData())
	}

	events, err := env.FindRecordsByFilter("rectification_events", "rectification = {:id}", "at", 0, 0, dbx.Params{"id": id})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind, actor, note string
		at                time.Time
		photos            int
	}{
		{"opened", "inspector@AA", "", day(20, 15), 0},
		{"done", "manager@AA", "已清理", day(21, 10), 1},
		{"returned", "inspector@AA", "仍有堆放", day(22, 9), 1},
		{"done", "manager@AA", "货物已移走", day(24, 11), 1},
		{"verified", "inspector@AA", "复查合格", day(24, 16), 1},
	}
	if len(events) != len(want) {
		t.Fatalf("timeline has %d entries, want %d", len(events), len(want))
	}
	for i, w := range want {
		ev := events[i]
		var photos []string
		_ = ev.UnmarshalJSONField("photos", &photos)
		if ev.GetString("kind") != w.kind || ev.GetString("actor") != env.Users[w.actor].Id || ev.GetString("note") != w.note ||
			!ev.GetDateTime("at").Time().Equal(w.at) || len(photos) != w.photos {
			t.Errorf("entry %d: %s by %s at %v note %q photos %v, want %+v", i, ev.GetString("kind"), ev.GetString("actor"), ev.GetDateTime("at").Time().In(shanghai), ev.GetString("note"), photos, w)
		}
		for _, p := range photos {
			if !slices.Contains(append(r.GetStringSlice("done_photos"), r.GetStringSlice("verify_photos")...), p) {
				t.Errorf("entry %d names photo %s the record does not have", i, p)
			}
		}
	}
	if d := events[0].GetDateTime("deadline").Time(); !d.Equal(time.Date(2026, 11, 23, 23, 59, 59, 0, shanghai)) {
		t.Errorf("opening deadline %v", d)
	}
	if d := events[2].GetDateTime("deadline").Time(); !d.Equal(newDeadline) {
		t.Errorf("returned with deadline %v, want %v", d, newDeadline)
	}
	// the timeline is the server's: nobody writes it through the API
	if res := env.Do(t, http.MethodPost, "/api/collections/rectification_events/records", "admin@AA", map[string]any{"rectification": id, "mall": mallID(env, "AA"), "kind": "verified"}); res.Status < 400 {
		t.Fatalf("client wrote a timeline entry: %d", res.Status)
	}
	if res := env.Do(t, http.MethodGet, "/api/collections/rectification_events/records?filter="+urlQuery("rectification='"+id+"'"), "service@AA", nil); res.JSON()["totalItems"] != 0.0 {
		t.Fatalf("service staff read the timeline: %s", res.Body)
	}
	if res := env.Do(t, http.MethodGet, "/api/collections/rectification_events/records?filter="+urlQuery("rectification='"+id+"'"), "manager@BB", nil); res.JSON()["totalItems"] != 0.0 {
		t.Fatalf("another mall read the timeline: %s", res.Body)
	}
}

// TestRectificationRecheckThroughSync: the phone's re-check — a staged photo
// appended to verify_photos, the reason and the new deadline — through sync.
func TestRectificationRecheckThroughSync(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	syncapi.Register(env.TestApp)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, shanghai)
	env.Clock.Set(now)
	rect := env.Do(t, http.MethodPost, "/api/collections/rectifications/records", "inspector@AA", map[string]any{"mall": mallID(env, "AA"), "issue": "标价签缺产地"}).JSON()["id"].(string)
	stageSyncPhoto(t, env, "manager@AA", "ph-fix")
	stageSyncPhoto(t, env, "inspector@AA", "ph-check")
	res := syncPush(t, env, "manager@AA", syncMut("rectifications", "update", rect, map[string]any{"status": "done", "done_note": "已补齐", "done_photos+": []string{"photo:ph-fix"}}))
	if res[0].Status != "applied" {
		t.Fatalf("done through sync: %+v", res[0])
	}
	deadline := now.AddDate(0, 0, 2).UTC().Format("2006-01-02 15:04:05.000Z")
	res = syncPush(t, env, "inspector@AA",
		syncMut("rectifications", "update", rect, map[string]any{"status": "open", "verify_note": "缺规格", "deadline": deadline}),
		syncMut("rectifications", "update", rect, map[string]any{"status": "open", "verify_note": "缺规格", "deadline": deadline, "verify_photos+": []string{"photo:ph-check"}}))
	if res[0].Status != "rejected" || res[0].Error.Data["verify_photos"].Message == "" {
		t.Fatalf("return without photo: %+v", res[0])
	}
	if res[1].Status != "applied" || res[1].Record["status"] != "open" || res[1].Record["deadline"] != deadline {
		t.Fatalf("return through sync: %+v", res[1])
	}
	n, _ := env.CountRecords("rectification_events", dbx.HashExp{"rectification": rect, "kind": "returned", "actor": env.Users["inspector@AA"].Id})
	if n != 1 {
		t.Fatalf("returned entries on the timeline: %d", n)
	}
}

// TestCallbackSurvey: a callback survey belongs to a resolved complaint and
// is taken by complaint staff; with the complaint's move to 已回访 in the
// same push, both land and the timeline shows the callback.
func TestCallbackSurvey(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	syncapi.Register(env.TestApp)
	tpl := defaultTemplate(t, env, "survey_templates", "mall = '' && kind = 'callback'")
	open := reach(t, env, "proposed")
	body := func(complaint string) map[string]any {
		return map[string]any{"mall": mallID(env, "AA"), "template": tpl, "complaint": complaint, "answers": map[string]int{"overall": 4, "speed": 5, "attitude": 4}, "comment": "处理及时"}
	}
	if res := env.Do(t, http.MethodPost, "/api/collections/survey_responses/records", "service@AA", body(open)); res.Status != 400 || fieldErrors(t, res.Body)["complaint"].Code != "mallcare_not_resolved" {
		t.Fatalf("callback before resolution: %d %s", res.Status, res.Body)
	}
	resolved := reach(t, env, "resolved")
	if res := env.Do(t, http.MethodPost, "/api/collections/survey_responses/records", "inspector@AA", body(resolved)); res.Status != 400 || fieldErrors(t, res.Body)["complaint"].Code != "mallcare_not_allowed" {
		t.Fatalf("callback by an inspector: %d %s", res.Status, res.Body)
	}
	verdict := domain.CallbackVerdictByScore[4]
	survey := newRecordID()
	res := syncPush(t, env, "service@AA",
		syncMut("survey_responses", "create", survey, body(resolved)),
		syncMut("complaints", "update", resolved, map[string]any{"status": "visited", "callback_verdict": verdict, "callback_note": "处理及时"}))
	if res[0].Status != "applied" || res[1].Status != "applied" || res[0].Record["overall"] != 4.0 || res[0].Record["kind"] != "callback" {
		t.Fatalf("callback through sync: %+v", res)
	}
	c, _ := env.FindRecordById("complaints", resolved)
	if c.GetString("status") != "visited" || c.GetString("callback_verdict") != "basically_satisfied" || c.GetDateTime("visited_at").IsZero() {
		t.Fatalf("complaint after callback: %s %s", c.GetString("status"), c.GetString("callback_verdict"))
	}
	if n, _ := env.CountRecords("complaint_events", dbx.HashExp{"complaint": resolved, "kind": "callback"}); n != 1 {
		t.Fatalf("callback events: %d", n)
	}
}

// --- sync helpers ---------------------------------------------------------

type syncResult struct {
	Status string `json:"status"`
	Error  *struct {
		Code string                                    `json:"code"`
		Data map[string]struct{ Code, Message string } `json:"data"`
	} `json:"error"`
	Record map[string]any `json:"record"`
}

var syncSeq atomic.Int64

func newRecordID() string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 15)
	for i := range b {
		b[i] = chars[rand.IntN(len(chars))]
	}
	return string(b)
}

func syncMut(collection, op, id string, data map[string]any) map[string]any {
	return map[string]any{"mutationId": fmt.Sprintf("hk-%d-%d", syncSeq.Add(1), rand.Uint32()), "collection": collection, "op": op, "recordId": id, "data": data}
}

func syncPush(t *testing.T, env *mallcaretest.Env, user string, muts ...map[string]any) []syncResult {
	t.Helper()
	res := env.Do(t, http.MethodPost, "/api/sync/push", user, map[string]any{"clientId": "hooks-test", "mutations": muts})
	var out struct{ Results []syncResult }
	if res.Status != 200 || json.Unmarshal(res.Body, &out) != nil || len(out.Results) != len(muts) {
		t.Fatalf("push: %d %s", res.Status, res.Body)
	}
	return out.Results
}

func stageSyncPhoto(t *testing.T, env *mallcaretest.Env, user, photoID string) {
	t.Helper()
	res := env.DoMultipart(t, http.MethodPost, "/api/sync/photo", user, map[string]string{"photoId": photoID}, mallcaretest.Part{Field: "file", Name: "photo.png", Data: tinyPNG})
	if res.Status != 200 {
		t.Fatalf("stage photo: %d %s", res.Status, res.Body)
	}
}
