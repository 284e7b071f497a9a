package domain

// KPI names every headline figure of the reports once, in Chinese as the
// workbooks print it and in English for the app.
type KPI struct {
	Key  string `json:"key"`
	Zh   string `json:"zh"`
	En   string `json:"en"`
	Unit string `json:"unit"` // percent | hours | count | money | score
}

// KPIs of the reports (shared/spec/reports.md, domain.md targets).
var KPIs = []KPI{
	{"received", "投诉受理数", "Complaints received", "count"},
	{"major", "重大投诉", "Major complaints", "count"},
	{"resolved", "已处理数", "Resolved", "count"},
	{"resolution_rate", "一般投诉处理率", "Resolution rate", "percent"},
	{"plan_in_24h", "24小时内出方案率", "Plan within 24 h", "percent"},
	{"avg_hours", "平均处理时长", "Average handling time", "hours"},
	{"resolved_in_24h", "24小时内处理率", "Resolved within 24 h", "percent"},
	{"feedback_in_3_days", "三日内反馈率", "Feedback within 3 days", "percent"},
	{"overdue_open", "超时未处理", "Overdue, still open", "count"},
	{"callbacks", "回访数", "Callbacks", "count"},
	{"callback_satisfaction", "回访满意率", "Callback satisfaction", "percent"},
	{"callback_on_time", "电话回访合格率", "Callbacks on time", "percent"},
	{"inspections", "巡场检查次数", "Inspections", "count"},
	{"item_pass", "检查项合格率", "Items passed", "percent"},
	{"issues_found", "发现问题数", "Issues found", "count"},
	{"rect_done", "整改完成数", "Rectifications done", "count"},
	{"rect_on_time", "整改按期完成率", "Rectifications on time", "percent"},
	{"plan_completion", "巡检计划完成率", "Inspection plan done", "percent"},
	{"customer_responses", "顾客满意度调查数", "Customer surveys", "count"},
	{"customer_satisfaction", "顾客满意率", "Customer satisfaction", "percent"},
	{"customer_avg", "顾客平均分", "Customer average score", "score"},
	{"merchant_responses", "商铺满意度调查数", "Merchant surveys", "count"},
	{"merchant_satisfaction", "商铺满意率", "Merchant satisfaction", "percent"},
	{"merchant_avg", "商铺平均分", "Merchant average score", "score"},
}

// KPIName is a KPI's Chinese name; it panics on an unknown key, which only a
// typo in code can cause.
func KPIName(key string) string {
	for _, k := range KPIs {
		if k.Key == key {
			return k.Zh
		}
	}
	panic("domain: unknown KPI " + key)
}
