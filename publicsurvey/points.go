package publicsurvey

import (
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// bindPoints checks a survey point on every path a write takes (REST, the
// admin UI): a template of the point's kind, an end after the start. The
// template and shop belong to the point's mall (pb_hooks/tenancy.go); only
// the mall's admins reach the collection (its API rules).
func bindPoints(app core.App) {
	check := func(e *core.RecordEvent) error {
		if err := checkPoint(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate("survey_points").BindFunc(check)
	app.OnRecordUpdate("survey_points").BindFunc(check)
}

func checkPoint(app core.App, p *core.Record) error {
	errs := validation.Errors{}
	p.Set("name", strings.TrimSpace(p.GetString("name")))
	if p.GetString("name") == "" {
		errs["name"] = validation.NewError("mallcare_required", "请填写调查点名称，如 一楼总服务台 (name the point, e.g. 1F service desk)")
	}
	changed := func(field string) bool { return p.IsNew() || p.GetString(field) != p.Original().GetString(field) }
	if id := p.GetString("template"); id != "" && (changed("template") || changed("kind")) {
		switch tpl, err := app.FindRecordById("survey_templates", id); {
		case err != nil:
		// the relation field itself reports a missing record
		case tpl.GetString("kind") != p.GetString("kind"):
			errs["template"] = validation.NewError("mallcare_wrong_kind", "问卷的类型与调查点不符 (the questionnaire is for another kind of survey)")
		case !tpl.GetBool("active"):
			errs["template"] = validation.NewError("mallcare_inactive", "该问卷已停用 (this questionnaire is no longer in use)")
		}
	}
	from, until := p.GetDateTime("valid_from"), p.GetDateTime("valid_until")
	if !from.IsZero() && !until.IsZero() && !until.After(from) {
		errs["valid_until"] = validation.NewError("mallcare_bad_range", "结束时间须晚于开始时间 (the end must be after the start)")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}
