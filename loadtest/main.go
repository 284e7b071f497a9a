// Command loadtest measures the sync server at capacity: it builds the real
// server, starts it on a loopback port with a temporary data dir and the
// demo data, and runs steps of simulated phones (sign in, first sync, then
// about one action a second: pushes, photos, pulls on the realtime signal)
// while an admin generates reports. For each step it prints latency
// percentiles per operation, throughput, errors, 429/503 counts and the
// server's CPU and memory, and at the end the knee: the phone count where
// push p99 passes 500 ms. Usage: make load (docs/benchmarks.md, "Load").
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// config is the command line.
type config struct {
	repo      string
	steps     []int
	stepFor   time.Duration
	perMall   int
	think     time.Duration
	photoPct  int
	photoKB   int
	reportsEv time.Duration
	timeout   time.Duration
	budget    time.Duration
	through   int
	serverEnv []string
	kneeLimit time.Duration
}

func parseFlags(args []string) (config, error) {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	c := config{}
	steps := fs.String("steps", "10,25,50,100,200,300,400", "phone counts of the steps, ascending (comma-separated)")
	phones := fs.Int("phones", 0, "one step of this many phones (instead of -steps)")
	fs.StringVar(&c.repo, "repo", "", "the repository whose main package is built (default: the one around this command)")
	fs.DurationVar(&c.stepFor, "duration", 30*time.Second, "how long each step is measured, after its new phones joined")
	fs.IntVar(&c.perMall, "phones-per-mall", 25, "phones of one mall (the first two malls are the demo's, with five weeks of records)")
	fs.DurationVar(&c.think, "think", time.Second, "a phone's mean time between two actions")
	fs.IntVar(&c.photoPct, "photo-pct", 20, "per cent of actions that upload a photo (and push the complaint naming it)")
	fs.IntVar(&c.photoKB, "photo-kb", 200, "size of one photo, in KB (the app reduces pictures before it sends them)")
	fs.DurationVar(&c.reportsEv, "report-every", 15*time.Second, "an admin generates a weekly report about this often (0: never)")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "a request unanswered for this long counts as a timeout")
	fs.DurationVar(&c.budget, "budget", 8*time.Minute, "the whole run stops starting steps past this")
	fs.IntVar(&c.through, "through", 200, "steps up to this many phones always run (the targets are at 200); later ones only while push p99 is under 500 ms")
	env := fs.String("server-env", "", "extra environment of the server, e.g. MALLCARE_SYNC_MAX_INFLIGHT=8 (comma-separated)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	c.kneeLimit = 500 * time.Millisecond
	if *phones > 0 {
		*steps = strconv.Itoa(*phones)
	}
	prev := 0
	for _, s := range strings.Split(*steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= prev {
			return c, fmt.Errorf("-steps %q: want ascending whole numbers above 0, such as 50,100,200", *steps)
		}
		c.steps, prev = append(c.steps, n), n
	}
	switch {
	case c.stepFor <= 0 || c.think <= 0 || c.timeout <= 0:
		return c, errors.New("-duration, -think and -timeout must be above 0")
	case c.perMall < 1:
		return c, errors.New("-phones-per-mall must be at least 1")
	case c.photoPct < 0 || c.photoPct > 100:
		return c, errors.New("-photo-pct must be 0–100")
	case c.photoKB < 1 || c.photoKB > 4096:
		return c, errors.New("-photo-kb must be 1–4096 (the server takes photos up to 5 MB)")
	}
	if *env != "" {
		c.serverEnv = strings.Split(*env, ",")
	}
	if c.repo == "" {
		repo, err := findRepo()
		if err != nil {
			return c, err
		}
		c.repo = repo
	}
	return c, nil
}

// findRepo is the nearest directory up from here holding go.mod.
func findRepo() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; name the repository with -repo")
		}
		dir = parent
	}
}

func main() {
	c, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := run(ctx, c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}
