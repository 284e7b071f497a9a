package syncapi

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// viewRuleFilter narrows a record query to what the collection's view rule
// lets the request's user see, with PocketBase's own rule resolver (as its
// view API does). Superusers see everything; a missing rule hides all.
func viewRuleFilter(app core.App, col *core.Collection, info *core.RequestInfo) func(q *dbx.SelectQuery) error {
	return ruleFilter(app, col, info, col.ViewRule, "")
}

// ruleFilter applies rule (and an optional extra filter, same syntax)
// through PocketBase's record field resolver.
func ruleFilter(app core.App, col *core.Collection, info *core.RequestInfo, rule *string, extra string) func(q *dbx.SelectQuery) error {
	return func(q *dbx.SelectQuery) error {
		superuser := info.HasSuperuserAuth()
		if rule == nil && !superuser {
			q.AndWhere(dbx.NewExp("1 = 0"))
			return nil
		}
		resolver := core.NewRecordFieldResolver(app, col, info, true)
		if !superuser && *rule != "" {
			expr, err := search.FilterData(*rule).BuildExpr(resolver)
			if err != nil {
				return err
			}
			q.AndWhere(expr)
		}
		if extra != "" {
			expr, err := search.FilterData(extra).BuildExpr(resolver)
			if err != nil {
				return err
			}
			q.AndWhere(expr)
		}
		return resolver.UpdateQuery(q)
	}
}
