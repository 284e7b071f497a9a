package domain

import (
	"slices"
	"time"
)

// SLAs from the manuals, measured from the server's registration time.
const (
	PlanWithin     = 24 * time.Hour // 24小时内给出处理方案 (003 §四.3)
	HandlingWithin = 24 * time.Hour // 一般投诉处理周期 < 24 小时 (003 经理 目标 2)
	FeedbackDays   = 3              // 顾客意见反馈应在三日内回复 (001 §3)
	CallbackMinDay = 1              // 回访 on the 1st ...
	CallbackMaxDay = 5              // ... to the 5th calendar day after resolution (003 §4-6)
)

// DefaultTimezone is a mall's time zone unless set otherwise.
const DefaultTimezone = "Asia/Shanghai"

// Location resolves a mall's IANA time zone name, falling back to the default.
func Location(name string) *time.Location {
	if name == "" {
		name = DefaultTimezone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc, _ = time.LoadLocation(DefaultTimezone)
	}
	return loc
}

// ComplaintDue holds the deadlines a complaint gets when it is registered.
type ComplaintDue struct {
	Plan     time.Time // solution plan due
	Feedback time.Time // customer feedback due
}

// DueAt computes the deadlines of a complaint registered at reg. Day-based
// limits count calendar days of the mall's time zone, so they land on the
// same wall-clock time whatever the month or a DST change.
func DueAt(reg time.Time, loc *time.Location) ComplaintDue {
	return ComplaintDue{
		Plan:     reg.Add(PlanWithin),
		Feedback: reg.In(loc).AddDate(0, 0, FeedbackDays),
	}
}

// CallbackWindow is when the callback (回访) is due after resolution: from
// the start of the first to the end of the fifth calendar day after the day
// of resolution, in the mall's time zone.
func CallbackWindow(resolved time.Time, loc *time.Location) (from, to time.Time) {
	y, m, d := resolved.In(loc).Date()
	from = time.Date(y, m, d+CallbackMinDay, 0, 0, 0, 0, loc)
	to = time.Date(y, m, d+CallbackMaxDay+1, 0, 0, 0, 0, loc).Add(-time.Millisecond)
	return from, to
}

// CallbackOnTime reports whether a callback at 'at' fell inside the window.
func CallbackOnTime(resolved, at time.Time, loc *time.Location) bool {
	from, to := CallbackWindow(resolved, loc)
	return !at.Before(from) && !at.After(to)
}

// ComplaintTimes is what the deadline rules read of a complaint: its status
// and the server's stamps (zero when unset).
type ComplaintTimes struct {
	Status                                                        string
	RegisteredAt, PlanDue, FeedbackDue, CallbackFrom, CallbackDue time.Time
	VerifyingAt, ProposedAt, FeedbackAt, ResolvedAt, VisitedAt    time.Time
	ClosedAt, WithdrawnAt                                         time.Time
}

// Stamp reads a time by its field name in the schema.
func (c *ComplaintTimes) Stamp(field string) time.Time {
	switch field {
	case "registered_at":
		return c.RegisteredAt
	case "plan_due":
		return c.PlanDue
	case "feedback_due":
		return c.FeedbackDue
	case "callback_from":
		return c.CallbackFrom
	case "callback_due":
		return c.CallbackDue
	case "verifying_at":
		return c.VerifyingAt
	case "proposed_at":
		return c.ProposedAt
	case "feedback_at":
		return c.FeedbackAt
	case "resolved_at":
		return c.ResolvedAt
	case "visited_at":
		return c.VisitedAt
	case "closed_at":
		return c.ClosedAt
	case "withdrawn_at":
		return c.WithdrawnAt
	}
	return time.Time{}
}

// StatusAt is the status the complaint had at t, read from the workflow
// stamps ("" before it was registered). For a record as stored now it is
// its status; reports use it to judge a past moment.
func (c *ComplaintTimes) StatusAt(t time.Time) string {
	status, latest := "", time.Time{}
	for _, s := range ComplaintFlow.Statuses {
		at := c.Stamp(ComplaintSteps[s.Code].Stamp)
		if !at.IsZero() && !at.After(t) && !at.Before(latest) {
			status, latest = s.Code, at
		}
	}
	return status
}

// HandledInTime: resolved within 24 hours of registration (24小时内处理).
func (c *ComplaintTimes) HandledInTime() bool {
	return !c.ResolvedAt.IsZero() && c.ResolvedAt.Sub(c.RegisteredAt) <= HandlingWithin
}

// Deadline is one SLA a complaint owes, as data: the app, the overdue
// notices and the reports all read this table.
type Deadline struct {
	Kind string        `json:"kind"`
	Due  string        `json:"due"`  // field holding the due time
	Met  string        `json:"met"`  // field stamped when it is met
	Owed []string      `json:"owed"` // statuses in which it is owed
	Warn time.Duration `json:"-"`    // "due soon" this long before (WarnMs in the app)
}

// Deadlines: a plan within 24 h; once there is a plan, the resolution within
// the same 24 h (the handling cycle; both are due at plan_due, and at most one
// is owed at a time); feedback within 3 days (met by a plan, a resolution, or
// a call / feedback entry); the callback in days 1–5 after resolution.
var Deadlines = []Deadline{
	{Kind: "plan", Due: "plan_due", Met: "proposed_at", Owed: []string{Registered, Verifying}, Warn: 4 * time.Hour},
	{Kind: "handling", Due: "plan_due", Met: "resolved_at", Owed: []string{Proposed}, Warn: 4 * time.Hour},
	{Kind: "feedback", Due: "feedback_due", Met: "feedback_at", Owed: []string{Registered, Verifying}, Warn: 12 * time.Hour},
	{Kind: "callback", Due: "callback_due", Met: "visited_at", Owed: []string{Resolved}, Warn: 24 * time.Hour},
}

// DeadlineKinds label the deadlines.
var DeadlineKinds = Terms{
	{"plan", "方案时限", "Plan due"},
	{"handling", "处理时限", "Resolution due"},
	{"feedback", "反馈时限", "Feedback due"},
	{"callback", "回访时间", "Callback window"},
}

// Late lists the deadlines a complaint has missed and still owes at t, the
// one definition of "overdue" (逾期 / 超时未处理).
func Late(c *ComplaintTimes, t time.Time) []Deadline {
	status := c.StatusAt(t)
	var late []Deadline
	for _, d := range Deadlines {
		met := c.Stamp(d.Met)
		due := c.Stamp(d.Due)
		if slices.Contains(d.Owed, status) && (met.IsZero() || met.After(t)) && !due.IsZero() && due.Before(t) {
			late = append(late, d)
		}
	}
	return late
}

// Overdue reports whether a complaint is past a deadline it still owes at t.
func Overdue(c *ComplaintTimes, t time.Time) bool { return len(Late(c, t)) > 0 }
