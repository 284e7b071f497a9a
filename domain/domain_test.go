package domain_test

import (
	"strings"
	"testing"
	"time"

	"mallcare/domain"
)

var sh = domain.Location("Asia/Shanghai")

func at(month, day, hour, minute int) time.Time {
	return time.Date(2026, time.Month(month), day, hour, minute, 0, 0, sh)
}

func TestComplaintFlowMessages(t *testing.T) {
	t.Parallel()
	f := domain.ComplaintFlow
	err := f.Check(domain.Registered, domain.Resolved)
	if err == nil || !strings.Contains(err.Error(), "已登记") || !strings.Contains(err.Error(), "核实中") {
		t.Fatalf("the message names the current state and the legal next ones: %v", err)
	}
	if te, ok := err.(*domain.TransitionError); !ok || te.Code() != domain.CodeIllegalTransition {
		t.Fatalf("not a coded transition error: %#v", err)
	}
	if err := f.Check(domain.Closed, domain.Registered); err == nil || !strings.Contains(err.Error(), "cannot change status") {
		t.Fatalf("closed complaint: %v", err)
	}
	for _, s := range []string{domain.Registered, domain.Verifying, domain.Proposed} {
		if err := f.Check(s, domain.Withdrawn); err != nil {
			t.Fatalf("withdraw from %s: %v", s, err)
		}
	}
	if err := f.Check(domain.Resolved, domain.Withdrawn); err == nil {
		t.Fatal("a resolved complaint was withdrawn")
	}
	if err := f.CheckStart(domain.Proposed); err == nil || !strings.Contains(err.Error(), "新投诉") {
		t.Fatalf("a new complaint must start registered: %v", err)
	}
	if err := domain.RectificationFlow.Check(domain.RectDone, domain.RectOpen); err != nil {
		t.Fatalf("a failed re-check returns the rectification: %v", err)
	}
	if err := domain.InspectionFlow.Check(domain.Submitted, domain.InProgress); err == nil {
		t.Fatal("a submitted inspection was reopened")
	}
}

// TestOpen: open until closed or withdrawn — including a resolved complaint
// still waiting for its callback.
func TestOpen(t *testing.T) {
	t.Parallel()
	want := map[string]bool{"registered": true, "verifying": true, "proposed": true, "resolved": true, "visited": true, "closed": false, "withdrawn": false}
	for _, s := range domain.ComplaintFlow.Statuses {
		if domain.Open(s.Code) != want[s.Code] {
			t.Errorf("Open(%s) = %v", s.Code, !want[s.Code])
		}
	}
}

// TestCallbackWindow: a callback counts on the 1st to the 5th calendar day
// after the day of resolution, in the mall's time zone.
func TestCallbackWindow(t *testing.T) {
	t.Parallel()
	resolved := time.Date(2026, 11, 30, 23, 30, 0, 0, sh) // 15:30 UTC
	cases := []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 11, 30, 23, 59, 0, 0, sh), false}, // day 0
		{time.Date(2026, 12, 1, 0, 0, 0, 0, sh), true},     // day 1, 30 minutes later
		{time.Date(2026, 12, 5, 23, 59, 59, 0, sh), true},  // day 5, last second
		{time.Date(2026, 12, 6, 0, 0, 0, 0, sh), false},    // day 6
	}
	for _, c := range cases {
		if got := domain.CallbackOnTime(resolved, c.at, sh); got != c.want {
			t.Errorf("callback at %v: on time = %v, want %v", c.at, got, c.want)
		}
	}
}

func TestLocationFallback(t *testing.T) {
	t.Parallel()
	if domain.Location("").String() != "Asia/Shanghai" || domain.Location("Nowhere/Else").String() != "Asia/Shanghai" {
		t.Fatal("unknown or empty zones fall back to Asia/Shanghai")
	}
	if domain.Location("Europe/Berlin").String() != "Europe/Berlin" {
		t.Fatal("valid zone not honoured")
	}
}

// registered builds a complaint registered at reg with the deadlines the
// server stamps.
func registered(reg time.Time) domain.ComplaintTimes {
	due := domain.DueAt(reg, sh)
	return domain.ComplaintTimes{Status: domain.Registered, RegisteredAt: reg, PlanDue: due.Plan, FeedbackDue: due.Feedback}
}

func kinds(ds []domain.Deadline) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Kind)
	}
	return strings.Join(out, ",")
}

// TestLate walks one complaint through the edges of every deadline.
func TestLate(t *testing.T) {
	t.Parallel()
	c := registered(at(11, 2, 10, 0))
	check := func(when time.Time, want string) {
		t.Helper()
		if got := kinds(domain.Late(&c, when)); got != want {
			t.Fatalf("late at %v: %q, want %q", when, got, want)
		}
		if domain.Overdue(&c, when) != (want != "") {
			t.Fatalf("overdue at %v disagrees with late %q", when, want)
		}
	}
	check(at(11, 3, 10, 0), "")     // exactly 24 h: not yet late
	check(at(11, 3, 10, 1), "plan") // a minute later
	check(at(11, 5, 10, 1), "plan,feedback")
	c.Status, c.VerifyingAt = domain.Verifying, at(11, 3, 9, 0)
	check(at(11, 3, 10, 1), "plan") // verifying still owes the plan
	// a call on day 2 meets the feedback deadline, not the plan
	c.FeedbackAt = at(11, 4, 9, 0)
	check(at(11, 5, 10, 1), "plan")
	// the plan arrives late on day 4: the resolution is owed now, and judged
	// on day 3 (a report of that day) the plan was late
	c.Status, c.ProposedAt = domain.Proposed, at(11, 5, 12, 0)
	check(at(11, 5, 13, 0), "handling")
	check(at(11, 4, 12, 0), "plan")
	// resolved on the 6th: the callback is owed until the end of the 11th
	c.Status, c.ResolvedAt = domain.Resolved, at(11, 6, 18, 0)
	c.CallbackFrom, c.CallbackDue = domain.CallbackWindow(c.ResolvedAt, sh)
	check(at(11, 11, 23, 59), "")
	check(at(11, 12, 0, 0), "callback")
	c.Status, c.VisitedAt = domain.Visited, at(11, 12, 9, 0)
	check(at(11, 12, 10, 0), "")
	check(at(11, 12, 8, 0), "callback") // before the late callback
}

