package domain

import (
	"fmt"
	"slices"
	"strings"
)

// CodeIllegalTransition is the error code of a refused status change, the
// same on REST and in sync (where it makes a "conflict" result).
const CodeIllegalTransition = "mallcare_illegal_transition"

// Flow is a workflow: its statuses and the legal moves between them.
type Flow struct {
	Name     string              // what moves, in words: "投诉 (complaint)"
	Statuses Terms               // in workflow order
	Initial  string              // the status a new record starts in
	Moves    map[string][]string // legal next statuses; none = terminal
}

// Next lists the legal moves from a status.
func (f *Flow) Next(from string) []string { return f.Moves[from] }

// Terminal reports whether nothing can follow the status.
func (f *Flow) Terminal(status string) bool { return len(f.Moves[status]) == 0 }

// Check validates a status change; from == to is no change.
func (f *Flow) Check(from, to string) error {
	if from == to || slices.Contains(f.Moves[from], to) {
		return nil
	}
	return &TransitionError{Flow: f, From: from, To: to}
}

// CheckStart validates the status a new record is created with ("" takes
// the initial one).
func (f *Flow) CheckStart(status string) error {
	if status == "" || status == f.Initial {
		return nil
	}
	return &TransitionError{Flow: f, To: status}
}

// TransitionError explains a refused status change in words staff can act on.
type TransitionError struct {
	Flow     *Flow
	From, To string // From == "": a new record
}

// Code is CodeIllegalTransition.
func (e *TransitionError) Code() string { return CodeIllegalTransition }

func (e *TransitionError) Error() string {
	f, zh := e.Flow, e.Flow.Statuses.Zh
	zhName, enName, _ := strings.Cut(f.Name, " ")
	enName = strings.Trim(enName, "()")
	switch {
	case e.From == "":
		return fmt.Sprintf("新%s的状态必须是「%s」 (a new %s starts as %s)", zhName, zh(f.Initial), enName, f.Initial)
	case f.Terminal(e.From):
		return fmt.Sprintf("「%s」的%s不能再变更状态 (a %s %s cannot change status)", zh(e.From), zhName, e.From, enName)
	}
	next := f.Moves[e.From]
	labels := make([]string, len(next))
	for i, n := range next {
		labels[i] = "「" + zh(n) + "」"
	}
	return fmt.Sprintf("不能从「%s」变为「%s」，只能变为%s (%s → %s is not allowed; next: %s)",
		zh(e.From), zh(e.To), strings.Join(labels, "、"), e.From, e.To, strings.Join(next, ", "))
}
