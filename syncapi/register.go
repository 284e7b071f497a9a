// Package syncapi is MallCare's sync server: an exactly-once push that runs
// each mutation through PocketBase's own record handlers, a change feed
// written in the same transaction as every write, a pull filtered by the
// users' view rules, staged photos and a realtime "pull now" signal. The wire
// format is documented in docs/sync.md.
package syncapi

import (
	"os"
	"slices"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/admission"
)

// pulled lists the synced collections in first-sync order (parents first,
// so a phone can resolve relations as records arrive).
var pulled = []string{
	"malls", "users", "shops", "inspection_templates", "survey_templates", "inspection_plans",
	"complaints", "complaint_events", "inspections", "inspection_results", "rectifications",
	"survey_responses", "notifications", "rectification_events",
}

// Pulled lists the collections phones hold, in first-sync order.
func Pulled() []string { return slices.Clone(pulled) }

// pushable: collections a phone may write through sync. Accounts and malls
// are managed through the REST API and the admin UI.
var pushable = map[string]bool{
	"shops": true, "inspection_templates": true, "survey_templates": true, "inspection_plans": true,
	"complaints": true, "complaint_events": true, "inspections": true, "inspection_results": true,
	"rectifications": true, "survey_responses": true, "notifications": true,
}

// appendOnly collections are create-only through sync and never conflict.
var appendOnly = map[string]bool{
	"complaint_events": true, "inspection_results": true, "survey_responses": true,
}

// Limits of one push request (documented in docs/sync.md).
const (
	MaxMutations  = 200
	MaxPushBytes  = 4 << 20
	DefaultLimit  = 200
	MaxPullLimit  = 1000
	photoPrefix   = "photo:"
	realtimeTopic = "mallcare/sync"
)

// Register binds the sync routes, the change-feed model hooks (ordered by
// FeedPriority, so before or after hooks.Register alike), the realtime
// signal and the prune job to app. Call it once.
func Register(app core.App) {
	sig := newSignaler(app)
	bindFeed(app, sig)
	bindPrune(app)
	bindTails(app)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		// past the instance's capacity a phone is told to come back
		// (503 + Retry-After) rather than queued for seconds
		limits, err := admission.FromEnv(os.LookupEnv)
		if err != nil {
			return err
		}
		// admission before the compressor: each gzip writer is about a MB,
		// and a pull waiting in the queue must not hold one (under 200
		// phones they were two thirds of the heap)
		g := e.Router.Group("/api/sync")
		g.Bind(apis.RequireAuth(), admission.Middleware(limits), apis.Gzip())
		g.POST("/push", handlePush)
		g.GET("/pull", handlePull)
		// the photo handler checks its own body size, to answer in the app's words
		g.POST("/photo", handlePhoto).Bind(apis.BodyLimit(0))
		return e.Next()
	})
}
