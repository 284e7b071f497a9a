// Package workflow defines the complaint and rectification state machines
// and the complaint SLAs from the manuals. It is pure: the hooks enforce it on
// every write, sync uses it to detect conflicts, and reports count by it.
package workflow

import (
	"fmt"
	"slices"
)

// Complaint statuses, in workflow order.
const (
	Registered = "registered" // 已登记
	Verifying  = "verifying"  // 核实中
	Proposed   = "proposed"   // 已出方案
	Resolved   = "resolved"   // 已处理
	Visited    = "visited"    // 已回访
	Closed     = "closed"     // 已结案
	Withdrawn  = "withdrawn"  // 已撤诉
)

// StatusLabel is the Chinese label staff know each status by.
var StatusLabel = map[string]string{
	Registered: "已登记", Verifying: "核实中", Proposed: "已出方案", Resolved: "已处理",
	Visited: "已回访", Closed: "已结案", Withdrawn: "已撤诉",
}

var complaintNext = map[string][]string{
	Registered: {Verifying, Withdrawn},
	Verifying:  {Proposed, Withdrawn},
	Proposed:   {Resolved, Withdrawn},
	Resolved:   {Visited},
	Visited:    {Closed},
}

// NextStatuses lists the legal moves from a complaint status.
func NextStatuses(from string) []string { return complaintNext[from] }

// IsOpen reports whether a complaint still awaits handling (withdrawal is allowed).
func IsOpen(status string) bool {
	return status == Registered || status == Verifying || status == Proposed
}

// TransitionError explains a refused status change in words staff can act on.
type TransitionError struct{ From, To string }

func (e *TransitionError) Error() string {
	if e.From == e.To {
		return fmt.Sprintf("状态已是「%s」 (already %s)", StatusLabel[e.From], e.From)
	}
	next := complaintNext[e.From]
	if len(next) == 0 {
		return fmt.Sprintf("「%s」的投诉不能再变更状态 (a %s complaint cannot change status)", StatusLabel[e.From], e.From)
	}
	labels := make([]string, len(next))
	for i, n := range next {
		labels[i] = "「" + StatusLabel[n] + "」"
	}
	return fmt.Sprintf("不能从「%s」变为「%s」，只能变为%v (%s → %s is not allowed; next: %v)",
		StatusLabel[e.From], StatusLabel[e.To], labels, e.From, e.To, next)
}

// CheckComplaint validates a complaint status change; from == to is no change.
func CheckComplaint(from, to string) error {
	if from == to {
		return nil
	}
	if slices.Contains(complaintNext[from], to) {
		return nil
	}
	return &TransitionError{From: from, To: to}
}

// Rectification statuses.
const (
	RectOpen     = "open"     // 待整改
	RectDone     = "done"     // 已整改
	RectVerified = "verified" // 已复查
)

var rectNext = map[string][]string{
	RectOpen: {RectDone},
	// a failed re-check sends the shop back to work
	RectDone: {RectVerified, RectOpen},
}

// CheckRectification validates a rectification status change.
func CheckRectification(from, to string) error {
	if from == to || slices.Contains(rectNext[from], to) {
		return nil
	}
	return fmt.Errorf("整改单不能从 %s 变为 %s (rectification %s → %s is not allowed)", from, to, from, to)
}
