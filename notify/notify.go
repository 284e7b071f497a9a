// Package notify writes the in-app notifications the server sends people
// (domain.NotificationKinds): one record per recipient in the
// notifications collection, pointing at the record it is about. The app
// shows them in its inbox and, with permission, as system notifications;
// pb_hooks mails them when SMTP is configured.
package notify

import (
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/domain"
)

// Notice is one message to some users of a mall.
type Notice struct {
	Kind     string // domain.NotificationKinds
	Deadline string // for an overdue complaint: which deadline (domain.DeadlineKinds)
	Mall     string
	Users    []string
	// Link names the record it is about: its relation field on
	// notifications (domain.NoticeLinks) and id.
	LinkField, LinkID string
	Title, Body       string
}

// Send writes the notice to each of its users (once each), stamped at t.
// Call it inside the transaction of the change it tells of, so both commit
// or neither does.
func Send(app core.App, t time.Time, n Notice) error {
	if !domain.NotificationKinds.Has(n.Kind) {
		return fmt.Errorf("notify: unknown kind %q", n.Kind)
	}
	col, err := app.FindCachedCollectionByNameOrId("notifications")
	if err != nil {
		return err
	}
	at, _ := types.ParseDateTime(t)
	sent := []string{}
	for _, user := range n.Users {
		if user == "" || slices.Contains(sent, user) {
			continue
		}
		sent = append(sent, user)
		r := core.NewRecord(col)
		r.Load(map[string]any{
			"mall": n.Mall, "user": user, "kind": n.Kind, "deadline": n.Deadline,
			"title": truncate(n.Title, 200), "body": truncate(n.Body, 2000),
		})
		if n.LinkField != "" {
			r.Set(n.LinkField, n.LinkID)
		}
		r.SetRaw("created", at)
		r.SetRaw("updated", at)
		if err := app.Save(r); err != nil {
			return err
		}
	}
	return nil
}

// Staff lists the ids of the active users of a mall with one of roles.
func Staff(app core.App, mall string, roles ...string) ([]string, error) {
	var ids []string
	for _, role := range roles {
		users, err := app.FindRecordsByFilter("users", "role = {:role} && malls.id ?= {:mall} && deactivated != true", "", 0, 0,
			dbx.Params{"mall": mall, "role": role})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			ids = append(ids, u.Id)
		}
	}
	return ids, nil
}

// Admins lists the ids of the active admins of a mall.
func Admins(app core.App, mall string) ([]string, error) { return Staff(app, mall, domain.RoleAdmin) }

func truncate(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max])
}
