package hooks

import (
	"fmt"
	"html"
	"net/mail"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"mallcare/domain"
)

// notifyMajor tells every admin of the complaint's mall about a major
// complaint at once (003 §4-7): an in-app notification, and an e-mail when
// SMTP is configured.
func (s *server) notifyMajor(app core.App, complaint *core.Record) error {
	admins, err := mallAdmins(app, complaint.GetString("mall"))
	if err != nil {
		return err
	}
	return s.notify(app, complaint, notice{kind: "major_complaint", users: admins,
		title: fmt.Sprintf("重大投诉 %s", complaint.GetString("number")),
		body: fmt.Sprintf("顾客：%s\n事由：%s\n诉求：%s",
			complaint.GetString("customer_name"), truncate(complaint.GetString("description"), 500), complaint.GetString("demand"))})
}

// mallAdmins lists the ids of the admins assigned to a mall.
func mallAdmins(app core.App, mall string) ([]string, error) {
	admins, err := app.FindRecordsByFilter("users", "role = {:role} && malls.id ?= {:mall}", "", 0, 0,
		dbx.Params{"mall": mall, "role": domain.RoleAdmin})
	ids := make([]string, len(admins))
	for i, a := range admins {
		ids[i] = a.Id
	}
	return ids, err
}

// notice is one message about a complaint to some users.
type notice struct {
	kind, deadline string
	users          []string
	title, body    string
}

// notify writes the notice to each of its users.
func (s *server) notify(app core.App, complaint *core.Record, n notice) error {
	for _, user := range n.users {
		r, err := s.newRecord(app, "notifications")
		if err != nil {
			return err
		}
		r.Load(map[string]any{
			"mall": complaint.GetString("mall"), "user": user, "kind": n.kind, "deadline": n.deadline,
			"complaint": complaint.Id, "title": n.title, "body": n.body,
		})
		if err := app.Save(r); err != nil {
			return err
		}
	}
	return nil
}

// bindNotifications mails each committed notification when SMTP is set; a
// failed mail is logged and never undoes the complaint.
func bindNotifications(app core.App) {
	app.OnRecordAfterCreateSuccess("notifications").BindFunc(func(e *core.RecordEvent) error {
		if !e.App.Settings().SMTP.Enabled {
			return e.Next()
		}
		user, err := e.App.FindRecordById("users", e.Record.GetString("user"))
		if err != nil || user.Email() == "" {
			return e.Next()
		}
		meta := e.App.Settings().Meta
		msg := &mailer.Message{
			From:    mail.Address{Address: meta.SenderAddress, Name: meta.SenderName},
			To:      []mail.Address{{Address: user.Email(), Name: user.GetString("name")}},
			Subject: "[MallCare] " + e.Record.GetString("title"),
			Text:    e.Record.GetString("body"),
			HTML:    "<pre>" + html.EscapeString(e.Record.GetString("body")) + "</pre>",
		}
		if err := e.App.NewMailClient().Send(msg); err != nil {
			e.App.Logger().Error("notification mail failed", "notification", e.Record.Id, "error", err)
		}
		return e.Next()
	})
}
