package syncapi_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/internal/mallcaretest"
	"mallcare/syncapi"
)

func newEnv(t testing.TB) *mallcaretest.Env {
	t.Helper()
	env := mallcaretest.NewApp(t)
	syncapi.Register(env.TestApp)
	return env
}

var idChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// newID makes a client-side record id in PocketBase's format.
func newID(r *rand.Rand) string {
	b := make([]byte, 15)
	for i := range b {
		b[i] = idChars[r.IntN(len(idChars))]
	}
	return string(b)
}

var testRand = rand.New(rand.NewPCG(1, 2))

func rid() string { return newID(testRand) }

var mutSeq int

func mid() string { mutSeq++; return fmt.Sprintf("m-%d-%d", mutSeq, testRand.Uint32()) }

type mutation = map[string]any

func mut(collection, op, recordID string, data map[string]any) mutation {
	m := mutation{"mutationId": mid(), "collection": collection, "op": op, "recordId": recordID}
	if data != nil {
		m["data"] = data
	}
	return m
}

type result struct {
	MutationID string `json:"mutationId"`
	Status     string `json:"status"`
	Outcome    string `json:"outcome"`
	Retry      bool   `json:"retry"`
	Error      *struct {
		Code    string         `json:"code"`
		Status  int            `json:"status"`
		Message string         `json:"message"`
		Data    map[string]any `json:"data"`
	} `json:"error"`
	Record map[string]any `json:"record"`
}

func push(t testing.TB, env *mallcaretest.Env, user string, muts ...mutation) []result {
	t.Helper()
	res := env.Do(t, http.MethodPost, "/api/sync/push", user, map[string]any{"clientId": "test", "mutations": muts})
	if res.Status != http.StatusOK {
		t.Fatalf("push: %d %s", res.Status, res.Body)
	}
	var out struct{ Results []result }
	if err := json.Unmarshal(res.Body, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Results) != len(muts) {
		t.Fatalf("push: %d results for %d mutations", len(out.Results), len(muts))
	}
	return out.Results
}

func mustApply(t testing.TB, env *mallcaretest.Env, user string, muts ...mutation) []result {
	t.Helper()
	res := push(t, env, user, muts...)
	for i, r := range res {
		if r.Status != "applied" {
			t.Fatalf("mutation %d: %s %+v", i, r.Status, r.Error)
		}
	}
	return res
}

type change struct {
	Collection string         `json:"collection"`
	Op         string         `json:"op"`
	ID         string         `json:"id"`
	Record     map[string]any `json:"record"`
}

type pullAnswer struct {
	Changes []change `json:"changes"`
	Cursor  string   `json:"cursor"`
	HasMore bool     `json:"hasMore"`
	Reset   bool     `json:"reset"`
	Total   int      `json:"total"`
}

func pull(t testing.TB, env *mallcaretest.Env, user, cursor string, limit int) pullAnswer {
	t.Helper()
	path := "/api/sync/pull?cursor=" + cursor
	if limit > 0 {
		path += fmt.Sprintf("&limit=%d", limit)
	}
	res := env.Do(t, http.MethodGet, path, user, nil)
	if res.Status != http.StatusOK {
		t.Fatalf("pull: %d %s", res.Status, res.Body)
	}
	var a pullAnswer
	if err := json.Unmarshal(res.Body, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// pullAll follows hasMore to the end and returns every change and the last cursor.
func pullAll(t testing.TB, env *mallcaretest.Env, user, cursor string) ([]change, string) {
	t.Helper()
	var all []change
	for i := 0; ; i++ {
		a := pull(t, env, user, cursor, 0)
		if a.Reset {
			t.Fatalf("unexpected reset")
		}
		all = append(all, a.Changes...)
		cursor = a.Cursor
		if !a.HasMore {
			return all, cursor
		}
		if i > 10000 {
			t.Fatal("pull does not end")
		}
	}
}

// complaintData is a valid new complaint for a mall.
func complaintData(env *mallcaretest.Env, mall string) map[string]any {
	return map[string]any{
		"mall": env.Malls[mall].Id, "channel": "desk", "target": "shop", "customer_name": "王女士",
		"description": "鞋子开胶", "severity": "general", "shop": env.Shops[mall+"-1"].Id,
	}
}

func findRecord(t testing.TB, app core.App, collection, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatalf("%s %s: %v", collection, id, err)
	}
	return r
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
