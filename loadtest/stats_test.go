package main

import (
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 200; i++ {
		s = append(s, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 100 * time.Millisecond, 95: 190 * time.Millisecond, 99: 198 * time.Millisecond, 100: 200 * time.Millisecond} {
		if got := percentile(s, p); got != want {
			t.Errorf("p%v = %s, want %s", p, got, want)
		}
	}
	if got := percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("one sample: %s", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("no sample: %s", got)
	}
	sum := summarize([]time.Duration{3, 1, 2}, map[outcome]int{ok: 3, busy: 2, timeout: 1})
	if sum.N != 3 || sum.P50 != 2 || sum.Max != 3 || sum.Busy != 2 || sum.Timeouts != 1 {
		t.Errorf("summary %+v", sum)
	}
}

func TestKnee(t *testing.T) {
	phones := []int{50, 100, 200, 300}
	at, found, below := knee(phones, []float64{40, 90, 300, 700}, 500)
	if !found || below || at != 250 {
		t.Errorf("between 200 and 300: %v %v %v", at, found, below)
	}
	if _, found, _ := knee(phones, []float64{1, 2, 3, 4}, 500); found {
		t.Error("found a knee under the limit")
	}
	if at, found, below := knee(phones, []float64{900, 1000, 2000, 3000}, 500); !found || !below || at != 50 {
		t.Errorf("over at the first step: %v %v %v", at, found, below)
	}
}

func TestFlags(t *testing.T) {
	c, err := parseFlags([]string{"-phones", "7", "-duration", "3s", "-repo", "/x"})
	if err != nil || len(c.steps) != 1 || c.steps[0] != 7 || c.stepFor != 3*time.Second {
		t.Fatalf("%+v %v", c, err)
	}
	for _, bad := range [][]string{{"-steps", "100,50"}, {"-steps", "a"}, {"-photo-pct", "101"}, {"-duration", "0s"}, {"extra"}} {
		if _, err := parseFlags(append(bad, "-repo", "/x")); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestFeedSeq(t *testing.T) {
	if n, ok := feedSeq("c.1042"); !ok || n != 1042 {
		t.Errorf("c.1042: %d %v", n, ok)
	}
	for _, c := range []string{"", "f.abc", "c.x"} {
		if _, ok := feedSeq(c); ok {
			t.Errorf("%q read as a feed position", c)
		}
	}
}

func TestPhotosAreUniqueJPEGs(t *testing.T) {
	pm := newPhotoMaker(50)
	a, b := pm.next(), pm.next()
	if string(a[:3]) != "\xff\xd8\xff" || string(a) == string(b) {
		t.Fatal("not distinct JPEGs")
	}
	if kb := pm.size() >> 10; kb < 35 || kb > 65 {
		t.Fatalf("asked 50 KB, made %d KB", kb)
	}
}

// A refused write counts against capacity; a refused pull does not (the
// phone pulls again on the next signal).
func TestRefusedShare(t *testing.T) {
	r := stepResult{ops: map[string]summary{
		opPush:  {N: 90, Busy: 6, Failed: 1},
		opPhoto: {N: 0, Limited: 2, Timeouts: 1},
		opPull:  {N: 10, Busy: 500},
	}}
	if got := r.refused(); got != 0.08 {
		t.Errorf("8 of 100 writes refused: %v", got)
	}
	if got := (stepResult{}).refused(); got != 0 {
		t.Errorf("no writes: %v", got)
	}
}
