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

// signalDelay coalesces a burst of writes (a pushed batch, a cron job) into
// one "pull now" message per mall.
const signalDelay = 250 * time.Millisecond

// signaler tells subscribed realtime clients of a mall that its feed moved.
// It only says "pull"; the records themselves travel through the pull, which
// applies the view rules.
type signaler struct {
	app     core.App
	mu      sync.Mutex
	pending map[string]int64 // mall ('' = all malls) → latest seq
	timer   *time.Timer
}

func newSignaler(app core.App) *signaler {
	return &signaler{app: app, pending: map[string]int64{}}
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
		s.timer = time.AfterFunc(signalDelay, s.flush)
	}
}

func (s *signaler) flush() {
	s.mu.Lock()
	pending := s.pending
	s.pending = map[string]int64{}
	s.timer = nil
	s.mu.Unlock()

	for _, client := range s.app.SubscriptionsBroker().Clients() {
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
