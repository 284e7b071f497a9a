package main

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/clock"
	"mallcare/demo"
)

// TestFreshInstall runs what the first start does — every migration with all
// of MallCare's hooks bound, then the demo seed — on an empty data dir.
func TestFreshInstall(t *testing.T) {
	t.Parallel()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	clk := &clock.Settable{}
	register(app, clk)
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ClearBootstrap()
	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("migrations on a fresh database: %v", err)
	}
	logins, err := demo.Seed(app, clk)
	if err != nil || len(logins) == 0 {
		t.Fatalf("demo seed: %v", err)
	}
	// the default templates (written by a migration) and the demo records
	// are all in the sync feed, so a first sync sends them
	for _, collection := range []string{"inspection_templates", "survey_templates", "complaints"} {
		var n int
		err := app.DB().NewQuery("SELECT count(*) FROM sync_changes WHERE collection = {:c}").Bind(map[string]any{"c": collection}).Row(&n)
		if err != nil || n == 0 {
			t.Fatalf("%s missing from the sync feed: %d %v", collection, n, err)
		}
	}
}
