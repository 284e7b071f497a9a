package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"mallcare/internal/mallcaretest"
)

// TestBadInput: wrong types, unknown select values, oversize text and missing
// required fields get a 400 naming each bad field, and nothing is written.
func TestBadInput(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	cases := []struct {
		name   string
		change map[string]any
		drop   []string
		fields []string
	}{
		{"missing required", nil, []string{"customer_name", "description", "channel"}, []string{"customer_name", "description", "channel"}},
		{"unknown select values", map[string]any{"channel": "wechat", "severity": "critical", "target": "robot"}, nil, []string{"channel", "severity", "target"}},
		{"oversize text", map[string]any{"description": strings.Repeat("长", 2001), "customer_name": strings.Repeat("名", 51)}, nil, []string{"description", "customer_name"}},
		{"wrong types", map[string]any{"amount": "three hundred", "occurred_at": "yesterday", "description": 42}, nil, []string{"amount", "occurred_at", "description"}},
		{"bad pattern", map[string]any{"phone": "call me"}, nil, []string{"phone"}},
		{"negative amount", map[string]any{"amount": -5}, nil, []string{"amount"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := env.CountRecords("complaints")
			body := complaintFields(env, "AA")
			for k, v := range c.change {
				body[k] = v
			}
			for _, k := range c.drop {
				delete(body, k)
			}
			res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", body)
			if res.Status != 400 {
				t.Fatalf("status %d %s", res.Status, res.Body)
			}
			data, _ := res.JSON()["data"].(map[string]any)
			for _, f := range c.fields {
				if data[f] == nil {
					t.Errorf("no field error for %s: %s", f, res.Body)
				}
			}
			if after, _ := env.CountRecords("complaints"); after != before {
				t.Fatal("a refused create wrote a complaint")
			}
			if n, _ := env.CountRecords("complaint_events"); n != before {
				t.Fatal("a refused create wrote a timeline event")
			}
		})
	}
	t.Run("malformed JSON", func(t *testing.T) {
		res := env.Do(t, http.MethodPost, "/api/collections/complaints/records", "service@AA", strings.NewReader(`{"mall": `))
		if res.Status != 400 {
			t.Fatalf("status %d", res.Status)
		}
	})
	t.Run("bad template items", func(t *testing.T) {
		res := env.Do(t, http.MethodPost, "/api/collections/inspection_templates/records", "admin@AA", map[string]any{
			"mall": mallID(env, "AA"), "name": "坏表", "items": []map[string]any{{"id": "a", "text": "x", "weight": 0}},
		})
		if res.Status != 400 || res.JSON()["data"].(map[string]any)["items"] == nil {
			t.Fatalf("status %d %s", res.Status, res.Body)
		}
	})
	t.Run("bad survey answers", func(t *testing.T) {
		tpl := defaultTemplate(t, env, "survey_templates", "mall = '' && kind = 'customer'")
		for _, answers := range []any{map[string]any{"overall": 6}, map[string]any{"overall": 4.5}, map[string]any{"nope": 3}, map[string]any{"staff": 4}, "5"} {
			res := env.Do(t, http.MethodPost, "/api/collections/survey_responses/records", "service@AA", map[string]any{"mall": mallID(env, "AA"), "template": tpl, "answers": answers})
			if res.Status != 400 {
				t.Fatalf("answers %v: %d %s", answers, res.Status, res.Body)
			}
		}
	})
	t.Run("bad timezone", func(t *testing.T) {
		res := env.Do(t, http.MethodPatch, "/api/collections/malls/records/"+mallID(env, "AA"), "admin@AA", map[string]any{"timezone": "Mars/Olympus"})
		if res.Status != 400 || res.JSON()["data"].(map[string]any)["timezone"] == nil {
			t.Fatalf("status %d %s", res.Status, res.Body)
		}
	})
}

// TestUserManagement: admins manage accounts of their own malls only, and
// nobody promotes themselves.
func TestUserManagement(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	newUser := func(mall string) map[string]any {
		return map[string]any{"email": "new." + mall + "@test.local", "password": "pass-12345", "passwordConfirm": "pass-12345", "name": "新员工", "role": "service", "malls": []string{mallID(env, mall)}}
	}
	if res := env.Do(t, http.MethodPost, "/api/collections/users/records", "admin@AA", newUser("AA")); res.Status != 200 {
		t.Fatalf("admin cannot add staff to own mall: %d %s", res.Status, res.Body)
	}
	if res := env.Do(t, http.MethodPost, "/api/collections/users/records", "admin@AA", newUser("BB")); res.Status < 400 {
		t.Fatalf("admin added staff to another mall: %d", res.Status)
	}
	if res := env.Do(t, http.MethodPost, "/api/collections/users/records", "manager@AA", newUser("AA")); res.Status < 400 {
		t.Fatalf("manager created a user: %d", res.Status)
	}
	self := env.Users["service@AA"].Id
	if res := env.Do(t, http.MethodPatch, "/api/collections/users/records/"+self, "service@AA", map[string]any{"role": "admin"}); res.Status < 400 {
		t.Fatalf("service promoted themselves: %d", res.Status)
	}
	if res := env.Do(t, http.MethodPatch, "/api/collections/users/records/"+self, "service@AA", map[string]any{"malls": []string{mallID(env, "AA"), mallID(env, "BB")}}); res.Status < 400 {
		t.Fatalf("service joined another mall: %d", res.Status)
	}
	if res := env.Do(t, http.MethodPatch, "/api/collections/users/records/"+self, "service@AA", map[string]any{"phone": "13900000000"}); res.Status != 200 {
		t.Fatalf("cannot edit own phone: %d %s", res.Status, res.Body)
	}
	if res := env.Do(t, http.MethodPatch, "/api/collections/users/records/"+self, "admin@AA", map[string]any{"malls": []string{mallID(env, "AA"), mallID(env, "BB")}}); res.Status < 400 {
		t.Fatalf("admin of AA granted mall BB: %d", res.Status)
	}
	if res := env.Do(t, http.MethodPatch, "/api/collections/users/records/"+self, "admin@AA", map[string]any{"role": "manager"}); res.Status != 200 {
		t.Fatalf("admin cannot change a role in own mall: %d %s", res.Status, res.Body)
	}
	if res := env.Do(t, http.MethodGet, "/api/collections/users/records/"+env.Users["manager@BB"].Id, "admin@AA", nil); res.Status != 404 {
		t.Fatalf("admin of AA viewed staff of BB: %d", res.Status)
	}
	if res := env.Do(t, http.MethodDelete, "/api/collections/users/records/"+env.Users["manager@BB"].Id, "admin@AA", nil); res.Status < 400 {
		t.Fatalf("admin of AA deleted staff of BB: %d", res.Status)
	}
}
