package admission_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/admission"
	"mallcare/internal/mallcaretest"
	"mallcare/syncapi"
)

// TestRefusedPushWritesNothing: with one request in flight and no queue, a
// second push is answered 503 with Retry-After and a bilingual message, and
// neither its record nor its mutation-log row exists; sent again once the
// first is done, it is applied.
func TestRefusedPushWritesNothing(t *testing.T) {
	// the server's own wiring on /api/sync, configured as an operator would
	t.Setenv(admission.EnvMaxWrites, "1")
	t.Setenv(admission.EnvMaxQueue, "0")
	t.Setenv(admission.EnvRetryAfter, "3s")
	env, entered, release := holdFirstCreate(t)

	a, b := pushBody(env, "load-a", "aaaaaaaaaaaaaa1"), pushBody(env, "load-b", "bbbbbbbbbbbbbb1")
	done := make(chan mallcaretest.Response, 1)
	go func() { done <- env.Do(t, http.MethodPost, "/api/sync/push", "service@AA", a) }()
	<-entered

	refused := env.Do(t, http.MethodPost, "/api/sync/push", "service@AA", b)
	if refused.Status != http.StatusServiceUnavailable {
		t.Fatalf("push past the bound: %d %s", refused.Status, refused.Body)
	}
	if msg, _ := refused.JSON()["message"].(string); !strings.Contains(msg, "服务器繁忙") || !strings.Contains(msg, "retry after 3 s") {
		t.Fatalf("message %q", msg)
	}
	close(release)
	if res := <-done; res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"applied"`) {
		t.Fatalf("push in flight: %d %s", res.Status, res.Body)
	}
	if n := rows(t, env, "sync_mutations", dbx.HashExp{"mutation_id": "load-b"}); n != 0 {
		t.Fatalf("the refused push left %d mutation-log rows", n)
	}
	if _, err := env.FindRecordById("complaints", "bbbbbbbbbbbbbb1"); err == nil {
		t.Fatal("the refused push created its complaint")
	}
	if res := env.Do(t, http.MethodPost, "/api/sync/push", "service@AA", b); res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"applied"`) {
		t.Fatalf("the same push again, under the bound: %d %s", res.Status, res.Body)
	}
}

// TestRefusedBeforeCompressed: admission comes before the response
// compressor on the sync routes, so a request refused (or waiting) holds
// no gzip writer, about a MB each; in the other order the waiting pulls of
// 200 phones were two thirds of the server's memory.
func TestRefusedBeforeCompressed(t *testing.T) {
	t.Setenv(admission.EnvMaxWrites, "1")
	t.Setenv(admission.EnvMaxQueue, "0")
	env, entered, release := holdFirstCreate(t)
	h := env.Handler(t)
	send := func(body map[string]any) *httptest.ResponseRecorder {
		raw, _ := json.Marshal(body)
		req := httptest.NewRequest(http.MethodPost, "/api/sync/push", strings.NewReader(string(raw)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Encoding", "gzip")
		req.Header.Set("Authorization", env.Token(t, "service@AA"))
		rec := recorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() { done <- send(pushBody(env, "gz-a", "gzgzgzgzgzgzgz1")) }()
	<-entered
	refused := send(pushBody(env, "gz-b", "gzgzgzgzgzgzgz2"))
	close(release)
	if refused.Code != http.StatusServiceUnavailable {
		t.Fatalf("push past the bound: %d %s", refused.Code, refused.Body)
	}
	// the compressor marks every answer it sees (Vary), even one it leaves
	// uncompressed
	if vary := refused.Header().Values("Vary"); slices.Contains(vary, "Accept-Encoding") {
		t.Fatalf("the refusal went through the compressor (Vary %q)", vary)
	}
	if ok := <-done; ok.Code != http.StatusOK || ok.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("the admitted push: %d, Content-Encoding %q (admitted answers stay compressed)", ok.Code, ok.Header().Get("Content-Encoding"))
	}
}

// The Retry-After header itself (Env.Do keeps only status and body).
func TestRetryAfterHeader(t *testing.T) {
	env := mallcaretest.NewApp(t)
	entered, hold := make(chan struct{}), make(chan struct{})
	env.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(admission.Middleware(admission.Options{MaxWrites: 1, MaxReads: 1, MaxQueue: 0, RetryAfter: 1500 * time.Millisecond}))
		se.Router.GET("/hold", func(e *core.RequestEvent) error { close(entered); <-hold; return e.NoContent(http.StatusNoContent) })
		se.Router.GET("/probe", func(e *core.RequestEvent) error { return e.NoContent(http.StatusNoContent) })
		return se.Next()
	})
	h := env.Handler(t)
	held := make(chan int, 1)
	go func() { rec := recorder(); h.ServeHTTP(rec, mustRequest(t, "/hold")); held <- rec.Code }()
	<-entered
	rec := recorder()
	h.ServeHTTP(rec, mustRequest(t, "/probe"))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "2" {
		t.Fatalf("past the bound: %d, Retry-After %q (want whole seconds rounded up)", rec.Code, rec.Header().Get("Retry-After"))
	}
	var body struct{ Status int }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Status != 503 {
		t.Fatalf("body %s", rec.Body)
	}
	close(hold)
	if code := <-held; code != http.StatusNoContent {
		t.Fatalf("the request in flight: %d", code)
	}
	rec = recorder()
	if h.ServeHTTP(rec, mustRequest(t, "/probe")); rec.Code != http.StatusNoContent {
		t.Fatalf("under the bound again: %d", rec.Code)
	}
}

