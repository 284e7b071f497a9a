package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// bindOverdue checks every ten minutes for complaints whose solution plan is
// past its 24 h SLA and tells their handler (or, with none, the mall's
// admins) once per complaint.
func bindOverdue(app core.App) {
	app.Cron().MustAdd("mallcare_overdue_plans", "*/10 * * * *", func() {
		if err := NotifyOverdue(app); err != nil {
			app.Logger().Error("overdue check failed", "error", err)
		}
	})
}

// NotifyOverdue writes one "overdue" notification per complaint still
// without a plan after plan_due; running it again adds nothing.
func NotifyOverdue(app core.App) error {
	now, _ := types.ParseDateTime(Now())
	late, err := app.FindRecordsByFilter("complaints",
		"(status = 'registered' || status = 'verifying') && plan_due != '' && plan_due < {:now}", "plan_due", 500, 0,
		dbx.Params{"now": now.String()})
	if err != nil {
		return err
	}
	for _, c := range late {
		seen, err := app.CountRecords("notifications", dbx.HashExp{"complaint": c.Id, "kind": "overdue"})
		if err != nil || seen > 0 {
			continue
		}
		recipients := []string{c.GetString("handler")}
		if recipients[0] == "" {
			admins, err := app.FindRecordsByFilter("users", "role = 'admin' && malls.id ?= {:mall}", "", 0, 0, dbx.Params{"mall": c.GetString("mall")})
			if err != nil {
				return err
			}
			recipients = recipients[:0]
			for _, a := range admins {
				recipients = append(recipients, a.Id)
			}
		}
		err = app.RunInTransaction(func(tx core.App) error {
			for _, user := range recipients {
				n, err := newRecord(tx, "notifications")
				if err != nil {
					return err
				}
				n.Load(map[string]any{
					"mall": c.GetString("mall"), "user": user, "kind": "overdue", "complaint": c.Id,
					"title": fmt.Sprintf("投诉 %s 已超过 24 小时未出方案", c.GetString("number")),
					"body":  fmt.Sprintf("顾客：%s\n事由：%s", c.GetString("customer_name"), truncate(c.GetString("description"), 300)),
				})
				if err := tx.Save(n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
