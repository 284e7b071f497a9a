package syncapi_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	hooks "mallcare/pb_hooks"
	"mallcare/syncapi"
)

// TestFreshStart: on an empty data directory the migrations run with the
// feed hooks bound (as "serve" does); the default records the schema writes
// enter the feed.
func TestFreshStart(t *testing.T) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	hooks.Register(app)
	syncapi.Register(app)
	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("fresh start: %v", err)
	}
	var n int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM sync_changes WHERE collection = 'inspection_templates'").Row(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("the default templates are not in the feed")
	}
}
