package hooks

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ServerOwned lists, per collection, the fields only the server writes. A
// client request (REST or sync) that sets one is refused with a field error.
var ServerOwned = map[string][]string{
	"complaints": {
		"number", "registered_at", "plan_due", "feedback_due", "callback_from", "callback_due",
		"verifying_at", "proposed_at", "feedback_at", "resolved_at", "visited_at", "closed_at",
		"withdrawn_at", "created_by", "updated_by",
	},
	"complaint_events":   {"actor", "at", "from_status", "to_status"},
	"inspections":        {"template_name", "items", "score", "passed_count", "failed_count", "na_count", "finished_at", "created_by"},
	"inspection_results": {"created_by"},
	"rectifications":     {"done_at", "verified_at", "verified_by", "created_by", "updated_by"},
	"survey_responses":   {"kind", "overall", "satisfied", "taken_by"},
}

// actorFields names who did a write: set from the request's auth on create
// (and, for "updated_by", on every update).
var actorFields = map[string]struct{ create, update string }{
	"complaints":         {"created_by", "updated_by"},
	"complaint_events":   {"actor", ""},
	"inspections":        {"created_by", ""},
	"inspection_results": {"created_by", ""},
	"rectifications":     {"created_by", "updated_by"},
	"survey_responses":   {"taken_by", ""},
}

// CheckClientFields refuses a client body that writes server-owned fields.
// Keys may carry PocketBase's "+"/"-" modifiers, which are checked too.
func CheckClientFields(collection string, body map[string]any) error {
	owned := ServerOwned[collection]
	errs := validation.Errors{}
	for key := range body {
		name := fieldName(key)
		if slices.Contains(owned, name) {
			errs[name] = validation.NewError("mallcare_server_owned", "由服务器生成，不能由客户端填写 (set by the server, not by clients)")
		}
	}
	if collection == "complaint_events" {
		if kind, _ := body["kind"].(string); kind != "" && kind != "note" && kind != "call" && kind != "feedback" {
			errs["kind"] = validation.NewError("mallcare_server_owned", "只能添加备注、通话或反馈记录，状态记录由服务器生成 (clients add notes, calls and feedback only)")
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// stampActor records the requesting user as the author of a write.
func stampActor(e *core.RecordRequestEvent, create bool) {
	f, ok := actorFields[e.Collection.Name]
	if !ok {
		return
	}
	id := ""
	if e.Auth != nil && !e.Auth.IsSuperuser() {
		id = e.Auth.Id
	}
	if create && f.create != "" {
		e.Record.Set(f.create, id)
	}
	if f.update != "" {
		e.Record.Set(f.update, id)
	}
}

// CheckTypes refuses values of the wrong type, which PocketBase would
// otherwise quietly cast ("three hundred" → 0, "yesterday" → no date).
// Multipart forms send every value as a string, so numeric and boolean
// strings pass.
func CheckTypes(collection *core.Collection, body map[string]any) error {
	errs := validation.Errors{}
	for key, v := range body {
		name := fieldName(key)
		if v == nil {
			continue
		}
		var msg string
		switch collection.Fields.GetByName(name).(type) {
		case *core.NumberField:
			if !isNumber(v) {
				msg = "必须是数字 (must be a number)"
			}
		case *core.DateField:
			if str, ok := v.(string); !ok || (str != "" && !isDate(str)) {
				msg = "必须是日期时间，如 2026-11-23 10:00:00Z (must be a date-time, e.g. 2026-11-23 10:00:00Z)"
			}
		case *core.BoolField:
			if _, ok := v.(bool); !ok && v != "true" && v != "false" {
				msg = "必须是 true 或 false (must be true or false)"
			}
		case *core.TextField, *core.EmailField, *core.URLField, *core.EditorField:
			if _, ok := v.(string); !ok {
				msg = "必须是文本 (must be text)"
			}
		}
		if msg != "" {
			errs[name] = validation.NewError("mallcare_wrong_type", msg)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// fieldName strips PocketBase's "+" / "-" modifiers from a body key.
func fieldName(key string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(key, "+"), "+"), "-")
}

func isNumber(v any) bool {
	switch n := v.(type) {
	case float64, int, int64, json.Number:
		return true
	case string:
		_, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		return err == nil
	}
	return false
}

func isDate(s string) bool {
	dt, err := types.ParseDateTime(s)
	return err == nil && !dt.IsZero()
}

func bindClientWrites(app core.App) {
	guard := func(create bool) func(e *core.RecordRequestEvent) error {
		return func(e *core.RecordRequestEvent) error {
			if !e.HasSuperuserAuth() {
				// the body as sent: RequestInfo's is already cast to the field types
				body := map[string]any{}
				if err := e.BindBody(&body); err != nil {
					return e.BadRequestError("无法解析提交的数据 (malformed request body)", err)
				}
				if err := CheckClientFields(e.Collection.Name, body); err != nil {
					return e.BadRequestError("请检查标出的字段 (some fields cannot be written)", err)
				}
				if err := CheckTypes(e.Collection, body); err != nil {
					return e.BadRequestError("请检查标出的字段 (some values have the wrong type)", err)
				}
			}
			stampActor(e, create)
			return e.Next()
		}
	}
	app.OnRecordCreateRequest().BindFunc(guard(true))
	app.OnRecordUpdateRequest().BindFunc(guard(false))
}
