package syncapi

import (
	"testing"
	"time"
)

// TestSignalLeadingEdge: the first write after a quiet spell is signalled at
// once; the rest of a burst waits for the gap and goes out as one message
// with the latest seq.
func TestSignalLeadingEdge(t *testing.T) {
	t.Parallel()
	const gap = 2 * time.Second // long, so a slow machine cannot blur the two edges
	sent := make(chan map[string]int64, 10)
	s := &signaler{delay: gap, send: func(p map[string]int64) { sent <- p }, pending: map[string]int64{}}

	start := time.Now()
	s.mark([]string{"AA"}, 1)
	first := <-sent
	if d := time.Since(start); d >= gap/2 || first["AA"] != 1 {
		t.Fatalf("first signal %v after %v, want AA:1 at once", first, d)
	}

	// a burst right after: nothing until the gap has passed, then one message
	s.mark([]string{"AA"}, 2)
	s.mark([]string{"AA", "BB"}, 3)
	s.mark([]string{"AA"}, 4)
	select {
	case p := <-sent:
		t.Fatalf("burst signalled before the gap: %v", p)
	case <-time.After(gap / 2):
	}
	select {
	case p := <-sent:
		if p["AA"] != 4 || p["BB"] != 3 || len(p) != 2 {
			t.Fatalf("burst signal %v, want AA:4 BB:3", p)
		}
	case <-time.After(2 * gap):
		t.Fatal("the burst was never signalled")
	}
	select {
	case p := <-sent:
		t.Fatalf("one burst, two trailing signals: %v", p)
	case <-time.After(gap / 4):
	}

	// quiet again for a gap: the next write goes out at once
	time.Sleep(gap)
	start = time.Now()
	s.mark(nil, 5)
	if p := <-sent; time.Since(start) >= gap/2 || p[""] != 5 {
		t.Fatalf("after a quiet spell: %v after %v", p, time.Since(start))
	}
}
