package reports_test

import (
	"io"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
	"mallcare/reports"
)

// The fixture: mall AA (Asia/Shanghai) in November 2026. Week 2026-W47 runs
// Mon 16 to Sun 22 November; its KPIs, those of W46, of the month and of
// October are worked out by hand in the tests below.

var shanghai = domain.Location("Asia/Shanghai")

// L is a wall-clock time in Shanghai, 2026.
func L(month, day, hour, minute int) time.Time {
	return time.Date(2026, time.Month(month), day, hour, minute, 0, 0, shanghai)
}

type complaintSpec struct {
	name                              string // test's own name, kept in customer_name
	reg                               time.Time
	channel, target, shop, severity   string
	phone, handler                    string
	call, proposed, resolved, visited time.Time
	withdrawn                         time.Time
	rtype, verdict                    string
	amount                            float64
}

type fixture struct {
	env        *mallcaretest.Env
	complaints map[string]*core.Record
	rects      map[string]*core.Record
}

func (fx *fixture) complaint(t *testing.T, s complaintSpec) {
	t.Helper()
	env := fx.env
	mall := env.Malls["AA"].Id
	if s.severity == "" {
		s.severity = "general"
	}
	fields := map[string]any{"mall": mall, "channel": s.channel, "target": s.target, "customer_name": s.name,
		"description": "投诉事由 " + s.name, "demand": "诉求 " + s.name, "severity": s.severity, "phone": s.phone}
	if s.shop != "" {
		fields["shop"] = env.Shops[s.shop].Id
	}
	if s.handler != "" {
		fields["handler"] = env.Users[s.handler].Id
	}
	fx.env.Clock.Set(s.reg)
	r := env.Create(t, "complaints", fields)
	r, _ = env.FindRecordById("complaints", r.Id)
	move := func(at time.Time, status string, set map[string]any) {
		t.Helper()
		fx.env.Clock.Set(at)
		for k, v := range set {
			r.Set(k, v)
		}
		r.Set("status", status)
		if err := env.Save(r); err != nil {
			t.Fatalf("%s → %s: %v", s.name, status, err)
		}
		r, _ = env.FindRecordById("complaints", r.Id)
	}
	if !s.call.IsZero() {
		fx.env.Clock.Set(s.call)
		env.Create(t, "complaint_events", map[string]any{"complaint": r.Id, "mall": mall, "kind": "call", "note": "已致电顾客"})
		r, _ = env.FindRecordById("complaints", r.Id)
	}
	if !s.withdrawn.IsZero() {
		move(s.withdrawn, "withdrawn", map[string]any{"withdraw_reason": "顾客撤诉"})
	}
	if !s.proposed.IsZero() {
		move(s.proposed, "verifying", nil)
		move(s.proposed, "proposed", map[string]any{"plan": "方案 " + s.name})
	}
	if !s.resolved.IsZero() {
		move(s.resolved, "resolved", map[string]any{"resolution_type": s.rtype, "amount": s.amount})
	}
	if !s.visited.IsZero() {
		move(s.visited, "visited", map[string]any{"callback_verdict": s.verdict})
	}
	fx.complaints[s.name] = r
}

// inspection runs one inspection submitted at 'at' with the given item results.
func (fx *fixture) inspection(t *testing.T, name, floor, shop string, at time.Time, results map[string]string) *core.Record {
	t.Helper()
	env := fx.env
	tpl, err := env.FindFirstRecordByFilter("inspection_templates", "mall = ''")
	if err != nil {
		t.Fatal(err)
	}
	fx.env.Clock.Set(at.Add(-time.Hour))
	insp := env.Create(t, "inspections", map[string]any{"mall": env.Malls["AA"].Id, "template": tpl.Id, "floor": floor,
		"shop": env.Shops[shop].Id, "inspector": env.Users["inspector@AA"].Id, "status": "in_progress"})
	for item, res := range results {
		fields := map[string]any{"inspection": insp.Id, "mall": env.Malls["AA"].Id, "item_id": item, "result": res}
		if res == domain.Fail { // a failed item comes with its photo (the submit needs it)
			fields["photos"] = mallcaretest.Photo(t)
		}
		env.Create(t, "inspection_results", fields)
	}
	insp, _ = env.FindRecordById("inspections", insp.Id)
	fx.env.Clock.Set(at)
	insp.Set("status", "submitted")
	if err := env.Save(insp); err != nil {
		t.Fatal(err)
	}
	return insp
}

