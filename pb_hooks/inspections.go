package hooks

import (
	"encoding/json"
	"math"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	migrations "mallcare/pb_migrations"
	"mallcare/workflow"
)

func bindInspections(app core.App) {
	app.OnRecordCreate("inspections").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return createInspection(e) })
	})
	app.OnRecordUpdate("inspections").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return updateInspection(e) })
	})
	app.OnRecordCreate("inspection_results").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return createResult(e) })
	})
}

// createInspection snapshots the template, so later template edits never
// change what this inspection checked.
func createInspection(e *core.RecordEvent) error {
	r := e.Record
	tpl, err := e.App.FindRecordById("inspection_templates", r.GetString("template"))
	if err != nil {
		return fieldError("template", "not_found", "检查表不存在 (unknown template)")
	}
	r.Set("template_name", tpl.GetString("name"))
	r.Set("items", tpl.Get("items"))
	if r.GetString("inspector") == "" {
		r.Set("inspector", r.GetString("created_by"))
	}
	t := Now()
	if r.GetDateTime("started_at").IsZero() {
		r.Set("started_at", t)
	}
	switch r.GetString("status") {
	case "":
		r.Set("status", "in_progress")
	case "submitted":
		r.Set("finished_at", t)
	}
	return e.Next()
}

func updateInspection(e *core.RecordEvent) error {
	r := e.Record
	orig := r.Original()
	if r.GetString("template") != orig.GetString("template") {
		return fieldError("template", "immutable", "检查开始后不能更换检查表 (the checklist cannot change once started)")
	}
	from, to := orig.GetString("status"), r.GetString("status")
	if from == "submitted" && to != "submitted" {
		return fieldError("status", "illegal_transition", "已提交的检查不能重新打开 (a submitted inspection cannot be reopened)")
	}
	submitting := from != "submitted" && to == "submitted"
	if submitting {
		r.Set("finished_at", Now())
	}
	if err := scoreInspection(e.App, r); err != nil {
		return err
	}
	if err := e.Next(); err != nil {
		return err
	}
	if submitting {
		return openRectifications(e.App, r)
	}
	return nil
}

// createResult appends an item result, rescores the inspection, and for an
// already submitted inspection opens the rectification a late "fail" needs.
func createResult(e *core.RecordEvent) error {
	res := e.Record
	insp, err := e.App.FindRecordById("inspections", res.GetString("inspection"))
	if err != nil {
		return fieldError("inspection", "not_found", "检查记录不存在 (unknown inspection)")
	}
	if _, ok := findItem(insp, res.GetString("item_id")); !ok {
		return fieldError("item_id", "unknown_item", "检查表中没有该检查项 (the checklist has no such item)")
	}
	if err := e.Next(); err != nil {
		return err
	}
	if err := e.App.Save(insp); err != nil { // rescored by updateInspection
		return err
	}
	if insp.GetString("status") == "submitted" {
		return openRectifications(e.App, insp)
	}
	return nil
}

func items(insp *core.Record) []migrations.TemplateItem {
	var list []migrations.TemplateItem
	raw, _ := json.Marshal(insp.Get("items"))
	_ = json.Unmarshal(raw, &list)
	return list
}

func findItem(insp *core.Record, id string) (migrations.TemplateItem, bool) {
	for _, it := range items(insp) {
		if it.ID == id {
			return it, true
		}
	}
	return migrations.TemplateItem{}, false
}

// latestResults maps item id to its most recent result record.
func latestResults(app core.App, inspectionID string) (map[string]*core.Record, error) {
	rows, err := app.FindRecordsByFilter("inspection_results", "inspection = {:id}", "created,id", 0, 0, dbx.Params{"id": inspectionID})
	if err != nil {
		return nil, err
	}
	latest := make(map[string]*core.Record, len(rows))
	for _, r := range rows {
		latest[r.GetString("item_id")] = r
	}
	return latest, nil
}

