package hooks

import (
	"fmt"
	"html"
	"net/mail"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/mailer"

	"mallcare/domain"
	"mallcare/notify"
)

// notifyMajor tells every admin of the complaint's mall about a major
// complaint at once (003 §4-7): an in-app notification, and an e-mail when
// SMTP is configured.
func (s *server) notifyMajor(app core.App, complaint *core.Record) error {
	admins, err := mallAdmins(app, complaint.GetString("mall"))
	if err != nil {
		return err
	}
	return s.notify(app, complaint, notice{kind: domain.NoticeMajor, users: admins,
		title: fmt.Sprintf("重大投诉 %s", complaint.GetString("number")),
		body: fmt.Sprintf("顾客：%s\n事由：%s\n诉求：%s",
			complaint.GetString("customer_name"), truncate(complaint.GetString("description"), 500), complaint.GetString("demand"))})
}

// mallAdmins lists the ids of the active admins assigned to a mall.
func mallAdmins(app core.App, mall string) ([]string, error) { return notify.Admins(app, mall) }

// notice is one message about a complaint to some users.
type notice struct {
	kind, deadline string
	users          []string
	title, body    string
}

// notify writes the notice about a complaint to each of its users.
func (s *server) notify(app core.App, complaint *core.Record, n notice) error {
	return notify.Send(app, s.clock.Now(), notify.Notice{Kind: n.kind, Deadline: n.deadline,
		Mall: complaint.GetString("mall"), Users: n.users, LinkField: "complaint", LinkID: complaint.Id,
		Title: n.title, Body: n.body})
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
