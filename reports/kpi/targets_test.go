package kpi_test

import (
	"testing"

	"mallcare/reports/kpi"
)

func share(num, den float64) kpi.Ratio {
	r := kpi.Ratio{Num: num, Den: den}
	if den > 0 {
		v := num / den
		r.Value = &v
	}
	return r
}

// TestTargets: the verdicts the app shows come from here, edges included.
func TestTargets(t *testing.T) {
	t.Parallel()
	hours := func(h float64) *float64 { return &h }
	verdicts := func(k kpi.KPIs) map[string]*bool {
		out := map[string]*bool{}
		for _, a := range kpi.Targets(&k) {
			out[a.Key] = a.Met
		}
		return out
	}
	is := func(b *bool, want any) bool {
		if want == nil {
			return b == nil
		}
		return b != nil && *b == want.(bool)
	}
	k := kpi.KPIs{
		Major: 0, ResolutionRate: share(2, 3), PlanIn24h: share(1, 1), AvgHours: hours(24),
		ResolvedIn24h: share(1, 2), CallbackOnTime: share(98, 100),
	}
	v := verdicts(k)
	for key, want := range map[string]any{
		"plan_in_24h": true, "resolution_rate": false,
		"avg_hours":             false, // exactly 24 h is not < 24 h
		"callback_on_time":      false, // 98 % is not > 98 %
		"feedback_in_3_days":    nil,   // nothing was due
		"major":                 true,
		"customer_satisfaction": nil,
	} {
		if !is(v[key], want) {
			t.Errorf("%s: met = %v, want %v", key, v[key], want)
		}
	}
	k.AvgHours, k.CallbackOnTime, k.Major = hours(23.9), share(99, 100), 1
	v = verdicts(k)
	if !is(v["avg_hours"], true) || !is(v["callback_on_time"], true) || !is(v["major"], false) {
		t.Errorf("after improving: %v %v %v", *v["avg_hours"], *v["callback_on_time"], *v["major"])
	}
	if len(v) != 11 {
		t.Errorf("%d targets, want the 11 KPIs of domain.md with a target", len(v))
	}
}