// Score is the weighted share of passed items among the items answered pass
// or fail, as a percentage with one decimal (N/A and unanswered excluded).
func Score(list []migrations.TemplateItem, result map[string]string) (score float64, passed, failed, na int) {
	var pw, tw float64
	for _, it := range list {
		switch result[it.ID] {
		case "pass":
			passed++
			pw += it.Weight
			tw += it.Weight
		case "fail":
			failed++
			tw += it.Weight
		case "na":
			na++
		}
	}
	if tw > 0 {
		score = math.Round(pw/tw*1000) / 10
	}
	return score, passed, failed, na
}

func scoreInspection(app core.App, insp *core.Record) error {
	latest, err := latestResults(app, insp.Id)
	if err != nil {
		return err
	}
	result := make(map[string]string, len(latest))
	for id, r := range latest {
		result[id] = r.GetString("result")
	}
	score, passed, failed, na := Score(items(insp), result)
	insp.Set("score", score)
	insp.Set("passed_count", passed)
	insp.Set("failed_count", failed)
	insp.Set("na_count", na)
	return nil
}

// openRectifications opens one rectification per failed item; an item that
// already has one is left alone (the unique index backs this up).
func openRectifications(app core.App, insp *core.Record) error {
	latest, err := latestResults(app, insp.Id)
	if err != nil {
		return err
	}
	loc, err := mallLocation(app, insp.GetString("mall"))
	if err != nil {
		return err
	}
	for _, it := range items(insp) {
		res, ok := latest[it.ID]
		if !ok || res.GetString("result") != "fail" {
			continue
		}
		existing, _ := app.FindFirstRecordByFilter("rectifications", "inspection = {:i} && item_id = {:item}",
			dbx.Params{"i": insp.Id, "item": it.ID})
		if existing != nil {
			continue
		}
		issue := it.Section + "：" + it.Text
		if note := res.GetString("note"); note != "" {
			issue += "\n" + note
		}
		rect, err := newRecord(app, "rectifications")
		if err != nil {
			return err
		}
		rect.Set("mall", insp.GetString("mall"))
		rect.Set("inspection", insp.Id)
		rect.Set("item_id", it.ID)
		rect.Set("shop", insp.GetString("shop"))
		rect.Set("floor", insp.GetString("floor"))
		rect.Set("issue", truncate(issue, 1000))
		rect.Set("deadline", workflow.RectificationDeadline(Now(), loc))
		rect.Set("created_by", insp.GetString("inspector"))
		if err := app.Save(rect); err != nil {
			return err
		}
	}
	return nil
}

func bindRectifications(app core.App) {
	app.OnRecordCreate("rectifications").BindFunc(func(e *core.RecordEvent) error {
		r := e.Record
		if r.GetString("status") == "" {
			r.Set("status", workflow.RectOpen)
		}
		if r.GetString("status") != workflow.RectOpen {
			return fieldError("status", "illegal_transition", "新整改单的状态必须是「待整改」 (a new rectification starts open)")
		}
		if r.GetDateTime("deadline").IsZero() {
			loc, err := mallLocation(e.App, r.GetString("mall"))
			if err != nil {
				return err
			}
			r.Set("deadline", workflow.RectificationDeadline(Now(), loc))
		}
		return e.Next()
	})
	app.OnRecordUpdate("rectifications").BindFunc(func(e *core.RecordEvent) error {
		r := e.Record
		from, to := r.Original().GetString("status"), r.GetString("status")
		if err := workflow.CheckRectification(from, to); err != nil {
			return fieldError("status", "illegal_transition", err.Error())
		}
		if from != to {
			t := Now()
			switch to {
			case workflow.RectDone:
				r.Set("done_at", t)
			case workflow.RectVerified:
				r.Set("verified_at", t)
				r.Set("verified_by", r.GetString("updated_by"))
			case workflow.RectOpen: // re-check failed: the shop works on it again
				r.Set("done_at", nil)
			}
		}
		return e.Next()
	})
}
