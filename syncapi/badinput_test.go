package syncapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"mallcare/internal/mallcaretest"
	"mallcare/syncapi"
)

func countRows(t testing.TB, env *mallcaretest.Env, table string) int {
	t.Helper()
	var n int
	if err := env.DB().NewQuery("SELECT COUNT(*) FROM " + table).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBadInputIsRefusedWhole(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	good := func() map[string]any { return mut("complaints", "create", rid(), complaintData(env, "AA")) }
	with := func(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }
	many := make([]any, syncapi.MaxMutations+1)
	for i := range many {
		many[i] = good()
	}
	cases := []struct {
		name string
		body string
		want int
		at   string // a key expected in the error data
	}{
		{"malformed JSON", `{"mutations": [`, 400, ""},
		{"not an object", `[1,2]`, 400, ""},
		{"trailing data", `{"mutations": []} {}`, 400, ""},
		{"mutations not an array", `{"mutations": {}}`, 400, "mutations"},
		{"empty batch", `{"mutations": []}`, 400, "mutations"},
		{"unknown collection", js(map[string]any{"mutations": []any{good(), with(good(), "collection", "secrets")}}), 400, "mutations.1.collection"},
		{"collection not pushable", js(map[string]any{"mutations": []any{with(good(), "collection", "users")}}), 400, "mutations.0.collection"},
		{"unknown op", js(map[string]any{"mutations": []any{good(), with(good(), "op", "upsert")}}), 400, "mutations.1.op"},
		{"mutationId not a string", js(map[string]any{"mutations": []any{with(good(), "mutationId", 42)}}), 400, "mutations.0.mutationId"},
		{"bad record id", js(map[string]any{"mutations": []any{with(good(), "recordId", "../etc")}}), 400, "mutations.0.recordId"},
		{"data not an object", js(map[string]any{"mutations": []any{with(good(), "data", "x")}}), 400, "mutations.0.data"},
		{"number as text", js(map[string]any{"mutations": []any{good(), with(good(), "data", with(complaintData(env, "AA"), "amount", "three"))}}), 400, "mutations.1.data.amount"},
		{"text as number", js(map[string]any{"mutations": []any{with(good(), "data", with(complaintData(env, "AA"), "description", 5))}}), 400, "mutations.0.data.description"},
		{"unknown field", js(map[string]any{"mutations": []any{with(good(), "data", with(complaintData(env, "AA"), "bogus", "x"))}}), 400, "mutations.0.data.bogus"},
		{"delete with data", js(map[string]any{"mutations": []any{mut("complaints", "delete", rid(), map[string]any{"x": 1})}}), 400, "mutations.0.data"},
		{"repeated mutation id", func() string {
			a := good()
			b := good()
			b["mutationId"] = a["mutationId"]
			return js(map[string]any{"mutations": []any{a, b}})
		}(), 400, "mutations.1.mutationId"},
		{"batch over the limit", js(map[string]any{"mutations": many}), 400, "mutations"},
		{"body over 4 MB", js(map[string]any{"mutations": []any{with(good(), "data", with(complaintData(env, "AA"), "description", strings.Repeat("长", 2<<20)))}}), 413, ""},
	}
	complaints, mutations := countRows(t, env, "complaints"), countRows(t, env, "sync_mutations")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := env.Do(t, http.MethodPost, "/api/sync/push", "service@AA", strings.NewReader(c.body))
			if res.Status != c.want {
				t.Fatalf("status %d, want %d: %s", res.Status, c.want, res.Body)
			}
			body := res.JSON()
			if msg, _ := body["message"].(string); msg == "" {
				t.Fatalf("no message: %s", res.Body)
			}
			if c.at != "" {
				data, _ := body["data"].(map[string]any)
				if _, ok := data[c.at]; !ok {
					t.Fatalf("error does not name %q: %s", c.at, res.Body)
				}
			}
		})
	}
	if countRows(t, env, "complaints") != complaints || countRows(t, env, "sync_mutations") != mutations {
		t.Fatal("a refused batch wrote something")
	}
	if res := env.Do(t, http.MethodPost, "/api/sync/push", "", map[string]any{"mutations": []any{good()}}); res.Status != 401 {
		t.Fatalf("guest push: %d", res.Status)
	}
	for _, q := range []string{"cursor=zz", "cursor=c.-1", "cursor=f.1.99.", "cursor=c.%2B5", "cursor=c.05", "cursor=%20c.5",
		"limit=0", "limit=5000", "limit=x", "limit=%2B5", "limit=050"} {
		if res := env.Do(t, http.MethodGet, "/api/sync/pull?"+q, "service@AA", nil); res.Status != 400 {
			t.Fatalf("pull %s: %d %s", q, res.Status, res.Body)
		}
	}
}

func js(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// FuzzDecodePush: the decoder never panics, and whatever it accepts is a
// well-formed batch. The seed corpus runs in every normal test run.
func FuzzDecodePush(f *testing.F) {
	env := mallcaretest.NewApp(f)
	mall := env.Malls["AA"].Id
	for _, seed := range []string{
		`{"clientId":"p","mutations":[{"mutationId":"m1","collection":"complaints","op":"create","recordId":"abcdefghijklmno","data":{"mall":"` + mall + `","channel":"desk","amount":3}}]}`,
		`{"mutations":[{"mutationId":"m1","collection":"complaints","op":"delete","recordId":"abcdefghijklmno"}]}`,
		`{"mutations":[{"mutationId":"m1","collection":"complaints","op":"update","recordId":"abcdefghijklmno","data":{"photos+":["photo:p1"],"amount-":2}}]}`,
		`{"mutations":[{"mutationId":1}]}`, `{"mutations":null}`, `{}`, `[]`, `null`, `{"mutations":[null]}`,
		`{"mutations":[{"mutationId":"m","collection":"complaints","op":"update","recordId":"abcdefghijklmno","data":{"status":["a",1]}}]}`,
		"\xff\xfe", `{"mutations":[{}]} x`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := syncapi.DecodePush(body, env)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if len(req.Mutations) == 0 || len(req.Mutations) > syncapi.MaxMutations {
			t.Fatalf("accepted %d mutations", len(req.Mutations))
		}
		seen := map[string]bool{}
		for _, m := range req.Mutations {
			if seen[m.MutationID] || len(m.RecordID) != 15 || m.Collection == "" ||
				(m.Op != "create" && m.Op != "update" && m.Op != "delete") ||
				(m.Op != "delete" && m.Data == nil) {
				t.Fatalf("accepted a bad mutation: %+v", m)
			}
			seen[m.MutationID] = true
			if _, err := json.Marshal(m.Data); err != nil {
				t.Fatalf("data does not re-encode: %v", err)
			}
		}
	})
}
