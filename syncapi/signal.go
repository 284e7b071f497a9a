package syncapi

import (
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// signalDelay is the shortest gap between two "pull now" messages: a burst
// of writes (a pushed batch, a cron job) becomes one message at its start and
// one at most signalDelay later for the rest.
const signalDelay = 250 * time.Millisecond

// signaler tells subscribed realtime clients of a mall that its feed moved.
// It only says "pull" (and up to which seq); the records themselves travel
// through the pull, which applies the view rules.
//
// It signals on the leading edge: a write after a quiet spell goes out at
// once, so phone B sees phone A's change without waiting out a window.
type signaler struct {
	delay time.Duration
	send  func(pending map[string]int64)

	mu      sync.Mutex
	pending map[string]int64 // mall ('' = all malls) → latest seq
	timer   *time.Timer
	last    time.Time // when the last message went out
}

func newSignaler(app core.App) *signaler {
	return &signaler{delay: signalDelay, send: func(p map[string]int64) { broadcast(app, p) }, pending: map[string]int64{}}
}

func (s *signaler) mark(malls []string, seq int64) {
	if len(malls) == 0 {
		malls = []string{""}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range malls {
		s.pending[m] = max(s.pending[m], seq)
	}
	if s.timer == nil {
		// at once after a quiet spell; else when the gap has passed. Never
		// inline: mark runs on the writer's goroutine, sending may block.
		s.timer = time.AfterFunc(max(0, s.delay-time.Since(s.last)), s.flush)
	}
}

func (s *signaler) flush() {
	s.mu.Lock()
	pending := s.pending
	s.pending = map[string]int64{}
	s.timer = nil
	s.last = time.Now()
	s.mu.Unlock()
	s.send(pending)
}

// broadcast sends each subscribed client the malls it may see.
func broadcast(app core.App, pending map[string]int64) {
	for _, client := range app.SubscriptionsBroker().Clients() {
		if !client.HasSubscription(realtimeTopic) {
			continue
		}
		auth, _ := client.Get(apis.RealtimeClientAuthKey).(*core.Record)
		if auth == nil {
			continue
		}
		for mall, seq := range pending {
			if mall != "" && !auth.IsSuperuser() && !slices.Contains(auth.GetStringSlice("malls"), mall) {
				continue
			}
			data, _ := json.Marshal(map[string]any{"mall": mall, "seq": seq})
			client.Send(subscriptions.Message{Name: realtimeTopic, Data: data})
		}
	}
}
