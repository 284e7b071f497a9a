package ratelimit

import (
	"testing"
	"time"
)

func TestLimiterWindows(t *testing.T) {
	l := newLimiter(Rule{Requests: 3, Window: 10 * time.Second})
	t0 := time.Unix(1_800_000_000, 0)
	for i := range 3 {
		if ok, _ := l.take("a", t0.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("request %d refused", i+1)
		}
	}
	ok, wait := l.take("a", t0.Add(4*time.Second))
	if ok || wait != 6*time.Second {
		t.Fatalf("fourth request in the window: %v, wait %s", ok, wait)
	}
	if ok, _ := l.take("b", t0.Add(4*time.Second)); !ok {
		t.Fatal("another key shares the budget")
	}
	if ok, _ := l.take("a", t0.Add(10*time.Second)); !ok {
		t.Fatal("a new window did not start")
	}
	if full, _ := l.full("b", t0.Add(5*time.Second)); full {
		t.Fatal("b is not full")
	}
	// windows long past are dropped
	l.take("c", t0.Add(2*time.Minute))
	if len(l.keys) != 1 {
		t.Fatalf("%d keys kept", len(l.keys))
	}
}
