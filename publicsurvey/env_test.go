package publicsurvey_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/internal/mallcaretest"
	"mallcare/publicsurvey"
	"mallcare/signedlink"
)

// t0 is when the tests' server clock stands (a Monday afternoon in Shanghai).
var t0 = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

// newEnv is the two-mall test app with the public survey registered and the
// clock pinned at t0.
func newEnv(t *testing.T) *mallcaretest.Env {
	t.Helper()
	env := mallcaretest.NewApp(t)
	publicsurvey.Register(env.TestApp, env.Clock)
	env.Clock.Set(t0)
	return env
}

func mallID(env *mallcaretest.Env, code string) string { return env.Malls[code].Id }

// defaultTemplate is the shared default template of a kind.
func defaultTemplate(t *testing.T, env *mallcaretest.Env, kind string) *core.Record {
	t.Helper()
	r, err := env.FindFirstRecordByFilter("survey_templates", "mall = '' && kind = {:k}", map[string]any{"k": kind})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// point saves an active customer QR point of a mall, with fields overridden.
func point(t *testing.T, env *mallcaretest.Env, mall string, fields map[string]any) *core.Record {
	t.Helper()
	f := map[string]any{
		"mall": mallID(env, mall), "name": "一楼总服务台", "kind": "customer", "channel": "qr",
		"template": defaultTemplate(t, env, "customer").Id, "active": true,
	}
	for k, v := range fields {
		f[k] = v
	}
	return env.Create(t, "survey_points", f)
}

// link mints a point's token as its mall's admin.
func link(t *testing.T, env *mallcaretest.Env, p *core.Record) string {
	t.Helper()
	res := env.Do(t, http.MethodPost, "/api/survey-points/"+p.Id+"/link", "admin@HQ", nil)
	if res.Status != 200 {
		t.Fatalf("mint link: %d %s", res.Status, res.Body)
	}
	return res.JSON()["token"].(string)
}

// reply is a public answer's status, body and headers.
type reply struct {
	status int
	body   map[string]any
	raw    string
	header http.Header
}

func (r reply) code() string {
	data, _ := r.body["data"].(map[string]any)
	code, _ := data["code"].(string)
	return code
}

func (r reply) message() string {
	m, _ := r.body["message"].(string)
	return m
}

// send posts body (marshalled unless it is []byte or a string) to path from
// the client address addr, as a guest.
func send(t *testing.T, env *mallcaretest.Env, method, path, contentType, addr string, body any) reply {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if addr != "" {
		req.RemoteAddr = addr + ":40000"
	}
	rec := httptest.NewRecorder()
	env.Handler(t).ServeHTTP(rec, req)
	out, _ := io.ReadAll(rec.Body)
	r := reply{status: rec.Code, raw: string(out), header: rec.Header()}
	_ = json.Unmarshal(out, &r.body)
	return r
}

// answer posts a JSON answer to a token from the default address.
func answer(t *testing.T, env *mallcaretest.Env, token string, body any) reply {
	t.Helper()
	return send(t, env, http.MethodPost, "/api/public/surveys/"+token, "application/json", "", body)
}

func count(t *testing.T, env *mallcaretest.Env, collection string) int {
	t.Helper()
	n, err := env.CountRecords(collection)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func keyCount(t *testing.T, env *mallcaretest.Env) int {
	t.Helper()
	keys, err := signedlink.Keys(env.TestApp)
	if err != nil {
		t.Fatal(err)
	}
	return len(keys)
}
