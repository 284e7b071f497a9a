package hooks

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"mallcare/clientwrite"
	"mallcare/domain"
)

// stampActor records the requesting user as the author of a write.
func stampActor(e *core.RecordRequestEvent, create bool) {
	f, ok := domain.Actors[e.Collection.Name]
	if !ok {
		return
	}
	id := ""
	if e.Auth != nil && !e.Auth.IsSuperuser() {
		id = e.Auth.Id
	}
	if create && f.Create != "" {
		e.Record.Set(f.Create, id)
	}
	if f.Update != "" {
		e.Record.Set(f.Update, id)
	}
}

// bindClientWrites checks every REST body from a client (superusers and the
// admin UI excepted) with the same checker sync uses.
func bindClientWrites(app core.App) {
	guard := func(create bool) func(e *core.RecordRequestEvent) error {
		return func(e *core.RecordRequestEvent) error {
			if !e.HasSuperuserAuth() {
				body, enc, err := bodyAsSent(e.RequestEvent)
				if err != nil {
					return e.BadRequestError("无法解析提交的数据 (malformed request body)", err)
				}
				if errs := clientwrite.Check(e.Collection, body, enc); errs != nil {
					return e.BadRequestError("请检查标出的字段 (some fields cannot be written as sent)", errs)
				}
			}
			stampActor(e, create)
			return e.Next()
		}
	}
	app.OnRecordCreateRequest().BindFunc(guard(true))
	app.OnRecordUpdateRequest().BindFunc(guard(false))
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(brokenTextFirst)
		return se.Next()
	})
}

// brokenTextFirst answers a record write whose JSON body holds invalid UTF-8
// or a lone surrogate with the fields it is in. PocketBase refuses such a
// body itself, but before any hook and without saying where; read leniently
// (encoding/json turns the broken bytes into U+FFFD), clientwrite names them.
func brokenTextFirst(e *core.RequestEvent) error {
	r := e.Request
	if (r.Method != http.MethodPost && r.Method != http.MethodPatch) ||
		!strings.HasPrefix(r.URL.Path, "/api/collections/") || !strings.Contains(r.URL.Path, "/records") ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || r.Body == nil {
		return e.Next()
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return e.BadRequestError("无法读取请求 (could not read the request body)", err)
	}
	if rr, ok := r.Body.(router.Rereader); ok {
		rr.Reread() // PocketBase reads it again
	} else {
		r.Body = io.NopCloser(bytes.NewReader(raw))
	}
	if utf8.Valid(raw) && !bytes.Contains(raw, []byte(`\ud`)) && !bytes.Contains(raw, []byte(`\uD`)) {
		return e.Next()
	}
	var body map[string]any
	if json.Unmarshal(raw, &body) != nil {
		return e.Next() // not an object: PocketBase says so
	}
	errs := validation.Errors{}
	for key, v := range body {
		if err := clientwrite.CheckStrings(v); err != nil {
			name, _ := clientwrite.Split(key)
			errs[name] = err
		}
	}
	if len(errs) > 0 {
		return e.BadRequestError("请检查标出的字段 (some fields cannot be written as sent)", errs)
	}
	return e.Next()
}

// bodyAsSent reads the request body before PocketBase casts it to the field
// types (RequestInfo's body already is). A form's values also hold the URL
// query, which is not part of the record.
func bodyAsSent(e *core.RequestEvent) (map[string]any, clientwrite.Encoding, error) {
	body := map[string]any{}
	if err := e.BindBody(&body); err != nil {
		return nil, 0, err
	}
	ct := e.Request.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "multipart/form-data") && !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return body, clientwrite.JSON, nil
	}
	if e.Request.Method != http.MethodGet {
		for key := range e.Request.URL.Query() {
			delete(body, key)
		}
	}
	return body, clientwrite.Form, nil
}
