package hooks

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"

	"mallcare/domain"
)

func bindMalls(app core.App) {
	checkTimezone := func(e *core.RecordEvent) error {
		tz := e.Record.GetString("timezone")
		if tz == "" {
			e.Record.Set("timezone", domain.DefaultTimezone)
		} else if _, err := time.LoadLocation(tz); err != nil {
			return fieldError("timezone", "bad_timezone", "无效的时区，例如 Asia/Shanghai (unknown IANA time zone, e.g. Asia/Shanghai)")
		}
		return e.Next()
	}
	app.OnRecordCreate("malls").BindFunc(checkTimezone)
	app.OnRecordUpdate("malls").BindFunc(checkTimezone)
}

// bindUsers keeps staff accounts inside the admin's own malls (on the REST
// API; package staff calls CheckStaffWrite for its own routes), keeps an
// active admin in every mall on every path, and shuts a deactivated account
// out of everything (bindAccountGate).
func bindUsers(app core.App) {
	guard := func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() || e.Auth == nil {
			return e.Next()
		}
		if err := CheckStaffWrite(e.Auth, e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreateRequest("users").BindFunc(guard)
	app.OnRecordUpdateRequest("users").BindFunc(guard)
	app.OnRecordDeleteRequest("users").BindFunc(func(e *core.RecordRequestEvent) error {
		if !e.HasSuperuserAuth() && e.Auth != nil {
			if err := mayManage(e.Auth, e.Record); err != nil {
				return err
			}
		}
		return e.Next()
	})
	keep := func(deleting bool) func(e *core.RecordEvent) error {
		return func(e *core.RecordEvent) error {
			return inTx(e, func() error {
				if err := keepAnAdmin(e.App, e.Record, deleting); err != nil {
					return err
				}
				return e.Next()
			})
		}
	}
	app.OnRecordUpdate("users").BindFunc(keep(false))
	app.OnRecordDelete("users").BindFunc(keep(true))
	bindAccountGate(app)
}

// CheckStaffWrite says whether actor (a signed-in user) may save target as
// it now is (a new account, or an update against target.Original()):
// people change their own name and phone but not their role, malls or
// status; only admins manage others, and only people all of whose malls
// they manage, giving them only malls they manage. There is no role above
// admin to raise anyone to (superusers are another collection).
func CheckStaffWrite(actor, target *core.Record) error {
	if actor.IsSuperuser() {
		return nil
	}
	orig := target.Original()
	changed := target.IsNew() || target.GetString("role") != orig.GetString("role") ||
		!sameSet(target.GetStringSlice("malls"), orig.GetStringSlice("malls")) ||
		target.GetBool("deactivated") != orig.GetBool("deactivated")
	if actor.Id == target.Id && !target.IsNew() {
		if changed {
			return router.NewForbiddenError("不能修改自己的角色、所属商场或停用自己的账号，请让另一位管理员处理 (you cannot change your own role or malls or deactivate yourself; ask another admin)", nil)
		}
		return nil
	}
	if actor.GetString("role") != domain.RoleAdmin {
		return router.NewForbiddenError("只有管理员可以管理员工账号 (only an admin manages staff accounts)", nil)
	}
	if !target.IsNew() {
		if err := mayManage(actor, orig); err != nil {
			return err
		}
	}
	own := actor.GetStringSlice("malls")
	for _, m := range target.GetStringSlice("malls") {
		if !slices.Contains(own, m) {
			return router.NewBadRequestError("只能分配您管理的商场 (you can only assign malls you manage)",
				fieldError("malls", "other_mall", "只能分配您管理的商场 (you can only assign malls you manage)"))
		}
	}
	return nil
}

// mayManage: an admin touches only people all of whose malls they manage.
func mayManage(actor, target *core.Record) error {
	if actor.IsSuperuser() {
		return nil
	}
	if actor.GetString("role") != domain.RoleAdmin {
		return router.NewForbiddenError("只有管理员可以管理员工账号 (only an admin manages staff accounts)", nil)
	}
	if actor.Id == target.Id {
		return router.NewForbiddenError("不能删除或停用自己的账号 (you cannot remove or deactivate yourself)", nil)
	}
	own := actor.GetStringSlice("malls")
	for _, m := range target.GetStringSlice("malls") {
		if !slices.Contains(own, m) {
			return router.NewForbiddenError("该员工还属于您不管理的商场，只有管理所有这些商场的管理员可以修改 (this person also works in a mall you do not manage)", nil)
		}
	}
	return nil
}

// activeAdmin reports whether a user is an active admin of mall.
func activeAdmin(u *core.Record, mall string) bool {
	return u.GetString("role") == domain.RoleAdmin && !u.GetBool("deactivated") && slices.Contains(u.GetStringSlice("malls"), mall)
}

// keepAnAdmin refuses a change (or deletion) that would leave a mall with
// no active admin: nobody could then manage its staff from the app.
func keepAnAdmin(app core.App, u *core.Record, deleting bool) error {
	before := u.Original()
	if deleting {
		before = u
	}
	for _, mall := range before.GetStringSlice("malls") {
		if !activeAdmin(before, mall) || (!deleting && activeAdmin(u, mall)) {
			continue
		}
		var others int
		err := app.DB().NewQuery(`SELECT COUNT(*) FROM users u, json_each(u.malls) m
			WHERE m.value = {:mall} AND u.id != {:id} AND u.role = 'admin' AND u.deactivated = FALSE`).
			Bind(dbx.Params{"mall": mall, "id": u.Id}).Row(&others)
		if err != nil {
			return err
		}
		if others == 0 {
			name := mall
			if m, err := app.FindRecordById("malls", mall); err == nil {
				name = m.GetString("name")
			}
			return router.NewBadRequestError(fmt.Sprintf("「%s」至少要有一位在职的管理员：请先任命另一位管理员 (%s must keep at least one active admin; appoint another one first)", name, name), nil)
		}
	}
	return nil
}

// bindAccountGate shuts a deactivated account out of every authenticated
// route (REST, sync, files, reports, realtime subscriptions) with one
// middleware right after PocketBase loads the token, refuses its sign-in,
// and drops its open realtime connections. An account with a one-time
// password may only set its own password first.
func bindAccountGate(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:       "mallcareAccountGate",
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority + 1,
			Func: func(e *core.RequestEvent) error {
				if err := accountRefusal(e.Auth, e.Request); err != nil {
					return err
				}
				return e.Next()
			},
		})
		return se.Next()
	})
	app.OnRecordAuthRequest("users").BindFunc(func(e *core.RecordAuthRequestEvent) error {
		if e.Record.GetBool("deactivated") {
			return e.ForbiddenError(domain.DeactivatedMessage, nil)
		}
		return e.Next()
	})
	app.OnRecordAfterUpdateSuccess("users").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetBool("deactivated") {
			dropRealtime(e.App, e.Record.Id)
		}
		return e.Next()
	})
	// a file token minted before the deactivation
	app.OnFileDownloadRequest().BindFunc(func(e *core.FileDownloadRequestEvent) error {
		if tok := e.Request.URL.Query().Get("token"); tok != "" {
			if u, err := e.App.FindAuthRecordByToken(tok, core.TokenTypeFile); err == nil && u.GetBool("deactivated") {
				return e.ForbiddenError(domain.DeactivatedMessage, nil)
			}
		}
		return e.Next()
	})
}

// OwnPasswordPath is where a person sets their own password (package
// staff); the only route open to an account with a one-time password.
const OwnPasswordPath = "/api/staff/me/password"

func accountRefusal(auth *core.Record, r *http.Request) error {
	if auth == nil || auth.Collection().Name != "users" {
		return nil
	}
	if auth.GetBool("deactivated") {
		return router.NewForbiddenError(domain.DeactivatedMessage, nil)
	}
	if auth.GetBool("must_change_password") && r.URL.Path != OwnPasswordPath &&
		!strings.HasPrefix(r.URL.Path, "/api/collections/users/auth-") && r.URL.Path != "/api/realtime" {
		return router.NewForbiddenError(domain.PasswordChangeMessage, nil)
	}
	return nil
}

// dropRealtime closes the realtime connections of a user: the phone's next
// subscription is refused by the gate.
func dropRealtime(app core.App, userID string) {
	for _, c := range app.SubscriptionsBroker().Clients() {
		if auth, _ := c.Get(apis.RealtimeClientAuthKey).(*core.Record); auth != nil && auth.Id == userID {
			c.Unset(apis.RealtimeClientAuthKey)
			c.Discard()
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}
