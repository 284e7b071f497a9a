package migrations_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
)

// vocabularies says which domain vocabulary each select field holds.
var vocabularies = map[string]domain.Terms{
	"users.role":                  domain.Roles,
	"complaints.channel":          domain.Channels,
	"complaints.target":           domain.Targets,
	"complaints.severity":         domain.Severities,
	"complaints.status":           domain.ComplaintFlow.Statuses,
	"complaints.resolution_type":  domain.ResolutionTypes,
	"complaints.callback_verdict": domain.CallbackVerdicts,
	"complaint_events.kind":       domain.EventKinds,
	"inspections.status":          domain.InspectionFlow.Statuses,
	"inspection_results.result":   domain.ItemResults,
	"rectifications.status":       domain.RectificationFlow.Statuses,
	"rectification_events.kind":   domain.RectificationEventKinds,
	"inspection_plans.period":     domain.PlanPeriods,
	"survey_templates.kind":       domain.SurveyKinds,
	"survey_responses.kind":       domain.SurveyKinds,
	"survey_responses.channel":    domain.SurveyChannels,
	"reports.kind":                domain.ReportKinds,
	"reports.source":              domain.ReportSources,
	"group_reports.kind":          domain.ReportKinds,
	"notifications.kind":          domain.NotificationKinds,
	"notifications.deadline":      domain.DeadlineKinds,
	"survey_points.kind":          domain.PointKinds,
	"survey_points.channel":       domain.PointChannels,
}

// TestSchemaMatchesDomain: the migrations write literal copies of the
// domain's values and limits (schema history must not change with the
// code); this is where a drift between the two fails.
func TestSchemaMatchesDomain(t *testing.T) {
	t.Parallel()
	app := mallcaretest.NewBareApp(t)
	field := func(key string) core.Field {
		t.Helper()
		col, name, _ := strings.Cut(key, ".")
		c, err := app.FindCollectionByNameOrId(col)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		f := c.Fields.GetByName(name)
		if f == nil {
			t.Fatalf("%s: no such field", key)
		}
		return f
	}
	cols, err := app.FindAllCollections(core.CollectionTypeBase, core.CollectionTypeAuth)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		for _, f := range c.Fields {
			sel, ok := f.(*core.SelectField)
			if !ok {
				continue
			}
			key := c.Name + "." + f.GetName()
			terms, ok := vocabularies[key]
			if !ok {
				t.Errorf("%s: a select field with no domain vocabulary", key)
				continue
			}
			if !slices.Equal(sel.Values, terms.Codes()) {
				t.Errorf("%s: schema %v, domain %v", key, sel.Values, terms.Codes())
			}
		}
	}
	for key, max := range domain.TextMax {
		if f, ok := field(key).(*core.TextField); !ok || f.Max != max {
			t.Errorf("%s: schema max %v, domain %d", key, field(key), max)
		}
	}
	for key, n := range domain.PhotoFields {
		f, ok := field(key).(*core.FileField)
		if !ok || f.MaxSelect != n || f.MaxSize != domain.PhotoMaxBytes || !slices.Equal(f.MimeTypes, domain.PhotoMimeTypes) || !f.Protected {
			t.Errorf("%s: schema %+v, domain %d photos of %d bytes %v", key, f, n, domain.PhotoMaxBytes, domain.PhotoMimeTypes)
		}
	}
	for col, fields := range domain.ServerOwned {
		for _, name := range fields {
			field(col + "." + name)
		}
	}
	for col, a := range domain.Actors {
		for _, name := range []string{a.Create, a.Update} {
			if name != "" {
				field(col + "." + name)
			}
		}
	}
	for _, d := range domain.Deadlines {
		field("complaints." + d.Due)
		field("complaints." + d.Met)
	}
	for _, step := range domain.ComplaintSteps {
		field("complaints." + step.Stamp)
		for _, name := range step.Requires {
			field("complaints." + name)
		}
	}
	if f := field("complaints.amount").(*core.NumberField); f.Max == nil || *f.Max != domain.AmountMax {
		t.Errorf("complaints.amount max %v, domain %d", f.Max, domain.AmountMax)
	}
	for _, key := range []string{"complaints.phone", "users.phone"} {
		if f := field(key).(*core.TextField); f.Pattern != domain.PhonePattern {
			t.Errorf("%s pattern %q, domain %q", key, f.Pattern, domain.PhonePattern)
		}
	}
}

// TestSchemaDownAndUpAgain: reverting MallCare's migrations leaves the
// database as PocketBase made it, and applying them again works.
func TestSchemaDownAndUpAgain(t *testing.T) {
	t.Parallel()
	app := mallcaretest.NewBareApp(t)
	var ours int
	if err := app.DB().NewQuery(`SELECT COUNT(*) FROM _migrations WHERE file >= '1763900000'`).Row(&ours); err != nil || ours < 4 {
		t.Fatalf("applied migrations: %d %v", ours, err)
	}
	runner := core.NewMigrationsRunner(app, core.AppMigrations)
	reverted, err := runner.Down(ours)
	if err != nil {
		t.Fatalf("down: %v", err)
	}
	if !slices.Contains(reverted, "1763900000_schema.go") {
		t.Fatalf("reverted %v", reverted)
	}
	for _, name := range []string{"malls", "shops", "complaints", "notifications", "reports"} {
		if _, err := app.FindCollectionByNameOrId(name); err == nil {
			t.Errorf("%s is still there after down", name)
		}
	}
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"role", "malls", "phone"} {
		if users.Fields.GetByName(name) != nil {
			t.Errorf("users.%s is still there after down", name)
		}
	}
	if users.ListRule == nil || *users.ListRule != "id = @request.auth.id" {
		t.Errorf("users list rule not restored: %v", users.ListRule)
	}
	var tables int
	if err := app.DB().NewQuery(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'complaint_number_seq'`).Row(&tables); err != nil || tables != 0 {
		t.Errorf("complaint_number_seq left behind: %d %v", tables, err)
	}

	applied, err := runner.Up()
	if err != nil || len(applied) != len(reverted) {
		t.Fatalf("up again: %v %v", applied, err)
	}
	n, err := app.CountRecords("inspection_templates")
	if err != nil || n != 1 {
		t.Fatalf("default template after up again: %d %v", n, err)
	}
}
