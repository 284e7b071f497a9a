package hooks

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/workflow"
)

func bindComplaints(app core.App) {
	app.OnRecordCreate("complaints").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return createComplaint(e) })
	})
	app.OnRecordUpdate("complaints").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return updateComplaint(e) })
	})
	app.OnRecordCreate("complaint_events").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return createEvent(e) })
	})
}

func createComplaint(e *core.RecordEvent) error {
	r := e.Record
	loc, err := mallLocation(e.App, r.GetString("mall"))
	if err != nil {
		return err
	}
	switch r.GetString("status") {
	case "":
		r.Set("status", workflow.Registered)
	case workflow.Registered:
	default:
		return fieldError("status", "illegal_transition", "新投诉的状态必须是「已登记」 (a new complaint starts as registered)")
	}
	t := Now()
	r.Set("registered_at", t)
	due := workflow.ComplaintDue(t, loc)
	r.Set("plan_due", due.Plan)
	r.Set("feedback_due", due.Feedback)
	number, err := nextComplaintNumber(e.App, r.GetString("mall"), t.In(loc).Year())
	if err != nil {
		return err
	}
	r.Set("number", number)

	if err := e.Next(); err != nil {
		return err
	}
	if err := addEvent(e.App, r, "created", "", workflow.Registered, "", r.GetString("created_by"), t); err != nil {
		return err
	}
	if r.GetString("severity") == "major" {
		return notifyMajor(e.App, r)
	}
	return nil
}

// nextComplaintNumber advances the mall's counter for the year inside the
// caller's transaction: a rollback gives the number back, and SQLite's single
// writer makes concurrent creates take turns.
func nextComplaintNumber(tx core.App, mallID string, year int) (string, error) {
	mall, err := tx.FindRecordById("malls", mallID)
	if err != nil {
		return "", fieldError("mall", "unknown_mall", "商场不存在 (unknown mall)")
	}
	var last int
	err = tx.DB().NewQuery(`
		INSERT INTO complaint_number_seq (mall, year, last) VALUES ({:mall}, {:year}, 1)
		ON CONFLICT (mall, year) DO UPDATE SET last = last + 1
		RETURNING last`).
		Bind(map[string]any{"mall": mallID, "year": year}).Row(&last)
	if err != nil {
		return "", fmt.Errorf("complaint number: %w", err)
	}
	return fmt.Sprintf("%s-%d-%06d", mall.GetString("code"), year, last), nil
}

func updateComplaint(e *core.RecordEvent) error {
	r := e.Record
	orig := r.Original()
	from, to := orig.GetString("status"), r.GetString("status")
	if to == "" {
		to = from
		r.Set("status", from)
	}
	if err := workflow.CheckComplaint(from, to); err != nil {
		return fieldError("status", "illegal_transition", err.Error())
	}
	t := Now()
	note := ""
	if from != to {
		var err error
		if note, err = enterStatus(e.App, r, to, t); err != nil {
			return err
		}
	}
	becameMajor := r.GetString("severity") == "major" && orig.GetString("severity") != "major"

	if err := e.Next(); err != nil {
		return err
	}
	if from != to {
		kind := "status"
		if to == workflow.Visited {
			kind = "callback"
		}
		if err := addEvent(e.App, r, kind, from, to, note, r.GetString("updated_by"), t); err != nil {
			return err
		}
	}
	if becameMajor {
		return notifyMajor(e.App, r)
	}
	return nil
}

var statusStamp = map[string]string{
	workflow.Verifying: "verifying_at",
	workflow.Proposed:  "proposed_at",
	workflow.Resolved:  "resolved_at",
	workflow.Visited:   "visited_at",
	workflow.Closed:    "closed_at",
	workflow.Withdrawn: "withdrawn_at",
}

// enterStatus checks what a status needs, stamps its time and returns the
// timeline note for it.
func enterStatus(app core.App, r *core.Record, to string, t time.Time) (string, error) {
	r.Set(statusStamp[to], t)
	switch to {
	case workflow.Proposed:
		if r.GetString("plan") == "" {
			return "", fieldError("plan", "required", "出方案前请填写处理方案 (write the solution plan first)")
		}
		stampFeedback(r, t)
		return r.GetString("plan"), nil
	case workflow.Resolved:
		kind := r.GetString("resolution_type")
		if kind == "" {
			return "", fieldError("resolution_type", "required", "请选择处理类型 (choose how it was resolved)")
		}
		if (kind == "compensation" || kind == "advance_compensation") && r.GetFloat("amount") <= 0 {
			return "", fieldError("amount", "required", "赔偿需填写金额 (a compensation needs its amount)")
		}
		stampFeedback(r, t)
		loc, err := mallLocation(app, r.GetString("mall"))
		if err != nil {
			return "", err
		}
		from, due := workflow.CallbackWindow(t, loc)
		r.Set("callback_from", from)
		r.Set("callback_due", due)
		return kind, nil
	case workflow.Visited:
		if r.GetString("callback_verdict") == "" {
			return "", fieldError("callback_verdict", "required", "请记录顾客的回访评价 (record the customer's verdict)")
		}
		return r.GetString("callback_verdict") + " " + r.GetString("callback_note"), nil
	case workflow.Withdrawn:
		return r.GetString("withdraw_reason"), nil
	}
	return "", nil
}

// stampFeedback records the first time the customer heard back.
func stampFeedback(r *core.Record, t time.Time) {
	if r.GetDateTime("feedback_at").IsZero() {
		r.Set("feedback_at", t)
	}
}

func addEvent(app core.App, complaint *core.Record, kind, from, to, note, actor string, at time.Time) error {
	ev, err := newRecord(app, "complaint_events")
	if err != nil {
		return err
	}
	ev.Set("complaint", complaint.Id)
	ev.Set("mall", complaint.GetString("mall"))
	ev.Set("kind", kind)
	ev.Set("from_status", from)
	ev.Set("to_status", to)
	ev.Set("note", truncate(note, 2000))
	ev.Set("actor", actor)
	ev.Set("at", at)
	return app.Save(ev)
}

// createEvent completes a timeline entry: its time is the server's, and a
// feedback or call entry counts as feedback to the customer.
func createEvent(e *core.RecordEvent) error {
	ev := e.Record
	if ev.GetDateTime("at").IsZero() {
		ev.Set("at", Now())
	}
	if err := e.Next(); err != nil {
		return err
	}
	kind := ev.GetString("kind")
	if kind != "feedback" && kind != "call" {
		return nil
	}
	complaint, err := e.App.FindRecordById("complaints", ev.GetString("complaint"))
	if err != nil || !complaint.GetDateTime("feedback_at").IsZero() {
		return err
	}
	complaint.Set("feedback_at", ev.GetDateTime("at").Time())
	return e.App.Save(complaint)
}

func truncate(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max])
}
