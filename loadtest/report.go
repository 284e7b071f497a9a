package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

func ms(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < 10*time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
}

// mutations is the count of push results (each mutation answered once).
func mutations(results map[string]int) int {
	n := 0
	for _, v := range results {
		n += v
	}
	return n
}

func (r stepResult) errors() (failed, timeouts, limited, busy int) {
	for _, s := range r.ops {
		failed, timeouts, limited, busy = failed+s.Failed, timeouts+s.Timeouts, limited+s.Limited, busy+s.Busy
	}
	return
}

func printStep(w io.Writer, r stepResult) {
	fmt.Fprintf(w, "\n== %d phones in %d malls (%d running; the new ones joined in %s), measured %s\n",
		r.phones, r.malls, r.running, r.joinTook.Round(100*time.Millisecond), r.measured.Round(time.Second))
	fmt.Fprintf(w, "%-20s %7s %8s %8s %8s %8s %6s %8s %5s %5s\n", "operation", "n", "p50", "p95", "p99", "max", "errors", "timeouts", "429", "503")
	for _, op := range orderedOps(r.ops) {
		s := r.ops[op]
		fmt.Fprintf(w, "%-20s %7d %8s %8s %8s %8s %6d %8d %5d %5d\n", op, s.N, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), s.Failed, s.Timeouts, s.Limited, s.Busy)
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(r.results)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, r.results[k]))
	}
	fmt.Fprintf(w, "mutations: %.1f/s (%s)\n", float64(mutations(r.results))/r.measured.Seconds(), strings.Join(parts, ", "))
	fmt.Fprintf(w, "server: %.2f cores, peak RSS %d MB; load generator %.2f cores; load average %s\n",
		r.cores, r.peakRSS>>20, r.genCores, r.loadAvg)
	for _, op := range orderedOps(r.ops) {
		if e := r.ops[op].FirstErr; e != "" {
			fmt.Fprintf(w, "first %s error: %.400s\n", op, e)
		}
	}
}

// refusedLimit is the share of writes refused (429, 503) past which a step
// counts as over capacity: admission keeps the p99 of what it admits under
// the bound, so past the knee the refusals grow instead of the latency.
const refusedLimit = 0.01

// refused is the share of the step's writes (pushes and photos) answered
// 429 or 503.
func (r stepResult) refused() float64 {
	var all, refused int
	for _, op := range []string{opPush, opPhoto} {
		s := r.ops[op]
		all += s.N + s.Failed + s.Timeouts + s.Limited + s.Busy
		refused += s.Limited + s.Busy
	}
	if all == 0 {
		return 0
	}
	return float64(refused) / float64(all)
}

// printSummary is one line a step, the knees and the targets.
func printSummary(w io.Writer, results []stepResult, limit time.Duration) {
	if len(results) == 0 {
		return
	}
	fmt.Fprintf(w, "\n== summary\n%6s %9s %9s %9s %9s %9s %7s %6s %8s %5s %5s %8s %5s %7s\n",
		"phones", "push p50", "push p99", "photo p99", "pull p99", "signal p99", "mut/s", "errors", "timeouts", "429", "503", "refused", "cores", "RSS MB")
	var phones []int
	var p99, refused []float64
	for _, r := range results {
		f, t, l, b := r.errors()
		fmt.Fprintf(w, "%6d %9s %9s %9s %9s %9s %7.1f %6d %8d %5d %5d %7.1f%% %5.2f %7d\n", r.phones,
			ms(r.ops[opPush].P50), ms(r.ops[opPush].P99), ms(r.ops[opPhoto].P99), ms(r.ops[opPull].P99), ms(r.ops[opSignal].P99),
			float64(mutations(r.results))/r.measured.Seconds(), f, t, l, b, 100*r.refused(), r.cores, r.peakRSS>>20)
		phones = append(phones, r.phones)
		p99, refused = append(p99, float64(r.ops[opPush].P99)), append(refused, r.refused())
	}
	last := phones[len(phones)-1]
	switch at, found, below := knee(phones, p99, float64(limit)); {
	case !found:
		fmt.Fprintf(w, "knee: push p99 stayed under %s up to %d phones (the knee is further)\n", ms(limit), last)
	case below:
		fmt.Fprintf(w, "knee: push p99 was over %s already at %d phones\n", ms(limit), phones[0])
	default:
		fmt.Fprintf(w, "knee: push p99 passes %s at ≈ %.0f phones (interpolated between the steps)\n", ms(limit), at)
	}
	switch at, found, below := knee(phones, refused, refusedLimit); {
	case !found:
		fmt.Fprintf(w, "knee: writes refused stayed under %.0f%% up to %d phones (the knee is further)\n", 100*refusedLimit, last)
	case below:
		fmt.Fprintf(w, "knee: writes refused were over %.0f%% already at %d phones\n", 100*refusedLimit, phones[0])
	default:
		fmt.Fprintf(w, "knee: writes refused pass %.0f%% at ≈ %.0f phones (interpolated between the steps): the capacity, whichever knee comes first\n", 100*refusedLimit, at)
	}
	for _, r := range results {
		if r.phones != 200 {
			continue
		}
		f, t, _, _ := r.errors()
		check := func(okay bool) string {
			if okay {
				return "met"
			}
			return "MISSED"
		}
		fmt.Fprintf(w, "targets at 200 phones: push p99 %s < 500ms %s; photo p99 %s < 1s %s; errors %d, timeouts %d %s; RSS %d MB < 300 MB %s; writes refused %.1f%% < %.0f%% %s\n",
			ms(r.ops[opPush].P99), check(r.ops[opPush].P99 < 500*time.Millisecond),
			ms(r.ops[opPhoto].P99), check(r.ops[opPhoto].P99 < time.Second),
			f, t, check(f+t == 0), r.peakRSS>>20, check(r.peakRSS < 300<<20),
			100*r.refused(), 100*refusedLimit, check(r.refused() < refusedLimit))
	}
}
