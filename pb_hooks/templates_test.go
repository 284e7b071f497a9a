package hooks_test

import (
	"net/http"
	"testing"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
)

// TestTemplateCopyAndSnapshots: an admin copies the manual's default
// checklist and survey into the mall and adapts them; inspections and
// survey responses already made keep what they were made with.
func TestTemplateCopyAndSnapshots(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	aa := mallID(env, "AA")
	items := env.DefaultItems(t)
	copyRes := env.Do(t, http.MethodPost, "/api/collections/inspection_templates/records", "admin@AA", map[string]any{
		"mall": aa, "name": "本店检查表", "items": items, "active": true})
	if copyRes.Status != 200 {
		t.Fatalf("copy: %d %s", copyRes.Status, copyRes.Body)
	}
	tplID := copyRes.JSON()["id"].(string)
	for _, u := range []string{"manager@AA", "inspector@AA", "admin@BB"} {
		if r := env.Do(t, http.MethodPatch, "/api/collections/inspection_templates/records/"+tplID, u, map[string]any{"name": "x"}); r.Status < 400 {
			t.Errorf("%s edited the template: %d", u, r.Status)
		}
	}
	insp := env.Do(t, http.MethodPost, "/api/collections/inspections/records", "inspector@AA", map[string]any{
		"mall": aa, "template": tplID, "floor": "1F"})
	if insp.Status != 200 {
		t.Fatalf("inspection %d %s", insp.Status, insp.Body)
	}
	inspID := insp.JSON()["id"].(string)
	env.Do(t, http.MethodPost, "/api/collections/inspection_results/records", "inspector@AA", map[string]any{
		"mall": aa, "inspection": inspID, "item_id": items[0].ID, "result": "pass"})

	// adapt: a new item, another weight, one removed, photo rule changed
	changed := append([]domain.TemplateItem{{ID: "new-item", Section: "新增", Text: "试衣间整洁", Weight: 5}}, items[1:]...)
	changed[1].Weight, changed[1].PhotoRequired = 9, !changed[1].PhotoRequired
	if r := env.Do(t, http.MethodPatch, "/api/collections/inspection_templates/records/"+tplID, "admin@AA", map[string]any{"items": changed, "name": "本店检查表（新）"}); r.Status != 200 {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	bad := []domain.TemplateItem{{ID: "a", Text: "x", Weight: 0}}
	if r := env.Do(t, http.MethodPatch, "/api/collections/inspection_templates/records/"+tplID, "admin@AA", map[string]any{"items": bad}); r.Status != 400 {
		t.Errorf("a zero weight accepted: %d", r.Status)
	}
	stored, _ := env.FindRecordById("inspections", inspID)
	var snap []domain.TemplateItem
	_ = stored.UnmarshalJSONField("items", &snap)
	if len(snap) != len(items) || snap[0].ID != items[0].ID || snap[1].Weight != items[1].Weight || stored.GetString("template_name") != "本店检查表" {
		t.Errorf("the inspection's snapshot changed: %d items, %v", len(snap), stored.GetString("template_name"))
	}
	if stored.GetFloat("score") != 100 {
		t.Errorf("score changed: %v", stored.GetFloat("score"))
	}
	// a new inspection gets the new checklist
	next := env.Do(t, http.MethodPost, "/api/collections/inspections/records", "inspector@AA", map[string]any{"mall": aa, "template": tplID, "floor": "2F"})
	if got := next.JSON()["items"].([]any); len(got) != len(changed) {
		t.Errorf("new inspection has %d items, want %d", len(got), len(changed))
	}

	// surveys: a response keeps its answers, overall score and verdict when
	// the template's questions change
	sv, err := env.FindFirstRecordByFilter("survey_templates", "mall = '' && kind = 'customer'")
	if err != nil {
		t.Fatal(err)
	}
	var qs []domain.SurveyQuestion
	_ = sv.UnmarshalJSONField("questions", &qs)
	scopy := env.Do(t, http.MethodPost, "/api/collections/survey_templates/records", "admin@AA", map[string]any{
		"mall": aa, "kind": "customer", "name": "本店顾客调查", "questions": qs, "active": true})
	if scopy.Status != 200 {
		t.Fatalf("survey copy %d %s", scopy.Status, scopy.Body)
	}
	sid := scopy.JSON()["id"].(string)
	resp := env.Do(t, http.MethodPost, "/api/collections/survey_responses/records", "service@AA", map[string]any{
		"mall": aa, "template": sid, "answers": map[string]int{"overall": 5, "staff": 2}})
	if resp.Status != 200 {
		t.Fatalf("response %d %s", resp.Status, resp.Body)
	}
	qs2 := []domain.SurveyQuestion{{ID: "staff", Text: "服务态度", Overall: true}, {ID: "parking", Text: "停车"}}
	if r := env.Do(t, http.MethodPatch, "/api/collections/survey_templates/records/"+sid, "admin@AA", map[string]any{"questions": qs2}); r.Status != 200 {
		t.Fatalf("survey edit %d %s", r.Status, r.Body)
	}
	two := []domain.SurveyQuestion{{ID: "a", Text: "a", Overall: true}, {ID: "b", Text: "b", Overall: true}}
	if r := env.Do(t, http.MethodPatch, "/api/collections/survey_templates/records/"+sid, "admin@AA", map[string]any{"questions": two}); r.Status != 400 {
		t.Errorf("two overall questions accepted: %d", r.Status)
	}
	kept, _ := env.FindRecordById("survey_responses", resp.JSON()["id"].(string))
	var answers map[string]int
	_ = kept.UnmarshalJSONField("answers", &answers)
	if kept.GetInt("overall") != 5 || !kept.GetBool("satisfied") || answers["staff"] != 2 {
		t.Errorf("the response changed: overall %d satisfied %v answers %v", kept.GetInt("overall"), kept.GetBool("satisfied"), answers)
	}
}
