package hooks_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
	hooks "mallcare/pb_hooks"
)

var shanghai = domain.Location("Asia/Shanghai")

func TestComplaintNumberConcurrentCreates(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	const n = 50
	env.Handler(t) // built once, before the goroutines share it
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			user := []string{"service@AA", "manager@AA"}[i%2]
			res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", user, complaintFields(env, "AA"))
			if res.Status != 200 {
				errs <- fmt.Errorf("create %d: %d %s", i, res.Status, res.Body)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var numbers []string
	if err := env.DB().NewQuery("SELECT number FROM complaints WHERE mall = {:m}").Bind(dbx.Params{"m": mallID(env, "AA")}).Column(&numbers); err != nil {
		t.Fatal(err)
	}
	slices.Sort(numbers)
	year := time.Now().In(shanghai).Year()
	if len(numbers) != n {
		t.Fatalf("got %d numbers, want %d", len(numbers), n)
	}
	for i, got := range numbers {
		if want := fmt.Sprintf("AA-%d-%06d", year, i+1); got != want {
			t.Fatalf("numbers not gap-free and unique: position %d is %q, want %q (all: %v)", i, got, want, numbers)
		}
	}
	// the other mall counts on its own
	b := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@BB", complaintFields(env, "BB"))
	if got := b.JSON()["number"]; got != fmt.Sprintf("BB-%d-000001", year) {
		t.Fatalf("mall BB number = %v", got)
	}
}

func TestComplaintNumberNotConsumedByFailedCreate(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	bad := complaintFields(env, "AA")
	delete(bad, "description")
	if res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", bad); res.Status != 400 {
		t.Fatalf("invalid complaint accepted: %d", res.Status)
	}
	res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", complaintFields(env, "AA"))
	if n, _ := res.JSON()["number"].(string); !strings.HasSuffix(n, "-000001") {
		t.Fatalf("failed create consumed a number: got %q", n)
	}
}

// TestComplaintNumberYearInMallTimezone: 2027-01-01 00:30 in Shanghai is
// still 2026 in UTC; the number takes the mall's year.
func TestComplaintNumberYearInMallTimezone(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	env.Clock.Set(time.Date(2026, 12, 31, 23, 59, 0, 0, shanghai))
	first := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", complaintFields(env, "AA")).JSON()
	env.Clock.Set(time.Date(2027, 1, 1, 0, 30, 0, 0, shanghai))
	second := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", complaintFields(env, "AA")).JSON()
	if first["number"] != "AA-2026-000001" || second["number"] != "AA-2027-000001" {
		t.Fatalf("numbers across the new year: %v, %v", first["number"], second["number"])
	}
}

func parseTime(t *testing.T, v any) time.Time {
	t.Helper()
	s, _ := v.(string)
	tm, err := time.Parse("2006-01-02 15:04:05.000Z", s)
	if err != nil {
		t.Fatalf("bad time %q: %v", s, err)
	}
	return tm
}

// TestSLADueTimes checks the due times across a day, a month and a year
// boundary in Asia/Shanghai (UTC+8, where UTC and local dates differ).
func TestSLADueTimes(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	cases := []struct {
		name                string
		reg                 time.Time
		plan, feedback      time.Time
		resolved            time.Time
		callFrom, callUntil time.Time
	}{
		{
			name: "day", reg: time.Date(2026, 11, 23, 23, 30, 0, 0, shanghai),
			plan: time.Date(2026, 11, 24, 23, 30, 0, 0, shanghai), feedback: time.Date(2026, 11, 26, 23, 30, 0, 0, shanghai),
			resolved: time.Date(2026, 11, 24, 0, 10, 0, 0, shanghai),
			callFrom: time.Date(2026, 11, 25, 0, 0, 0, 0, shanghai), callUntil: time.Date(2026, 11, 29, 23, 59, 59, 999e6, shanghai),
		},
		{
			name: "month", reg: time.Date(2026, 2, 27, 7, 15, 0, 0, shanghai),
			plan: time.Date(2026, 2, 28, 7, 15, 0, 0, shanghai), feedback: time.Date(2026, 3, 2, 7, 15, 0, 0, shanghai),
			resolved: time.Date(2026, 2, 28, 23, 59, 0, 0, shanghai),
			callFrom: time.Date(2026, 3, 1, 0, 0, 0, 0, shanghai), callUntil: time.Date(2026, 3, 5, 23, 59, 59, 999e6, shanghai),
		},
		{
			name: "year", reg: time.Date(2026, 12, 31, 6, 0, 0, 0, shanghai), // 2026-12-30 22:00 UTC
			plan: time.Date(2027, 1, 1, 6, 0, 0, 0, shanghai), feedback: time.Date(2027, 1, 3, 6, 0, 0, 0, shanghai),
			resolved: time.Date(2027, 1, 1, 0, 30, 0, 0, shanghai), // still 2026 in UTC
			callFrom: time.Date(2027, 1, 2, 0, 0, 0, 0, shanghai), callUntil: time.Date(2027, 1, 6, 23, 59, 59, 999e6, shanghai),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env.Clock.Set(c.reg)
			res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", complaintFields(env, "AA"))
			body := res.JSON()
			id, _ := body["id"].(string)
			for field, want := range map[string]time.Time{"registered_at": c.reg, "plan_due": c.plan, "feedback_due": c.feedback} {
				if got := parseTime(t, body[field]); !got.Equal(want) {
					t.Errorf("%s = %s, want %s", field, got.In(shanghai), want)
				}
			}
			walk(t, env, id, "manager@AA", map[string]any{"status": "verifying"}, map[string]any{"status": "proposed", "plan": "换货"})
			env.Clock.Set(c.resolved)
			body = walk(t, env, id, "manager@AA", map[string]any{"status": "resolved", "resolution_type": "exchange"})
			for field, want := range map[string]time.Time{"resolved_at": c.resolved, "callback_from": c.callFrom, "callback_due": c.callUntil} {
				if got := parseTime(t, body[field]); !got.Equal(want) {
					t.Errorf("%s = %s, want %s", field, got.In(shanghai), want)
				}
			}
		})
	}
}

