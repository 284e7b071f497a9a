package period_test

import (
	"testing"
	"time"

	"mallcare/domain"
	"mallcare/reports/period"
)

func TestPeriods(t *testing.T) {
	t.Parallel()
	sh := domain.Location("Asia/Shanghai")
	for _, c := range []struct {
		kind, name string
		start, end time.Time
	}{
		{"weekly", "2026-W47", time.Date(2026, 11, 16, 0, 0, 0, 0, sh), time.Date(2026, 11, 23, 0, 0, 0, 0, sh)},
		{"weekly", "2026-W01", time.Date(2025, 12, 29, 0, 0, 0, 0, sh), time.Date(2026, 1, 5, 0, 0, 0, 0, sh)},
		{"weekly", "2026-W53", time.Date(2026, 12, 28, 0, 0, 0, 0, sh), time.Date(2027, 1, 4, 0, 0, 0, 0, sh)},
		{"monthly", "2026-02", time.Date(2026, 2, 1, 0, 0, 0, 0, sh), time.Date(2026, 3, 1, 0, 0, 0, 0, sh)},
	} {
		p, err := period.Parse(c.kind, c.name, sh)
		if err != nil || !p.Start.Equal(c.start) || !p.End.Equal(c.end) {
			t.Errorf("%s: %v–%v %v", c.name, p.Start, p.End, err)
		}
	}
	for _, bad := range [][2]string{{"weekly", "2027-W53"}, {"weekly", "2026-11"}, {"monthly", "2026-13"}, {"yearly", "2026"}} {
		if _, err := period.Parse(bad[0], bad[1], sh); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	// a DST week in New York still has seven days, each starting at local midnight
	ny := domain.Location("America/New_York")
	p := period.WeekOf(time.Date(2026, 3, 5, 12, 0, 0, 0, ny)) // clocks go forward on Sunday 8 March
	days := p.Days()
	if p.Name != "2026-W10" || len(days) != 7 || days[6].Hour() != 0 || p.End.Sub(p.Start) != 167*time.Hour {
		t.Errorf("DST week %s %v", p.Name, days)
	}
	if got := period.MonthOf(time.Date(2026, 1, 15, 0, 0, 0, 0, sh)).Prev().Name; got != "2025-12" {
		t.Errorf("prev month %s", got)
	}
}
