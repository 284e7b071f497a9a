package kpi

import (
	"time"

	"mallcare/domain"
)

// PlanSpan is the [start, end) a plan covers.
func PlanSpan(pl *Plan) (time.Time, time.Time) {
	return pl.Start, pl.Start.AddDate(0, domain.PlanMonths[pl.Period], 0)
}

// Counts reports whether an inspection counts for the plan: a submitted one
// of its floor (and zone, if set), finished within the plan's span, by its
// assignee when it has one.
func (pl *Plan) Counts(in *Inspection) bool {
	from, to := PlanSpan(pl)
	return in.Floor == pl.Floor && (pl.Zone == "" || in.Zone == pl.Zone) &&
		(pl.AssigneeID == "" || in.InspectorID == pl.AssigneeID) &&
		!in.FinishedAt.Before(from) && in.FinishedAt.Before(to)
}

// done counts the inspections done for a plan by asOf.
func (d *Data) done(pl *Plan, asOf time.Time) int {
	n := 0
	for j := range d.Inspections {
		in := &d.Inspections[j]
		if in.FinishedAt.Before(asOf) && pl.Counts(in) {
			n++
		}
	}
	return n
}

// planCompletion: plans ending in the span, each credited with at most its target.
func planCompletion(d *Data, start, end time.Time) Ratio {
	var target, done float64
	for i := range d.Plans {
		pl := &d.Plans[i]
		_, to := PlanSpan(pl)
		if to.After(end) || !to.After(start) {
			continue
		}
		target += pl.Target
		done += min(float64(d.done(pl, to)), pl.Target)
	}
	return ratio(done, target)
}

// PlanRow is one plan's progress: done against planned.
type PlanRow struct {
	Plan
	End  time.Time // exclusive end of the plan's span
	Done int       // inspections that count for it, by the time asked
}

// PlanProgress lists the plans whose span overlaps [start, end), with what
// was done for each by asOf (d must hold the plans' whole spans: Load does
// for plans starting up to three months before its span).
func PlanProgress(d *Data, start, end, asOf time.Time) []PlanRow {
	var out []PlanRow
	for i := range d.Plans {
		pl := &d.Plans[i]
		from, to := PlanSpan(pl)
		if !from.Before(end) || !to.After(start) {
			continue
		}
		out = append(out, PlanRow{Plan: *pl, End: to, Done: d.done(pl, minTime(asOf, to))})
	}
	return out
}

// min of two times.
func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
