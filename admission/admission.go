// Package admission keeps the sync routes fast past the server's capacity:
// a bounded number of requests is handled at once, the rest wait in a short
// queue, and a request that would wait longer than a bound (or find the queue
// full) is answered 503 with Retry-After at once, before its body is read.
// Phones honour Retry-After and send the same mutations again, so a refusal
// costs a few seconds of delay instead of every request's latency growing
// without bound (docs/benchmarks.md, "Load").
package admission

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// MiddlewareID is the router middleware's id (to unbind it in a test).
const MiddlewareID = "mallcareAdmission"

// Options bound the requests handled at once. Writes (push, photo) and
// reads (pull) have pools of their own: writes queue for SQLite's one
// writer, and a pull must not wait behind them for a slot it would use for
// a few milliseconds.
type Options struct {
	// MaxWrites writes (any method but GET and HEAD) are handled at once.
	MaxWrites int
	// MaxReads reads (GET, HEAD) are handled at once.
	MaxReads int
	// MaxQueue requests may wait for a slot in each pool; one more is
	// refused at once.
	MaxQueue int
	// MaxWait is the longest a request waits in the queue before it is
	// refused: past it, the answer would come too late to be useful anyway.
	MaxWait time.Duration
	// RetryAfter is what a refused client is told to wait (whole seconds,
	// at least 1).
	RetryAfter time.Duration
}

// Defaults fit the reference machine (2 vCPU, docs/operations.md
// "Capacity"): a push spends most of its time waiting for SQLite's one
// writer, so two writes in flight keep it busy and more only lengthen
// every one of them (4 in flight and a 500 ms wait gave push p99 1.5 s at
// 200 phones, 2 and 250 ms gave 0.9 s at the same throughput; `make load`);
// pulls read concurrently (WAL) and are cheap.
func Defaults() Options {
	return Options{MaxWrites: 2, MaxReads: 16, MaxQueue: 256, MaxWait: 250 * time.Millisecond, RetryAfter: 2 * time.Second}
}

// Validate refuses options that would admit nothing or never refuse.
func (o Options) Validate() error {
	switch {
	case o.MaxWrites < 1 || o.MaxReads < 1:
		return fmt.Errorf("admission: MaxWrites and MaxReads must be at least 1, got %d and %d", o.MaxWrites, o.MaxReads)
	case o.MaxQueue < 0:
		return fmt.Errorf("admission: MaxQueue must not be negative, got %d", o.MaxQueue)
	case o.MaxWait < 0:
		return fmt.Errorf("admission: MaxWait must not be negative, got %s", o.MaxWait)
	case o.RetryAfter < time.Second:
		return fmt.Errorf("admission: RetryAfter must be at least 1s, got %s", o.RetryAfter)
	}
	return nil
}

// Middleware returns the router middleware for a group of routes (the two
// pools are shared by all of them), e.g.
// g.Bind(admission.Middleware(admission.Defaults())). It panics on invalid
// options: they are fixed at start-up (FromEnv checks them first).
func Middleware(o Options) *hook.Handler[*core.RequestEvent] {
	if err := o.Validate(); err != nil {
		panic(err)
	}
	writes := newGate(o.MaxWrites, o.MaxQueue, o.MaxWait)
	reads := newGate(o.MaxReads, o.MaxQueue, o.MaxWait)
	return &hook.Handler[*core.RequestEvent]{
		Id: MiddlewareID,
		Func: func(e *core.RequestEvent) error {
			g := writes
			if m := e.Request.Method; m == http.MethodGet || m == http.MethodHead {
				g = reads
			}
			release, err := g.enter(e.Request.Context())
			if err != nil {
				return busy(e, o.RetryAfter)
			}
			defer release()
			return e.Next()
		},
	}
}

// busy is the refusal: 503, Retry-After in seconds, nothing read or written.
func busy(e *core.RequestEvent, retry time.Duration) error {
	secs := int(math.Ceil(retry.Seconds()))
	e.Response.Header().Set("Retry-After", strconv.Itoa(secs))
	return router.NewApiError(http.StatusServiceUnavailable,
		fmt.Sprintf("服务器繁忙，请 %d 秒后重试 (server busy; retry after %d s)", secs, secs), nil)
}
