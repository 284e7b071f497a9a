package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// An overdue notice names the deadline it is about (plan, feedback or
// callback), so each missed deadline of a complaint is told once.
func init() {
	const before = `user = @request.auth.id && @request.body.user:isset = false && @request.body.mall:isset = false && @request.body.title:isset = false && @request.body.body:isset = false && @request.body.complaint:isset = false && @request.body.kind:isset = false`
	m.Register(func(app core.App) error {
		notes, err := app.FindCollectionByNameOrId("notifications")
		if err != nil {
			return err
		}
		notes.Fields.Add(choice("deadline", false, "plan", "handling", "feedback", "callback"))
		notes.UpdateRule = types.Pointer(before + ` && @request.body.deadline:isset = false`)
		notes.AddIndex("idx_notifications_complaint_kind_deadline", false, "complaint, kind, deadline", "")
		if err := app.Save(notes); err != nil {
			return err
		}
		// notices written before this migration were all about a late plan
		_, err = app.DB().NewQuery(`UPDATE notifications SET deadline = 'plan' WHERE kind = 'overdue'`).Execute()
		return err
	}, func(app core.App) error {
		notes, err := app.FindCollectionByNameOrId("notifications")
		if err != nil {
			return err
		}
		notes.Fields.RemoveByName("deadline")
		notes.RemoveIndex("idx_notifications_complaint_kind_deadline")
		notes.UpdateRule = types.Pointer(before)
		return app.Save(notes)
	})
}
