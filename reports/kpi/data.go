// Package kpi is the reports' model: what a report reads of a mall (Load),
// every KPI defined once (Compute), the per-staff and per-shop figures, the
// survey questions, inspection plan progress, the monthly assessment and the
// comparison of several malls. It writes no workbook (package workbook does)
// and serves nothing (package reports does).
package kpi

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/domain"
	"mallcare/reports/period"
)

// Mall is the tenant a report is about.
type Mall struct {
	ID, Code, Name string
	Loc            *time.Location
}

// LoadMall reads a mall and its time zone.
func LoadMall(app core.App, id string) (Mall, error) {
	r, err := app.FindRecordById("malls", id)
	if err != nil {
		return Mall{}, fmt.Errorf("商场不存在 (unknown mall %q)", id)
	}
	return Mall{ID: r.Id, Code: r.GetString("code"), Name: r.GetString("name"), Loc: domain.Location(r.GetString("timezone"))}, nil
}

// Complaint is one complaint row as the KPIs need it (times in UTC, zero
// when unset). The free texts stay in the database until a register sheet
// streams them (ComplaintText).
type Complaint struct {
	domain.ComplaintTimes                                           // status and stamps, as the deadline rules read them
	ID, Channel, Target, ShopID, ShopName, Severity, ResolutionType string
	Amount                                                          float64
	HandlerID, HandlerName, Verdict                                 string
}

// Inspection is one submitted inspection.
type Inspection struct {
	ID, Floor, Zone, ShopID, ShopName, InspectorID, InspectorName string
	StartedAt, FinishedAt                                         time.Time
	Score                                                         float64
	Passed, Failed, NA                                            int
}

// Rectification is one rectification (整改单).
type Rectification struct {
	ID, ShopID, ShopName, Floor, Issue, Status, VerifierID, VerifierName string
	Created, Deadline, DoneAt, VerifiedAt                                time.Time
}

// Response is one survey response.
type Response struct {
	ID, Kind, Template, ShopName, Channel, Desk, Respondent, Comment string
	Overall                                                          float64
	Satisfied                                                        bool
	Answers                                                          map[string]int
	Created                                                          time.Time
}

// Plan is one inspection plan (target inspections per floor/zone and period,
// by anyone or by its assignee).
type Plan struct {
	ID, Floor, Zone, Period  string // period: month | quarter
	AssigneeID, AssigneeName string // "" = any inspector
	Start                    time.Time
	Target                   float64
}

// Data is everything a report reads for a mall over [From, To).
type Data struct {
	Mall            Mall
	From, To        time.Time
	Complaints      []Complaint
	Inspections     []Inspection
	Rectifications  []Rectification
	Responses       []Response
	Plans           []Plan
	SurveyQuestions map[string][]domain.SurveyQuestion // by template id

	app core.App // for the complaint texts (ComplaintTexts)
}

