package workbook

import (
	"mallcare/domain"
	"mallcare/reports/kpi"
)

// metric is one labelled line of a summary: how to read it from KPIs and
// how to print it (count, pct, money, hours or score).
type metric struct {
	key, label, kind string // key: the KPI's, "" for lines of no KPI of their own
	get              func(k *kpi.KPIs) *float64
}

func num(n int) *float64        { v := float64(n); return &v }
func amount(a float64) *float64 { return &a }

// kpiLines reads each headline KPI (domain.KPIs) from the model.
var kpiLines = map[string]struct {
	kind string
	get  func(k *kpi.KPIs) *float64
}{
	"received":              {"count", func(k *kpi.KPIs) *float64 { return num(k.Received) }},
	"major":                 {"count", func(k *kpi.KPIs) *float64 { return num(k.Major) }},
	"resolved":              {"count", func(k *kpi.KPIs) *float64 { return num(k.Resolved) }},
	"resolution_rate":       {"pct", func(k *kpi.KPIs) *float64 { return k.ResolutionRate.Value }},
	"plan_in_24h":           {"pct", func(k *kpi.KPIs) *float64 { return k.PlanIn24h.Value }},
	"avg_hours":             {"hours", func(k *kpi.KPIs) *float64 { return k.AvgHours }},
	"resolved_in_24h":       {"pct", func(k *kpi.KPIs) *float64 { return k.ResolvedIn24h.Value }},
	"feedback_in_3_days":    {"pct", func(k *kpi.KPIs) *float64 { return k.FeedbackIn3Days.Value }},
	"overdue_open":          {"count", func(k *kpi.KPIs) *float64 { return num(k.OverdueOpen) }},
	"callbacks":             {"count", func(k *kpi.KPIs) *float64 { return num(k.Callbacks) }},
	"callback_satisfaction": {"pct", func(k *kpi.KPIs) *float64 { return k.CallbackSatisfaction.Value }},
	"callback_on_time":      {"pct", func(k *kpi.KPIs) *float64 { return k.CallbackOnTime.Value }},
	"inspections":           {"count", func(k *kpi.KPIs) *float64 { return num(k.Inspections) }},
	"item_pass":             {"pct", func(k *kpi.KPIs) *float64 { return k.ItemPass.Value }},
	"issues_found":          {"count", func(k *kpi.KPIs) *float64 { return num(k.IssuesFound) }},
	"rect_done":             {"count", func(k *kpi.KPIs) *float64 { return num(k.RectDone) }},
	"rect_on_time":          {"pct", func(k *kpi.KPIs) *float64 { return k.RectOnTime.Value }},
	"plan_completion":       {"pct", func(k *kpi.KPIs) *float64 { return k.PlanCompletion.Value }},
	"customer_responses":    {"count", func(k *kpi.KPIs) *float64 { return num(k.Customer.Responses) }},
	"customer_satisfaction": {"pct", func(k *kpi.KPIs) *float64 { return k.Customer.Satisfaction.Value }},
	"customer_avg":          {"score", func(k *kpi.KPIs) *float64 { return k.Customer.AvgScore }},
	"merchant_responses":    {"count", func(k *kpi.KPIs) *float64 { return num(k.Merchant.Responses) }},
	"merchant_satisfaction": {"pct", func(k *kpi.KPIs) *float64 { return k.Merchant.Satisfaction.Value }},
	"merchant_avg":          {"score", func(k *kpi.KPIs) *float64 { return k.Merchant.AvgScore }},
}

// line is the metric of a KPI, labelled with its one name and a unit.
func line(key, unit string) metric {
	l, ok := kpiLines[key]
	if !ok {
		panic("workbook: no line for KPI " + key)
	}
	return metric{key: key, label: kpiName(key, unit), kind: l.kind, get: l.get}
}

func lines(keys ...string) []metric {
	out := make([]metric, len(keys))
	for i, k := range keys {
		out[i] = line(k, "")
	}
	return out
}

// weeklyMetrics are the lines of 周报汇总, in the order of reports.md.
func weeklyMetrics() []metric {
	m := lines("received")
	m = append(m, metric{label: "　其中：重大投诉", kind: "count", get: kpiLines["major"].get})
	for _, ch := range domain.Channels {
		m = append(m, metric{label: "　渠道：" + ch.Zh, kind: "count", get: func(k *kpi.KPIs) *float64 { return num(k.ByChannel[ch.Code]) }})
	}
	for _, t := range domain.Targets {
		m = append(m, metric{label: "　分类：" + t.Zh, kind: "count", get: func(k *kpi.KPIs) *float64 { return num(k.ByTarget[t.Code]) }})
	}
	m = append(m, lines("resolved", "resolution_rate", "plan_in_24h")...)
	m = append(m, line("avg_hours", "（小时）"))
	m = append(m, lines("resolved_in_24h", "feedback_in_3_days", "overdue_open", "callbacks", "callback_satisfaction")...)
	m = append(m, line("callback_on_time", "（1–5日内）"))
	m = append(m,
		metric{label: "退换货（件）", kind: "count", get: func(k *kpi.KPIs) *float64 { return num(k.Returns.Count) }},
		metric{label: "退换货金额（元）", kind: "money", get: func(k *kpi.KPIs) *float64 { return amount(k.Returns.Amount) }},
		metric{label: "赔偿（件）", kind: "count", get: func(k *kpi.KPIs) *float64 { return num(k.Compensations.Count) }},
		metric{label: "赔偿金额（元）", kind: "money", get: func(k *kpi.KPIs) *float64 { return amount(k.Compensations.Amount) }},
		metric{label: "先行赔偿（件）", kind: "count", get: func(k *kpi.KPIs) *float64 { return num(k.Advance.Count) }},
		metric{label: "先行赔偿金额（元）", kind: "money", get: func(k *kpi.KPIs) *float64 { return amount(k.Advance.Amount) }},
	)
	return append(m, lines("inspections", "item_pass", "issues_found", "rect_done", "rect_on_time",
		"customer_responses", "customer_satisfaction", "customer_avg",
		"merchant_responses", "merchant_satisfaction", "merchant_avg")...)
}

// trendMetrics are the lines of the monthly four-month comparison.
func trendMetrics() []metric {
	m := lines("received", "major", "customer_satisfaction", "merchant_satisfaction", "resolution_rate",
		"resolved_in_24h", "feedback_in_3_days", "callback_on_time", "rect_on_time", "plan_completion")
	return append(m, line("avg_hours", "（小时）"))
}

// groupMetrics are the lines of 集团汇总: the headline KPIs, those with a
// target first.
func groupMetrics() []metric {
	m := lines("customer_satisfaction", "merchant_satisfaction", "major", "resolution_rate")
	m = append(m, line("avg_hours", "（小时）"))
	return append(m, lines("resolved_in_24h", "feedback_in_3_days", "callback_on_time", "rect_on_time",
		"plan_completion", "plan_in_24h", "received", "resolved", "overdue_open", "inspections", "item_pass")...)
}

func (s *styles) forKind(kind string) int {
	switch kind {
	case "pct":
		return s.pct
	case "money":
		return s.money
	case "hours":
		return s.hours
	case "score":
		return s.score
	}
	return s.count
}
