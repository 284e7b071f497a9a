package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// stepResult is one step's figures.
type stepResult struct {
	phones, running int
	malls           int
	joinTook        time.Duration
	measured        time.Duration
	ops             map[string]summary
	results         map[string]int
	cores, genCores float64
	peakRSS         int64
	loadAvg         string
}

// run builds and starts the server, runs the steps and prints each one
// and the summary to w.
func run(ctx context.Context, c config, w io.Writer) ([]stepResult, error) {
	tmp, err := os.MkdirTemp("", "mallcare-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(w, "building the server from %s\n", c.repo)
	binary, err := buildServer(c.repo, tmp)
	if err != nil {
		return nil, err
	}
	began := time.Now()
	srv, err := startServer(binary, tmp, c.serverEnv)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	fmt.Fprintf(w, "server %s (pid %d) with the demo data, started in %s\n", srv.addr, srv.pid(), time.Since(began).Round(time.Millisecond))

	rec := newRecorder()
	hc := newHTTPClient(c.timeout)
	// the superuser's seeding is not measured: it may wait longer
	su := &client{base: srv.url(""), http: newHTTPClient(5 * time.Minute), rec: rec}
	if err := signIn(ctx, su, "_superusers", rootEmail, rootPass); err != nil {
		return nil, err
	}
	f, err := newFixture(ctx, su, c.perMall)
	if err != nil {
		return nil, err
	}
	photos := newPhotoMaker(c.photoKB)
	fmt.Fprintf(w, "photos of %d KB, %d %% of actions; think time %s; %d phones a mall; reports every %s\n",
		photos.size()>>10, c.photoPct, c.think, c.perMall, c.reportsEv)

	work, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	if c.reportsEv > 0 {
		email, malls, err := f.admin(ctx)
		if err != nil {
			return nil, fmt.Errorf("create the admin: %w", err)
		}
		admin := &client{base: srv.url(""), http: hc, rec: rec}
		if err := signIn(ctx, admin, "users", email, userPass); err != nil {
			return nil, err
		}
		wg.Go(func() { (&reporter{c: admin, malls: malls, every: c.reportsEv}).run(work) })
	}
	rt := &realtime{base: srv.url(""), http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4096}}, rec: rec}

	// the accounts of the steps that always run are made before any phone
	// works (each costs a password hash); later ones when their step comes
	accounts := map[int]account{}
	if err := makeAccounts(ctx, f, 0, alwaysRun(c), accounts); err != nil {
		return nil, err
	}
	var (
		results []stepResult
		running atomic.Int64
		started int
	)
	defer func() { printSummary(w, results, c.kneeLimit) }()
	for _, n := range c.steps {
		if ctx.Err() != nil {
			break
		}
		if spent := time.Since(began); spent+c.stepFor+30*time.Second > c.budget {
			fmt.Fprintf(w, "\nstopping before %d phones: %s spent of the %s budget (-budget)\n", n, spent.Round(time.Second), c.budget)
			break
		}
		rec.reset(false)
		if err := makeAccounts(ctx, f, started, n, accounts); err != nil {
			return results, err
		}
		var phones []*phone
		for i := started; i < n; i++ {
			a := accounts[i]
			phones = append(phones, &phone{n: i, email: a.email, mall: a.mall.id, shops: a.mall.shops,
				c: &client{base: srv.url(""), http: hc, rec: rec}, r: rand.New(rand.NewPCG(uint64(i), 11)),
				think: c.think, photoPct: c.photoPct, photos: photos,
				complaints: map[string]string{}, signalled: make(chan struct{}, 1)})
		}
		joinStart := time.Now() // the accounts were the superuser's work, not the phones'
		joined := make(chan error, len(phones))
		for _, p := range phones {
			wg.Go(func() {
				running.Add(1)
				defer running.Add(-1)
				p.run(work, userPass, rt, joined)
			})
		}
		var joinErrs []string
		for range phones {
			if err := <-joined; err != nil && err != errStopped {
				joinErrs = append(joinErrs, err.Error())
			}
		}
		started = n
		res := stepResult{phones: n, joinTook: time.Since(joinStart), malls: (n + c.perMall - 1) / c.perMall}
		if len(joinErrs) > 0 {
			fmt.Fprintf(w, "%d phones could not join, e.g. %s\n", len(joinErrs), joinErrs[0])
		}

		rec.turnOn()
		server, self := sampleProc(srv.pid()), sampleProc(os.Getpid())
		measureStart := time.Now()
		sleepCtx(ctx, c.stepFor)
		res.measured = time.Since(measureStart)
		res.ops, res.results = rec.snapshot()
		res.running = int(running.Load())
		res.cores, res.peakRSS, err = server.end()
		if err != nil {
			return results, fmt.Errorf("reading the server's /proc: %w", err)
		}
		res.genCores, _, _ = self.end()
		res.loadAvg = loadAverage()
		results = append(results, res)
		printStep(w, res)
		if p99 := res.ops[opPush].P99; p99 > c.kneeLimit && n >= c.through {
			fmt.Fprintf(w, "\npush p99 %s is past %s: no further steps (-through to run them)\n", ms(p99), ms(c.kneeLimit))
			break
		}
	}
	return results, nil
}

type account struct {
	email string
	mall  mall
}

// alwaysRun is the phone count of the last step that runs whatever the
// latencies.
func alwaysRun(c config) int {
	n := c.steps[0]
	for _, s := range c.steps {
		if s <= c.through {
			n = s
		}
	}
	return n
}

// makeAccounts creates the users of phones from..to-1 that are not made
// yet, four at a time (the superuser's work, not measured).
func makeAccounts(ctx context.Context, f *fixture, from, to int, into map[int]account) error {
	var (
		mu   sync.Mutex
		errs = make(chan error, max(0, to-from))
		sem  = make(chan struct{}, 4)
		wg   sync.WaitGroup
	)
	for i := from; i < to; i++ {
		mu.Lock()
		_, done := into[i]
		mu.Unlock()
		if done {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			m, err := f.mallOf(ctx, i)
			if err != nil {
				errs <- err
				return
			}
			email, err := f.account(ctx, i, m)
			if err != nil {
				errs <- fmt.Errorf("create account %d: %w", i, err)
				return
			}
			mu.Lock()
			into[i] = account{email: email, mall: m}
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func signIn(ctx context.Context, c *client, collection, email, password string) error {
	var out struct{ Token string }
	err := c.do(ctx, jsonRequest("seed", "POST", "/api/collections/"+collection+"/auth-with-password",
		map[string]string{"identity": email, "password": password}), &out)
	if err != nil {
		return fmt.Errorf("sign in %s: %w", email, err)
	}
	c.token = out.Token
	return nil
}

func mustJSON(v any) []byte { return jsonRequest("", "", "", v).body }

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(raw))[:3], " ")
}
