package reports

// metric is one labelled line of a summary: how to read it from KPIs and
// how to print it (count, pct, money, hours or score).
type metric struct {
	label, kind string
	get         func(k *KPIs) *float64
}

func num(n int) *float64        { v := float64(n); return &v }
func amount(a float64) *float64 { return &a }

// weeklyMetrics are the lines of 周报汇总, in the order of reports.md.
func weeklyMetrics() []metric {
	m := []metric{
		{"投诉受理数", "count", func(k *KPIs) *float64 { return num(k.Received) }},
		{"　其中：重大投诉", "count", func(k *KPIs) *float64 { return num(k.Major) }},
	}
	for _, ch := range channelOrder {
		m = append(m, metric{"　渠道：" + channelLabel[ch], "count", func(k *KPIs) *float64 { return num(k.ByChannel[ch]) }})
	}
	for _, t := range targetOrder {
		m = append(m, metric{"　分类：" + targetLabel[t], "count", func(k *KPIs) *float64 { return num(k.ByTarget[t]) }})
	}
	return append(m,
		metric{"已处理数", "count", func(k *KPIs) *float64 { return num(k.Resolved) }},
		metric{"一般投诉处理率", "pct", func(k *KPIs) *float64 { return k.ResolutionRate.Value }},
		metric{"24小时内出方案率", "pct", func(k *KPIs) *float64 { return k.PlanIn24h.Value }},
		metric{"平均处理时长（小时）", "hours", func(k *KPIs) *float64 { return k.AvgHours }},
		metric{"24小时内处理率", "pct", func(k *KPIs) *float64 { return k.ResolvedIn24h.Value }},
		metric{"三日内反馈率", "pct", func(k *KPIs) *float64 { return k.FeedbackIn3Days.Value }},
		metric{"超时未处理", "count", func(k *KPIs) *float64 { return num(k.OverdueOpen) }},
		metric{"回访数", "count", func(k *KPIs) *float64 { return num(k.Callbacks) }},
		metric{"回访满意率", "pct", func(k *KPIs) *float64 { return k.CallbackSatisfaction.Value }},
		metric{"电话回访合格率（1–5日内）", "pct", func(k *KPIs) *float64 { return k.CallbackOnTime.Value }},
		metric{"退换货（件）", "count", func(k *KPIs) *float64 { return num(k.Returns.Count) }},
		metric{"退换货金额（元）", "money", func(k *KPIs) *float64 { return amount(k.Returns.Amount) }},
		metric{"赔偿（件）", "count", func(k *KPIs) *float64 { return num(k.Compensations.Count) }},
		metric{"赔偿金额（元）", "money", func(k *KPIs) *float64 { return amount(k.Compensations.Amount) }},
		metric{"先行赔偿（件）", "count", func(k *KPIs) *float64 { return num(k.Advance.Count) }},
		metric{"先行赔偿金额（元）", "money", func(k *KPIs) *float64 { return amount(k.Advance.Amount) }},
		metric{"巡场检查次数", "count", func(k *KPIs) *float64 { return num(k.Inspections) }},
		metric{"检查项合格率", "pct", func(k *KPIs) *float64 { return k.ItemPass.Value }},
		metric{"发现问题数", "count", func(k *KPIs) *float64 { return num(k.IssuesFound) }},
		metric{"整改完成数", "count", func(k *KPIs) *float64 { return num(k.RectDone) }},
		metric{"整改按期完成率", "pct", func(k *KPIs) *float64 { return k.RectOnTime.Value }},
		metric{"顾客满意度调查数", "count", func(k *KPIs) *float64 { return num(k.Customer.Responses) }},
		metric{"顾客满意率", "pct", func(k *KPIs) *float64 { return k.Customer.Satisfaction.Value }},
		metric{"顾客平均分", "score", func(k *KPIs) *float64 { return k.Customer.AvgScore }},
		metric{"商铺满意度调查数", "count", func(k *KPIs) *float64 { return num(k.Merchant.Responses) }},
		metric{"商铺满意率", "pct", func(k *KPIs) *float64 { return k.Merchant.Satisfaction.Value }},
		metric{"商铺平均分", "score", func(k *KPIs) *float64 { return k.Merchant.AvgScore }},
	)
}

// trendMetrics are the lines of the monthly four-month comparison.
func trendMetrics() []metric {
	return []metric{
		{"投诉受理数", "count", func(k *KPIs) *float64 { return num(k.Received) }},
		{"重大投诉", "count", func(k *KPIs) *float64 { return num(k.Major) }},
		{"顾客满意率", "pct", func(k *KPIs) *float64 { return k.Customer.Satisfaction.Value }},
		{"商铺满意率", "pct", func(k *KPIs) *float64 { return k.Merchant.Satisfaction.Value }},
		{"一般投诉处理率", "pct", func(k *KPIs) *float64 { return k.ResolutionRate.Value }},
		{"24小时内处理率", "pct", func(k *KPIs) *float64 { return k.ResolvedIn24h.Value }},
		{"三日内反馈率", "pct", func(k *KPIs) *float64 { return k.FeedbackIn3Days.Value }},
		{"电话回访合格率", "pct", func(k *KPIs) *float64 { return k.CallbackOnTime.Value }},
		{"整改按期完成率", "pct", func(k *KPIs) *float64 { return k.RectOnTime.Value }},
		{"巡检计划完成率", "pct", func(k *KPIs) *float64 { return k.PlanCompletion.Value }},
		{"平均处理时长（小时）", "hours", func(k *KPIs) *float64 { return k.AvgHours }},
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