func (fx *fixture) rect(t *testing.T, name string, insp *core.Record, item string, done, verified time.Time) {
	t.Helper()
	env := fx.env
	r, err := env.FindFirstRecordByFilter("rectifications", "inspection = {:i} && item_id = {:item}", dbx.Params{"i": insp.Id, "item": item})
	if err != nil {
		t.Fatalf("rectification %s: %v", name, err)
	}
	if !done.IsZero() {
		r, _ = env.FindRecordById("rectifications", r.Id)
		fx.env.Clock.Set(done)
		r.Set("status", "done")
		r.Set("done_photos+", mallcaretest.Photo(t)) // the fix and the re-check come with photos
		if err := env.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	if !verified.IsZero() {
		r, _ = env.FindRecordById("rectifications", r.Id)
		fx.env.Clock.Set(verified)
		r.Set("status", "verified")
		r.Set("verify_photos+", mallcaretest.Photo(t))
		r.Set("updated_by", env.Users["inspector@AA"].Id)
		if err := env.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	fx.rects[name] = r
}

func (fx *fixture) survey(t *testing.T, kind string, at time.Time, answers map[string]int) {
	t.Helper()
	env := fx.env
	tpl, err := env.FindFirstRecordByFilter("survey_templates", "mall = '' && kind = {:k}", dbx.Params{"k": kind})
	if err != nil {
		t.Fatal(err)
	}
	col, _ := env.FindCollectionByNameOrId("survey_responses")
	r := core.NewRecord(col)
	r.Load(map[string]any{"mall": env.Malls["AA"].Id, "template": tpl.Id, "answers": answers, "respondent": "顾客", "desk": "一楼总台"})
	dt, _ := types.ParseDateTime(at)
	r.SetRaw("created", dt)
	r.SetRaw("updated", dt)
	if err := env.Save(r); err != nil {
		t.Fatal(err)
	}
}

// newFixture builds the data set. Each record's comment says what it tests.
func newFixture(t *testing.T) *fixture {
	env := mallcaretest.NewApp(t)
	reports.Register(env.TestApp, env.Clock)
	fx := &fixture{env: env, complaints: map[string]*core.Record{}, rects: map[string]*core.Record{}}

	for _, s := range []complaintSpec{
		// October: resolved in 10 h, never called back (callback due 20 Oct: a miss)
		{name: "C9", reg: L(10, 15, 10, 0), channel: "desk", target: "shop", shop: "AA-1", handler: "service@AA",
			proposed: L(10, 15, 12, 0), resolved: L(10, 15, 20, 0), rtype: "explanation"},
		// registered 31 Oct 23:30, resolved 1 Nov 01:00: October's intake, November's resolution
		{name: "C12", reg: L(10, 31, 23, 30), channel: "desk", target: "product", handler: "manager@AA",
			proposed: L(11, 1, 0, 30), resolved: L(11, 1, 1, 0), rtype: "exchange", amount: 80},
		// W46: resolved on Monday of W47 after 144 h; callback on day 6 (late)
		{name: "C6", reg: L(11, 10, 10, 0), channel: "desk", target: "shop", shop: "AA-2", handler: "manager@AA",
			proposed: L(11, 10, 12, 0), resolved: L(11, 16, 10, 0), rtype: "explanation",
			visited: L(11, 22, 9, 0), verdict: "satisfied"},
		// W46: plan after 48 h (miss), resolved in W46, never called back (due in W47: a miss)
		{name: "C7", reg: L(11, 12, 9, 0), channel: "phone", target: "staff", handler: "manager@AA",
			proposed: L(11, 14, 9, 0), resolved: L(11, 14, 10, 0), rtype: "repair"},
		// W46: never touched: feedback due 16 Nov 12:00 in W47 (a miss), overdue ever since
		{name: "C11", reg: L(11, 13, 12, 0), channel: "desk", target: "other", handler: "manager@AA"},
		// W47 Monday: plan in 5 h, resolved in 23 h, callback on day 1
		{name: "C1", reg: L(11, 16, 10, 0), channel: "desk", target: "shop", shop: "AA-1", handler: "service@AA",
			proposed: L(11, 16, 15, 0), resolved: L(11, 17, 9, 0), rtype: "return", amount: 200,
			visited: L(11, 18, 10, 0), verdict: "satisfied"},
		// resolved 23:50, called back ten minutes after midnight: day 1, on time
		{name: "C10", reg: L(11, 16, 20, 0), channel: "desk", target: "shop", shop: "AA-1", handler: "service@AA",
			proposed: L(11, 16, 21, 0), resolved: L(11, 16, 23, 50), rtype: "repair",
			visited: L(11, 17, 0, 10), verdict: "dissatisfied"},
		// phone complaint about staff: plan exactly 24 h after registration (a hit),
		// resolved after 25 h, called back the same day (day 0: too early)
		{name: "C2", reg: L(11, 17, 9, 0), channel: "phone", target: "staff", phone: "13812345678", handler: "service@AA",
			proposed: L(11, 18, 9, 0), resolved: L(11, 18, 10, 0), rtype: "compensation", amount: 150.5,
			visited: L(11, 18, 20, 0), verdict: "basically_satisfied"},
		// major; plan one second late; still open
		{name: "C3", reg: L(11, 18, 8, 0), channel: "email", target: "product", severity: "major", handler: "manager@AA",
			proposed: L(11, 18, 8, 0).Add(24*time.Hour + time.Second)},
		// withdrawn two hours after registration: out of every SLA
		{name: "C5", reg: L(11, 19, 14, 0), channel: "gov_media", target: "price_tag", withdrawn: L(11, 19, 16, 0)},
		// feedback by phone call on day 1, plan only on day 4 (a miss), resolved in W48
		{name: "C8", reg: L(11, 20, 10, 0), channel: "desk", target: "other", handler: "manager@AA",
			call: L(11, 21, 10, 0), proposed: L(11, 24, 11, 0), resolved: L(11, 24, 12, 0), rtype: "other"},
		// Sunday 23:30: received in W47, its SLAs fall due in W48; callback on day 5
		{name: "C4", reg: L(11, 22, 23, 30), channel: "desk", target: "facility", handler: "service@AA",
			proposed: L(11, 23, 10, 0), resolved: L(11, 23, 12, 0), rtype: "advance_compensation", amount: 500,
			visited: L(11, 28, 15, 0), verdict: "dissatisfied"},
		// 30 Nov 23:00: plan due 1 Dec, so not late at the end of November
		{name: "C13", reg: L(11, 30, 23, 0), channel: "desk", target: "shop", shop: "AA-2"},
	} {
		fx.complaint(t, s)
	}

	// inspections and their rectifications (deadline: end of the third day)
	i1 := fx.inspection(t, "I1", "1F", "AA-1", L(11, 18, 15, 0), map[string]string{
		"price-complete": "fail", "price-fields": "pass", "price-unit": "pass", "quality-label": "pass", "quality-3c": "na"})
	fx.rect(t, "R1", i1, "price-complete", L(11, 20, 10, 0), L(11, 21, 9, 0)) // due 21 Nov 23:59:59, on time
	i2 := fx.inspection(t, "I2", "2F", "AA-2", L(11, 21, 11, 0), map[string]string{
		"staff-greeting": "pass", "hygiene-floor": "fail", "safety-exits": "fail"})
	fx.rect(t, "R2", i2, "hygiene-floor", L(11, 25, 10, 0), time.Time{}) // due 24 Nov: late
	fx.rect(t, "R3", i2, "safety-exits", L(11, 24, 20, 0), time.Time{})  // due 24 Nov: on time
	fx.inspection(t, "I3", "3F", "AA-1", L(11, 28, 10, 0), map[string]string{
		"safety-fire": "fail", "safety-power": "pass"}) // R4 due 1 Dec: December's

	// plans for November: 1F twice (done once), 2F once (done)
	for _, p := range []map[string]any{
		{"floor": "1F", "target_count": 2}, {"floor": "2F", "target_count": 1},
	} {
		p["mall"] = fx.env.Malls["AA"].Id
		p["period"] = "month"
		p["period_start"] = "2026-11-01 00:00:00.000Z"
		fx.env.Create(t, "inspection_plans", p)
	}

	fx.survey(t, "customer", L(11, 17, 12, 0), map[string]int{"overall": 5, "staff": 4})
	fx.survey(t, "customer", L(11, 19, 12, 0), map[string]int{"overall": 3, "staff": 2})
	fx.survey(t, "merchant", L(11, 20, 12, 0), map[string]int{"overall": 4})
	fx.survey(t, "customer", L(11, 22, 23, 59), map[string]int{"overall": 4})
	fx.survey(t, "customer", L(11, 23, 0, 0), map[string]int{"overall": 1}) // Monday 00:00: W48

	fx.env.Clock.Set(L(12, 1, 0, 30)) // both periods have closed
	return fx
}

// readFile returns the stored workbook of a report record.
func readFile(t *testing.T, env *mallcaretest.Env, rec *core.Record) []byte {
	t.Helper()
	fsys, err := env.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	r, err := fsys.GetReader(rec.BaseFilesPath() + "/" + rec.GetString("file"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
