package hooks

import (
	"encoding/json"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/domain"
)

func (s *server) bindInspections(app core.App) {
	app.OnRecordCreate("inspections").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return s.createInspection(e) })
	})
	app.OnRecordUpdate("inspections").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return s.updateInspection(e) })
	})
	app.OnRecordCreate("inspection_results").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return s.createResult(e) })
	})
}

// createInspection snapshots the template, so later template edits never
// change what this inspection checked.
func (s *server) createInspection(e *core.RecordEvent) error {
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
	t := s.clock.Now()
	if r.GetDateTime("started_at").IsZero() {
		r.Set("started_at", t)
	}
	switch r.GetString("status") {
	case "":
		r.Set("status", domain.InProgress)
	case domain.Submitted: // made and submitted offline in one go
		r.Set("finished_at", t)
	}
	return e.Next()
}

func (s *server) updateInspection(e *core.RecordEvent) error {
	r := e.Record
	orig := r.Original()
	if r.GetString("template") != orig.GetString("template") {
		return fieldError("template", "immutable", "检查开始后不能更换检查表 (the checklist cannot change once started)")
	}
	from, to := orig.GetString("status"), r.GetString("status")
	if err := domain.InspectionFlow.Check(from, to); err != nil {
		return transitionError(err)
	}
	submitting := from != domain.Submitted && to == domain.Submitted
	if submitting {
		r.Set("finished_at", s.clock.Now())
	}
	if err := scoreInspection(e.App, r); err != nil {
		return err
	}
	if err := e.Next(); err != nil {
		return err
	}
	if submitting {
		return s.openRectifications(e.App, r)
	}
	return nil
}

// createResult appends an item result, rescores the inspection, and for an
// already submitted inspection opens the rectification a late "fail" needs.
func (s *server) createResult(e *core.RecordEvent) error {
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
	if insp.GetString("status") == domain.Submitted {
		return s.openRectifications(e.App, insp)
	}
	return nil
}

func items(insp *core.Record) []domain.TemplateItem {
	var list []domain.TemplateItem
	raw, _ := json.Marshal(insp.Get("items"))
	_ = json.Unmarshal(raw, &list)
	return list
}

func findItem(insp *core.Record, id string) (domain.TemplateItem, bool) {
	for _, it := range items(insp) {
		if it.ID == id {
			return it, true
		}
	}
	return domain.TemplateItem{}, false
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

func scoreInspection(app core.App, insp *core.Record) error {
	latest, err := latestResults(app, insp.Id)
	if err != nil {
		return err
	}
	result := make(map[string]string, len(latest))
	for id, r := range latest {
		result[id] = r.GetString("result")
	}
	score, _, passed, failed, na := domain.Score(items(insp), result)
	insp.Set("score", score)
	insp.Set("passed_count", passed)
	insp.Set("failed_count", failed)
	insp.Set("na_count", na)
	return nil
}

// openRectifications opens one rectification per failed item; an item that
// already has one is left alone (the unique index backs this up).
func (s *server) openRectifications(app core.App, insp *core.Record) error {
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
		if !ok || res.GetString("result") != domain.Fail {
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
		rect, err := s.newRecord(app, "rectifications")
		if err != nil {
			return err
		}
		rect.Set("mall", insp.GetString("mall"))
		rect.Set("inspection", insp.Id)
		rect.Set("item_id", it.ID)
		rect.Set("shop", insp.GetString("shop"))
		rect.Set("floor", insp.GetString("floor"))
		rect.Set("issue", truncate(issue, domain.TextMax["rectifications.issue"]))
		rect.Set("deadline", domain.RectificationDeadline(s.clock.Now(), loc))
		rect.Set("created_by", insp.GetString("inspector"))
		if err := app.Save(rect); err != nil {
			return err
		}
	}
	return nil
}

func (s *server) bindRectifications(app core.App) {
	app.OnRecordCreate("rectifications").BindFunc(func(e *core.RecordEvent) error {
		r := e.Record
		if err := domain.RectificationFlow.CheckStart(r.GetString("status")); err != nil {
			return transitionError(err)
		}
		r.Set("status", domain.RectOpen)
		if r.GetDateTime("deadline").IsZero() {
			loc, err := mallLocation(e.App, r.GetString("mall"))
			if err != nil {
				return err
			}
			r.Set("deadline", domain.RectificationDeadline(s.clock.Now(), loc))
		}
		return e.Next()
	})
	app.OnRecordUpdate("rectifications").BindFunc(func(e *core.RecordEvent) error {
		r := e.Record
		from, to := r.Original().GetString("status"), r.GetString("status")
		if err := domain.RectificationFlow.Check(from, to); err != nil {
			return transitionError(err)
		}
		if from != to {
			t := s.clock.Now()
			switch to {
			case domain.RectDone:
				r.Set("done_at", t)
			case domain.RectVerified:
				r.Set("verified_at", t)
				r.Set("verified_by", r.GetString("updated_by"))
			case domain.RectOpen: // re-check failed: the shop works on it again
				r.Set("done_at", nil)
			}
		}
		return e.Next()
	})
}
