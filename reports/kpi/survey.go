package kpi

import (
	"slices"
	"sort"

	"mallcare/domain"
	"mallcare/reports/period"
)

// QuestionStat is one survey question's figures over a period.
type QuestionStat struct {
	Kind, Question string
	Responses      int
	Avg            float64
	Satisfied      Ratio // answers of 4 or 5
}

// SurveyStats: per survey kind and question, over the responses of the period.
func SurveyStats(d *Data, p period.Period) []QuestionStat {
	type key struct{ kind, qid string }
	type acc struct{ n, sum, sat float64 }
	accs := map[key]*acc{}
	texts := map[key]string{}
	var order []key
	for i := range d.Responses {
		r := &d.Responses[i]
		if !p.Contains(r.Created) {
			continue
		}
		for _, q := range d.SurveyQuestions[r.Template] {
			v, ok := r.Answers[q.ID]
			if !ok {
				continue
			}
			k := key{r.Kind, q.Text}
			a := accs[k]
			if a == nil {
				a = &acc{}
				accs[k] = a
				texts[k] = q.Text
				order = append(order, k)
			}
			a.n++
			a.sum += float64(v)
			if v >= 4 {
				a.sat++
			}
		}
	}
	kindRank := func(k string) int { return slices.Index(domain.SurveyKinds.Codes(), k) }
	sort.SliceStable(order, func(i, j int) bool { return kindRank(order[i].kind) < kindRank(order[j].kind) })
	out := make([]QuestionStat, 0, len(order))
	for _, k := range order {
		a := accs[k]
		out = append(out, QuestionStat{Kind: k.kind, Question: texts[k], Responses: int(a.n), Avg: a.sum / a.n, Satisfied: ratio(a.sat, a.n)})
	}
	return out
}
