// Command tsgen writes what the app shares with the server as TypeScript,
// from the Go definitions, so that a rule is said once:
//
//   - ui/src/domain/generated.ts: package domain as data (vocabularies and
//     labels, workflow moves, step requirements, deadlines, limits, fields
//     only the server writes, KPI names);
//   - ui/src/reports/server-periods.json: period names and labels the server
//     gives for a set of dates and zones, for the app's period tests.
//
// Run it from the repository root after changing package domain or the
// report periods: go run ./tsgen. The test command fails when the committed
// files are stale (TestGeneratedFilesFresh).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"mallcare/clientwrite"
	"mallcare/domain"
	"mallcare/reports/period"
)

func main() {
	for path, content := range files() {
		if err := os.WriteFile(filepath.FromSlash(path), content, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", path)
	}
}

// files maps each generated file (slash path from the repository root) to
// its content.
func files() map[string][]byte {
	return map[string][]byte{
		"ui/src/domain/generated.ts":            domainModule(),
		"ui/src/reports/server-periods.json":    periodsFixture(),
		"ui/src/inspections/server-scores.json": scoresFixture(),
		"ui/src/surveys/server-overall.json":    overallFixture(),
	}
}

type flow struct {
	Statuses domain.Terms        `json:"statuses"`
	Initial  string              `json:"initial"`
	Moves    map[string][]string `json:"moves"`
}

func flowOf(f *domain.Flow) flow { return flow{f.Statuses, f.Initial, f.Moves} }

type deadline struct {
	domain.Deadline
	WarnMs int64 `json:"warnMs"`
}

func domainModule() []byte {
	deadlines := make([]deadline, len(domain.Deadlines))
	for i, d := range domain.Deadlines {
		deadlines[i] = deadline{d, d.Warn.Milliseconds()}
	}
	consts := []struct {
		name, doc string
		value     any
	}{
		{"terms", "Vocabularies: code, Chinese and English label, in display order.", map[string]domain.Terms{
			"roles": domain.Roles, "channels": domain.Channels, "targets": domain.Targets,
			"severities": domain.Severities, "resolutionTypes": domain.ResolutionTypes,
			"callbackVerdicts": domain.CallbackVerdicts, "eventKinds": domain.EventKinds,
			"complaintActions": domain.ComplaintActions, "itemResults": domain.ItemResults,
			"planPeriods": domain.PlanPeriods, "surveyKinds": domain.SurveyKinds,
			"surveyChannels": domain.SurveyChannels, "scale": domain.ScaleLabels,
			"notificationKinds": domain.NotificationKinds, "reportKinds": domain.ReportKinds,
			"reportSources": domain.ReportSources, "deadlineKinds": domain.DeadlineKinds,
			"pointChannels": domain.PointChannels, "pointKinds": domain.PointKinds,
			"rectificationEventKinds": domain.RectificationEventKinds,
		}},
		{"flows", "Workflows: statuses (with labels), the initial one and the legal moves.", map[string]flow{
			"complaint": flowOf(domain.ComplaintFlow), "inspection": flowOf(domain.InspectionFlow),
			"rectification": flowOf(domain.RectificationFlow),
		}},
		{"complaintStatus", "The complaint statuses by code, for code that names one (a typo fails to compile).", codes(domain.ComplaintFlow.Statuses)},
		{"complaintSteps", "What entering each complaint status requires and stamps.", domain.ComplaintSteps},
		{"deadlines", "The SLAs a complaint owes: due field, the stamp that meets it, the statuses that owe it.", deadlines},
		{"sla", "SLA constants of the manuals.", map[string]any{
			"planWithinMs": domain.PlanWithin.Milliseconds(), "handlingWithinMs": domain.HandlingWithin.Milliseconds(),
			"feedbackDays": domain.FeedbackDays, "callbackMinDay": domain.CallbackMinDay, "callbackMaxDay": domain.CallbackMaxDay,
			"rectificationDays": domain.RectificationDays, "defaultTimezone": domain.DefaultTimezone,
			"rectificationWarnMs": domain.RectificationWarn.Milliseconds(),
		}},
		{"limits", "Photo and text limits of the schema.", map[string]any{
			"photoMaxBytes": domain.PhotoMaxBytes, "photoMaxEdge": domain.PhotoMaxEdge,
			"photoMimeTypes": domain.PhotoMimeTypes, "photoFields": domain.PhotoFields,
			"textMax": domain.TextMax, "amountMax": domain.AmountMax, "phonePattern": domain.PhonePattern,
		}},
		{"serverOwned", "Fields only the server writes, per collection (autodate: on every collection).", domain.ServerOwned},
		{"autodate", "", domain.Autodate},
		{"rules", "Lists the rules name.", map[string][]string{
			"clientEventKinds": domain.ClientEventKinds, "feedbackEventKinds": domain.FeedbackEventKinds,
			"amountRequired": domain.AmountRequired, "satisfiedVerdicts": domain.SatisfiedVerdicts,
			"publicSurveyKinds": domain.PublicSurveyKinds,
			"complaintWriters":  domain.ComplaintWriters, "inspectionRoles": domain.InspectionRoles,
			"surveyTakers": domain.SurveyTakers, "mallAdmins": domain.MallAdmins,
			"callbackTakers": domain.CallbackTakers,
		}},
		{"survey", "The 1–5 answer scale and the verdict a callback records for each overall score.", map[string]any{
			"scoreMin": domain.ScoreMin, "scoreMax": domain.ScoreMax,
			"satisfiedMin": domain.SatisfiedMin, "commentMax": domain.CommentMax,
			"callbackVerdictByScore": domain.CallbackVerdictByScore,
		}},
		{"inspection", "Inspection scoring (what each result adds), the photo rule, rectification steps and plan periods.", map[string]any{
			"scoreDecimals": domain.ScoreDecimals, "maxItemWeight": domain.MaxItemWeight,
			"scoring": domain.Scoring, "photoRequiredOn": domain.PhotoRequiredOn,
			"rectificationSteps": domain.RectificationSteps, "planMonths": domain.PlanMonths,
		}},
		{"codes", "Error codes the server answers with.", map[string]string{
			"illegalTransition": domain.CodeIllegalTransition, "serverOwned": clientwrite.CodeServerOwned,
			"unknownField": clientwrite.CodeUnknownField, "wrongType": clientwrite.CodeWrongType,
			"photoRequired": domain.CodePhotoRequired,
		}},
		{"kpis", "Every KPI's one name.", domain.KPIs},
		{"messages", "What the server says when an account may not be used.", map[string]string{
			"deactivated": domain.DeactivatedMessage, "mustChangePassword": domain.PasswordChangeMessage,
		}},
		{"notices", "The relation of a notification that names its record, by kind.", domain.NoticeLinks},
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by `go run ./tsgen` from package domain; DO NOT EDIT.\n")
	b.WriteString("// The server's vocabulary and rules as data: change them in Go, then regenerate.\n\n")
	for _, c := range consts {
		raw, err := json.MarshalIndent(c.value, "", "  ")
		if err != nil {
			log.Fatal(err)
		}
		if c.doc != "" {
			fmt.Fprintf(&b, "/** %s */\n", c.doc)
		}
		fmt.Fprintf(&b, "export const %s = %s as const;\n\n", c.name, oneLineLeaves(raw))
	}
	return b.Bytes()
}

var leaf = regexp.MustCompile(`(?s)([{\[])\n\s+([^{}\[\]]*?)\n\s*([}\]])`)

// oneLineLeaves puts every object or array with no nested ones on one line
// (a term, a list of codes), so the module reads as a table.
func oneLineLeaves(raw []byte) []byte {
	return leaf.ReplaceAllFunc(raw, func(m []byte) []byte {
		parts := leaf.FindSubmatch(m)
		inner := strings.Join(strings.Fields(strings.ReplaceAll(string(parts[2]), "\n", " ")), " ")
		return []byte(string(parts[1]) + " " + inner + " " + string(parts[3]))
	})
}

// periodCase is one date the server names a period for.
type periodCase struct {
	Kind  string `json:"kind"`
	Zone  string `json:"zone"`
	Date  string `json:"date"` // the mall's calendar day, YYYY-MM-DD
	Name  string `json:"name"`
	Label string `json:"label"`
	First string `json:"first"` // first and last day of the period
	Last  string `json:"last"`
	Prev  string `json:"prev"`
}

// periodsFixture: ISO week and month edges (year starts, week 53, leap
// February, DST changes) as the server's period code names them.
func periodsFixture() []byte {
	dates := []string{"2026-11-23", "2026-11-22", "2027-01-01", "2024-12-30", "2026-12-28", "2021-01-03",
		"2024-02-29", "2026-03-29", "2026-10-25", "2026-01-01", "2026-12-31"}
	var out []periodCase
	for _, zone := range []string{"Asia/Shanghai", "America/New_York"} {
		loc := domain.Location(zone)
		for _, kind := range []string{period.Weekly, period.Monthly} {
			for _, ds := range dates {
				d, err := time.ParseInLocation("2006-01-02", ds, loc)
				if err != nil {
					log.Fatal(err)
				}
				p := period.Of(kind, d.Add(12*time.Hour))
				out = append(out, periodCase{Kind: kind, Zone: zone, Date: ds, Name: p.Name, Label: p.Label(),
					First: p.Start.Format("2006-01-02"), Last: p.End.AddDate(0, 0, -1).Format("2006-01-02"), Prev: p.Prev().Name})
			}
		}
	}
	raw, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	return append(raw, '\n')
}

// scoreCase is one checklist with results and what domain.Score makes of it.
type scoreCase struct {
	Items   []domain.TemplateItem `json:"items"`
	Results map[string]string     `json:"results"`
	Score   float64               `json:"score"`
	OK      bool                  `json:"ok"`
	Passed  int                   `json:"passed"`
	Failed  int                   `json:"failed"`
	NA      int                   `json:"na"`
}

// scoresFixture: the server's scores of seeded random checklists (weights
// with fractions, unanswered and N/A items, all N/A), for the app's running
// score test.
func scoresFixture() []byte {
	rng := rand.New(rand.NewPCG(10, 10))
	weights := []float64{1, 2, 3, 0.5, 2.5, 7, 100, 0.1}
	answers := []string{domain.Pass, domain.Fail, domain.NA, ""}
	var out []scoreCase
	for n := range 60 {
		c := scoreCase{Results: map[string]string{}}
		for i := range 1 + rng.IntN(15) {
			id := fmt.Sprintf("i%d", i)
			c.Items = append(c.Items, domain.TemplateItem{ID: id, Section: "S", Text: id, Weight: weights[rng.IntN(len(weights))], PhotoRequired: i%2 == 0})
			a := answers[rng.IntN(len(answers))]
			if n%10 == 9 {
				a = domain.NA // now and then nothing counts
			}
			if a != "" {
				c.Results[id] = a
			}
		}
		c.Score, c.OK, c.Passed, c.Failed, c.NA = domain.Score(c.Items, c.Results)
		out = append(out, c)
	}
	return fixtureJSON(out)
}

// overallCase is one survey answer set and the server's overall score.
type overallCase struct {
	Questions []domain.SurveyQuestion `json:"questions"`
	Answers   map[string]int          `json:"answers"`
	Overall   int                     `json:"overall"`
	OK        bool                    `json:"ok"`
	Satisfied bool                    `json:"satisfied"`
}

// overallFixture: domain.Overall and domain.Satisfied of seeded random
// answers, with and without an overall question, for the app's survey test.
func overallFixture() []byte {
	rng := rand.New(rand.NewPCG(20, 20))
	var out []overallCase
	for n := range 40 {
		c := overallCase{Answers: map[string]int{}}
		for i := range 1 + rng.IntN(6) {
			id := fmt.Sprintf("q%d", i)
			c.Questions = append(c.Questions, domain.SurveyQuestion{ID: id, Text: id, Overall: n%2 == 0 && i == 0})
			if rng.IntN(5) > 0 {
				c.Answers[id] = domain.ScoreMin + rng.IntN(domain.ScoreMax-domain.ScoreMin+1)
			}
		}
		c.Overall, c.OK = domain.Overall(c.Questions, c.Answers)
		c.Satisfied = c.OK && domain.Satisfied(c.Overall)
		out = append(out, c)
	}
	return fixtureJSON(out)
}

func fixtureJSON(v any) []byte {
	raw, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	return append(oneLineLeaves(raw), '\n')
}

// codes maps each term's code to itself.
func codes(ts domain.Terms) map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.Code] = t.Code
	}
	return m
}
