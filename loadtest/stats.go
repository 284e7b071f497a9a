package main

import (
	"math"
	"slices"
	"sync"
	"time"
)

// The operations measured, in the order they are printed.
const (
	opPush      = "push"
	opPhoto     = "photo"
	opPull      = "pull"
	opFirstPage = "first-sync page"
	opSignal    = "signal→pulled"
	opReport    = "report"
	opSignIn    = "sign-in"
	opSubscribe = "realtime subscribe"
	opRealtime  = "realtime stream"
)

// ops are printed in this order, any other (the seeding, a report's
// request and job polls) after them by name.
var ops = []string{opPush, opPhoto, opPull, opFirstPage, opSignal, opReport, opSignIn, opSubscribe, opRealtime}

func orderedOps(seen map[string]summary) []string {
	var out, rest []string
	for _, op := range ops {
		if _, ok := seen[op]; ok {
			out = append(out, op)
		}
	}
	for op := range seen {
		if !slices.Contains(ops, op) {
			rest = append(rest, op)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// outcome of one request as the phone saw it.
type outcome int

const (
	ok      outcome = iota
	failed          // a non-2xx other than 429/503, a network error, a wrong answer
	timeout         // no answer within the client's timeout
	limited         // 429: waited out Retry-After
	busy            // 503: waited out Retry-After
)

// recorder collects latencies and counts per operation for one step.
type recorder struct {
	mu       sync.Mutex
	on       bool
	samples  map[string][]time.Duration
	counts   map[string]map[outcome]int
	results  map[string]int // push results by status (applied, conflict, …)
	firstErr map[string]string
}

func newRecorder() *recorder {
	r := &recorder{}
	r.reset(false)
	return r
}

// reset empties the recorder; while off it records nothing (a step's
// phones joining are not part of its figures, except their first sync).
func (r *recorder) reset(on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = on
	r.samples = map[string][]time.Duration{}
	r.counts = map[string]map[outcome]int{}
	r.results = map[string]int{}
	r.firstErr = map[string]string{}
}

// add records one request; always says whether it was kept.
func (r *recorder) add(op string, o outcome, took time.Duration, always bool, detail string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.on && !always {
		return
	}
	if r.counts[op] == nil {
		r.counts[op] = map[outcome]int{}
	}
	r.counts[op][o]++
	if o == ok {
		r.samples[op] = append(r.samples[op], took)
	}
	if (o == failed || o == timeout) && r.firstErr[op] == "" {
		r.firstErr[op] = detail
	}
}

// turnOn starts recording everything, keeping what is already held.
func (r *recorder) turnOn() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = true
}

func (r *recorder) result(status string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		r.results[status]++
	}
}

// summary of one operation in one step.
type summary struct {
	N                  int
	P50, P95, P99, Max time.Duration
	Failed, Timeouts   int
	Limited, Busy      int
	FirstErr           string
}

// percentile by the nearest-rank method: the smallest sample with at least
// p % of the samples at or below it.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func summarize(samples []time.Duration, counts map[outcome]int) summary {
	s := slices.Clone(samples)
	slices.Sort(s)
	out := summary{N: len(s), Failed: counts[failed], Timeouts: counts[timeout], Limited: counts[limited], Busy: counts[busy]}
	if len(s) > 0 {
		out.P50, out.P95, out.P99, out.Max = percentile(s, 50), percentile(s, 95), percentile(s, 99), s[len(s)-1]
	}
	return out
}

// snapshot summarises what the recorder holds.
func (r *recorder) snapshot() (map[string]summary, map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]summary{}
	for op, counts := range r.counts {
		s := summarize(r.samples[op], counts)
		s.FirstErr = r.firstErr[op]
		out[op] = s
	}
	results := map[string]int{}
	for k, v := range r.results {
		results[k] = v
	}
	return out, results
}

// knee is where a figure of the steps (push p99, the share of writes
// refused) first passes limit, interpolated linearly between the last step
// under it and the first over it; found is false when every step stayed
// under (the knee is beyond the last step) and below is true when even the
// first step was over.
func knee(phones []int, ys []float64, limit float64) (at float64, found, below bool) {
	for i := range phones {
		if ys[i] <= limit {
			continue
		}
		if i == 0 {
			return float64(phones[0]), true, true
		}
		x0, x1 := float64(phones[i-1]), float64(phones[i])
		return x0 + (x1-x0)*(limit-ys[i-1])/(ys[i]-ys[i-1]), true, false
	}
	return 0, false, false
}
