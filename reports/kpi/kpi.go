package kpi

import (
	"slices"
	"time"

	"mallcare/domain"
	"mallcare/reports/period"
)

// Every KPI of the reports is defined here, once, and used by both workbooks,
// the stored report record and the /api/reports/kpis endpoint.
//
// SLA rates count each complaint or rectification in the period its SLA falls
// DUE in (plan_due, feedback_due, callback_due, deadline), not the period it
// was registered in. A hit or a miss is then settled by the end of the period,
// so a report made at 00:15 on Monday by the schedule and one made by hand a
// week later show the same figures for the same records.

// Ratio is a share num/den; Value is nil when nothing was counted (den = 0),
// shown as "—" and never as 0 % or 100 %.
type Ratio struct {
	Num   float64  `json:"num"`
	Den   float64  `json:"den"`
	Value *float64 `json:"value"`
}

func ratio(num, den float64) Ratio {
	r := Ratio{Num: num, Den: den}
	if den > 0 {
		v := num / den
		r.Value = &v
	}
	return r
}

// Money is a count of resolutions and the amount paid (元).
type Money struct {
	Count  int     `json:"count"`
	Amount float64 `json:"amount"`
}

// SurveyKPI summarises one survey kind.
type SurveyKPI struct {
	Responses    int      `json:"responses"`
	Satisfaction Ratio    `json:"satisfaction"` // overall score 4 or 5 / responses
	AvgScore     *float64 `json:"avg_score"`    // mean overall score (1–5)
}

// KPIs are the headline figures of a mall for one period.
type KPIs struct {
	Period string    `json:"period"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"` // exclusive; for a running period: now

	Received  int            `json:"received"`   // 投诉受理数: registered in the period
	Major     int            `json:"major"`      // 重大投诉: of those, severity major
	ByChannel map[string]int `json:"by_channel"` // received per channel
	ByTarget  map[string]int `json:"by_target"`  // received per target (分类)
	PerDay    []int          `json:"per_day"`    // received per day of the period

	Resolved int `json:"resolved"` // 已处理数: resolved in the period
	// 一般投诉处理率: complaints received in the period (not withdrawn before
	// its end) that were resolved before its end.
	ResolutionRate Ratio `json:"resolution_rate"`
	// 24小时内出方案率: complaints whose plan was due in the period (not withdrawn
	// before it was due) with the plan given by then (proposed_at ≤ registered_at + 24 h).
	PlanIn24h Ratio `json:"plan_in_24h"`
	// 平均处理时长(小时): mean hours from registration to resolution over the
	// complaints resolved in the period.
	AvgHours *float64 `json:"avg_hours"`
	// 24小时内处理率: of the complaints resolved in the period, resolved within 24 h.
	ResolvedIn24h Ratio `json:"resolved_in_24h"`
	// 三日内反馈率: complaints whose feedback was due in the period (not withdrawn
	// before it was due) with the customer's first feedback by then.
	FeedbackIn3Days Ratio `json:"feedback_in_3_days"`
	// 超时未处理: at the end of the period, complaints past a deadline they
	// still owed (domain.Overdue: plan, feedback or callback).
	OverdueOpen int `json:"overdue_open"`

	Callbacks int `json:"callbacks"` // 回访数: callbacks done (visited) in the period
	// 回访满意率: of those, verdict 满意 or 基本满意.
	CallbackSatisfaction Ratio `json:"callback_satisfaction"`
	// 电话回访合格率: complaints whose callback window (day 1–5 after resolution,
	// mall calendar days) ended in the period, called back inside the window
	// (domain.CallbackOnTime).
	CallbackOnTime Ratio `json:"callback_on_time"`

	Returns       Money `json:"returns"`       // 退换货: return + exchange resolved in the period
	Compensations Money `json:"compensations"` // 赔偿
	Advance       Money `json:"advance"`       // 先行赔偿

	Inspections int `json:"inspections"` // 巡场检查次数: submitted, finished in the period
	// 检查项合格率: passed / (passed + failed) items of those inspections (N/A excluded).
	ItemPass    Ratio `json:"item_pass"`
	IssuesFound int   `json:"issues_found"` // 发现问题数: failed items of those inspections
	RectDone    int   `json:"rect_done"`    // 整改完成数: rectifications marked done in the period
	// 整改按期完成率: rectifications whose deadline fell in the period, done by it.
	RectOnTime Ratio `json:"rect_on_time"`
	// 巡检计划完成率: over the plans whose plan period (month or quarter) ends in
	// this period, Σ min(done, target) / Σ target, where done counts submitted
	// inspections of the plan's floor (and zone, if set) within the plan period.
	PlanCompletion Ratio `json:"plan_completion"`

	Customer SurveyKPI `json:"customer"` // 顾客满意度调查
	Merchant SurveyKPI `json:"merchant"` // 商铺满意度调查
}