// walk applies updates in order as user, failing on any refusal; it returns
// the last answer.
func walk(t *testing.T, env *mallcaretest.Env, id, user string, steps ...map[string]any) map[string]any {
	t.Helper()
	var last map[string]any
	for _, s := range steps {
		res := env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+id, user, s)
		if res.Status != 200 {
			t.Fatalf("step %v: %d %s", s, res.Status, res.Body)
		}
		last = res.JSON()
	}
	return last
}

// stepFields are what entering each status needs.
var stepFields = map[string]map[string]any{
	"verifying": {},
	"proposed":  {"plan": "与商铺协商换货"},
	"resolved":  {"resolution_type": "compensation", "amount": 300},
	"visited":   {"callback_verdict": "satisfied"},
	"closed":    {},
	"withdrawn": {"withdraw_reason": "顾客撤回"},
}

// reach brings a new complaint to the given status along the legal path.
func reach(t *testing.T, env *mallcaretest.Env, status string) string {
	t.Helper()
	id := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", complaintFields(env, "AA")).JSON()["id"].(string)
	path := []string{"verifying", "proposed", "resolved", "visited", "closed"}
	if status == "withdrawn" {
		path = []string{"withdrawn"}
	}
	for _, s := range path {
		if status == "registered" {
			break
		}
		body := map[string]any{"status": s}
		for k, v := range stepFields[s] {
			body[k] = v
		}
		walk(t, env, id, "manager@AA", body)
		if s == status {
			break
		}
	}
	return id
}

// TestWorkflowTransitions tries every (from, to) pair: legal ones succeed and
// write one timeline event with who and when; illegal ones are a 400 that
// names the status, and write nothing.
func TestWorkflowTransitions(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	actor := env.Users["manager@AA"].Id
	for _, from := range []string{"registered", "verifying", "proposed", "resolved", "visited", "closed", "withdrawn"} {
		for _, to := range []string{"registered", "verifying", "proposed", "resolved", "visited", "closed", "withdrawn"} {
			if from == to {
				continue
			}
			t.Run(from+"→"+to, func(t *testing.T) {
				id := reach(t, env, from)
				before := countEvents(t, env, id)
				body := map[string]any{"status": to}
				for k, v := range stepFields[to] {
					body[k] = v
				}
				res := env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+id, "manager@AA", body)
				legal := slices.Contains(domain.ComplaintFlow.Next(from), to)
				if !legal {
					if res.Status != 400 || !strings.Contains(string(res.Body), "mallcare_illegal_transition") {
						t.Fatalf("illegal move answered %d %s", res.Status, res.Body)
					}
					stored, _ := env.FindRecordById("complaints", id)
					if stored.GetString("status") != from || countEvents(t, env, id) != before {
						t.Fatal("illegal move changed the complaint or its timeline")
					}
					return
				}
				if res.Status != 200 {
					t.Fatalf("legal move refused: %d %s", res.Status, res.Body)
				}
				events, err := env.FindRecordsByFilter("complaint_events", "complaint = {:c}", "-at,-created", 1, 0, dbx.Params{"c": id})
				if err != nil || len(events) != 1 || countEvents(t, env, id) != before+1 {
					t.Fatalf("timeline not written: %v", err)
				}
				ev := events[0]
				if ev.GetString("from_status") != from || ev.GetString("to_status") != to || ev.GetString("actor") != actor || ev.GetDateTime("at").IsZero() {
					t.Fatalf("timeline event = %v", ev.FieldsData())
				}
				stamp := map[string]string{"verifying": "verifying_at", "proposed": "proposed_at", "resolved": "resolved_at", "visited": "visited_at", "closed": "closed_at", "withdrawn": "withdrawn_at"}[to]
				if stored, _ := env.FindRecordById("complaints", id); stored.GetDateTime(stamp).IsZero() {
					t.Fatalf("%s not stamped", stamp)
				}
			})
		}
	}
}

