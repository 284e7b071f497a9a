package workflow

import "time"

// SLAs from the manuals, measured from the server registration time.
const (
	PlanWithin     = 24 * time.Hour // 24小时内给出处理方案 (003 §四.3)
	FeedbackDays   = 3              // 顾客意见反馈应在三日内回复 (001 §3)
	CallbackMinDay = 1              // 回访 between day 1 ...
	CallbackMaxDay = 5              // ... and day 5 after resolution (003 §4-6)
)

// Due holds a complaint's SLA deadlines.
type Due struct {
	Plan     time.Time // solution plan due
	Feedback time.Time // customer feedback due
}

// ComplaintDue computes the SLA deadlines of a complaint registered at reg.
// Day-based limits are counted in calendar days of the mall's time zone, so
// they land on the same wall-clock time whatever the month or year.
func ComplaintDue(reg time.Time, loc *time.Location) Due {
	local := reg.In(loc)
	return Due{
		Plan:     reg.Add(PlanWithin),
		Feedback: local.AddDate(0, 0, FeedbackDays),
	}
}

// CallbackWindow is when the callback (回访) is due after resolution: from
// the start of the first to the end of the fifth calendar day after the day of
// resolution, in the mall's time zone.
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

// RectificationDeadline is the default deadline of a rectification opened at
// t: the end of the third day in the mall's time zone.
func RectificationDeadline(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+3, 23, 59, 59, 0, loc)
}

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