// holdFirstCreate is the server's own wiring on /api/sync with the first
// complaint create held until release is closed (entered: it is held), so
// that one write stays in flight.
func holdFirstCreate(t *testing.T) (env *mallcaretest.Env, entered, release chan struct{}) {
	env = mallcaretest.NewApp(t)
	syncapi.Register(env.TestApp)
	entered, release = make(chan struct{}), make(chan struct{})
	first := true
	env.OnRecordCreate("complaints").BindFunc(func(e *core.RecordEvent) error {
		if first {
			first = false
			close(entered)
			<-release
		}
		return e.Next()
	})
	return env, entered, release
}

func pushBody(env *mallcaretest.Env, mutationID, recordID string) map[string]any {
	return map[string]any{"clientId": "admission-test", "mutations": []map[string]any{{
		"mutationId": mutationID, "collection": "complaints", "op": "create", "recordId": recordID,
		"data": map[string]any{"mall": env.Malls["AA"].Id, "channel": "desk", "target": "facility",
			"customer_name": "王女士", "description": "电梯停运", "severity": "general"},
	}}}
}

func rows(t *testing.T, env *mallcaretest.Env, table string, where dbx.Expression) int {
	t.Helper()
	var n int
	if err := env.DB().Select("count(*)").From(table).Where(where).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func recorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func mustRequest(t *testing.T, path string) *http.Request {
	t.Helper()
	return httptest.NewRequest(http.MethodGet, path, nil)
}

// TestReadsPassWhileWritesAreFull: pulls have their own pool, so a full
// write pool does not hold them back.
func TestReadsPassWhileWritesAreFull(t *testing.T) {
	env := mallcaretest.NewApp(t)
	entered, hold := make(chan struct{}), make(chan struct{})
	env.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(admission.Middleware(admission.Options{MaxWrites: 1, MaxReads: 1, MaxQueue: 0, RetryAfter: time.Second}))
		se.Router.POST("/write", func(e *core.RequestEvent) error { close(entered); <-hold; return e.NoContent(http.StatusNoContent) })
		se.Router.GET("/read", func(e *core.RequestEvent) error { return e.NoContent(http.StatusNoContent) })
		return se.Next()
	})
	h := env.Handler(t)
	done := make(chan struct{})
	go func() { h.ServeHTTP(recorder(), httptest.NewRequest(http.MethodPost, "/write", nil)); close(done) }()
	<-entered
	rec := recorder()
	if h.ServeHTTP(rec, mustRequest(t, "/read")); rec.Code != http.StatusNoContent {
		t.Fatalf("a read while the write pool is full: %d", rec.Code)
	}
	rec = recorder()
	if h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/write", nil)); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("a second write: %d", rec.Code)
	}
	close(hold)
	<-done
}
