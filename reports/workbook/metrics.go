package workbook

import (
	"mallcare/domain"
	"mallcare/reports/kpi"
)

// metric is one labelled line of a summary: how to read it from kpi.KPIs and
// how to print it (count, pct, money, hours or score).
type metric struct {
	label, kind string
	get         func(k *kpi.KPIs) *float64
}

func num(n int) *float64        { v := float64(n); return &v }
func amount(a float64) *float64 { return &a }

// weeklyMetrics are the lines of 周报汇总, in the order of reports.md.
func weeklyMetrics() []metric {
	m := []metric{
		{kpiName("received", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.Received) }},
		{"　其中：重大投诉", "count", func(k *kpi.KPIs) *float64 { return num(k.Major) }},
	}
	for _, ch := range domain.Channels {
		m = append(m, metric{"　渠道：" + ch.Zh, "count", func(k *kpi.KPIs) *float64 { return num(k.ByChannel[ch.Code]) }})
	}
	for _, t := range domain.Targets {
		m = append(m, metric{"　分类：" + t.Zh, "count", func(k *kpi.KPIs) *float64 { return num(k.ByTarget[t.Code]) }})
	}
	return append(m,
		metric{kpiName("resolved", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.Resolved) }},
		metric{kpiName("resolution_rate", ""), "pct", func(k *kpi.KPIs) *float64 { return k.ResolutionRate.Value }},
		metric{kpiName("plan_in_24h", ""), "pct", func(k *kpi.KPIs) *float64 { return k.PlanIn24h.Value }},
		metric{kpiName("avg_hours", "（小时）"), "hours", func(k *kpi.KPIs) *float64 { return k.AvgHours }},
		metric{kpiName("resolved_in_24h", ""), "pct", func(k *kpi.KPIs) *float64 { return k.ResolvedIn24h.Value }},
		metric{kpiName("feedback_in_3_days", ""), "pct", func(k *kpi.KPIs) *float64 { return k.FeedbackIn3Days.Value }},
		metric{kpiName("overdue_open", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.OverdueOpen) }},
		metric{kpiName("callbacks", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.Callbacks) }},
		metric{kpiName("callback_satisfaction", ""), "pct", func(k *kpi.KPIs) *float64 { return k.CallbackSatisfaction.Value }},
		metric{kpiName("callback_on_time", "（1–5日内）"), "pct", func(k *kpi.KPIs) *float64 { return k.CallbackOnTime.Value }},
		metric{"退换货（件）", "count", func(k *kpi.KPIs) *float64 { return num(k.Returns.Count) }},
		metric{"退换货金额（元）", "money", func(k *kpi.KPIs) *float64 { return amount(k.Returns.Amount) }},
		metric{"赔偿（件）", "count", func(k *kpi.KPIs) *float64 { return num(k.Compensations.Count) }},
		metric{"赔偿金额（元）", "money", func(k *kpi.KPIs) *float64 { return amount(k.Compensations.Amount) }},
		metric{"先行赔偿（件）", "count", func(k *kpi.KPIs) *float64 { return num(k.Advance.Count) }},
		metric{"先行赔偿金额（元）", "money", func(k *kpi.KPIs) *float64 { return amount(k.Advance.Amount) }},
		metric{kpiName("inspections", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.Inspections) }},
		metric{kpiName("item_pass", ""), "pct", func(k *kpi.KPIs) *float64 { return k.ItemPass.Value }},
		metric{kpiName("issues_found", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.IssuesFound) }},
		metric{kpiName("rect_done", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.RectDone) }},
		metric{kpiName("rect_on_time", ""), "pct", func(k *kpi.KPIs) *float64 { return k.RectOnTime.Value }},
		metric{kpiName("customer_responses", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.Customer.Responses) }},
		metric{kpiName("customer_satisfaction", ""), "pct", func(k *kpi.KPIs) *float64 { return k.Customer.Satisfaction.Value }},
		metric{kpiName("customer_avg", ""), "score", func(k *kpi.KPIs) *float64 { return k.Customer.AvgScore }},
		metric{kpiName("merchant_responses", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.Merchant.Responses) }},
		metric{kpiName("merchant_satisfaction", ""), "pct", func(k *kpi.KPIs) *float64 { return k.Merchant.Satisfaction.Value }},
		metric{kpiName("merchant_avg", ""), "score", func(k *kpi.KPIs) *float64 { return k.Merchant.AvgScore }},
	)
}

// trendMetrics are the lines of the monthly four-month comparison.
func trendMetrics() []metric {
	return []metric{
		{kpiName("received", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.Received) }},
		{kpiName("major", ""), "count", func(k *kpi.KPIs) *float64 { return num(k.Major) }},
		{kpiName("customer_satisfaction", ""), "pct", func(k *kpi.KPIs) *float64 { return k.Customer.Satisfaction.Value }},
		{kpiName("merchant_satisfaction", ""), "pct", func(k *kpi.KPIs) *float64 { return k.Merchant.Satisfaction.Value }},
		{kpiName("resolution_rate", ""), "pct", func(k *kpi.KPIs) *float64 { return k.ResolutionRate.Value }},
		{kpiName("resolved_in_24h", ""), "pct", func(k *kpi.KPIs) *float64 { return k.ResolvedIn24h.Value }},
		{kpiName("feedback_in_3_days", ""), "pct", func(k *kpi.KPIs) *float64 { return k.FeedbackIn3Days.Value }},
		{kpiName("callback_on_time", ""), "pct", func(k *kpi.KPIs) *float64 { return k.CallbackOnTime.Value }},
		{kpiName("rect_on_time", ""), "pct", func(k *kpi.KPIs) *float64 { return k.RectOnTime.Value }},
		{kpiName("plan_completion", ""), "pct", func(k *kpi.KPIs) *float64 { return k.PlanCompletion.Value }},
		{kpiName("avg_hours", "（小时）"), "hours", func(k *kpi.KPIs) *float64 { return k.AvgHours }},
	}
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
