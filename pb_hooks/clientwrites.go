package hooks

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

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
