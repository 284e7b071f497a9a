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
		"ui/src/domain/generated.ts":         domainModule(),
		"ui/src/reports/server-periods.json": periodsFixture(),
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
		}},
		{"flows", "Workflows: statuses (with labels), the initial one and the legal moves.", map[string]flow{
			"complaint": flowOf(domain.ComplaintFlow), "inspection": flowOf(domain.InspectionFlow),
			"rectification": flowOf(domain.RectificationFlow),
		}},
		{"complaintSteps", "What entering each complaint status requires and stamps.", domain.ComplaintSteps},
		{"deadlines", "The SLAs a complaint owes: due field, the stamp that meets it, the statuses that owe it.", deadlines},
		{"sla", "SLA constants of the manuals.", map[string]any{
			"planWithinMs": domain.PlanWithin.Milliseconds(), "handlingWithinMs": domain.HandlingWithin.Milliseconds(),
			"feedbackDays": domain.FeedbackDays, "callbackMinDay": domain.CallbackMinDay, "callbackMaxDay": domain.CallbackMaxDay,
			"rectificationDays": domain.RectificationDays, "defaultTimezone": domain.DefaultTimezone,
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
		}},
		{"survey", "The 1–5 answer scale.", map[string]int{
			"scoreMin": domain.ScoreMin, "scoreMax": domain.ScoreMax,
			"satisfiedMin": domain.SatisfiedMin, "commentMax": domain.CommentMax,
		}},
		{"inspection", "Inspection scoring.", map[string]int{
			"scoreDecimals": domain.ScoreDecimals, "maxItemWeight": domain.MaxItemWeight,
		}},
		{"codes", "Error codes the server answers with.", map[string]string{
			"illegalTransition": domain.CodeIllegalTransition, "serverOwned": clientwrite.CodeServerOwned,
			"unknownField": clientwrite.CodeUnknownField, "wrongType": clientwrite.CodeWrongType,
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
