package hooks

import (
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/clock"
	"mallcare/domain"
)

// bindOverdue checks every ten minutes for complaints past a deadline they
// still owe (domain.Late) and tells their handler (or, with none, the mall's
// admins) once per complaint and deadline.
func (s *server) bindOverdue(app core.App) {
	app.Cron().MustAdd("mallcare_overdue_plans", "*/10 * * * *", func() {
		if err := NotifyOverdue(app, s.clock.Now()); err != nil {
			app.Logger().Error("overdue check failed", "error", err)
		}
	})
}

// lateQuery selects the complaints late on deadline d at {:now}: the SQL
// form of domain.Late for a stored record, whose status is current.
func lateQuery(d domain.Deadline) string {
	owed := make([]string, len(d.Owed))
	for i, s := range d.Owed {
		owed[i] = "'" + s + "'"
	}
	return fmt.Sprintf(`SELECT c.id FROM complaints c
		WHERE c.status IN (%s) AND c.[[%s]] = '' AND c.[[%s]] != '' AND c.[[%s]] < {:now}
		AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.complaint = c.id AND n.kind = 'overdue' AND n.deadline = {:kind})
		ORDER BY c.[[%s]] LIMIT 500`, strings.Join(owed, ", "), d.Met, d.Due, d.Due, d.Due)
}

// NotifyOverdue writes one "overdue" notification per complaint and missed
// deadline as of now; running it again adds nothing.
func NotifyOverdue(app core.App, at time.Time) error {
	s := &server{clock: clock.At(at)}
	now, _ := types.ParseDateTime(at)
	for _, d := range domain.Deadlines {
		var ids []string
		err := app.DB().NewQuery(lateQuery(d)).Bind(dbx.Params{"now": now.String(), "kind": d.Kind}).Column(&ids)
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
				return s.notify(tx, c, notice{kind: "overdue", deadline: d.Kind, users: recipients,
					title: fmt.Sprintf("投诉 %s 已逾期：%s", c.GetString("number"), domain.DeadlineKinds.Zh(d.Kind)),
					body:  fmt.Sprintf("顾客：%s\n事由：%s", c.GetString("customer_name"), truncate(c.GetString("description"), 300))})
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}
