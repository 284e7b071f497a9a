package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Select values as this migration wrote them: literal schema history, never
// read by other code (package domain defines them; TestSchemaMatchesDomain
// checks the two agree).
var (
	roleValues       = []string{"admin", "manager", "inspector", "service"}
	channelValues    = []string{"desk", "phone", "email", "gov_media", "other"}
	targetValues     = []string{"shop", "product", "staff", "facility", "price_tag", "delivery", "other"}
	severityValues   = []string{"general", "major"}
	statusValues     = []string{"registered", "verifying", "proposed", "resolved", "visited", "closed", "withdrawn"}
	resolutionValues = []string{"return", "exchange", "repair", "compensation", "advance_compensation", "explanation", "other"}
	verdictValues    = []string{"satisfied", "basically_satisfied", "dissatisfied"}
	eventKindValues  = []string{"created", "status", "note", "call", "feedback", "callback"}
	itemResultValues = []string{"pass", "fail", "na"}
	rectStatusValues = []string{"open", "done", "verified"}
	surveyKindValues = []string{"customer", "merchant", "callback"}
	surveyChanValues = []string{"staff", "kiosk", "qr"}
)

// schemaCollections are the collections createSchema makes, children first
// (the order dropSchema deletes them in).
var schemaCollections = []string{
	"notifications", "reports", "survey_responses", "survey_templates", "inspection_plans",
	"rectifications", "inspection_results", "inspections", "inspection_templates",
	"complaint_events", "complaints", "shops", "malls",
}

// usersAdded are the fields createSchema adds to PocketBase's users.
var usersAdded = []string{"phone", "role", "malls"}

func init() {
	m.Register(createSchema, dropSchema)
}

// dropSchema undoes createSchema completely: its collections, the fields
// and rules it gave the users collection, and the number counters.
func dropSchema(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	for _, name := range usersAdded {
		users.Fields.RemoveByName(name)
	}
	users.RemoveIndex("idx_users_role")
	// PocketBase's own defaults for users (its init migration)
	owner := "id = @request.auth.id"
	users.ListRule, users.ViewRule, users.UpdateRule, users.DeleteRule =
		types.Pointer(owner), types.Pointer(owner), types.Pointer(owner), types.Pointer(owner)
	users.CreateRule = types.Pointer("")
	if err := app.Save(users); err != nil {
		return err
	}
	for _, name := range schemaCollections {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		if err := app.Delete(c); err != nil {
			return err
		}
	}
	_, err = app.DB().NewQuery("DROP TABLE IF EXISTS complaint_number_seq").Execute()
	return err
}