func countEvents(t *testing.T, env *mallcaretest.Env, complaint string) int {
	n, err := env.CountRecords("complaint_events", dbx.HashExp{"complaint": complaint})
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestWorkflowStepRequirements(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	id := reach(t, env, "verifying")
	cases := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"status": "proposed"}, "plan"},
	}
	for _, c := range cases {
		res := env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+id, "manager@AA", c.body)
		if res.Status != 400 || res.JSON()["data"].(map[string]any)[c.field] == nil {
			t.Fatalf("%v: %d %s", c.body, res.Status, res.Body)
		}
	}
	id = reach(t, env, "proposed")
	for body, field := range map[*map[string]any]string{
		{"status": "resolved"}: "resolution_type",
		{"status": "resolved", "resolution_type": "advance_compensation"}: "amount",
	} {
		res := env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+id, "manager@AA", *body)
		if res.Status != 400 || res.JSON()["data"].(map[string]any)[field] == nil {
			t.Fatalf("%v: %d %s", *body, res.Status, res.Body)
		}
	}
	id = reach(t, env, "resolved")
	res := env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+id, "manager@AA", map[string]any{"status": "visited"})
	if res.Status != 400 || !strings.Contains(string(res.Body), "callback_verdict") {
		t.Fatalf("callback without verdict: %d %s", res.Status, res.Body)
	}
}

// TestServerOwnedFields: clients cannot write the number, server times or
// authorship, through any modifier.
func TestServerOwnedFields(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	for _, field := range []string{"number", "registered_at", "plan_due", "resolved_at", "created_by"} {
		body := complaintFields(env, "AA")
		body[field] = "2020-01-01 00:00:00.000Z"
		res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", body)
		if res.Status != 400 || !strings.Contains(string(res.Body), "mallcare_server_owned") {
			t.Fatalf("create with %s: %d %s", field, res.Status, res.Body)
		}
	}
	id := reach(t, env, "registered")
	for _, body := range []map[string]any{{"number": "AA-1999-000001"}, {"feedback_at": "2020-01-01 00:00:00.000Z"}} {
		res := env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+id, "admin@AA", body)
		if res.Status != 400 {
			t.Fatalf("update %v: %d %s", body, res.Status, res.Body)
		}
	}
	insp := env.Create(t, "inspections", map[string]any{"mall": mallID(env, "AA"), "template": defaultTemplate(t, env, "inspection_templates", "mall = ''"), "floor": "1F"})
	res := env.Do(t, http.MethodPatch, "/api/collections/inspections/records/"+insp.Id, "inspector@AA", map[string]any{"score+": 50})
	if res.Status != 400 {
		t.Fatalf("score+ modifier accepted: %d %s", res.Status, res.Body)
	}
	res = env.Do(t, http.MethodPost, "/api/collections/complaint_events/records", "service@AA", map[string]any{"complaint": id, "mall": mallID(env, "AA"), "kind": "status", "to_status": "closed"})
	if res.Status != 400 {
		t.Fatalf("client wrote a status event: %d %s", res.Status, res.Body)
	}
}

