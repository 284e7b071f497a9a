package hooks

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/domain"
	"mallcare/notify"
	"mallcare/reports/kpi"
)

// The notices about rectifications and plans: a failed re-check tells at
// once who marked the rectification done and who opened it; every ten
// minutes a check tells of rectifications past their deadline and of plan
// periods that ended short of their target.
func (s *server) bindNotices(app core.App) {
	app.OnRecordUpdate("rectifications").BindFunc(func(e *core.RecordEvent) error {
		returned := e.Record.Original().GetString("status") == domain.RectDone && e.Record.GetString("status") == domain.RectOpen
		if !returned {
			return e.Next()
		}
		return inTx(e, func() error {
			if err := e.Next(); err != nil {
				return err
			}
			return s.notifyReturned(e.App, e.Record)
		})
	})
	app.Cron().MustAdd("mallcare_notices", "*/10 * * * *", func() {
		if err := Notices(app, s.clock.Now()); err != nil {
			app.Logger().Error("rectification and plan notices failed", "error", err)
		}
	})
}

// notifyReturned: the people who worked on a rectification hear it is open
// again (the one who re-checked it excepted); with nobody, the managers.
func (s *server) notifyReturned(app core.App, r *core.Record) error {
	actor := r.GetString("updated_by")
	var users []string
	for _, u := range []string{r.Original().GetString("updated_by"), r.GetString("created_by")} {
		if u != "" && u != actor {
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		var err error
		if users, err = notify.Staff(app, r.GetString("mall"), domain.RoleManager); err != nil {
			return err
		}
	}
	shop := shopName(app, r.GetString("shop"))
	return notify.Send(app, s.clock.Now(), notify.Notice{Kind: domain.NoticeRectReturned, Mall: r.GetString("mall"), Users: users,
		LinkField: "rectification", LinkID: r.Id,
		Title: fmt.Sprintf("整改退回：%s", shop),
		Body:  fmt.Sprintf("复查未通过，请重新整改。\n问题：%s\n复查说明：%s", truncate(r.GetString("issue"), 300), r.GetString("verify_note"))})
}

func shopName(app core.App, id string) string {
	if shop, err := app.FindRecordById("shops", id); err == nil {
		return shop.GetString("name")
	}
	return "（未指定商铺）"
}

// planNoticeWindow: plans that ended longer ago are not told of (a first
// start does not flood anyone with old plans).
const planNoticeWindow = 7 * 24 * time.Hour

// Notices writes, once each, the "rectification overdue" notices (to who
// opened it, or the mall's managers) and the "plan behind" notices (to the
// mall's admins and the plan's assignee) as of now; running it again adds
// nothing.
func Notices(app core.App, now time.Time) error {
	at, _ := types.ParseDateTime(now)
	var due []string
	err := app.DB().NewQuery(`SELECT r.id FROM rectifications r
		WHERE r.status = 'open' AND r.deadline != '' AND r.deadline < {:now}
		AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.rectification = r.id AND n.kind = 'rectification_due' AND n.created > r.deadline)
		ORDER BY r.deadline LIMIT 500`).Bind(dbx.Params{"now": at.String()}).Column(&due)
	if err != nil {
		return err
	}
	rects, err := app.FindRecordsByIds("rectifications", due)
	if err != nil {
		return err
	}
	for _, r := range rects {
		users := []string{r.GetString("created_by")}
		if users[0] == "" {
			if users, err = notify.Staff(app, r.GetString("mall"), domain.RoleManager); err != nil {
				return err
			}
		}
		loc, _ := mallLocation(app, r.GetString("mall"))
		if loc == nil {
			loc = domain.Location("")
		}
		err = notify.Send(app, now, notify.Notice{Kind: domain.NoticeRectDue, Mall: r.GetString("mall"), Users: users,
			LinkField: "rectification", LinkID: r.Id,
			Title: fmt.Sprintf("整改逾期：%s", shopName(app, r.GetString("shop"))),
			Body: fmt.Sprintf("期限 %s 已过，尚未整改。\n问题：%s", r.GetDateTime("deadline").Time().In(loc).Format("2006-01-02 15:04"),
				truncate(r.GetString("issue"), 300))})
		if err != nil {
			return err
		}
	}
	return notifyPlansBehind(app, now)
}

// notifyPlansBehind tells of plans whose period ended in the last week with
// fewer inspections done than planned (kpi.PlanProgress: the reports' own
// count).
func notifyPlansBehind(app core.App, now time.Time) error {
	from, _ := types.ParseDateTime(now.AddDate(0, -4, 0))
	var ids []string
	err := app.DB().NewQuery(`SELECT p.id FROM inspection_plans p
		WHERE p.period_start >= {:from}
		AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.plan = p.id AND n.kind = 'plan_behind')`).
		Bind(dbx.Params{"from": from.String()}).Column(&ids)
	if err != nil {
		return err
	}
	plans, err := app.FindRecordsByIds("inspection_plans", ids)
	if err != nil {
		return err
	}
	data := map[string]*kpi.Data{} // one load per mall
	for _, pl := range plans {
		mall, err := kpi.LoadMall(app, pl.GetString("mall"))
		if err != nil {
			continue
		}
		d := data[mall.ID]
		if d == nil {
			if d, err = kpi.Load(app, mall, now.Add(-planNoticeWindow), now); err != nil {
				return err
			}
			data[mall.ID] = d
		}
		for _, row := range kpi.PlanProgress(d, now.Add(-planNoticeWindow), now, now) {
			if row.ID != pl.Id || row.End.After(now) || now.Sub(row.End) > planNoticeWindow || float64(row.Done) >= row.Target {
				continue
			}
			users, err := notify.Admins(app, mall.ID)
			if err != nil {
				return err
			}
			if row.AssigneeID != "" {
				users = append(users, row.AssigneeID)
			}
			area := row.Floor
			if row.Zone != "" {
				area += " " + row.Zone
			}
			err = notify.Send(app, now, notify.Notice{Kind: domain.NoticePlanBehind, Mall: mall.ID, Users: users,
				LinkField: "plan", LinkID: row.ID,
				Title: fmt.Sprintf("巡检计划未完成：%s", area),
				Body: fmt.Sprintf("%s 起的%s计划 %d 次，完成 %d 次。", row.Start.Format("2006-01-02"),
					domain.PlanPeriods.Zh(row.Period), int(row.Target), row.Done)})
			if err != nil {
				return err
			}
		}
	}
	return nil
}
