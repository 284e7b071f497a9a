// Package clientwrite checks what a client sends for a record, over REST or
// sync, before PocketBase sees it: fields only the server writes, fields the
// collection does not have, values of the wrong type, which PocketBase
// would otherwise quietly cast ("three hundred" → 0, "yesterday" → no date),
// and text that is not clean UTF-8 (CheckText).
// The REST request hooks and the sync push decoder both call Check, so the
// two paths refuse the same bodies with the same codes.
package clientwrite

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/domain"
)

// Error codes of a refused field.
const (
	CodeServerOwned  = "mallcare_server_owned"
	CodeUnknownField = "mallcare_unknown_field"
	CodeWrongType    = "mallcare_wrong_type"
	CodeBadModifier  = "mallcare_bad_modifier"
	CodeBadText      = "mallcare_bad_text"
)

// CheckText refuses text a person did not type: invalid UTF-8, the
// replacement character U+FFFD (what a decoder leaves of invalid UTF-8 or a
// lone surrogate), and control characters other than tab and newline (NUL,
// carriage return, escape, …). Such text is never stored, not even cleaned.
func CheckText(s string) error {
	if !utf8.ValidString(s) {
		return badText("不是有效的 UTF-8 文本 (not valid UTF-8)")
	}
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return badText("含有无效字符 U+FFFD，可能是编码损坏 (contains U+FFFD: broken encoding)")
		case r == '\t' || r == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return badText("含有控制字符（只允许制表符和换行）(contains a control character; only tab and newline are allowed)")
		}
	}
	return nil
}

func badText(msg string) error { return validation.NewError(CodeBadText, msg) }

// CheckStrings applies CheckText to every string (and object key) in a JSON value.
func CheckStrings(v any) error {
	switch x := v.(type) {
	case string:
		return CheckText(x)
	case []any:
		for _, e := range x {
			if err := CheckStrings(e); err != nil {
				return err
			}
		}
	case map[string]any:
		for k, e := range x {
			if err := CheckText(k); err != nil {
				return err
			}
			if err := CheckStrings(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// Encoding is how a body arrived. A form (multipart or urlencoded) carries
// every value as text, which PocketBase infers into numbers and booleans, so
// a text field may arrive as a number there; JSON says what it means.
type Encoding int

const (
	JSON Encoding = iota
	Form
)

// authKeys are the keys an auth collection takes beyond its fields.
var authKeys = []string{"password", "passwordConfirm", "oldPassword"}

// Modifiers of a body key (PocketBase's "+tags", "tags+", "tags-"; for a
// number "n+" adds and "n-" subtracts).
const (
	Prepend = "+name"
	Append  = "name+"
	Remove  = "name-"
)

// Split separates a body key's modifier from the field name.
func Split(key string) (name, modifier string) {
	switch {
	case strings.HasPrefix(key, "+"):
		return key[1:], Prepend
	case strings.HasSuffix(key, "+"):
		return key[:len(key)-1], Append
	case strings.HasSuffix(key, "-"):
		return key[:len(key)-1], Remove
	}
	return key, ""
}

// Check returns a field error for every key of body a client may not write
// to col, keyed by the field name: what Shape refuses, and fields only the
// server writes.
func Check(col *core.Collection, body map[string]any, enc Encoding) validation.Errors {
	return check(col, body, enc, true)
}

// Shape is Check without the ownership rules: fields the collection lacks,
// wrong types and modifiers. Sync refuses a whole push for these (the client
// is broken) before it applies anything, and leaves ownership to the record
// handler, where a refusal rejects only its own mutation.
func Shape(col *core.Collection, body map[string]any, enc Encoding) validation.Errors {
	return check(col, body, enc, false)
}

func check(col *core.Collection, body map[string]any, enc Encoding, ownership bool) validation.Errors {
	errs := validation.Errors{}
	var owned []string
	if ownership {
		owned = append(domain.ServerOwned[col.Name], domain.Autodate...)
	}
	for key, v := range body {
		name, mod := Split(key)
		if err := checkField(col, owned, name, mod, v, enc); err != nil {
			errs[name] = err
		}
	}
	if ownership && col.Name == "complaint_events" {
		if kind, ok := body["kind"].(string); ok && kind != "" && !slices.Contains(domain.ClientEventKinds, kind) {
			errs["kind"] = validation.NewError(CodeServerOwned, "只能添加备注、通话或反馈记录，状态记录由服务器生成 (clients add notes, calls and feedback only)")
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func checkField(col *core.Collection, owned []string, name, mod string, v any, enc Encoding) error {
	if slices.Contains(owned, name) {
		return validation.NewError(CodeServerOwned, "由服务器生成，不能由客户端填写 (set by the server, not by clients)")
	}
	if name == "id" {
		return nil // a client-made id on create; PocketBase checks its format
	}
	if col.IsAuth() && slices.Contains(authKeys, name) {
		if _, ok := v.(string); !ok {
			return wrongType("文本 (must be text)")
		}
		return nil
	}
	f := col.Fields.GetByName(name)
	if f == nil || f.GetHidden() {
		return validation.NewError(CodeUnknownField, "集合 "+col.Name+" 中没有这个可写字段 (no such writable field in "+col.Name+")")
	}
	switch f.Type() {
	case core.FieldTypeNumber:
		if mod == Prepend {
			return badModifier()
		}
	case core.FieldTypeSelect, core.FieldTypeRelation, core.FieldTypeFile:
	default:
		if mod != "" {
			return badModifier()
		}
	}
	if v == nil {
		return nil // clears the field
	}
	if err := CheckStrings(v); err != nil {
		return err
	}
	switch f.Type() {
	case core.FieldTypeNumber:
		if !isNumber(v) {
			return wrongType("数字 (must be a number)")
		}
	case core.FieldTypeBool:
		if _, ok := v.(bool); !ok {
			return wrongType(" true 或 false (must be true or false)")
		}
	case core.FieldTypeDate:
		s, ok := v.(string)
		if !ok || (s != "" && !isDate(s)) {
			return wrongType("日期时间，如 2026-11-23 10:00:00Z (must be a date-time, e.g. 2026-11-23 10:00:00Z)")
		}
	case core.FieldTypeText, core.FieldTypeEmail, core.FieldTypeURL, core.FieldTypeEditor, core.FieldTypePassword:
		if !isText(v, enc) {
			return wrongType("文本 (must be text)")
		}
	case core.FieldTypeSelect, core.FieldTypeRelation, core.FieldTypeFile:
		if !isTextList(v, enc) {
			return wrongType("文本或文本数组 (must be a string or an array of strings)")
		}
	}
	return nil
}

func wrongType(what string) error {
	return validation.NewError(CodeWrongType, "类型错误，应为"+what)
}

func badModifier() error {
	return validation.NewError(CodeBadModifier, "该字段不能使用 + 或 - (this field takes no + or - modifier)")
}

func isNumber(v any) bool {
	switch v.(type) {
	case float64, float32, int, int64, json.Number:
		return true
	}
	return false
}

// isText: a string; in a form also what PocketBase inferred from one.
func isText(v any, enc Encoding) bool {
	switch v.(type) {
	case string:
		return true
	case float64, bool:
		return enc == Form
	}
	return false
}

func isTextList(v any, enc Encoding) bool {
	if isText(v, enc) {
		return true
	}
	list, ok := v.([]any)
	if !ok {
		return false
	}
	for _, s := range list {
		if !isText(s, enc) {
			return false
		}
	}
	return true
}

func isDate(s string) bool {
	dt, err := types.ParseDateTime(s)
	return err == nil && !dt.IsZero()
}
