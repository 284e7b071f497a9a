package domain

import (
	"math"
	"time"
)

// Inspection statuses: a round is worked on, then submitted once.
const (
	InProgress = "in_progress"
	Submitted  = "submitted"
)

// InspectionFlow: a submitted inspection cannot be reopened.
var InspectionFlow = &Flow{
	Name: "巡检 (inspection)",
	Statuses: Terms{
		{InProgress, "进行中", "In progress"},
		{Submitted, "已提交", "Submitted"},
	},
	Initial: InProgress,
	Moves:   map[string][]string{InProgress: {Submitted}},
}

// Results of one checklist item.
const (
	Pass = "pass"
	Fail = "fail"
	NA   = "na"
)

// ItemResults label an item's result; N/A items are left out of the score.
var ItemResults = Terms{
	{Pass, "合格", "Pass"},
	{Fail, "不合格", "Fail"},
	{NA, "不适用", "N/A"},
}

// TemplateItem is one check of an inspection template. The same shape is
// snapshotted into every inspection, so a later template edit never changes
// a finished inspection.
type TemplateItem struct {
	ID            string  `json:"id"`
	Section       string  `json:"section"`
	Text          string  `json:"text"`
	Weight        float64 `json:"weight"`
	PhotoRequired bool    `json:"photo_required"`
}

// Limits of an inspection template's items.
const (
	MaxItemWeight = 100
	ScoreDecimals = 1 // the score is a percentage with one decimal
)

// ItemScore is what one item result adds to an inspection's score: a result
// that Counts weighs in the whole, one that also Earns in the passed share.
type ItemScore struct {
	Counts bool `json:"counts"`
	Earns  bool `json:"earns"`
}

// Scoring is the score rule as data, read by Score and, generated, by the
// app's running score: a pass earns its weight, a fail counts against it,
// N/A (and an item not answered) is left out.
var Scoring = map[string]ItemScore{
	Pass: {Counts: true, Earns: true},
	Fail: {Counts: true},
	NA:   {},
}

// Score is the weighted share of passed items among the items answered pass
// or fail, as a percentage with one decimal (N/A and unanswered excluded);
// ok is false when nothing was answered pass or fail.
func Score(items []TemplateItem, result map[string]string) (score float64, ok bool, passed, failed, na int) {
	var pw, tw float64
	for _, it := range items {
		r := result[it.ID]
		switch r {
		case Pass:
			passed++
		case Fail:
			failed++
		case NA:
			na++
		}
		if s := Scoring[r]; s.Counts {
			tw += it.Weight
			if s.Earns {
				pw += it.Weight
			}
		}
	}
	if tw == 0 {
		return 0, false, passed, failed, na
	}
	scale := math.Pow(10, ScoreDecimals)
	return math.Round(pw/tw*100*scale) / scale, true, passed, failed, na
}

// PhotoRequiredOn is the result that needs a photo on an item the template
// marks photo_required.
const PhotoRequiredOn = Fail

// NeedsPhoto reports whether a result must carry a photo: a failed item the
// template marks photo_required.
func NeedsPhoto(it TemplateItem, result string) bool {
	return result == PhotoRequiredOn && it.PhotoRequired
}

// CodePhotoRequired is the field error of a failed item submitted without
// the photo its template requires (keyed "items.<item id>").
const CodePhotoRequired = "mallcare_photo_required"

// Rectification statuses (整改单).
const (
	RectOpen     = "open"
	RectDone     = "done"
	RectVerified = "verified"
)

// RectificationFlow: open → done → verified; a failed re-check sends it back
// to open with a new deadline.
var RectificationFlow = &Flow{
	Name: "整改单 (rectification)",
	Statuses: Terms{
		{RectOpen, "待整改", "Open"},
		{RectDone, "已整改", "Done"},
		{RectVerified, "已复查", "Verified"},
	},
	Initial: RectOpen,
	Moves: map[string][]string{
		RectOpen: {RectDone},
		RectDone: {RectVerified, RectOpen},
	},
}

// Steps of a rectification, as its timeline names them.
const (
	RectOpened   = "opened"
	RectFixed    = "done"
	RectPassed   = "verified"
	RectReturned = "returned"
)

// RectificationEventKinds label the entries of a rectification's timeline.
var RectificationEventKinds = Terms{
	{RectOpened, "开单", "Opened"},
	{RectFixed, "整改完成", "Fixed"},
	{RectPassed, "复查通过", "Re-check passed"},
	{RectReturned, "复查退回", "Returned"},
}

// RectStep is one move of a rectification: what it must bring (a photo
// field needs a new photo in this very change; "deadline" a new, later one)
// and the server time it stamps.
type RectStep struct {
	Kind     string   `json:"kind"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Requires []string `json:"requires"`
	Note     string   `json:"note"`            // the field its timeline entry quotes
	Stamp    string   `json:"stamp,omitempty"` // server time stamped on taking the step
}

// RectificationSteps: the shop's fix comes with a photo; the re-check with a
// photo and a verdict; returning it needs a reason and a new deadline.
var RectificationSteps = []RectStep{
	{Kind: RectFixed, From: RectOpen, To: RectDone, Requires: []string{"done_photos"}, Note: "done_note", Stamp: "done_at"},
	{Kind: RectPassed, From: RectDone, To: RectVerified, Requires: []string{"verify_photos"}, Note: "verify_note", Stamp: "verified_at"},
	{Kind: RectReturned, From: RectDone, To: RectOpen, Requires: []string{"verify_photos", "verify_note", "deadline"}, Note: "verify_note"},
}

// RectificationStep is the step from one status to another (nil: no step).
func RectificationStep(from, to string) *RectStep {
	for i := range RectificationSteps {
		if s := &RectificationSteps[i]; s.From == from && s.To == to {
			return s
		}
	}
	return nil
}

// RectificationDays is how long a shop has to fix a failed item.
const RectificationDays = 3

// RectificationWarn: an open rectification is "due soon" this long before
// its deadline.
const RectificationWarn = 24 * time.Hour

// RectificationDeadline is the default deadline of a rectification opened
// at t: the end of the third day in the mall's time zone.
func RectificationDeadline(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+RectificationDays, 23, 59, 59, 0, loc)
}

// RectificationLate reports whether a rectification was overdue at t: its
// deadline had passed and it was not done by the deadline.
func RectificationLate(deadline, doneAt, t time.Time) bool {
	return deadline.Before(t) && (doneAt.IsZero() || doneAt.After(deadline))
}

// PlanPeriods: an inspection plan covers a month or a quarter.
var PlanPeriods = Terms{
	{"month", "月度", "Month"},
	{"quarter", "季度", "Quarter"},
}

// PlanMonths is how many months a plan period spans.
var PlanMonths = map[string]int{"month": 1, "quarter": 3}
