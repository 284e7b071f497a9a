package main

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/demo"
)

// TestFreshInstall runs what the first start does — every migration with all
// of MallCare's hooks bound, then the demo seed — on an empty data dir.
func TestFreshInstall(t *testing.T) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	register(app)
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ClearBootstrap()
	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("migrations on a fresh database: %v", err)
	}
	logins, err := demo.Seed(app)
	if err != nil || len(logins) == 0 {
		t.Fatalf("demo seed: %v", err)
	}
	var feed int
	if err := app.DB().NewQuery("SELECT count(*) FROM sync_changes").Row(&feed); err != nil || feed == 0 {
		t.Fatalf("demo records missing from the sync feed: %d %v", feed, err)
	}
}
