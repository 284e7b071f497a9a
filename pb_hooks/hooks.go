// Package hooks binds MallCare's server-owned behaviour to a PocketBase app:
// complaint numbers, SLA times, workflow transitions and the timeline,
// inspection snapshots and scores, rectifications, survey scoring, tenant
// checks and notifications, all by the rules of package domain. Model hooks
// run on every path a write takes (REST, admin UI, sync, cron); request
// hooks guard what clients may send.
package hooks

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/clock"
	"mallcare/domain"
)

// server holds what the hooks share: the clock every server stamp reads.
type server struct{ clock clock.Clock }

// Register binds all hooks to app, with clk as the server's clock. Call it
// once, before the app starts.
func Register(app core.App, clk clock.Clock) {
	s := &server{clock: clk}
	bindClientWrites(app)
	bindDirectory(app)
	bindTenancy(app)
	bindMalls(app)
	bindUsers(app)
	s.bindComplaints(app)
	s.bindInspections(app)
	s.bindRectifications(app)
	bindSurveys(app)
	bindNotifications(app)
	s.bindOverdue(app)
	s.bindNotices(app)
	bindPlans(app)
}

// fieldError is a 400 field error with a stable code for clients.
func fieldError(field, code, message string) validation.Errors {
	return validation.Errors{field: validation.NewError("mallcare_"+code, message)}
}

// transitionError is a refused status change as a field error.
func transitionError(err error) validation.Errors {
	return validation.Errors{"status": validation.NewError(domain.CodeIllegalTransition, err.Error())}
}

// mallLocation loads a mall's time zone.
func mallLocation(app core.App, mallID string) (*time.Location, error) {
	mall, err := lookup(app, "malls", mallID)
	if err != nil {
		return nil, fieldError("mall", "unknown_mall", "商场不存在 (unknown mall)")
	}
	return domain.Location(mall.tz), nil
}

// newRecord starts a record the server writes itself, its created/updated
// stamped with the server clock (so a backfill dates it correctly too).
func (s *server) newRecord(app core.App, collection string) (*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	stamp(r, s.clock.Now(), true)
	return r, nil
}

// stamp sets a record's autodate fields explicitly (PocketBase keeps values
// set with SetRaw instead of its own clock).
func stamp(r *core.Record, t time.Time, created bool) {
	dt, _ := types.ParseDateTime(t)
	if created {
		r.SetRaw("created", dt)
	}
	r.SetRaw("updated", dt)
}

// inTx runs fn with e.App bound to a transaction (joining one already open),
// so a hook's own writes commit or roll back together with the record.
func inTx(e *core.RecordEvent, fn func() error) error {
	return e.App.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn()
	})
}
