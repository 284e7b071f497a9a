// Package reports makes the weekly 周报表 and the monthly 月考核表 workbooks
// of a mall (shared/spec/reports.md): KPIs (kpi.go, defined once), the
// workbook writers, the hourly schedule and the HTTP API (docs/reports.md).
package reports

import (
	"github.com/pocketbase/pocketbase/core"

	"mallcare/clock"
)

// Register binds the schedule and the /api/reports routes to app, with clk
// as the server's clock.
func Register(app core.App, clk clock.Clock) {
	app.Cron().MustAdd(CronJobID, CronSpec, func() {
		if _, err := RunSchedule(app, clk.Now()); err != nil {
			app.Logger().Error("scheduled reports incomplete", "error", err.Error())
		}
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		bindRoutes(se, &api{clock: clk})
		return se.Next()
	})
}
