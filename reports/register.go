// Package reports binds the reports of shared/spec/reports.md to PocketBase:
// generation into the reports collections, the hourly schedule, on-demand
// jobs with progress and the /api/reports routes (docs/reports.md). What a
// report counts is package kpi (reports/kpi, periods in reports/period);
// how it is written is package workbook (reports/workbook).
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
