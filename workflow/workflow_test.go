package workflow_test

import (
	"strings"
	"testing"
	"time"

	"mallcare/workflow"
)

func TestCheckComplaintMessages(t *testing.T) {
	err := workflow.CheckComplaint(workflow.Registered, workflow.Resolved)
	if err == nil || !strings.Contains(err.Error(), "已登记") || !strings.Contains(err.Error(), "核实中") {
		t.Fatalf("message should name the current state and the legal next ones: %v", err)
	}
	if err := workflow.CheckComplaint(workflow.Closed, workflow.Registered); err == nil || !strings.Contains(err.Error(), "cannot change status") {
		t.Fatalf("closed complaint: %v", err)
	}
	for _, s := range []string{workflow.Registered, workflow.Verifying, workflow.Proposed} {
		if err := workflow.CheckComplaint(s, workflow.Withdrawn); err != nil || !workflow.IsOpen(s) {
			t.Fatalf("withdraw from %s: %v", s, err)
		}
	}
	if err := workflow.CheckComplaint(workflow.Resolved, workflow.Withdrawn); err == nil {
		t.Fatal("a resolved complaint was withdrawn")
	}
}

// TestCallbackWindow: a callback counts on the 1st to the 5th calendar day
// after the day of resolution, in the mall's time zone.
func TestCallbackWindow(t *testing.T) {
	sh := workflow.Location("Asia/Shanghai")
	resolved := time.Date(2026, 11, 30, 23, 30, 0, 0, sh) // 15:30 UTC
	cases := []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 11, 30, 23, 59, 0, 0, sh), false}, // day 0
		{time.Date(2026, 12, 1, 0, 0, 0, 0, sh), true},     // day 1, 30 minutes later
		{time.Date(2026, 12, 5, 23, 59, 59, 0, sh), true},  // day 5, last second
		{time.Date(2026, 12, 6, 0, 0, 0, 0, sh), false},    // day 6
	}
	for _, c := range cases {
		if got := workflow.CallbackOnTime(resolved, c.at, sh); got != c.want {
			t.Errorf("callback at %v: on time = %v, want %v", c.at, got, c.want)
		}
	}
}

func TestLocationFallback(t *testing.T) {
	if workflow.Location("").String() != "Asia/Shanghai" || workflow.Location("Nowhere/Else").String() != "Asia/Shanghai" {
		t.Fatal("unknown or empty zones fall back to Asia/Shanghai")
	}
	if workflow.Location("Europe/Berlin").String() != "Europe/Berlin" {
		t.Fatal("valid zone not honoured")
	}
}
