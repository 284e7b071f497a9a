package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Running a mall from the app (issue 12): staff accounts can be deactivated
// and get one-time passwords; inspection plans name who does them;
// notifications also tell of rectifications, plans and reports, each
// pointing at its record; group workbooks of several malls are kept.
func init() {
	// the notification update rule before this migration (1763900003)
	const notesBefore = `user = @request.auth.id && @request.body.user:isset = false && @request.body.mall:isset = false && @request.body.title:isset = false && @request.body.body:isset = false && @request.body.complaint:isset = false && @request.body.kind:isset = false && @request.body.deadline:isset = false`
	noteKindsBefore := []string{"major_complaint", "overdue"}
	noteKinds := []string{"major_complaint", "overdue", "rectification_due", "rectification_returned", "plan_behind", "report_ready"}
	noteLinks := []string{"rectification", "report", "plan", "group_report"}

	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.Add(
			&core.BoolField{Name: "deactivated"},
			&core.BoolField{Name: "must_change_password"},
		)
		if err := app.Save(users); err != nil {
			return err
		}

		plans, err := app.FindCollectionByNameOrId("inspection_plans")
		if err != nil {
			return err
		}
		plans.Fields.Add(relation("assignee", users, false))
		if err := app.Save(plans); err != nil {
			return err
		}

		malls, err := app.FindCollectionByNameOrId("malls")
		if err != nil {
			return err
		}
		shops, err := app.FindCollectionByNameOrId("shops")
		if err != nil {
			return err
		}
		shops.AddIndex("idx_shops_mall_name", false, "mall, name", "")
		if err := app.Save(shops); err != nil {
			return err
		}

		group := core.NewBaseCollection("group_reports")
		group.ListRule = types.Pointer(signedIn + ` && generated_by = @request.auth.id`)
		group.ViewRule = group.ListRule
		group.Fields.Add(
			&core.RelationField{Name: "malls", CollectionId: malls.Id, Required: true, MaxSelect: 20},
			&core.TextField{Name: "mall_set", Required: true, Max: 400}, // the mall ids, sorted, comma-joined
			choice("kind", true, "weekly", "monthly"),
			&core.TextField{Name: "period", Required: true, Max: 10, Presentable: true},
			date("period_start", true),
			date("period_end", true),
			&core.FileField{
				Name: "file", MaxSelect: 1, MaxSize: 500 << 20, Protected: true,
				MimeTypes: []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
			},
			&core.RelationField{Name: "generated_by", CollectionId: users.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			&core.JSONField{Name: "kpis", MaxSize: 2_000_000},
		)
		timestamps(group)
		group.AddIndex("idx_group_reports_owner_kind_period_set", true, "generated_by, kind, period, mall_set", "")
		if err := app.Save(group); err != nil {
			return err
		}
		reports, err := app.FindCollectionByNameOrId("reports")
		if err != nil {
			return err
		}
		rects, err := app.FindCollectionByNameOrId("rectifications")
		if err != nil {
			return err
		}

		notes, err := app.FindCollectionByNameOrId("notifications")
		if err != nil {
			return err
		}
		notes.Fields.GetByName("kind").(*core.SelectField).Values = noteKinds
		notes.Fields.Add(
			&core.RelationField{Name: "rectification", CollectionId: rects.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "report", CollectionId: reports.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "plan", CollectionId: plans.Id, MaxSelect: 1, CascadeDelete: true},
			&core.RelationField{Name: "group_report", CollectionId: group.Id, MaxSelect: 1, CascadeDelete: true},
		)
		rule := notesBefore
		for _, f := range noteLinks {
			rule += ` && @request.body.` + f + `:isset = false`
		}
		notes.UpdateRule = types.Pointer(rule)
		notes.AddIndex("idx_notifications_rectification_kind", false, "rectification, kind", "rectification != ''")
		notes.AddIndex("idx_notifications_plan_kind", false, "plan, kind", "plan != ''")
		return app.Save(notes)
	}, func(app core.App) error {
		notes, err := app.FindCollectionByNameOrId("notifications")
		if err != nil {
			return err
		}
		if _, err := app.DB().NewQuery(`DELETE FROM notifications WHERE kind NOT IN ('major_complaint', 'overdue')`).Execute(); err != nil {
			return err
		}
		for _, f := range noteLinks {
			notes.Fields.RemoveByName(f)
		}
		notes.Fields.GetByName("kind").(*core.SelectField).Values = noteKindsBefore
		notes.RemoveIndex("idx_notifications_rectification_kind")
		notes.RemoveIndex("idx_notifications_plan_kind")
		notes.UpdateRule = types.Pointer(notesBefore)
		if err := app.Save(notes); err != nil {
			return err
		}
		if group, err := app.FindCollectionByNameOrId("group_reports"); err == nil {
			if err := app.Delete(group); err != nil {
				return err
			}
		}
		shops, err := app.FindCollectionByNameOrId("shops")
		if err != nil {
			return err
		}
		shops.RemoveIndex("idx_shops_mall_name")
		if err := app.Save(shops); err != nil {
			return err
		}
		plans, err := app.FindCollectionByNameOrId("inspection_plans")
		if err != nil {
			return err
		}
		plans.Fields.RemoveByName("assignee")
		if err := app.Save(plans); err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.RemoveByName("deactivated")
		users.Fields.RemoveByName("must_change_password")
		return app.Save(users)
	})
}
