// Package period names the spans a report covers in a mall's calendar: the
// ISO week (Monday 00:00 to the next Monday 00:00) and the calendar month,
// in the mall's time zone, with the names ("2026-W47", "2026-11") and the
// labels staff read. It is pure Go; the app's own period code is checked
// against it (tsgen writes its answers for a set of dates).
package period

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Report kinds.
const (
	Weekly  = "weekly"
	Monthly = "monthly"
)

// Period is a closed-open span [Start, End) of a mall's calendar: an ISO week
// (Monday 00:00 to the next Monday 00:00) or a calendar month, in the mall's
// time zone.
type Period struct {
	Kind  string    // Weekly or Monthly
	Name  string    // "2026-W47" or "2026-11"
	Start time.Time // in the mall's location
	End   time.Time
}

var (
	weekName  = regexp.MustCompile(`^(\d{4})-W(\d{2})$`)
	monthName = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
)

// Parse reads "2026-W47" (weekly) or "2026-11" (monthly) in loc.
func Parse(kind, name string, loc *time.Location) (Period, error) {
	switch kind {
	case Weekly:
		m := weekName.FindStringSubmatch(name)
		if m == nil {
			return Period{}, fmt.Errorf("周期格式应为 2026-W47 (a weekly period looks like 2026-W47)")
		}
		y, _ := strconv.Atoi(m[1])
		w, _ := strconv.Atoi(m[2])
		p := WeekOf(isoWeekMonday(y, w, loc))
		if p.Name != name {
			return Period{}, fmt.Errorf("%d 年没有第 %d 周 (year %d has no week %d)", y, w, y, w)
		}
		return p, nil
	case Monthly:
		m := monthName.FindStringSubmatch(name)
		if m == nil {
			return Period{}, fmt.Errorf("周期格式应为 2026-11 (a monthly period looks like 2026-11)")
		}
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return Period{}, fmt.Errorf("月份应为 01–12 (month must be 01-12)")
		}
		return MonthOf(time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, loc)), nil
	}
	return Period{}, fmt.Errorf("报表类型应为 weekly 或 monthly (kind must be weekly or monthly)")
}

// isoWeekMonday is the Monday of ISO week w of year y: week 1 holds 4 January.
func isoWeekMonday(y, w int, loc *time.Location) time.Time {
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, loc)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return time.Date(y, 1, 4-offset+(w-1)*7, 0, 0, 0, 0, loc)
}

// WeekOf is the ISO week containing t, in t's location.
func WeekOf(t time.Time) Period {
	loc := t.Location()
	y, m, d := t.Date()
	offset := (int(t.Weekday()) + 6) % 7
	start := time.Date(y, m, d-offset, 0, 0, 0, 0, loc)
	iy, iw := start.ISOWeek()
	return Period{Kind: Weekly, Name: fmt.Sprintf("%d-W%02d", iy, iw), Start: start,
		End: time.Date(y, m, d-offset+7, 0, 0, 0, 0, loc)}
}

// MonthOf is the calendar month containing t, in t's location.
func MonthOf(t time.Time) Period {
	y, m, _ := t.Date()
	start := time.Date(y, m, 1, 0, 0, 0, 0, t.Location())
	return Period{Kind: Monthly, Name: start.Format("2006-01"), Start: start, End: start.AddDate(0, 1, 0)}
}

// Of is the period of the given kind containing t.
func Of(kind string, t time.Time) Period {
	if kind == Weekly {
		return WeekOf(t)
	}
	return MonthOf(t)
}

// Prev is the period just before p.
func (p Period) Prev() Period { return Of(p.Kind, p.Start.Add(-time.Hour)) }

// Contains reports whether t falls in [Start, End).
func (p Period) Contains(t time.Time) bool {
	return !t.IsZero() && !t.Before(p.Start) && t.Before(p.End)
}

// Days lists the midnights of the period's days (DST-safe).
func (p Period) Days() []time.Time {
	var out []time.Time
	for d := p.Start; d.Before(p.End); {
		out = append(out, d)
		y, m, dd := d.Date()
		d = time.Date(y, m, dd+1, 0, 0, 0, 0, d.Location())
	}
	return out
}

// Label is the period as staff read it, e.g. "2026年第47周（11月16日—11月22日）".
func (p Period) Label() string {
	if p.Kind == Weekly {
		last := p.End.AddDate(0, 0, -1)
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("%d年第%d周（%d月%d日—%d月%d日）", y, w, p.Start.Month(), p.Start.Day(), last.Month(), last.Day())
	}
	return fmt.Sprintf("%d年%d月", p.Start.Year(), p.Start.Month())
}
