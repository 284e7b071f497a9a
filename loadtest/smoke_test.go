package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestSmoke: three phones for a few seconds against the real server, built
// from this repository: every operation answers, nothing fails.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server")
	}
	c, err := parseFlags([]string{"-phones", "3", "-duration", "5s", "-report-every", "2s", "-photo-pct", "50", "-photo-kb", "20"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	results, err := run(ctx, c, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 {
		t.Fatalf("%d steps", len(results))
	}
	r := results[0]
	for _, op := range []string{opPush, opPhoto, opFirstPage, opSignal, opSignIn} {
		if r.ops[op].N == 0 {
			t.Errorf("no %s measured", op)
		}
	}
	if f, to, _, _ := r.errors(); f+to > 0 {
		t.Errorf("%d errors, %d timeouts", f, to)
	}
	if r.results["applied"] == 0 || r.peakRSS == 0 || r.running != 3 {
		t.Errorf("applied %d, RSS %d, running %d", r.results["applied"], r.peakRSS, r.running)
	}
	if !strings.Contains(out.String(), "knee:") {
		t.Error("no knee line")
	}
}