// TestMajorComplaintNotifiesAdmins: every admin of the mall (not of other
// malls) gets an in-app notification and, with SMTP on, an e-mail.
func TestMajorComplaintNotifiesAdmins(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	env.Settings().SMTP.Enabled = true
	body := complaintFields(env, "AA")
	body["severity"] = "major"
	res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", body)
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	number := res.JSON()["number"].(string)
	for user, want := range map[string]int{"admin@AA": 1, "admin@HQ": 1, "admin@BB": 0, "manager@AA": 0} {
		list := env.Do(t, http.MethodGet, "/api/collections/notifications/records", user, nil).JSON()
		if got := int(list["totalItems"].(float64)); got != want {
			t.Errorf("%s has %d notifications, want %d", user, got, want)
		}
	}
	if env.TestMailer.TotalSend() != 2 {
		t.Fatalf("sent %d mails, want 2", env.TestMailer.TotalSend())
	}
	if msg := env.TestMailer.LastMessage(); !strings.Contains(msg.Subject, number) {
		t.Fatalf("mail subject %q lacks %s", msg.Subject, number)
	}
	// escalating a general complaint later notifies too
	id := reach(t, env, "registered")
	walk(t, env, id, "manager@AA", map[string]any{"severity": "major"})
	if n, _ := env.CountRecords("notifications", dbx.HashExp{"complaint": id}); n != 2 {
		t.Fatalf("escalation notified %d admins, want 2", n)
	}
	// a user may mark their notification read but not rewrite it
	note, _ := env.FindFirstRecordByFilter("notifications", "user = {:u}", dbx.Params{"u": env.Users["admin@AA"].Id})
	if res := env.Do(t, http.MethodPatch, "/api/collections/notifications/records/"+note.Id, "admin@AA", map[string]any{"read": true}); res.Status != 200 {
		t.Fatalf("mark read: %d %s", res.Status, res.Body)
	}
	if res := env.Do(t, http.MethodPatch, "/api/collections/notifications/records/"+note.Id, "admin@AA", map[string]any{"title": "x"}); res.Status < 400 {
		t.Fatalf("rewrote a notification: %d", res.Status)
	}
}

func TestFeedbackEventStampsFeedback(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, shanghai)
	env.Clock.Set(at)
	id := reach(t, env, "registered")
	env.Clock.Set(at.Add(5 * time.Hour))
	res := env.Do(t, http.MethodPost, "/api/collections/complaint_events/records", "service@AA", map[string]any{"complaint": id, "mall": mallID(env, "AA"), "kind": "feedback", "note": "已电话告知处理进度"})
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	c, _ := env.FindRecordById("complaints", id)
	if got := c.GetDateTime("feedback_at").Time(); !got.Equal(at.Add(5 * time.Hour)) {
		t.Fatalf("feedback_at = %v", got)
	}
	if res.JSON()["actor"] != env.Users["service@AA"].Id {
		t.Fatalf("event actor = %v", res.JSON()["actor"])
	}
}

// TestOverdueNotifiesOncePerDeadline: every deadline a complaint misses
// (domain.Late) is told once — to its handler, or to the mall's admins.
func TestOverdueNotifiesOncePerDeadline(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	reg := time.Date(2026, 11, 20, 9, 0, 0, 0, shanghai)
	env.Clock.Set(reg)
	late := reach(t, env, "registered")
	walk(t, env, late, "manager@AA", map[string]any{"handler": env.Users["manager@AA"].Id})
	unassigned := reach(t, env, "verifying")
	planned := reach(t, env, "proposed")

	notifyTwice := func() {
		t.Helper()
		for range 2 {
			if err := hooks.NotifyOverdue(env, env.Clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	count := func(c, deadline string) int64 {
		n, _ := env.CountRecords("notifications", dbx.HashExp{"kind": "overdue", "complaint": c, "deadline": deadline})
		return n
	}
	env.Clock.Set(reg.Add(23 * time.Hour))
	notifyTwice()
	if n, _ := env.CountRecords("notifications", dbx.HashExp{"kind": "overdue"}); n != 0 {
		t.Fatalf("%d overdue notices before the SLA ran out", n)
	}
	// a day later: no plan (late, unassigned) or, with a plan, not resolved
	env.Clock.Set(reg.Add(25 * time.Hour))
	notifyTwice()
	// the handler alone; the unassigned ones go to both admins of AA (mall admin and HQ)
	if count(late, "plan") != 1 || count(unassigned, "plan") != 2 || count(planned, "handling") != 2 || count(planned, "plan") != 0 {
		t.Fatalf("overdue notices: late %d, unassigned %d, planned %d/%d",
			count(late, "plan"), count(unassigned, "plan"), count(planned, "handling"), count(planned, "plan"))
	}
	// after three days the customer is still waiting for feedback on the
	// ones without a plan; the plan counted as feedback on the third
	env.Clock.Set(reg.AddDate(0, 0, 3).Add(time.Minute))
	notifyTwice()
	if count(late, "feedback") != 1 || count(unassigned, "feedback") != 2 || count(planned, "feedback") != 0 || count(late, "plan") != 1 {
		t.Fatalf("feedback notices: late %d, unassigned %d, planned %d", count(late, "feedback"), count(unassigned, "feedback"), count(planned, "feedback"))
	}
}