func dbTime(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

// interner shares the strings of columns with few distinct values (codes,
// names, ids of shops and staff) instead of one copy per row.
type interner map[string]string

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok { // no allocation for the lookup
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// parseRaw reads a stored date without copying it to a string first.
func parseRaw(b []byte) time.Time {
	if len(b) == 0 {
		return time.Time{}
	}
	return parseTime(string(b))
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(types.DefaultDateLayout, s)
	if err != nil {
		dt, _ := types.ParseDateTime(s)
		return dt.Time()
	}
	return t
}

// Load reads the records of mall that any KPI or sheet over [from, to) needs:
// complaints registered, resolved or called back in the span, with an SLA
// (plan, feedback, callback) due in it, or still owing one at its end (not
// withdrawn and not called back: domain.Late may find them overdue); submitted
// inspections finished in it (or in the three months before, for quarter plans);
// rectifications open at any time in it or due in it; survey responses in it;
// and the inspection plans that overlap it.
func Load(app core.App, mall Mall, from, to time.Time) (*Data, error) {
	d := &Data{Mall: mall, From: from, To: to, SurveyQuestions: map[string][]domain.SurveyQuestion{}, app: app}
	p := dbx.Params{"mall": mall.ID, "from": dbTime(from), "to": dbTime(to)}
	if err := d.loadComplaints(app, p); err != nil {
		return nil, fmt.Errorf("complaints: %w", err)
	}
	// inspections from three months back too: a quarter plan ending in the
	// span counts the inspections of its whole quarter
	pi := dbx.Params{"mall": mall.ID, "from": dbTime(from.AddDate(0, -3, 0)), "to": dbTime(to)}
	if err := d.loadInspections(app, pi); err != nil {
		return nil, fmt.Errorf("inspections: %w", err)
	}
	if err := d.loadRectifications(app, p); err != nil {
		return nil, fmt.Errorf("rectifications: %w", err)
	}
	if err := d.loadResponses(app, p); err != nil {
		return nil, fmt.Errorf("survey responses: %w", err)
	}
	if err := d.loadPlans(app, mall, from, to); err != nil {
		return nil, fmt.Errorf("inspection plans: %w", err)
	}
	return d, nil
}

func (d *Data) loadComplaints(app core.App, p dbx.Params) error {
	rows, err := app.DB().NewQuery(`
		SELECT c.id, c.channel, c.target, c.shop, COALESCE(s.name, ''),
			c.severity, c.status, c.resolution_type, c.amount,
			c.handler, COALESCE(u.name, ''), c.callback_verdict,
			c.registered_at, c.plan_due, c.feedback_due, c.callback_from, c.callback_due,
			c.verifying_at, c.proposed_at, c.feedback_at, c.resolved_at, c.visited_at,
			c.closed_at, c.withdrawn_at
		FROM complaints c
		LEFT JOIN shops s ON s.id = c.shop
		LEFT JOIN users u ON u.id = c.handler
		WHERE c.mall = {:mall} AND c.registered_at != '' AND c.registered_at < {:to} AND (
			c.registered_at >= {:from}
			OR (c.resolved_at >= {:from} AND c.resolved_at < {:to})
			OR (c.visited_at >= {:from} AND c.visited_at < {:to})
			OR (c.callback_due >= {:from} AND c.callback_due < {:to})
			OR (c.plan_due >= {:from} AND c.plan_due < {:to})
			OR (c.feedback_due >= {:from} AND c.feedback_due < {:to})
			OR ((c.visited_at = '' OR c.visited_at >= {:to}) AND (c.withdrawn_at = '' OR c.withdrawn_at >= {:to})))
		ORDER BY c.registered_at, c.number`).Bind(p).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var t [12]sql.RawBytes
	var low [10]sql.RawBytes // few distinct values: shared, not copied per row
	in := interner{}
	for rows.Next() {
		var c Complaint
		if err := rows.Scan(&c.ID, &low[0], &low[1], &low[2], &low[3],
			&low[4], &low[5], &low[6], &c.Amount,
			&low[7], &low[8], &low[9],
			&t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6], &t[7], &t[8], &t[9], &t[10], &t[11]); err != nil {
			return err
		}
		c.Channel, c.Target, c.ShopID, c.ShopName = in.get(low[0]), in.get(low[1]), in.get(low[2]), in.get(low[3])
		c.Severity, c.Status, c.ResolutionType = in.get(low[4]), in.get(low[5]), in.get(low[6])
		c.HandlerID, c.HandlerName, c.Verdict = in.get(low[7]), in.get(low[8]), in.get(low[9])
		c.RegisteredAt, c.PlanDue, c.FeedbackDue = parseRaw(t[0]), parseRaw(t[1]), parseRaw(t[2])
		c.CallbackFrom, c.CallbackDue, c.VerifyingAt = parseRaw(t[3]), parseRaw(t[4]), parseRaw(t[5])
		c.ProposedAt, c.FeedbackAt, c.ResolvedAt = parseRaw(t[6]), parseRaw(t[7]), parseRaw(t[8])
		c.VisitedAt, c.ClosedAt, c.WithdrawnAt = parseRaw(t[9]), parseRaw(t[10]), parseRaw(t[11])
		d.Complaints = append(d.Complaints, c)
	}
	return rows.Err()
}

func (d *Data) loadInspections(app core.App, p dbx.Params) error {
	rows, err := app.DB().NewQuery(`
		SELECT i.id, i.floor, i.zone, i.shop, COALESCE(s.name, ''), i.inspector, COALESCE(u.name, ''),
			i.started_at, i.finished_at, i.score, i.passed_count, i.failed_count, i.na_count
		FROM inspections i
		LEFT JOIN shops s ON s.id = i.shop
		LEFT JOIN users u ON u.id = i.inspector
		WHERE i.mall = {:mall} AND i.status = 'submitted' AND i.finished_at >= {:from} AND i.finished_at < {:to}
		ORDER BY i.finished_at, i.id`).Bind(p).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var s, f sql.RawBytes
	var low [6]sql.RawBytes
	in := interner{}
	for rows.Next() {
		var i Inspection
		if err := rows.Scan(&i.ID, &low[0], &low[1], &low[2], &low[3], &low[4], &low[5],
			&s, &f, &i.Score, &i.Passed, &i.Failed, &i.NA); err != nil {
			return err
		}
		i.Floor, i.Zone, i.ShopID, i.ShopName, i.InspectorID, i.InspectorName = in.get(low[0]), in.get(low[1]), in.get(low[2]), in.get(low[3]), in.get(low[4]), in.get(low[5])
		i.StartedAt, i.FinishedAt = parseRaw(s), parseRaw(f)
		d.Inspections = append(d.Inspections, i)
	}
	return rows.Err()
}

func (d *Data) loadRectifications(app core.App, p dbx.Params) error {
	rows, err := app.DB().NewQuery(`
		SELECT r.id, r.shop, COALESCE(s.name, ''), r.floor, r.issue, r.status, r.verified_by, COALESCE(u.name, ''),
			r.created, r.deadline, r.done_at, r.verified_at
		FROM rectifications r
		LEFT JOIN shops s ON s.id = r.shop
		LEFT JOIN users u ON u.id = r.verified_by
		WHERE r.mall = {:mall} AND r.created < {:to} AND (
			r.verified_at = '' OR r.verified_at >= {:from}
			OR (r.deadline >= {:from} AND r.deadline < {:to}))
		ORDER BY r.deadline, r.id`).Bind(p).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var t [4]string
	for rows.Next() {
		var r Rectification
		if err := rows.Scan(&r.ID, &r.ShopID, &r.ShopName, &r.Floor, &r.Issue, &r.Status, &r.VerifierID, &r.VerifierName,
			&t[0], &t[1], &t[2], &t[3]); err != nil {
			return err
		}
		r.Created, r.Deadline, r.DoneAt, r.VerifiedAt = parseTime(t[0]), parseTime(t[1]), parseTime(t[2]), parseTime(t[3])
		d.Rectifications = append(d.Rectifications, r)
	}
	return rows.Err()
}

func (d *Data) loadResponses(app core.App, p dbx.Params) error {
	rows, err := app.DB().NewQuery(`
		SELECT r.id, r.kind, r.template, COALESCE(s.name, ''), r.channel, r.desk, r.respondent, r.comment,
			r.overall, r.satisfied, r.answers, r.created
		FROM survey_responses r
		LEFT JOIN shops s ON s.id = r.shop
		WHERE r.mall = {:mall} AND r.created >= {:from} AND r.created < {:to}
		ORDER BY r.created, r.id`).Bind(p).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	templates := map[string]bool{}
	var answers, created sql.RawBytes
	var low [6]sql.RawBytes
	in := interner{}
	for rows.Next() {
		var r Response
		if err := rows.Scan(&r.ID, &low[0], &low[1], &low[2], &low[3], &low[5], &low[4], &r.Comment,
			&r.Overall, &r.Satisfied, &answers, &created); err != nil {
			return err
		}
		r.Kind, r.Template, r.ShopName, r.Channel, r.Respondent = in.get(low[0]), in.get(low[1]), in.get(low[2]), in.get(low[3]), in.get(low[4])
		r.Desk = in.get(low[5])
		_ = json.Unmarshal(answers, &r.Answers) // validated on write
		r.Created = parseRaw(created)
		templates[r.Template] = true
		d.Responses = append(d.Responses, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for id := range templates {
		tpl, err := app.FindRecordById("survey_templates", id)
		if err != nil {
			continue
		}
		var qs []domain.SurveyQuestion
		raw, _ := json.Marshal(tpl.Get("questions"))
		_ = json.Unmarshal(raw, &qs)
		d.SurveyQuestions[id] = qs
	}
	return nil
}

func (d *Data) loadPlans(app core.App, mall Mall, from, to time.Time) error {
	// a quarter plan may start up to three months before the span
	p := dbx.Params{"mall": mall.ID, "from": dbTime(from.AddDate(0, -3, -1)), "to": dbTime(to)}
	rows, err := app.DB().NewQuery(`
		SELECT pl.id, pl.floor, pl.zone, pl.period, pl.period_start, pl.target_count, pl.assignee, COALESCE(u.name, '')
		FROM inspection_plans pl
		LEFT JOIN users u ON u.id = pl.assignee
		WHERE pl.mall = {:mall} AND pl.period_start >= {:from} AND pl.period_start < {:to}
		ORDER BY pl.period_start, pl.floor, pl.zone, pl.id`).Bind(p).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var start string
	for rows.Next() {
		var pl Plan
		if err := rows.Scan(&pl.ID, &pl.Floor, &pl.Zone, &pl.Period, &start, &pl.Target, &pl.AssigneeID, &pl.AssigneeName); err != nil {
			return err
		}
		// period_start is a date; read it as that day in the mall's zone
		y, m, dd := parseTime(start).In(mall.Loc).Add(12 * time.Hour).Date()
		pl.Start = time.Date(y, m, dd, 0, 0, 0, 0, mall.Loc)
		d.Plans = append(d.Plans, pl)
	}
	return rows.Err()
}

// ComplaintText is the written part of a complaint, read only while a
// register sheet is written.
type ComplaintText struct {
	ID, Number, CustomerName, Phone, Description, Demand, Plan string
}

// ComplaintTexts streams, in registration order, the texts of the complaints
// registered or resolved in p (phoneStaff: only phone complaints about staff
// registered in p), so a month of complaint texts is never held at once.
func (d *Data) ComplaintTexts(p period.Period, phoneStaff bool, fn func(t *ComplaintText) error) error {
	where := `(c.registered_at >= {:from} AND c.registered_at < {:to}) OR (c.resolved_at >= {:from} AND c.resolved_at < {:to})`
	if phoneStaff {
		where = `c.registered_at >= {:from} AND c.registered_at < {:to} AND c.channel = 'phone' AND c.target = 'staff'`
	}
	rows, err := d.app.DB().NewQuery(`
		SELECT c.id, c.number, c.customer_name, c.phone, c.description, c.demand, c.plan
		FROM complaints c
		WHERE c.mall = {:mall} AND c.registered_at != '' AND (` + where + `)
		ORDER BY c.registered_at, c.number`).
		Bind(dbx.Params{"mall": d.Mall.ID, "from": dbTime(p.Start), "to": dbTime(p.End)}).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var t ComplaintText
	for rows.Next() {
		if err := rows.Scan(&t.ID, &t.Number, &t.CustomerName, &t.Phone, &t.Description, &t.Demand, &t.Plan); err != nil {
			return err
		}
		if err := fn(&t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Span is what Load must cover for a workbook of p: the previous week for
// the weekly comparison, the three previous months for the monthly trend.
func Span(p period.Period) (time.Time, time.Time) {
	if p.Kind == period.Weekly {
		return p.Prev().Start, p.End
	}
	return p.Start.AddDate(0, -3, 0), p.End
}
