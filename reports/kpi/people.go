package kpi

import (
	"sort"

	"mallcare/domain"
	"mallcare/reports/period"
)

// StaffRow is one staff member's month (员工考核).
type StaffRow struct {
	ID, Name             string
	Handled              int      // complaints they resolved in the period (handler)
	ResolvedIn24h        Ratio    // of those, within 24 h
	AvgHours             *float64 // mean handling hours of those
	Overdue              int      // their complaints overdue (domain.Overdue) at the end
	CallbacksOnTime      int      // their complaints whose callback window ended in the period, called back in it
	CallbackSatisfaction Ratio    // their callbacks done in the period: 满意/基本满意 share
	Inspections          int      // inspections they submitted in the period
	Rechecked            int      // rectifications they verified in the period
}

// StaffStats lists everyone who handled, inspected or re-checked anything
// in p, by name.
func StaffStats(d *Data, p period.Period) []StaffRow {
	rows := map[string]*StaffRow{}
	get := func(id, name string) *StaffRow {
		r := rows[id]
		if r == nil {
			r = &StaffRow{ID: id, Name: name}
			rows[id] = r
		}
		return r
	}
	type acc struct{ in24, hours, sat float64 }
	accs := map[string]*acc{}
	a := func(id string) *acc {
		if accs[id] == nil {
			accs[id] = &acc{}
		}
		return accs[id]
	}
	callbacks := map[string]int{}
	for i := range d.Complaints {
		c := &d.Complaints[i]
		if c.HandlerID == "" {
			continue
		}
		if p.Contains(c.ResolvedAt) {
			r := get(c.HandlerID, c.HandlerName)
			r.Handled++
			a(c.HandlerID).hours += ResolutionHours(c)
			if c.HandledInTime() {
				a(c.HandlerID).in24++
			}
		}
		if domain.Overdue(&c.ComplaintTimes, p.End) {
			get(c.HandlerID, c.HandlerName).Overdue++
		}
		if p.Contains(c.CallbackDue) && CallbackHit(c, d.Mall.Loc) {
			get(c.HandlerID, c.HandlerName).CallbacksOnTime++
		}
		if p.Contains(c.VisitedAt) {
			get(c.HandlerID, c.HandlerName)
			callbacks[c.HandlerID]++
			if satisfiedVerdict(c.Verdict) {
				a(c.HandlerID).sat++
			}
		}
	}
	for i := range d.Inspections {
		in := &d.Inspections[i]
		if in.InspectorID != "" && p.Contains(in.FinishedAt) {
			get(in.InspectorID, in.InspectorName).Inspections++
		}
	}
	for i := range d.Rectifications {
		r := &d.Rectifications[i]
		if r.VerifierID != "" && p.Contains(r.VerifiedAt) {
			get(r.VerifierID, r.VerifierName).Rechecked++
		}
	}
	out := make([]StaffRow, 0, len(rows))
	for id, r := range rows {
		ac := a(id)
		r.ResolvedIn24h = ratio(ac.in24, float64(r.Handled))
		if r.Handled > 0 {
			avg := ac.hours / float64(r.Handled)
			r.AvgHours = &avg
		}
		r.CallbackSatisfaction = ratio(ac.sat, float64(callbacks[id]))
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// ShopRow is one shop's month (商铺排行).
type ShopRow struct {
	ID, Name          string
	Complaints        int // complaints registered in the period about the shop
	FailedItems       int // failed items of the shop's inspections in the period
	OverdueRectifying int // its rectifications due in the period not done by their deadline
}

// ShopStats ranks the shops with anything against them, worst first: by the
// sum of the three counts, then complaints, then name.
func ShopStats(d *Data, p period.Period) []ShopRow {
	rows := map[string]*ShopRow{}
	get := func(id, name string) *ShopRow {
		r := rows[id]
		if r == nil {
			r = &ShopRow{ID: id, Name: name}
			rows[id] = r
		}
		return r
	}
	for i := range d.Complaints {
		c := &d.Complaints[i]
		if c.ShopID != "" && p.Contains(c.RegisteredAt) {
			get(c.ShopID, c.ShopName).Complaints++
		}
	}
	for i := range d.Inspections {
		in := &d.Inspections[i]
		if in.ShopID != "" && in.Failed > 0 && p.Contains(in.FinishedAt) {
			get(in.ShopID, in.ShopName).FailedItems += in.Failed
		}
	}
	for i := range d.Rectifications {
		r := &d.Rectifications[i]
		if r.ShopID != "" && p.Contains(r.Deadline) && RectOverdue(r, p.End) {
			get(r.ShopID, r.ShopName).OverdueRectifying++
		}
	}
	out := make([]ShopRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sum := func(r ShopRow) int { return r.Complaints + r.FailedItems + r.OverdueRectifying }
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if sum(a) != sum(b) {
			return sum(a) > sum(b)
		}
		if a.Complaints != b.Complaints {
			return a.Complaints > b.Complaints
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ID < b.ID
	})
	return out
}
