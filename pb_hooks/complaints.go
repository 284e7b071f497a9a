package hooks

import (
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/domain"
)

func (s *server) bindComplaints(app core.App) {
	app.OnRecordCreate("complaints").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return s.createComplaint(e) })
	})
	app.OnRecordUpdate("complaints").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return s.updateComplaint(e) })
	})
	app.OnRecordCreate("complaint_events").BindFunc(func(e *core.RecordEvent) error {
		return inTx(e, func() error { return s.createEvent(e) })
	})
}

func (s *server) createComplaint(e *core.RecordEvent) error {
	r := e.Record
	loc, err := mallLocation(e.App, r.GetString("mall"))
	if err != nil {
		return err
	}
	if err := domain.ComplaintFlow.CheckStart(r.GetString("status")); err != nil {
		return transitionError(err)
	}
	r.Set("status", domain.Registered)
	t := s.clock.Now()
	r.Set("registered_at", t)
	due := domain.DueAt(t, loc)
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
	if err := s.addEvent(e.App, r, "created", "", domain.Registered, "", r.GetString("created_by"), t); err != nil {
		return err
	}
	if r.GetString("severity") == domain.SeverityMajor {
		return s.notifyMajor(e.App, r)
	}
	return nil
}

// nextComplaintNumber advances the mall's counter for the year inside the
// caller's transaction: a rollback gives the number back, and SQLite's single
// writer makes concurrent creates take turns.
func nextComplaintNumber(tx core.App, mallID string, year int) (string, error) {
	mall, err := lookup(tx, "malls", mallID)
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
	return fmt.Sprintf("%s-%d-%06d", mall.code, year, last), nil
}

func (s *server) updateComplaint(e *core.RecordEvent) error {
	r := e.Record
	orig := r.Original()
	from, to := orig.GetString("status"), r.GetString("status")
	if to == "" {
		to = from
		r.Set("status", from)
	}
	if err := domain.ComplaintFlow.Check(from, to); err != nil {
		return transitionError(err)
	}
	t := s.clock.Now()
	note := ""
	if from != to {
		var err error
		if note, err = enterStatus(e.App, r, to, t); err != nil {
			return err
		}
	}
	becameMajor := r.GetString("severity") == domain.SeverityMajor && orig.GetString("severity") != domain.SeverityMajor

	if err := e.Next(); err != nil {
		return err
	}
	if from != to {
		kind := "status"
		if to == domain.Visited {
			kind = "callback"
		}
		if err := s.addEvent(e.App, r, kind, from, to, note, r.GetString("updated_by"), t); err != nil {
			return err
		}
	}
	if becameMajor {
		return s.notifyMajor(e.App, r)
	}
	return nil
}

// requiredMessage says, per field a step requires, what to do.
var requiredMessage = map[string]string{
	"plan":             "出方案前请填写处理方案 (write the solution plan first)",
	"resolution_type":  "请选择处理类型 (choose how it was resolved)",
	"callback_verdict": "请记录顾客的回访评价 (record the customer's verdict)",
	"amount":           "赔偿需填写金额 (a compensation needs its amount)",
}

// enterStatus checks what a status needs (domain.ComplaintSteps), stamps
// its time and returns the timeline note for it.
func enterStatus(app core.App, r *core.Record, to string, t time.Time) (string, error) {
	step := domain.ComplaintSteps[to]
	for _, field := range step.Requires {
		if r.GetString(field) == "" {
			return "", fieldError(field, "required", requiredMessage[field])
		}
	}
	r.Set(step.Stamp, t)
	if step.Feedback {
		stampFeedback(r, t)
	}
	switch to {
	case domain.Proposed:
		return r.GetString("plan"), nil
	case domain.Resolved:
		kind := r.GetString("resolution_type")
		if slices.Contains(domain.AmountRequired, kind) && r.GetFloat("amount") <= 0 {
			return "", fieldError("amount", "required", requiredMessage["amount"])
		}
		loc, err := mallLocation(app, r.GetString("mall"))
		if err != nil {
			return "", err
		}
		from, due := domain.CallbackWindow(t, loc)
		r.Set("callback_from", from)
		r.Set("callback_due", due)
		return kind, nil
	case domain.Visited:
		return r.GetString("callback_verdict") + " " + r.GetString("callback_note"), nil
	case domain.Withdrawn:
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

func (s *server) addEvent(app core.App, complaint *core.Record, kind, from, to, note, actor string, at time.Time) error {
	ev, err := s.newRecord(app, "complaint_events")
	if err != nil {
		return err
	}
	ev.Set("complaint", complaint.Id)
	ev.Set("mall", complaint.GetString("mall"))
	ev.Set("kind", kind)
	ev.Set("from_status", from)
	ev.Set("to_status", to)
	ev.Set("note", truncate(note, domain.TextMax["complaint_events.note"]))
	ev.Set("actor", actor)
	ev.Set("at", at)
	return app.SaveWithContext(sameMallAs(ev, complaint), ev)
}

// createEvent completes a timeline entry: its time is the server's, and a
// feedback or call entry counts as feedback to the customer.
func (s *server) createEvent(e *core.RecordEvent) error {
	ev := e.Record
	if ev.GetDateTime("at").IsZero() {
		ev.Set("at", s.clock.Now())
	}
	if err := e.Next(); err != nil {
		return err
	}
	if !slices.Contains(domain.FeedbackEventKinds, ev.GetString("kind")) {
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
