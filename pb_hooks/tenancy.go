package hooks

import (
	"context"
	"slices"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// mallLinks lists, per collection, the relations whose target must belong to
// the same mall as the record (templates with no mall are the shared
// defaults). The API rules only see the record's own mall; this closes the
// gap of pointing at another mall's shop, complaint or inspection.
var mallLinks = map[string][]string{
	"complaints":         {"shop"},
	"complaint_events":   {"complaint"},
	"inspections":        {"template", "shop"},
	"inspection_results": {"inspection"},
	"rectifications":     {"inspection", "shop"},
	"survey_responses":   {"template", "complaint", "shop"},
	"notifications":      {"complaint"},
	"survey_points":      {"template", "shop"},
}

// staffLinks lists relations to users, who must be assigned to the record's
// mall (its collections are all in mallLinks too).
var staffLinks = map[string][]string{
	"complaints":  {"handler"},
	"inspections": {"inspector"},
}

// linkedFrom marks, in a save's context, a record the server writes itself
// whose mall and links it copied from the record it is saving (a timeline
// entry of a complaint): the check would only read back that record.
type linkedFrom struct{ record *core.Record }

func sameMallAs(r, source *core.Record) context.Context {
	return context.WithValue(context.Background(), linkedFrom{r}, source)
}

func checkSameMall(ctx context.Context, app core.App, r *core.Record) error {
	if source, ok := ctx.Value(linkedFrom{r}).(*core.Record); ok && source.GetString("mall") == r.GetString("mall") {
		return nil
	}
	mall := r.GetString("mall")
	errs := validation.Errors{}
	for _, field := range mallLinks[r.Collection().Name] {
		id := r.GetString(field)
		if id == "" || (!r.IsNew() && id == r.Original().GetString(field)) {
			continue
		}
		f, _ := r.Collection().Fields.GetByName(field).(*core.RelationField)
		col, err := app.FindCachedCollectionByNameOrId(f.CollectionId)
		if err != nil {
			return err
		}
		target, err := lookup(app, col.Name, id)
		if err != nil {
			errs[field] = validation.NewError("mallcare_not_found", "关联记录不存在 (the linked record does not exist)")
			continue
		}
		// only the shared default templates have no mall
		if owner := target.mall; owner != mall && owner != "" {
			errs[field] = validation.NewError("mallcare_other_mall", "关联记录属于其他商场 (the linked record belongs to another mall)")
		}
	}
	for _, field := range staffLinks[r.Collection().Name] {
		id := r.GetString(field)
		if id == "" || (!r.IsNew() && id == r.Original().GetString(field)) {
			continue
		}
		user, err := lookup(app, "users", id)
		if err != nil || !slices.Contains(user.malls, mall) {
			errs[field] = validation.NewError("mallcare_other_mall", "该员工不属于本商场 (this user is not assigned to the mall)")
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func bindTenancy(app core.App) {
	names := make([]string, 0, len(mallLinks))
	for name := range mallLinks {
		names = append(names, name)
	}
	check := func(e *core.RecordEvent) error {
		if err := checkSameMall(e.Context, e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(names...).BindFunc(check)
	app.OnRecordUpdate(names...).BindFunc(check)
}