// TestLateWithdrawn: a withdrawal ends every deadline, also for a report
// judging a time after it.
func TestLateWithdrawn(t *testing.T) {
	t.Parallel()
	c := registered(at(11, 2, 10, 0))
	c.Status, c.WithdrawnAt = domain.Withdrawn, at(11, 2, 20, 0)
	if domain.Overdue(&c, at(11, 10, 0, 0)) {
		t.Fatal("a withdrawn complaint is overdue")
	}
	c.WithdrawnAt = at(11, 4, 0, 0) // withdrawn after the plan was due
	if !domain.Overdue(&c, at(11, 3, 12, 0)) || domain.Overdue(&c, at(11, 4, 1, 0)) {
		t.Fatal("late until withdrawn, not after")
	}
}

func TestStatusAt(t *testing.T) {
	t.Parallel()
	c := registered(at(11, 2, 10, 0))
	c.VerifyingAt, c.ProposedAt, c.ResolvedAt = at(11, 2, 11, 0), at(11, 2, 12, 0), at(11, 3, 9, 0)
	c.Status = domain.Resolved
	for when, want := range map[time.Time]string{
		at(11, 2, 9, 0): "", at(11, 2, 10, 0): domain.Registered, at(11, 2, 11, 30): domain.Verifying,
		at(11, 2, 23, 0): domain.Proposed, at(11, 9, 0, 0): domain.Resolved,
	} {
		if got := c.StatusAt(when); got != want {
			t.Errorf("status at %v = %q, want %q", when, got, want)
		}
	}
}

func TestHandledInTime(t *testing.T) {
	t.Parallel()
	c := registered(at(11, 2, 10, 0))
	c.ResolvedAt = at(11, 3, 10, 0)
	if !c.HandledInTime() {
		t.Fatal("24 h exactly is within 24 h")
	}
	c.ResolvedAt = c.ResolvedAt.Add(time.Second)
	if c.HandledInTime() {
		t.Fatal("24 h and a second is late")
	}
}

func TestScore(t *testing.T) {
	t.Parallel()
	items := []domain.TemplateItem{{ID: "a", Weight: 3}, {ID: "b", Weight: 1}, {ID: "c", Weight: 2}, {ID: "d", Weight: 4}}
	score, ok, passed, failed, na := domain.Score(items, map[string]string{"a": "pass", "b": "fail", "c": "na"})
	// d unanswered and c N/A are excluded: 3 / (3+1)
	if score != 75 || !ok || passed != 1 || failed != 1 || na != 1 {
		t.Fatalf("score %v %v passed %d failed %d na %d", score, ok, passed, failed, na)
	}
	if _, ok, _, _, _ := domain.Score(items, map[string]string{"c": "na"}); ok {
		t.Fatal("all N/A has no score")
	}
	if s, _, _, _, _ := domain.Score(items, map[string]string{"a": "pass", "b": "pass", "c": "fail"}); s != 66.7 {
		t.Fatalf("one decimal: %v", s)
	}
}

func TestOverall(t *testing.T) {
	t.Parallel()
	qs := []domain.SurveyQuestion{{ID: "overall", Overall: true}, {ID: "staff"}}
	if o, ok := domain.Overall(qs, map[string]int{"overall": 4, "staff": 1}); !ok || o != 4 || !domain.Satisfied(o) {
		t.Fatalf("overall question decides: %d %v", o, ok)
	}
	if _, ok := domain.Overall(qs, map[string]int{"staff": 5}); ok {
		t.Fatal("the overall question must be answered")
	}
	if o, _ := domain.Overall(qs[1:], map[string]int{"staff": 3, "x": 4}); o != 4 {
		t.Fatalf("no overall question: rounded mean, got %d", o)
	}
}

func TestRectificationDeadline(t *testing.T) {
	t.Parallel()
	d := domain.RectificationDeadline(at(11, 29, 23, 30), sh)
	if !d.Equal(time.Date(2026, 12, 2, 23, 59, 59, 0, sh)) {
		t.Fatalf("deadline %v", d)
	}
	if !domain.RectificationLate(d, time.Time{}, d.Add(time.Second)) || domain.RectificationLate(d, d, d.Add(time.Hour)) {
		t.Fatal("late when past the deadline and not done by it")
	}
	if !domain.RectificationLate(d, d.Add(time.Minute), d.Add(time.Hour)) {
		t.Fatal("done after the deadline was late")
	}
}
