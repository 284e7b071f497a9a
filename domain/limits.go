package domain

// Photo limits: every photo field takes JPEG, PNG or WebP up to 5 MB; the
// phone shrinks pictures to about 1600 px before storing them.
const (
	PhotoMaxBytes = 5 << 20
	PhotoMaxEdge  = 1600 // px, the phone's target for the longer side
)

// PhotoMimeTypes are the image types a photo field accepts.
var PhotoMimeTypes = []string{"image/jpeg", "image/png", "image/webp"}

// PhotoFields: how many photos each photo field holds ("collection.field").
var PhotoFields = map[string]int{
	"complaints.photos":            6,
	"inspection_results.photos":    4,
	"rectifications.done_photos":   4,
	"rectifications.verify_photos": 4,
}

// TextMax: the longest text (in characters) each client-written text field
// takes ("collection.field").
var TextMax = map[string]int{
	"malls.name": 100, "malls.address": 200,
	"users.name": 255, "users.phone": 20,
	"shops.name": 100, "shops.brand": 100, "shops.floor": 20, "shops.booth": 20, "shops.category": 50,
	"complaints.customer_name": 50, "complaints.phone": 20, "complaints.description": 2000,
	"complaints.location": 200, "complaints.demand": 1000, "complaints.plan": 2000,
	"complaints.callback_note": 1000, "complaints.withdraw_reason": 500,
	"complaint_events.note":     2000,
	"inspection_templates.name": 100,
	"inspections.floor":         20, "inspections.zone": 50, "inspections.note": 1000,
	"inspection_results.item_id": 40, "inspection_results.note": 1000,
	"rectifications.floor": 20, "rectifications.issue": 1000, "rectifications.done_note": 1000,
	"rectifications.verify_note": 1000, "rectification_events.note": 1000,
	"inspection_plans.floor": 20, "inspection_plans.zone": 50, "inspection_plans.note": 500,
	"survey_templates.name":    100,
	"survey_responses.comment": 1000, "survey_responses.desk": 50, "survey_responses.respondent": 50,
	"survey_points.name": 50, // a response keeps it in survey_responses.desk
}

// PhonePattern is what a phone number may contain.
const PhonePattern = `^[0-9+\- ]*$`

// Amount bounds the money of a resolution (元).
const AmountMax = 10_000_000
