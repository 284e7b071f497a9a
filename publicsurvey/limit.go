package publicsurvey

import (
	"sync"
	"time"

	"mallcare/clock"
)

// Limits of the public answers, per fixed window. A whole mall's guest Wi-Fi
// may share one address, and a kiosk that was offline sends its queue from
// one address too (it waits and resumes when told to), so the address limit
// is a flood guard, not a per-person one; a point takes at most one answer a
// second on average.
const (
	LimitWindow = time.Minute
	PerAddress  = 20
	PerPoint    = 60
)

// limiter counts events per key in fixed windows of the server clock.
type limiter struct {
	clock  clock.Clock
	max    int
	window time.Duration

	mu   sync.Mutex
	seen map[string]*windowCount
}

type windowCount struct {
	start time.Time
	n     int
}

func newLimiter(clk clock.Clock, max int, window time.Duration) *limiter {
	return &limiter{clock: clk, max: max, window: window, seen: map[string]*windowCount{}}
}

// allow counts one event for key. Over the limit it refuses and says how
// long until the window ends.
func (l *limiter) allow(key string) (bool, time.Duration) {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.seen[key]
	if c == nil || !now.Before(c.start.Add(l.window)) {
		if len(l.seen) >= 10_000 {
			l.forget(now)
		}
		c = &windowCount{start: now}
		l.seen[key] = c
	}
	if c.n >= l.max {
		return false, c.start.Add(l.window).Sub(now)
	}
	c.n++
	return true, 0
}

// forget drops the windows that have ended, so memory stays bounded.
func (l *limiter) forget(now time.Time) {
	for k, c := range l.seen {
		if !now.Before(c.start.Add(l.window)) {
			delete(l.seen, k)
		}
	}
}
