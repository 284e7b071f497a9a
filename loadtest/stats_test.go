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
	ms := time.Millisecond
	phones := []int{50, 100, 200, 300}
	at, found, below := knee(phones, []time.Duration{40 * ms, 90 * ms, 300 * ms, 700 * ms}, 500*ms)
	if !found || below || at != 250 {
		t.Errorf("between 200 and 300: %v %v %v", at, found, below)
	}
	if _, found, _ := knee(phones, []time.Duration{1 * ms, 2 * ms, 3 * ms, 4 * ms}, 500*ms); found {
		t.Error("found a knee under the limit")
	}
	if at, found, below := knee(phones, []time.Duration{900 * ms, 1000 * ms, 2000 * ms, 3000 * ms}, 500*ms); !found || !below || at != 50 {
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
