package hooks_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"mallcare/internal/mallcaretest"
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
		r := env.Do(t, http.MethodPost, "/api/collections/inspection_results/records", "inspector@AA", map[string]any{
			"mall": mallID(env, "AA"), "inspection": id, "item_id": item, "result": result, "note": "现场记录",
		})
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

func TestRectificationWorkflow(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	at := time.Date(2026, 11, 20, 15, 0, 0, 0, shanghai)
	env.Clock.Set(at)
	res := env.Do(t, http.MethodPost, "/api/collections/rectifications/records", "inspector@AA", map[string]any{"mall": mallID(env, "AA"), "issue": "消防通道堆放货物"})
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	id := res.JSON()["id"].(string)
	// default deadline: end of the third day, mall time
	if got := parseTime(t, res.JSON()["deadline"]); !got.Equal(time.Date(2026, 11, 23, 23, 59, 59, 0, shanghai)) {
		t.Fatalf("deadline %v", got.In(shanghai))
	}
	patch := func(user string, body map[string]any) int {
		return env.Do(t, http.MethodPatch, "/api/collections/rectifications/records/"+id, user, body).Status
	}
	if s := patch("inspector@AA", map[string]any{"status": "verified"}); s != 400 {
		t.Fatalf("verified before done: %d", s)
	}
	if s := patch("manager@AA", map[string]any{"status": "done", "done_note": "已清理"}); s != 200 {
		t.Fatalf("done: %d", s)
	}
	if s := patch("inspector@AA", map[string]any{"status": "open", "verify_note": "仍有堆放"}); s != 200 {
		t.Fatalf("failed re-check: %d", s)
	}
	r, _ := env.FindRecordById("rectifications", id)
	if !r.GetDateTime("done_at").IsZero() {
		t.Fatal("reopened rectification kept its done time")
	}
	patch("manager@AA", map[string]any{"status": "done"})
	if s := patch("inspector@AA", map[string]any{"status": "verified", "verify_note": "复查合格"}); s != 200 {
		t.Fatalf("verify: %d", s)
	}
	r, _ = env.FindRecordById("rectifications", id)
	if r.GetString("verified_by") != env.Users["inspector@AA"].Id || r.GetDateTime("verified_at").IsZero() || r.GetDateTime("done_at").IsZero() {
		t.Fatalf("verify stamps: %v", r.FieldsData())
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
