// Package complaintsteps is the workflow step a simulated phone (the drills,
// the load command) proposes from a complaint status it knows, with the
// field that step needs, so that its pushes are ones the server accepts.
package complaintsteps

// Next maps a status to the update that moves a complaint on (read only).
var Next = map[string]map[string]any{
	"registered": {"status": "verifying"},
	"verifying":  {"status": "proposed", "plan": "退货处理"},
	"proposed":   {"status": "resolved", "resolution_type": "return"},
	"resolved":   {"status": "visited", "callback_verdict": "satisfied"},
	"visited":    {"status": "closed"},
}
