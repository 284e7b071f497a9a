package admission

import (
	"context"
	"testing"
	"time"
)

func TestGateBounds(t *testing.T) {
	g := newGate(2, 1, 100*time.Millisecond)
	ctx := context.Background()
	r1, err1 := g.enter(ctx)
	r2, err2 := g.enter(ctx)
	if err1 != nil || err2 != nil {
		t.Fatalf("under the bound: %v %v", err1, err2)
	}
	// a queued request that gets a slot within the wait passes
	go func() { time.Sleep(20 * time.Millisecond); r1() }()
	r3, err := g.enter(ctx)
	if err != nil {
		t.Fatalf("a slot freed within MaxWait: %v", err)
	}
	// one waits (the queue holds one), the next is refused at once
	waited := make(chan error, 1)
	go func() {
		_, err := g.enter(ctx)
		waited <- err
	}()
	time.Sleep(20 * time.Millisecond)
	began := time.Now()
	if _, err := g.enter(ctx); err != errBusy || time.Since(began) > 20*time.Millisecond {
		t.Fatalf("past a full queue: %v after %s", err, time.Since(began))
	}
	if err := <-waited; err != errBusy {
		t.Fatalf("past MaxWait: %v", err)
	}
	r2()
	r3()
	if len(g.slots) != 0 || g.queued.Load() != 0 {
		t.Fatalf("left %d slots taken, %d queued", len(g.slots), g.queued.Load())
	}
}

func TestGateCancelledWhileQueued(t *testing.T) {
	g := newGate(1, 1, time.Minute)
	release, _ := g.enter(context.Background())
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(10 * time.Millisecond); cancel() }()
	if _, err := g.enter(ctx); err != context.Canceled {
		t.Fatalf("a client gone while queued: %v", err)
	}
}

func TestFromEnv(t *testing.T) {
	env := map[string]string{EnvMaxWrites: "6", EnvMaxReads: "32", EnvMaxWait: "250ms"}
	o, err := FromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil || o.MaxWrites != 6 || o.MaxReads != 32 || o.MaxWait != 250*time.Millisecond || o.MaxQueue != Defaults().MaxQueue {
		t.Fatalf("%+v %v", o, err)
	}
	for _, bad := range []map[string]string{{EnvMaxWrites: "many"}, {EnvMaxReads: "0"}, {EnvMaxWait: "1"}, {EnvRetryAfter: "100ms"}} {
		if _, err := FromEnv(func(k string) (string, bool) { v, ok := bad[k]; return v, ok }); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
