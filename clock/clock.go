// Package clock is the server's notion of "now", handed to the hooks, the
// scheduled jobs and the demo seed instead of a package global, so each app
// (and each test) has its own.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface{ Now() time.Time }

// System is the machine's clock.
var System Clock = systemClock{}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Settable reads the machine's clock until it is set to a fixed time; the
// demo seed backdates records with it, and tests pin it. Safe for
// concurrent use. The zero value is ready.
type Settable struct {
	mu  sync.RWMutex
	at  time.Time
	set bool
}

// Now is the set time, or the machine's time when none is set.
func (c *Settable) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.set {
		return c.at
	}
	return time.Now()
}

// Set pins the clock at t.
func (c *Settable) Set(t time.Time) {
	c.mu.Lock()
	c.at, c.set = t, true
	c.mu.Unlock()
}

// Advance moves a pinned clock on by d (from the machine's time when unset).
func (c *Settable) Advance(d time.Duration) {
	c.Set(c.Now().Add(d))
}

// Release lets the clock follow the machine again.
func (c *Settable) Release() {
	c.mu.Lock()
	c.set = false
	c.mu.Unlock()
}

// At is a clock stopped at t.
func At(t time.Time) Clock { return fixed(t) }

type fixed time.Time

func (f fixed) Now() time.Time { return time.Time(f) }
