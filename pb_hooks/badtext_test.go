package hooks_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mallcare/internal/mallcaretest"
	"mallcare/syncapi"
)

// TestBadTextRefused: text with invalid UTF-8, a lone surrogate, NUL or
// another control character (tab and newline are fine) is refused with a
// 400 naming the field on every write path, and nothing is stored — never
// a replacement character, never a raw control byte.
func TestBadTextRefused(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	syncapi.Register(env.TestApp)
	mall := env.Malls["AA"].Id
	jsonBody := func(name, description string) string {
		return `{"mall":"` + mall + `","channel":"desk","target":"shop","customer_name":"` + name +
			`","description":"` + description + `","severity":"general"}`
	}
	form := func(name, description string) (*bytes.Buffer, string) {
		b := &bytes.Buffer{}
		w := multipart.NewWriter(b)
		for k, v := range map[string]string{"mall": mall, "channel": "desk", "target": "shop", "customer_name": name, "description": description, "severity": "general"} {
			_ = w.WriteField(k, v)
		}
		_ = w.Close()
		return b, w.FormDataContentType()
	}
	cases := []struct {
		name, field, customer, description string
	}{
		{"invalid UTF-8 bytes", "customer_name", "王\xff\xfe", "鞋子开胶"},
		{"a lone surrogate escape", "customer_name", `王\ud800`, "鞋子开胶"},
		{"NUL", "description", "王女士", `鞋子\u0000开胶`},
		{"escape character", "description", "王女士", `鞋子\u001b[31m开胶`},
		{"carriage return", "description", "王女士", `鞋子\r开胶`},
		{"a replacement character as sent", "customer_name", `王\ufffd`, "鞋子开胶"},
	}
	before, _ := env.CountRecords("complaints")
	for _, c := range cases {
		t.Run("REST JSON: "+c.name, func(t *testing.T) {
			res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", strings.NewReader(jsonBody(c.customer, c.description)))
			field, _ := res.JSON()["data"].(map[string]any)[c.field].(map[string]any)
			if res.Status != http.StatusBadRequest || field["code"] != "mallcare_bad_text" {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
		})
		t.Run("sync push: "+c.name, func(t *testing.T) {
			body := `{"clientId":"t","mutations":[{"mutationId":"m-bad-text","collection":"complaints","op":"create","recordId":"badtext00000001","data":` +
				jsonBody(c.customer, c.description) + `}]}`
			res := env.Do(t, http.MethodPost, "/api/sync/push", "service@AA", strings.NewReader(body))
			field, _ := res.JSON()["data"].(map[string]any)["mutations.0.data."+c.field].(map[string]any)
			if res.Status != http.StatusBadRequest || field["code"] != "mallcare_bad_text" {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
		})
	}
	// a form carries raw bytes, not JSON escapes
	for _, c := range []struct{ name, field, customer, description string }{
		{"invalid UTF-8 bytes", "customer_name", "王\xff\xfe", "鞋子开胶"},
		{"NUL", "description", "王女士", "鞋子\x00开胶"},
		{"bell", "description", "王女士", "鞋子\a开胶"},
	} {
		t.Run("REST multipart: "+c.name, func(t *testing.T) {
			b, ct := form(c.customer, c.description)
			req := httptest.NewRequest(http.MethodPost, "/api/collections/complaints/records", b)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Authorization", env.Token(t, "service@AA"))
			rec := httptest.NewRecorder()
			env.Handler(t).ServeHTTP(rec, req)
			res := mallcaretest.Response{Status: rec.Code, Body: rec.Body.Bytes()}
			field, _ := res.JSON()["data"].(map[string]any)[c.field].(map[string]any)
			if res.Status != http.StatusBadRequest || field["code"] != "mallcare_bad_text" {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
		})
	}
	if after, _ := env.CountRecords("complaints"); after != before {
		t.Fatalf("%d complaints written", after-before)
	}
	// tab and newline are what people type
	res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", strings.NewReader(jsonBody("王女士", `鞋子开胶\n\t两次`)))
	if res.Status != http.StatusOK {
		t.Fatalf("clean text refused: %d %s", res.Status, res.Body)
	}
}
