package hooks

import (
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

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

// bindUsers keeps account management inside the admin's own malls: an admin
// may only grant malls they hold, and nobody changes their own role or malls.
func bindUsers(app core.App) {
	guard := func(e *core.RecordRequestEvent) error {
		if e.HasSuperuserAuth() || e.Auth == nil {
			return e.Next()
		}
		target := e.Record
		var before []string
		if !target.IsNew() {
			before = target.Original().GetStringSlice("malls")
		}
		isAdmin := e.Auth.GetString("role") == domain.RoleAdmin
		if !isAdmin || e.Auth.Id == target.Id {
			if target.IsNew() ||
				target.GetString("role") != target.Original().GetString("role") ||
				!sameSet(target.GetStringSlice("malls"), before) {
				return e.ForbiddenError("只有管理员可以设置角色和所属商场，且不能修改自己的 (only an admin may set another user's role and malls)", nil)
			}
			return e.Next()
		}
		own := e.Auth.GetStringSlice("malls")
		for _, m := range target.GetStringSlice("malls") {
			if !slices.Contains(own, m) && !slices.Contains(before, m) {
				return e.BadRequestError("只能分配您管理的商场",
					fieldError("malls", "other_mall", "只能分配您管理的商场 (you can only assign malls you manage)"))
			}
		}
		return e.Next()
	}
	app.OnRecordCreateRequest("users").BindFunc(guard)
	app.OnRecordUpdateRequest("users").BindFunc(guard)
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