// satisfiedVerdict: 满意 and 基本满意 count as a satisfied callback.
func satisfiedVerdict(v string) bool { return slices.Contains(domain.SatisfiedVerdicts, v) }

// withdrawnBy reports whether the complaint was withdrawn at or before t.
func withdrawnBy(c *Complaint, t time.Time) bool {
	return !c.WithdrawnAt.IsZero() && !c.WithdrawnAt.After(t)
}

// doneBy reports whether stamp is set and not after t.
func doneBy(stamp, t time.Time) bool { return !stamp.IsZero() && !stamp.After(t) }

// before reports whether stamp is set and strictly before t.
func before(stamp, t time.Time) bool { return !stamp.IsZero() && stamp.Before(t) }

// hours between two times.
func hours(from, to time.Time) float64 { return to.Sub(from).Hours() }

// ResolutionHours is a resolved complaint's handling time in hours.
func ResolutionHours(c *Complaint) float64 { return hours(c.RegisteredAt, c.ResolvedAt) }

// CallbackHit reports whether the callback was made inside its window.
func CallbackHit(c *Complaint, loc *time.Location) bool {
	return !c.VisitedAt.IsZero() && !c.ResolvedAt.IsZero() && domain.CallbackOnTime(c.ResolvedAt, c.VisitedAt, loc)
}

// RectOverdue reports whether a rectification was overdue at t.
func RectOverdue(r *Rectification, t time.Time) bool {
	return domain.RectificationLate(r.Deadline, r.DoneAt, t)
}

