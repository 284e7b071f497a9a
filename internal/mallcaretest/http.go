package mallcaretest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Handler is the app's full HTTP handler (PocketBase's router with every
// route bound in OnServe), built on first use.
func (e *Env) Handler(t testing.TB) http.Handler {
	t.Helper()
	if e.handler != nil {
		return e.handler
	}
	router, err := apis.NewRouter(e.TestApp)
	if err != nil {
		t.Fatal(err)
	}
	serve := &core.ServeEvent{App: e.TestApp, Router: router}
	err = e.OnServe().Trigger(serve, func(se *core.ServeEvent) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	mux, err := router.BuildMux()
	if err != nil {
		t.Fatal(err)
	}
	e.handler = mux
	return mux
}

// Response is a decoded API answer.
type Response struct {
	Status int
	Body   []byte
}

// JSON decodes the body into a generic map (nil for a non-object body).
func (r Response) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// Do sends a request as the given fixture user ("" = guest); body is
// marshalled to JSON unless it is already an io.Reader.
func (e *Env) Do(t testing.TB, method, path, user string, body any) Response {
	t.Helper()
	token := ""
	if user != "" {
		token = e.Token(t, user)
	}
	return e.DoWithToken(t, method, path, token, body)
}

// DoWithToken sends a request with a raw Authorization token (a
// superuser's, or one a sign-in answered with; "" = guest).
func (e *Env) DoWithToken(t testing.TB, method, path, token string, body any) Response {
	t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case io.Reader:
		reader = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, reader)
	req.Header.Set("content-type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	e.Handler(t).ServeHTTP(rec, req)
	return Response{Status: rec.Code, Body: rec.Body.Bytes()}
}

// Part is one file of a multipart request.
type Part struct {
	Field, Name string
	Data        []byte
}

// DoMultipart sends a multipart/form-data request as the given fixture user:
// the text fields, then the files (PocketBase reads a record body from the
// "@jsonPayload" field beside them).
func (e *Env) DoMultipart(t testing.TB, method, path, user string, fields map[string]string, files ...Part) Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		part, err := mw.CreateFormFile(f.Field, f.Name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.Data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(method, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if user != "" {
		req.Header.Set("Authorization", e.Token(t, user))
	}
	rec := httptest.NewRecorder()
	e.Handler(t).ServeHTTP(rec, req)
	return Response{Status: rec.Code, Body: rec.Body.Bytes()}
}
