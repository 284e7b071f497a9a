package syncapi_test

import (
	"net/http"
	"testing"
)

// TestValueCheckParity: REST and sync check values with one checker
// (clientwrite): a body of the wrong shape is refused on both paths with the
// same code for the same field, and nothing is written.
func TestValueCheckParity(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	cases := []struct {
		name, field, code string
		value             any
	}{
		{"text as a number", "customer_name", "mallcare_wrong_type", 42},
		{"number as text", "amount", "mallcare_wrong_type", "three hundred"},
		{"number as a numeric string", "amount", "mallcare_wrong_type", "300"},
		{"date as a word", "occurred_at", "mallcare_wrong_type", "yesterday"},
		{"select as an object", "channel", "mallcare_wrong_type", map[string]any{"x": 1}},
		{"unknown field", "colour", "mallcare_unknown_field", "red"},
		{"modifier on a text field", "description+", "mallcare_bad_modifier", "more"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := complaintData(env, "AA")
			data[c.field] = c.value
			field := c.field
			if field == "description+" {
				field = "description"
			}
			id := rid()
			rest := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", mapWith(data, "id", id))
			restField, _ := rest.JSON()["data"].(map[string]any)[field].(map[string]any)
			if rest.Status != http.StatusBadRequest || restField["code"] != c.code {
				t.Fatalf("REST: %d %s", rest.Status, rest.Body)
			}
			res := env.Do(t, http.MethodPost, "/api/sync/push", "service@AA", map[string]any{
				"clientId": "test", "mutations": []mutation{mut("complaints", "create", id, data)}})
			syncField, _ := res.JSON()["data"].(map[string]any)["mutations.0.data."+field].(map[string]any)
			if res.Status != http.StatusBadRequest || syncField["code"] != c.code {
				t.Fatalf("sync: %d %s", res.Status, res.Body)
			}
			if _, err := env.FindRecordById("complaints", id); err == nil {
				t.Fatal("a refused body was written")
			}
		})
	}
}

func mapWith(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{k: v}
	for key, val := range m {
		out[key] = val
	}
	return out
}