// Compute works out the KPIs of p (cut at asOf for a running period) from d.
func Compute(d *Data, p period.Period, asOf time.Time) KPIs {
	end := p.End
	if asOf.Before(end) {
		end = asOf
	}
	span := period.Period{Kind: p.Kind, Name: p.Name, Start: p.Start, End: end}
	loc := d.Mall.Loc
	days := p.Days()
	k := KPIs{Period: p.Name, Start: p.Start, End: end,
		ByChannel: map[string]int{}, ByTarget: map[string]int{}, PerDay: make([]int, len(days))}

	var received, resolvedOfReceived, planDen, planHit, fbDen, fbHit float64
	var hoursSum, in24, cbSat, cbDen, cbHit float64
	for i := range d.Complaints {
		c := &d.Complaints[i]
		if span.Contains(c.RegisteredAt) {
			k.Received++
			if c.Severity == domain.SeverityMajor {
				k.Major++
			}
			k.ByChannel[c.Channel]++
			k.ByTarget[c.Target]++
			k.PerDay[dayIndex(days, c.RegisteredAt)]++
			if !withdrawnBy(c, end) {
				received++
				if before(c.ResolvedAt, end) {
					resolvedOfReceived++
				}
			}
		}
		if span.Contains(c.PlanDue) && !withdrawnBy(c, c.PlanDue) {
			planDen++
			if doneBy(c.ProposedAt, c.PlanDue) {
				planHit++
			}
		}
		if span.Contains(c.FeedbackDue) && !withdrawnBy(c, c.FeedbackDue) {
			fbDen++
			if doneBy(c.FeedbackAt, c.FeedbackDue) {
				fbHit++
			}
		}
		if span.Contains(c.ResolvedAt) {
			k.Resolved++
			hoursSum += ResolutionHours(c)
			if c.HandledInTime() {
				in24++
			}
			switch c.ResolutionType {
			case "return", "exchange":
				k.Returns.Count++
				k.Returns.Amount += c.Amount
			case "compensation":
				k.Compensations.Count++
				k.Compensations.Amount += c.Amount
			case "advance_compensation":
				k.Advance.Count++
				k.Advance.Amount += c.Amount
			}
		}
		if domain.Overdue(&c.ComplaintTimes, end) {
			k.OverdueOpen++
		}
		if span.Contains(c.VisitedAt) {
			k.Callbacks++
			if satisfiedVerdict(c.Verdict) {
				cbSat++
			}
		}
		if span.Contains(c.CallbackDue) && !c.ResolvedAt.IsZero() {
			cbDen++
			if CallbackHit(c, loc) {
				cbHit++
			}
		}
	}
	k.ResolutionRate = ratio(resolvedOfReceived, received)
	k.PlanIn24h = ratio(planHit, planDen)
	k.FeedbackIn3Days = ratio(fbHit, fbDen)
	k.ResolvedIn24h = ratio(in24, float64(k.Resolved))
	if k.Resolved > 0 {
		avg := hoursSum / float64(k.Resolved)
		k.AvgHours = &avg
	}
	k.CallbackSatisfaction = ratio(cbSat, float64(k.Callbacks))
	k.CallbackOnTime = ratio(cbHit, cbDen)

	var passed, failed float64
	for i := range d.Inspections {
		in := &d.Inspections[i]
		if span.Contains(in.FinishedAt) {
			k.Inspections++
			passed += float64(in.Passed)
			failed += float64(in.Failed)
		}
	}
	k.ItemPass = ratio(passed, passed+failed)
	k.IssuesFound = int(failed)

	var rectDen, rectHit float64
	for i := range d.Rectifications {
		r := &d.Rectifications[i]
		if span.Contains(r.DoneAt) {
			k.RectDone++
		}
		if span.Contains(r.Deadline) {
			rectDen++
			if doneBy(r.DoneAt, r.Deadline) {
				rectHit++
			}
		}
	}
	k.RectOnTime = ratio(rectHit, rectDen)
	k.PlanCompletion = planCompletion(d, p.Start, p.End)
	k.Customer = surveyKPI(d, span, "customer")
	k.Merchant = surveyKPI(d, span, "merchant")
	return k
}

func dayIndex(days []time.Time, t time.Time) int {
	for i := len(days) - 1; i >= 0; i-- {
		if !t.Before(days[i]) {
			return i
		}
	}
	return 0
}

func surveyKPI(d *Data, span period.Period, kind string) SurveyKPI {
	var s SurveyKPI
	var sat, sum float64
	for i := range d.Responses {
		r := &d.Responses[i]
		if r.Kind != kind || !span.Contains(r.Created) {
			continue
		}
		s.Responses++
		sum += r.Overall
		if r.Satisfied {
			sat++
		}
	}
	s.Satisfaction = ratio(sat, float64(s.Responses))
	if s.Responses > 0 {
		avg := sum / float64(s.Responses)
		s.AvgScore = &avg
	}
	return s
}

// LateAt reports whether a complaint broke its 24 h handling time, judged at
// t: resolved later than 24 h after registration, or still open past plan_due.
func LateAt(c *Complaint, t time.Time) bool {
	if before(c.ResolvedAt, t) {
		return !c.HandledInTime()
	}
	return domain.Overdue(&c.ComplaintTimes, t)
}

// OpenDuring reports whether a rectification was open at any time in p:
// opened before its end and not yet verified at its start.
func OpenDuring(r *Rectification, p period.Period) bool {
	return r.Created.Before(p.End) && (r.VerifiedAt.IsZero() || !r.VerifiedAt.Before(p.Start))
}
