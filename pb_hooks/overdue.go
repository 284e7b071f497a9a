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
	var ids []string
	err := app.DB().NewQuery(`
		SELECT c.id FROM complaints c
		WHERE c.status IN ('registered', 'verifying') AND c.plan_due != '' AND c.plan_due < {:now}
		AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.complaint = c.id AND n.kind = 'overdue')
		ORDER BY c.plan_due LIMIT 500`).Bind(dbx.Params{"now": now.String()}).Column(&ids)
	if err != nil {
		return err
	}
	late, err := app.FindRecordsByIds("complaints", ids)
	if err != nil {
		return err
	}
	for _, c := range late {
		recipients := []string{c.GetString("handler")}
		if recipients[0] == "" {
			if recipients, err = mallAdmins(app, c.GetString("mall")); err != nil {
				return err
			}
		}
		err = app.RunInTransaction(func(tx core.App) error {
			return notify(tx, c, "overdue", recipients,
				fmt.Sprintf("投诉 %s 已超过 24 小时未出方案", c.GetString("number")),
				fmt.Sprintf("顾客：%s\n事由：%s", c.GetString("customer_name"), truncate(c.GetString("description"), 300)))
		})
		if err != nil {
			return err
		}
	}
	return nil
}
