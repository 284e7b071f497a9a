package kpi

import (
	"math"

	"mallcare/domain"
)

// The monthly assessment (月度考核): one row per KPI of domain.md's target
// table. Weights add up to 100. A met KPI scores its full weight; a ratio KPI
// not met scores weight × actual / target; the average handling time scores
// weight × 24 / actual; 重大投诉 scores 0 with any major complaint. A KPI with
// nothing to measure (no responses, no plans, …) is shown as 无数据 and keeps
// its weight: nothing was missed.

// Assessment is one row of the monthly assessment.
type Assessment struct {
	Key    string   `json:"key"`
	Label  string   `json:"label"`  // 考核指标
	Target string   `json:"target"` // 目标值, as printed
	Actual *float64 `json:"actual"` // 实际值 (ratio 0–1, hours or count); nil = 无数据
	Kind   string   `json:"kind"`   // percent | hours | count
	Met    *bool    `json:"met"`    // nil = 无数据
	Weight float64  `json:"weight"` // 权重
	Score  float64  `json:"score"`  // 得分
}

type assessmentRule struct {
	key, label, target, kind string
	weight                   float64
	actual                   func(k *KPIs) *float64
	met                      func(v float64) bool
	partial                  func(v float64) float64 // share of the weight when not met
}

func ratioRule(key string, weight float64, get func(k *KPIs) Ratio) assessmentRule {
	return assessmentRule{key: key, label: kpiName(key, ""), target: "100%", kind: "percent", weight: weight,
		actual:  func(k *KPIs) *float64 { return get(k).Value },
		met:     func(v float64) bool { return v >= 1 },
		partial: func(v float64) float64 { return v },
	}
}

var assessmentRules = []assessmentRule{
	ratioRule("customer_satisfaction", 15, func(k *KPIs) Ratio { return k.Customer.Satisfaction }),
	ratioRule("merchant_satisfaction", 10, func(k *KPIs) Ratio { return k.Merchant.Satisfaction }),
	{key: "major", label: kpiName("major", "（起）"), target: "0", kind: "count", weight: 10,
		actual:  func(k *KPIs) *float64 { v := float64(k.Major); return &v },
		met:     func(v float64) bool { return v == 0 },
		partial: func(float64) float64 { return 0 }},
	ratioRule("resolution_rate", 15, func(k *KPIs) Ratio { return k.ResolutionRate }),
	{key: "avg_hours", label: kpiName("avg_hours", "（小时）"), target: "<24小时", kind: "hours", weight: 5,
		actual:  func(k *KPIs) *float64 { return k.AvgHours },
		met:     func(v float64) bool { return v < 24 },
		partial: func(v float64) float64 { return 24 / v }},
	ratioRule("resolved_in_24h", 5, func(k *KPIs) Ratio { return k.ResolvedIn24h }),
	ratioRule("feedback_in_3_days", 10, func(k *KPIs) Ratio { return k.FeedbackIn3Days }),
	{key: "callback_on_time", label: kpiName("callback_on_time", ""), target: ">98%", kind: "percent", weight: 10,
		actual:  func(k *KPIs) *float64 { return k.CallbackOnTime.Value },
		met:     func(v float64) bool { return v > 0.98 },
		partial: func(v float64) float64 { return v / 0.98 }},
	ratioRule("rect_on_time", 10, func(k *KPIs) Ratio { return k.RectOnTime }),
	ratioRule("plan_completion", 10, func(k *KPIs) Ratio { return k.PlanCompletion }),
}

// Assess scores k against the targets; the second value is the total score.
func Assess(k *KPIs) ([]Assessment, float64) {
	out := make([]Assessment, 0, len(assessmentRules))
	total := 0.0
	for _, r := range assessmentRules {
		a := r.check(k)
		switch {
		case a.Met == nil || *a.Met:
			a.Score = r.weight
		default:
			a.Score = r.weight * math.Max(0, math.Min(1, r.partial(*a.Actual)))
		}
		a.Score = math.Round(a.Score*100) / 100
		total += a.Score
		out = append(out, a)
	}
	return out, math.Round(total*100) / 100
}

// check measures k against the rule's target (no score).
func (r assessmentRule) check(k *KPIs) Assessment {
	a := Assessment{Key: r.key, Label: r.label, Target: r.target, Kind: r.kind, Weight: r.weight, Actual: r.actual(k)}
	if a.Actual != nil {
		met := r.met(*a.Actual)
		a.Met = &met
	}
	return a
}

// targetOnlyRules have a target in domain.md's table but no row of their own
// in the monthly assessment.
var targetOnlyRules = []assessmentRule{
	ratioRule("plan_in_24h", 0, func(k *KPIs) Ratio { return k.PlanIn24h }),
}

// Targets checks every KPI that has a target, for any period: the app shows
// these verdicts, so the targets live here only.
func Targets(k *KPIs) []Assessment {
	out := make([]Assessment, 0, len(assessmentRules)+len(targetOnlyRules))
	for _, rules := range [][]assessmentRule{assessmentRules, targetOnlyRules} {
		for _, r := range rules {
			a := r.check(k)
			a.Weight = 0
			out = append(out, a)
		}
	}
	return out
}

// kpiName is the one Chinese name of a KPI, with an optional unit.
func kpiName(key, unit string) string { return domain.KPIName(key) + unit }