func createSchema(app core.App) error {
	save := func(c *core.Collection) error { return app.Save(c) }

	// --- malls (the tenant) ---------------------------------------------
	malls := core.NewBaseCollection("malls")
	malls.ListRule = types.Pointer(`@request.auth.malls.id ?= id`)
	malls.ViewRule = malls.ListRule
	malls.UpdateRule = rule(`@request.auth.malls.id ?= id`, roles("admin"))
	malls.Fields.Add(
		&core.TextField{Name: "code", Required: true, Min: 2, Max: 8, Pattern: `^[A-Z][A-Z0-9]{1,7}$`, Presentable: true},
		&core.TextField{Name: "name", Required: true, Max: 100, Presentable: true},
		&core.TextField{Name: "timezone", Max: 64, Help: "IANA time zone, e.g. Asia/Shanghai"},
		text("address", 200, false),
	)
	timestamps(malls)
	malls.AddIndex("idx_malls_code", true, "code", "")
	if err := save(malls); err != nil {
		return err
	}

	// --- users: staff accounts with a role and their malls -------------------
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	users.Fields.Add(
		&core.TextField{Name: "phone", Max: 20, Pattern: `^[0-9+\- ]*$`},
		choice("role", true, roleValues...),
		&core.RelationField{Name: "malls", CollectionId: malls.Id, Required: true, MaxSelect: 20},
	)
	sharesMall := `malls.id ?= @request.auth.malls.id`
	users.ListRule = rule(signedIn, sharesMall)
	users.ViewRule = users.ListRule
	users.CreateRule = rule(signedIn, roles("admin"))
	users.UpdateRule = types.Pointer(`id = @request.auth.id || (` + *rule(signedIn, roles("admin"), sharesMall) + `)`)
	users.DeleteRule = rule(signedIn, roles("admin"), sharesMall, `id != @request.auth.id`)
	users.AddIndex("idx_users_role", false, "role", "")
	if err := save(users); err != nil {
		return err
	}

	// --- shops ------------------------------------------------------------
	shops := core.NewBaseCollection("shops")
	shops.ListRule = rule(signedIn, inMall)
	shops.ViewRule = shops.ListRule
	shops.CreateRule = rule(signedIn, inMall, roles("admin"))
	shops.UpdateRule = rule(signedIn, inMall, roles("admin"), keepMall)
	shops.DeleteRule = shops.CreateRule
	shops.Fields.Add(
		mallRelation(malls),
		&core.TextField{Name: "name", Required: true, Max: 100, Presentable: true},
		text("brand", 100, false),
		text("floor", 20, false),
		text("booth", 20, false),
		text("category", 50, false),
		&core.BoolField{Name: "closed"},
	)
	timestamps(shops)
	shops.AddIndex("idx_shops_mall_floor", false, "mall, floor", "")
	if err := save(shops); err != nil {
		return err
	}

	// --- complaints ---------------------------------------------------------
	complaintWriters := roles("admin", "manager", "service")
	complaints := core.NewBaseCollection("complaints")
	complaints.ListRule = rule(signedIn, inMall)
	complaints.ViewRule = complaints.ListRule
	complaints.CreateRule = rule(signedIn, inMall, complaintWriters)
	complaints.UpdateRule = rule(signedIn, inMall, complaintWriters, keepMall)
	complaints.DeleteRule = rule(signedIn, inMall, roles("admin"))
	complaints.Fields.Add(
		mallRelation(malls),
		// server-owned: assigned once when the record first reaches the server
		&core.TextField{Name: "number", Max: 32, Presentable: true},
		choice("channel", true, channelValues...),
		choice("target", true, targetValues...),
		relation("shop", shops, false),
		text("customer_name", 50, true),
		&core.TextField{Name: "phone", Max: 20, Pattern: `^[0-9+\- ]*$`},
		text("description", 2000, true),
		date("occurred_at", false),
		text("location", 200, false),
		text("demand", 1000, false),
		choice("severity", true, severityValues...),
		photos("photos", 6),
		choice("status", false, statusValues...),
		text("plan", 2000, false),
		choice("resolution_type", false, resolutionValues...),
		&core.NumberField{Name: "amount", Min: types.Pointer(0.0), Max: types.Pointer(10_000_000.0)},
		relation("handler", users, false),
		choice("callback_verdict", false, verdictValues...),
		text("callback_note", 1000, false),
		text("withdraw_reason", 500, false),
		// server-owned times: registration, SLA due times, workflow stamps
		date("registered_at", false),
		date("plan_due", false),
		date("feedback_due", false),
		date("callback_from", false),
		date("callback_due", false),
		date("verifying_at", false),
		date("proposed_at", false),
		date("feedback_at", false),
		date("resolved_at", false),
		date("visited_at", false),
		date("closed_at", false),
		date("withdrawn_at", false),
		relation("created_by", users, false),
		relation("updated_by", users, false),
	)
	timestamps(complaints)
	complaints.AddIndex("idx_complaints_number", true, "mall, number", "number != ''")
	complaints.AddIndex("idx_complaints_mall_status_reg", false, "mall, status, registered_at", "")
	complaints.AddIndex("idx_complaints_mall_reg", false, "mall, registered_at", "")
	complaints.AddIndex("idx_complaints_mall_resolved", false, "mall, resolved_at", "")
	if err := save(complaints); err != nil {
		return err
	}

	// --- complaint timeline (append-only) ------------------------------------
	events := core.NewBaseCollection("complaint_events")
	events.ListRule = rule(signedIn, inMall)
	events.ViewRule = events.ListRule
	events.CreateRule = rule(signedIn, inMall, complaintWriters)
	events.Fields.Add(
		&core.RelationField{Name: "complaint", CollectionId: complaints.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
		mallRelation(malls),
		choice("kind", true, eventKindValues...),
		text("from_status", 20, false),
		text("to_status", 20, false),
		text("note", 2000, false),
		relation("actor", users, false),
		date("at", false),
	)
	timestamps(events)
	events.AddIndex("idx_complaint_events_complaint", false, "complaint, at", "")
	events.AddIndex("idx_complaint_events_mall", false, "mall, created", "")
	if err := save(events); err != nil {
		return err
	}

	// --- inspection templates (empty mall = the shared default) --------------
	inspectionRoles := roles("admin", "manager", "inspector")
	itemplates := core.NewBaseCollection("inspection_templates")
	itemplates.ListRule = rule(signedIn, inspectionRoles, `(mall = "" || `+inMall+`)`)
	itemplates.ViewRule = itemplates.ListRule
	itemplates.CreateRule = rule(signedIn, inMall, roles("admin"))
	itemplates.UpdateRule = rule(signedIn, inMall, roles("admin"), keepMall)
	itemplates.DeleteRule = itemplates.CreateRule
	itemplates.Fields.Add(
		&core.RelationField{Name: "mall", CollectionId: malls.Id, MaxSelect: 1},
		&core.TextField{Name: "name", Required: true, Max: 100, Presentable: true},
		// [{id, section, text, weight, photo_required}]
		&core.JSONField{Name: "items", Required: true, MaxSize: 200_000},
		&core.BoolField{Name: "active"},
	)
	timestamps(itemplates)
	if err := save(itemplates); err != nil {
		return err
	}

	// --- inspections ---------------------------------------------------------
	inspections := core.NewBaseCollection("inspections")
	inspections.ListRule = rule(signedIn, inMall, inspectionRoles)
	inspections.ViewRule = inspections.ListRule
	inspections.CreateRule = inspections.ListRule
	inspections.UpdateRule = rule(signedIn, inMall, inspectionRoles, keepMall)
	inspections.DeleteRule = rule(signedIn, inMall, roles("admin"))
	inspections.Fields.Add(
		mallRelation(malls),
		relation("template", itemplates, true),
		// server-owned snapshot of the template at the time of the inspection
		text("template_name", 100, false),
		&core.JSONField{Name: "items", MaxSize: 200_000},
		text("floor", 20, true),
		text("zone", 50, false),
		relation("shop", shops, false),
		relation("inspector", users, false),
		choice("status", false, "in_progress", "submitted"),
		date("started_at", false),
		date("finished_at", false),
		text("note", 1000, false),
		// server-owned results summary
		&core.NumberField{Name: "score", Min: types.Pointer(0.0), Max: types.Pointer(100.0)},
		number("passed_count", 0, true),
		number("failed_count", 0, true),
		number("na_count", 0, true),
		relation("created_by", users, false),
	)
	timestamps(inspections)
	inspections.AddIndex("idx_inspections_mall_status_started", false, "mall, status, started_at", "")
	if err := save(inspections); err != nil {
		return err
	}

	// --- inspection item results (append-only; the latest per item counts) ----
	results := core.NewBaseCollection("inspection_results")
	results.ListRule = rule(signedIn, inMall, inspectionRoles)
	results.ViewRule = results.ListRule
	results.CreateRule = results.ListRule
	results.Fields.Add(
		&core.RelationField{Name: "inspection", CollectionId: inspections.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
		mallRelation(malls),
		text("item_id", 40, true),
		choice("result", true, itemResultValues...),
		text("note", 1000, false),
		photos("photos", 4),
		relation("created_by", users, false),
	)
	timestamps(results)
	results.AddIndex("idx_inspection_results_inspection", false, "inspection, item_id, created", "")
	results.AddIndex("idx_inspection_results_mall", false, "mall, created", "")
	if err := save(results); err != nil {
		return err
	}

	// --- rectifications (整改单) ---------------------------------------------
	rects := core.NewBaseCollection("rectifications")
	rects.ListRule = rule(signedIn, inMall, inspectionRoles)
	rects.ViewRule = rects.ListRule
	rects.CreateRule = rects.ListRule
	rects.UpdateRule = rule(signedIn, inMall, inspectionRoles, keepMall)
	rects.DeleteRule = rule(signedIn, inMall, roles("admin"))
	rects.Fields.Add(
		mallRelation(malls),
		relation("inspection", inspections, false),
		text("item_id", 40, false),
		relation("shop", shops, false),
		text("floor", 20, false),
		text("issue", 1000, true),
		date("deadline", true),
		choice("status", false, rectStatusValues...),
		text("done_note", 1000, false),
		photos("done_photos", 4),
		text("verify_note", 1000, false),
		photos("verify_photos", 4),
		// server-owned stamps
		date("done_at", false),
		date("verified_at", false),
		relation("verified_by", users, false),
		relation("created_by", users, false),
		relation("updated_by", users, false),
	)
	timestamps(rects)
	rects.AddIndex("idx_rectifications_mall_status_deadline", false, "mall, status, deadline", "")
	rects.AddIndex("idx_rectifications_item", true, "inspection, item_id", "inspection != '' AND item_id != ''")
	if err := save(rects); err != nil {
		return err
	}

	// --- inspection plans ----------------------------------------------------
	plans := core.NewBaseCollection("inspection_plans")
	plans.ListRule = rule(signedIn, inMall, inspectionRoles)
	plans.ViewRule = plans.ListRule
	plans.CreateRule = rule(signedIn, inMall, roles("admin"))
	plans.UpdateRule = rule(signedIn, inMall, roles("admin"), keepMall)
	plans.DeleteRule = plans.CreateRule
	plans.Fields.Add(
		mallRelation(malls),
		text("floor", 20, true),
		text("zone", 50, false),
		choice("period", true, "month", "quarter"),
		date("period_start", true),
		&core.NumberField{Name: "target_count", Required: true, Min: types.Pointer(1.0), Max: types.Pointer(1000.0), OnlyInt: true},
		text("note", 500, false),
	)
	timestamps(plans)
	plans.AddIndex("idx_inspection_plans_mall_period", false, "mall, period_start", "")
	if err := save(plans); err != nil {
		return err
	}

	// --- survey templates (empty mall = the shared default) ------------------
	stemplates := core.NewBaseCollection("survey_templates")
	stemplates.ListRule = rule(signedIn, `(mall = "" || `+inMall+`)`)
	stemplates.ViewRule = stemplates.ListRule
	stemplates.CreateRule = rule(signedIn, inMall, roles("admin"))
	stemplates.UpdateRule = rule(signedIn, inMall, roles("admin"), keepMall)
	stemplates.DeleteRule = stemplates.CreateRule
	stemplates.Fields.Add(
		&core.RelationField{Name: "mall", CollectionId: malls.Id, MaxSelect: 1},
		choice("kind", true, surveyKindValues...),
		&core.TextField{Name: "name", Required: true, Max: 100, Presentable: true},
		// [{id, text, overall?}]
		&core.JSONField{Name: "questions", Required: true, MaxSize: 50_000},
		&core.BoolField{Name: "active"},
	)
	timestamps(stemplates)
	if err := save(stemplates); err != nil {
		return err
	}

	// --- survey responses (append-only) ------------------------------------
	responses := core.NewBaseCollection("survey_responses")
	responses.ListRule = rule(signedIn, inMall)
	responses.ViewRule = responses.ListRule
	responses.CreateRule = responses.ListRule
	responses.DeleteRule = rule(signedIn, inMall, roles("admin"))
	responses.Fields.Add(
		mallRelation(malls),
		relation("template", stemplates, true),
		choice("kind", false, surveyKindValues...), // server: copied from the template
		relation("complaint", complaints, false),
		relation("shop", shops, false),
		&core.JSONField{Name: "answers", Required: true, MaxSize: 20_000}, // {questionId: 1..5}
		text("comment", 1000, false),
		choice("channel", false, surveyChanValues...),
		text("desk", 50, false),
		text("respondent", 50, false),
		// server-owned
		&core.NumberField{Name: "overall", Min: types.Pointer(1.0), Max: types.Pointer(5.0)},
		&core.BoolField{Name: "satisfied"},
		relation("taken_by", users, false),
	)
	timestamps(responses)
	responses.AddIndex("idx_survey_responses_mall_kind_created", false, "mall, kind, created", "")
	responses.AddIndex("idx_survey_responses_complaint", false, "complaint", "complaint != ''")
	if err := save(responses); err != nil {
		return err
	}

	// --- generated reports (written by the server only) ----------------------
	reports := core.NewBaseCollection("reports")
	reports.ListRule = rule(signedIn, inMall, roles("admin"))
	reports.ViewRule = reports.ListRule
	reports.Fields.Add(
		mallRelation(malls),
		choice("kind", true, "weekly", "monthly"),
		&core.TextField{Name: "period", Required: true, Max: 10, Presentable: true}, // 2026-W47 / 2026-11
		date("period_start", true),
		date("period_end", true),
		&core.FileField{
			Name: "file", MaxSelect: 1, MaxSize: 200 << 20, Protected: true,
			MimeTypes: []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
		},
		choice("source", false, "schedule", "demand"),
		relation("generated_by", users, false),
		&core.JSONField{Name: "kpis", MaxSize: 100_000},
	)
	timestamps(reports)
	reports.AddIndex("idx_reports_mall_kind_period", true, "mall, kind, period", "")
	if err := save(reports); err != nil {
		return err
	}

	// --- notifications (in-app; e-mail too when SMTP is configured) ----------
	notes := core.NewBaseCollection("notifications")
	notes.ListRule = types.Pointer(`user = @request.auth.id`)
	notes.ViewRule = notes.ListRule
	notes.UpdateRule = types.Pointer(`user = @request.auth.id && @request.body.user:isset = false && @request.body.mall:isset = false && @request.body.title:isset = false && @request.body.body:isset = false && @request.body.complaint:isset = false && @request.body.kind:isset = false`)
	notes.DeleteRule = notes.ListRule
	notes.Fields.Add(
		mallRelation(malls),
		&core.RelationField{Name: "user", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
		choice("kind", true, "major_complaint", "overdue"),
		text("title", 200, true),
		text("body", 2000, false),
		&core.RelationField{Name: "complaint", CollectionId: complaints.Id, MaxSelect: 1, CascadeDelete: true},
		&core.BoolField{Name: "read"},
	)
	timestamps(notes)
	notes.AddIndex("idx_notifications_user_read", false, "user, read, created", "")
	notes.AddIndex("idx_notifications_complaint_kind", false, "complaint, kind", "")
	if err := save(notes); err != nil {
		return err
	}

	// Complaint numbers: one counter per mall and year, advanced in the same
	// transaction as the complaint insert, so numbers are never reused or skipped.
	_, err = app.DB().NewQuery(`CREATE TABLE complaint_number_seq (
		mall TEXT NOT NULL,
		year INTEGER NOT NULL,
		last INTEGER NOT NULL,
		PRIMARY KEY (mall, year)
	) WITHOUT ROWID`).Execute()
	return err
}
