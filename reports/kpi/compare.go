package kpi

import "sort"

// MallFigures is one mall's column of a comparison of several malls (the
// HQ view): its KPIs, the verdict of every KPI with a target, and the
// monthly assessment's total, which ranks the malls.
type MallFigures struct {
	MallID  string       `json:"mall"`
	Code    string       `json:"code"`
	Name    string       `json:"name"`
	KPIs    KPIs         `json:"kpis"`
	Targets []Assessment `json:"targets"`
	Score   float64      `json:"score"` // Assess total (0–100)
	Met     int          `json:"met"`   // targets met
	Missed  int          `json:"missed"`
	Rank    int          `json:"rank"` // 1 = best
}

// Figures sums up one mall's KPIs for a comparison.
func Figures(m Mall, k KPIs) MallFigures {
	f := MallFigures{MallID: m.ID, Code: m.Code, Name: m.Name, KPIs: k, Targets: Targets(&k)}
	_, f.Score = Assess(&k)
	for _, t := range f.Targets {
		switch {
		case t.Met == nil:
		case *t.Met:
			f.Met++
		default:
			f.Missed++
		}
	}
	return f
}

// Rank numbers the malls best first: by score, then by targets met, then
// by fewer targets missed, then by code (so equal figures still rank the
// same way every time). The slice keeps its order.
func Rank(malls []MallFigures) {
	order := make([]int, len(malls))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := &malls[order[a]], &malls[order[b]]
		switch {
		case x.Score != y.Score:
			return x.Score > y.Score
		case x.Met != y.Met:
			return x.Met > y.Met
		case x.Missed != y.Missed:
			return x.Missed < y.Missed
		}
		return x.Code < y.Code
	})
	for rank, i := range order {
		malls[i].Rank = rank + 1
	}
}
