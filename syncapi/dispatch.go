package syncapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/router"
)

// runRecordHandler runs PocketBase's own record create/update/delete handler
// (the one its batch API runs) inside tx, as auth, on a synthetic request:
// API rules, field validation, file checks and every request and model hook
// apply exactly as for /api/collections/… . It returns the JSON the REST
// API would have answered.
func runRecordHandler(tx core.App, base *http.Request, auth *core.Record, method, collection, id string, body map[string]any, files map[string][]*filesystem.File) ([]byte, error) {
	actions, err := recordActions()
	if err != nil {
		return nil, err
	}
	url := "/api/collections/" + collection + "/records"
	params := map[string]string{"collection": collection}
	if method != http.MethodPost {
		url += "/" + id
		params["id"] = id
	}
	handle := actions[method](tx, &core.InternalRequest{Method: method, URL: url}, params, nil)
	payload, contentType, err := encodeBody(body, files)
	if err != nil {
		return nil, err
	}
	// a client that hangs up mid-batch must not cut a mutation in half:
	// what was committed stays committed and is answered "duplicate" later
	r, err := http.NewRequestWithContext(context.WithoutCancel(base.Context()), method, url, payload)
	if err != nil {
		return nil, err
	}
	for k, v := range params {
		r.SetPathValue(k, v)
	}
	r.RemoteAddr = base.RemoteAddr
	r.Host = base.Host
	r.Header = base.Header.Clone()
	r.Header.Set("Content-Type", contentType)
	r.Body = &router.RereadableReadCloser{ReadCloser: r.Body}
	defer func() {
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
	}()

	rec := httptest.NewRecorder()
	event := &core.RequestEvent{App: tx, Auth: auth}
	event.Request = r
	event.Response = &router.ResponseWriter{ResponseWriter: rec}
	if err := handle(event); err != nil {
		return nil, err
	}
	return rec.Body.Bytes(), nil
}

// recordActions finds PocketBase's create, update and delete handlers in
// its batch action table once, by their routes, so that a mutation is
// dispatched by its method instead of by matching every route's regexp.
var recordActions = sync.OnceValues(func() (map[string]apis.BatchActionHandlerFunc, error) {
	routes := map[string]string{
		http.MethodPost:   "POST /api/collections/c/records",
		http.MethodPatch:  "PATCH /api/collections/c/records/r",
		http.MethodDelete: "DELETE /api/collections/c/records/r",
	}
	found := map[string]apis.BatchActionHandlerFunc{}
	for method, route := range routes {
		for re, factory := range apis.ValidBatchActions {
			if re.MatchString(route) {
				found[method] = factory
			}
		}
		if found[method] == nil {
			return nil, errors.New("no PocketBase record handler for " + route)
		}
	}
	return found, nil
})

// encodeBody writes JSON, or multipart with the fields as @jsonPayload (the
// form PocketBase's body binder reads) when there are files.
func encodeBody(body map[string]any, files map[string][]*filesystem.File) (io.Reader, string, error) {
	fields, err := json.Marshal(body)
	if err != nil {
		return nil, "", err
	}
	if len(files) == 0 {
		return bytes.NewReader(fields), "application/json", nil
	}
	buf := &bytes.Buffer{}
	mw := multipart.NewWriter(buf)
	if err := mw.WriteField("@jsonPayload", string(fields)); err != nil {
		return nil, "", err
	}
	for key, list := range files {
		for _, f := range list {
			part, err := mw.CreateFormFile(key, f.OriginalName)
			if err != nil {
				return nil, "", err
			}
			rd, err := f.Reader.Open()
			if err != nil {
				return nil, "", err
			}
			_, err = io.Copy(part, rd)
			rd.Close()
			if err != nil {
				return nil, "", err
			}
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf, mw.FormDataContentType(), nil
}
