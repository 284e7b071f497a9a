package syncapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"mallcare/internal/mallcaretest"
)

func subscriber(env *mallcaretest.Env, user string) *subscriptions.DefaultClient {
	c := subscriptions.NewDefaultClient()
	c.Set(apis.RealtimeClientAuthKey, env.Users[user])
	c.Subscribe("mallcare/sync")
	env.SubscriptionsBroker().Register(c)
	return c
}

func TestRealtimeSignalPerMall(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	a, b := subscriber(env, "service@AA"), subscriber(env, "service@BB")
	start := time.Now()
	mustApply(t, env, "manager@AA", mut("complaints", "create", rid(), complaintData(env, "AA")))
	select {
	case msg := <-a.Channel():
		var data struct {
			Mall string
			Seq  int64
		}
		if err := json.Unmarshal(msg.Data, &data); err != nil || msg.Name != "mallcare/sync" || data.Mall != env.Malls["AA"].Id || data.Seq == 0 {
			t.Fatalf("signal: %s %s", msg.Name, msg.Data)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("signal after %v", d)
		}
	case <-time.After(time.Second):
		t.Fatal("no signal within a second")
	}
	select {
	case msg := <-b.Channel():
		t.Fatalf("mall BB was signalled about mall AA: %s", msg.Data)
	case <-time.After(400 * time.Millisecond):
	}
}
