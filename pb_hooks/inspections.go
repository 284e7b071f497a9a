package hooks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

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
	latest, err := latestResults(e.App, r.Id)
	if err != nil {
		return err
	}
	if submitting {
		if err := photosMissing(r, latest); err != nil {
			return err
		}
	}
	scoreInspection(r, latest)
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
	it, ok := findItem(insp, res.GetString("item_id"))
	if !ok {
		return fieldError("item_id", "unknown_item", "检查表中没有该检查项 (the checklist has no such item)")
	}
	// a failure that arrives after the submit must bring its photo too
	if insp.GetString("status") == domain.Submitted && domain.NeedsPhoto(it, res.GetString("result")) && photoCount(res, "photos") == 0 {
		return validation.Errors{"photos": photoRequiredError(it)}
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

// photosMissing refuses a submit while a failed item the template marks
// photo_required has no photo on its latest result: one field error per
// item, keyed "items.<item id>" and naming it in words.
func photosMissing(insp *core.Record, latest map[string]*core.Record) error {
	errs := validation.Errors{}
	for _, it := range items(insp) {
		res := latest[it.ID]
		if res != nil && domain.NeedsPhoto(it, res.GetString("result")) && photoCount(res, "photos") == 0 {
			errs["items."+it.ID] = photoRequiredError(it)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func photoRequiredError(it domain.TemplateItem) error {
	return validation.NewError(domain.CodePhotoRequired, fmt.Sprintf(
		"「%s：%s」不合格，须附照片后再提交 (item %s failed and needs a photo)", it.Section, it.Text, it.ID))
}

// photoCount counts a file field's files, stored and about to be uploaded.
func photoCount(r *core.Record, field string) int {
	switch v := r.GetRaw(field).(type) {
	case []any:
		return len(v)
	case []string:
		return len(v)
	case []*filesystem.File:
		return len(v)
	case string:
		if v != "" {
			return 1
		}
	case *filesystem.File:
		return 1
	}
	return 0
}

// scoreInspection sets the score and counts from the latest result per item
// (domain.Score; with nothing answered pass or fail the score stays 0 and
// passed + failed = 0 says there is none).
func scoreInspection(insp *core.Record, latest map[string]*core.Record) {
	result := make(map[string]string, len(latest))
	for id, r := range latest {
		result[id] = r.GetString("result")
	}
	score, _, passed, failed, na := domain.Score(items(insp), result)
	insp.Set("score", score)
	insp.Set("passed_count", passed)
	insp.Set("failed_count", failed)
	insp.Set("na_count", na)
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
		return inTx(e, func() error { return s.createRectification(e) })
	})
	app.OnRecordUpdate("rectifications").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return s.updateRectification(e) })
	})
}

func (s *server) createRectification(e *core.RecordEvent) error {
	r := e.Record
	if err := domain.RectificationFlow.CheckStart(r.GetString("status")); err != nil {
		return transitionError(err)
	}
	r.Set("status", domain.RectOpen)
	t := s.clock.Now()
	if r.GetDateTime("deadline").IsZero() {
		loc, err := mallLocation(e.App, r.GetString("mall"))
		if err != nil {
			return err
		}
		r.Set("deadline", domain.RectificationDeadline(t, loc))
	}
	if err := e.Next(); err != nil {
		return err
	}
	return s.addRectEvent(e.App, r, nil, nil, r.GetString("created_by"), t)
}

// updateRectification checks a step (domain.RectificationSteps: the fix with
// a photo, the re-check with a photo, a return with a reason and a new
// deadline), stamps it and puts it on the timeline with who and when.
func (s *server) updateRectification(e *core.RecordEvent) error {
	r := e.Record
	orig := r.Original()
	from, to := orig.GetString("status"), r.GetString("status")
	if err := domain.RectificationFlow.Check(from, to); err != nil {
		return transitionError(err)
	}
	step := domain.RectificationStep(from, to)
	if step == nil {
		return e.Next()
	}
	t := s.clock.Now()
	if err := stepComplete(r, orig, step, t); err != nil {
		return err
	}
	if step.Stamp != "" {
		r.Set(step.Stamp, t)
	}
	switch to {
	case domain.RectVerified:
		r.Set("verified_by", r.GetString("updated_by"))
	case domain.RectOpen: // returned: the shop works on it again
		r.Set("done_at", nil)
	}
	if err := e.Next(); err != nil {
		return err
	}
	return s.addRectEvent(e.App, r, orig, step, r.GetString("updated_by"), t)
}

// rectRequired says, per field a step requires, what to do.
var rectRequired = map[string]string{
	"done_photos":   "请拍摄整改后的照片 (add a photo of the fix)",
	"verify_photos": "复查须拍照 (the re-check needs a photo)",
	"verify_note":   "请填写退回原因 (give the reason for returning it)",
	"deadline":      "退回整改须设定新的整改期限，且晚于现在 (a returned rectification needs a new deadline, later than now)",
}

// stepComplete checks what a step requires: a photo field needs a new photo
// in this change, the deadline a new one in the future, a text field words.
func stepComplete(r, orig *core.Record, step *domain.RectStep, now time.Time) error {
	errs := validation.Errors{}
	for _, f := range step.Requires {
		missing := false
		switch {
		case f == "deadline":
			d := r.GetDateTime(f).Time()
			missing = d.Equal(orig.GetDateTime(f).Time()) || !d.After(now)
		case domain.PhotoFields["rectifications."+f] > 0:
			missing = len(r.GetUnsavedFiles(f)) == 0
		default:
			missing = strings.TrimSpace(r.GetString(f)) == ""
		}
		if missing {
			errs[f] = validation.NewError("mallcare_required", rectRequired[f])
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// rectPhotoFields are the rectification's photo fields, in timeline order.
var rectPhotoFields = []string{"done_photos", "verify_photos"}

// addRectEvent writes a timeline entry: the opening (step nil) or a step
// from the record as it was before, with the photos the step added and, for
// the opening and a return, the deadline.
func (s *server) addRectEvent(app core.App, r, before *core.Record, step *domain.RectStep, actor string, at time.Time) error {
	ev, err := s.newRecord(app, "rectification_events")
	if err != nil {
		return err
	}
	ev.Set("rectification", r.Id)
	ev.Set("mall", r.GetString("mall"))
	ev.Set("actor", actor)
	ev.Set("at", at)
	added := []string{}
	if step == nil {
		ev.Set("kind", domain.RectOpened)
		ev.Set("to_status", domain.RectOpen)
		ev.Set("deadline", r.GetDateTime("deadline"))
	} else {
		ev.Set("kind", step.Kind)
		ev.Set("from_status", step.From)
		ev.Set("to_status", step.To)
		ev.Set("note", truncate(r.GetString(step.Note), domain.TextMax["rectification_events.note"]))
		if slices.Contains(step.Requires, "deadline") {
			ev.Set("deadline", r.GetDateTime("deadline"))
		}
		for _, f := range rectPhotoFields {
			for _, name := range r.GetStringSlice(f) {
				if !slices.Contains(before.GetStringSlice(f), name) {
					added = append(added, name)
				}
			}
		}
	}
	ev.Set("photos", added)
	return app.Save(ev)
}
