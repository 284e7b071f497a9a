package domain

// ServerOwned lists, per collection, the fields only the server writes:
// numbers, SLA times, workflow stamps, snapshots, scores and who did it. A
// client write (REST or sync) that sets one is refused; the app never sends
// them.
var ServerOwned = map[string][]string{
	"complaints": {
		"number", "registered_at", "plan_due", "feedback_due", "callback_from", "callback_due",
		"verifying_at", "proposed_at", "feedback_at", "resolved_at", "visited_at", "closed_at",
		"withdrawn_at", "created_by", "updated_by",
	},
	"complaint_events":   {"actor", "at", "from_status", "to_status"},
	"inspections":        {"template_name", "items", "score", "passed_count", "failed_count", "na_count", "finished_at", "created_by"},
	"inspection_results": {"created_by"},
	"rectifications":     {"done_at", "verified_at", "verified_by", "created_by", "updated_by"},
	"survey_responses":   {"kind", "overall", "satisfied", "taken_by", "point"},
	"users":              {"must_change_password"},
}

// Autodate fields are PocketBase's own created/updated stamps, on every
// collection; nobody writes them.
var Autodate = []string{"created", "updated"}

// Actor names who did a write: set from the request's account on create
// and, for Update, on every update.
type Actor struct{ Create, Update string }

// Actors lists the author fields of each collection.
var Actors = map[string]Actor{
	"complaints":         {"created_by", "updated_by"},
	"complaint_events":   {"actor", ""},
	"inspections":        {"created_by", ""},
	"inspection_results": {"created_by", ""},
	"rectifications":     {"created_by", "updated_by"},
	"survey_responses":   {"taken_by", ""},
}
