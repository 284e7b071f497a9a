package reports

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"mallcare/reports/kpi"
	"mallcare/reports/period"
)

// CronSpec runs the schedule hourly (at :15, PocketBase's cron is in UTC).
// Each run makes, for every mall, the weekly report of the week just ended
// and the monthly report of the month just ended in the mall's own time zone
// unless a final one exists. So the weekly report arrives in the first hour
// of Monday and the monthly in the first hour of the 1st, wherever the mall
// is; a run that failed (or a server that was down) is caught up an hour later.
const CronSpec = "15 * * * *"

// CronJobID is the job's id in app.Cron().
const CronJobID = "mallcare_reports"

// RunSchedule makes the missing reports as of now; it is idempotent.
// It returns how many reports it made.
func RunSchedule(app core.App, now time.Time) (int, error) {
	malls, err := app.FindAllRecords("malls")
	if err != nil {
		return 0, err
	}
	made := 0
	var firstErr error
	for _, m := range malls {
		mall, err := kpi.LoadMall(app, m.Id)
		if err != nil {
			continue
		}
		for _, kind := range []string{period.Weekly, period.Monthly} {
			p := period.Of(kind, now.In(mall.Loc)).Prev()
			if hasFinal(app, mall.ID, kind, p.Name) {
				continue
			}
			if _, err := GenerateWithRetry(app, Request{MallID: mall.ID, Kind: kind, Period: p.Name, Source: "schedule", At: now}, 3, 5*time.Second); err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			app.Logger().Info("report generated", "mall", mall.Code, "kind", kind, "period", p.Name, "source", "schedule")
			made++
		}
	}
	return made, firstErr
}

// hasFinal reports whether a report made after its period closed exists.
func hasFinal(app core.App, mallID, kind, period string) bool {
	var final bool
	err := app.DB().NewQuery(`SELECT COALESCE(json_extract(kpis, '$.final'), 0) FROM reports
		WHERE mall = {:m} AND kind = {:k} AND period = {:p} AND file != ''`).
		Bind(dbx.Params{"m": mallID, "k": kind, "p": period}).Row(&final)
	return err == nil && final
}
