package drill_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/clock"
	hooks "mallcare/pb_hooks"
	_ "mallcare/pb_migrations"
	"mallcare/syncapi"
)

// TestFailedUpgradeLeavesDataUntouched: a new version whose second new
// migration fails does not start (apis.Serve, what `mallcare serve` runs,
// returns the error before it listens), and the data dir is exactly as
// before — the first new migration's changes included, since all pending
// migrations run in one transaction. The old version then starts on it.
func TestFailedUpgradeLeavesDataUntouched(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s := newServer(t, dir)
	su := superuser(t, s)
	f := seed(t, su, []string{"AA"}, []string{"service"}, 1)
	p := newPhone(signIn(t, s.url(""), "users", f.emails["service1@AA"], userPass), "service1@AA", "AA", 1)
	p.queue("complaints", "create", p.newID(), map[string]any{"mall": f.malls["AA"], "channel": "phone", "target": "facility",
		"customer_name": "赵女士", "description": "电梯停运", "severity": "general"})
	if err := p.sync(); err != nil {
		t.Fatal(err)
	}
	if err := p.applied(); err != nil {
		t.Fatal(err)
	}
	s.stop()
	before := takeSnapshot(t, dir)

	// the next version: this test binary with MallCare's migrations and two new ones
	core.AppMigrations.Register(func(app core.App) error {
		if _, err := app.DB().NewQuery("UPDATE complaints SET description = 'rewritten by the upgrade'").Execute(); err != nil {
			return err
		}
		c := core.NewBaseCollection("upgrade_half_done")
		return app.Save(c)
	}, nil, "1999999998_upgrade_first.go")
	core.AppMigrations.Register(func(app core.App) error {
		return errors.New("the upgrade went wrong")
	}, nil, "1999999999_upgrade_fails.go")

	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	hooks.Register(app, clock.System)
	syncapi.Register(app)
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	err := apis.Serve(app, apis.ServeConfig{HttpAddr: freeAddr(t)})
	if err == nil || !strings.Contains(err.Error(), "1999999999_upgrade_fails.go") || !strings.Contains(err.Error(), "the upgrade went wrong") {
		t.Fatalf("start with a failing migration: %v", err)
	}
	if err := app.ResetBootstrapState(); err != nil {
		t.Fatal(err)
	}
	before.compare(t, takeSnapshot(t, dir), "the data dir after the failed upgrade")

	// the running version still starts on it and serves the complaint
	s.start()
	var list struct{ TotalItems int }
	p.api.must(t, "GET", "/api/collections/complaints/records", nil, &list)
	if list.TotalItems != 1 {
		t.Fatalf("%d complaints after the failed upgrade", list.TotalItems)
	}
}
