// MallCare: an offline-first sync server and PWA for the customer-service
// centres of shopping malls, built on PocketBase.
package main

import (
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	_ "time/tzdata" // mall time zones work on hosts without zoneinfo

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"mallcare/clock"
	"mallcare/demo"
	hooks "mallcare/pb_hooks"
	_ "mallcare/pb_migrations"
	"mallcare/publicsurvey"
	"mallcare/ratelimit"
	"mallcare/replication"
	"mallcare/reports"
	"mallcare/shops"
	"mallcare/signedlink"
	"mallcare/staff"
	"mallcare/stmtcache"
	"mallcare/syncapi"
	"mallcare/ui"
)

func main() {
	// Dev mode (SQL logging) only with --dev, also under "go run", so the demo
	// logins stay readable on the console.
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDev: false, DBConnect: stmtcache.Connect,
		DataMaxOpenConns: stmtcache.PoolSize, DataMaxIdleConns: stmtcache.PoolSize})

	var withDemo bool
	app.RootCmd.PersistentFlags().BoolVar(&withDemo, "demo", false,
		"on an empty database, create demo malls, users and a few weeks of records, and print the logins")
	_ = app.RootCmd.ParseFlags(os.Args[1:])

	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{TemplateLang: migratecmd.TemplateLangGo, Dir: "pb_migrations"})
	replication.MustRegister(app, app.RootCmd)
	app.RootCmd.AddCommand(signedlink.NewCommand(app))
	// the machine's time, except while the demo seed backdates its records
	clk := &clock.Settable{}
	register(app, clk)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if withDemo {
			logins, err := demo.Seed(e.App, clk)
			if err != nil {
				return err
			}
			if logins != nil {
				demo.Print(os.Stdout, logins)
			}
		}
		return e.Next()
	})

	// The PWA at "/", registered last so that every API route wins.
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if !e.Router.HasRoute(http.MethodGet, "/{path...}") {
			e.Router.GET("/{path...}", ui.WithCacheHeaders(apis.Static(ui.DistFS, true)))
		}
		return e.Next()
	})

	if err := servePprof(os.Getenv("MALLCARE_PPROF_ADDR")); err != nil {
		log.Fatal(err)
	}
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// register binds MallCare's server behaviour: hooks, sync, reports and the
// per-user rate limits, staff, shops and the public survey, all reading the
// server time from clk.
func register(app core.App, clk clock.Clock) {
	hooks.Register(app, clk)
	syncapi.Register(app)
	reports.Register(app, clk)
	ratelimit.Register(app)
	staff.Register(app)
	shops.Register(app)
	publicsurvey.Register(app, clk)
}

// servePprof serves Go's profiles (/debug/pprof/) on addr, for an operator
// measuring the server under load; only on a loopback address, since
// profiles show request data.
func servePprof(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("MALLCARE_PPROF_ADDR %q: want a loopback host:port, such as 127.0.0.1:6060", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("MALLCARE_PPROF_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	go func() { _ = http.Serve(ln, mux) }()
	return nil
}
