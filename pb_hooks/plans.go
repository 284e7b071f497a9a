package hooks

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/domain"
)

// bindPlans: a plan's assignee is someone of the plan's mall who does
// inspections (domain.InspectionRoles).
func bindPlans(app core.App) {
	check := func(e *core.RecordEvent) error {
		id := e.Record.GetString("assignee")
		if id != "" && (e.Record.IsNew() || id != e.Record.Original().GetString("assignee")) {
			u, err := e.App.FindRecordById("users", id)
			if err != nil || !slices.Contains(u.GetStringSlice("malls"), e.Record.GetString("mall")) {
				return fieldError("assignee", "other_mall", "该员工不属于本商场 (this user is not assigned to the mall)")
			}
			if !slices.Contains(domain.InspectionRoles, u.GetString("role")) {
				return fieldError("assignee", "not_inspector", "该员工的角色不做巡检 (this user's role does not inspect)")
			}
		}
		return e.Next()
	}
	app.OnRecordCreate("inspection_plans").BindFunc(check)
	app.OnRecordUpdate("inspection_plans").BindFunc(check)
}
