package admission

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// errBusy: no slot within the wait bound, or the queue is full.
var errBusy = errors.New("admission: busy")

// gate is a counting semaphore with a bounded queue and a bounded wait.
type gate struct {
	slots   chan struct{}
	queued  atomic.Int64
	maxQ    int64
	maxWait time.Duration
}

func newGate(inFlight, queue int, maxWait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, inFlight), maxQ: int64(queue), maxWait: maxWait}
}

// enter takes a slot, waiting at most maxWait; release gives it back.
func (g *gate) enter(ctx context.Context) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.queued.Add(1) > g.maxQ {
		g.queued.Add(-1)
		return nil, errBusy
	}
	defer g.queued.Add(-1)
	timer := time.NewTimer(g.maxWait)
	defer timer.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-timer.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
