package syncapi_test

import (
	"net/http"
	"testing"
)

// TestSecurityParityWithREST: every change the REST API refuses, sync
// refuses with the same status, message and field errors.
func TestSecurityParityWithREST(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	own := rid()
	mustApply(t, env, "service@AA", mut("complaints", "create", own, complaintData(env, "AA")))
	otherMall := rid()
	mustApply(t, env, "service@BB", mut("complaints", "create", otherMall, complaintData(env, "BB")))

	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for key, val := range m {
			out[key] = val
		}
		out[k] = v
		return out
	}
	cases := []struct {
		name, user, collection, op, id string
		data                           map[string]any
		wantStatus                     int
	}{
		{"create in another mall", "service@AA", "complaints", "create", "", complaintData(env, "BB"), 400},
		{"wrong role creates a complaint", "inspector@AA", "complaints", "create", "", complaintData(env, "AA"), 400},
		{"wrong role creates a shop", "service@AA", "shops", "create", "", map[string]any{"mall": env.Malls["AA"].Id, "name": "新店"}, 400},
		{"server-owned field on create", "service@AA", "complaints", "create", "", with(complaintData(env, "AA"), "number", "AA-2026-999999"), 400},
		{"server-owned field on update", "service@AA", "complaints", "update", own, map[string]any{"registered_at": "2020-01-01 00:00:00Z"}, 400},
		{"update another mall's record", "service@AA", "complaints", "update", otherMall, map[string]any{"demand": "x"}, 404},
		{"move a record to another mall", "manager@AA", "complaints", "update", own, map[string]any{"mall": env.Malls["BB"].Id}, 404},
		{"wrong role deletes", "service@AA", "complaints", "delete", own, nil, 404},
		{"link another mall's shop", "service@AA", "complaints", "create", "", with(complaintData(env, "AA"), "shop", env.Shops["BB-1"].Id), 400},
		{"wrong role updates an inspection plan", "inspector@AA", "inspection_plans", "create", "", map[string]any{"mall": env.Malls["AA"].Id, "floor": "1F", "period": "month", "period_start": "2026-11-01 00:00:00Z", "target_count": 3}, 400},
		{"illegal transition", "service@AA", "complaints", "update", own, map[string]any{"status": "closed"}, 400},
		{"missing required field", "service@AA", "complaints", "create", "", with(complaintData(env, "AA"), "customer_name", ""), 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			restID, syncID := c.id, c.id
			if c.op == "create" {
				restID, syncID = rid(), rid()
			}
			var rest struct {
				Status int
				Body   map[string]any
			}
			switch c.op {
			case "create":
				r := env.Do(t, http.MethodPost, "/api/collections/"+c.collection+"/records", c.user, with(c.data, "id", restID))
				rest.Status, rest.Body = r.Status, r.JSON()
			case "update":
				r := env.Do(t, http.MethodPatch, "/api/collections/"+c.collection+"/records/"+restID, c.user, c.data)
				rest.Status, rest.Body = r.Status, r.JSON()
			case "delete":
				r := env.Do(t, http.MethodDelete, "/api/collections/"+c.collection+"/records/"+restID, c.user, nil)
				rest.Status, rest.Body = r.Status, r.JSON()
			}
			if rest.Status != c.wantStatus {
				t.Fatalf("REST answered %d %v, want %d", rest.Status, rest.Body, c.wantStatus)
			}
			res := push(t, env, c.user, mut(c.collection, c.op, syncID, c.data))[0]
			if res.Status == "applied" || res.Status == "duplicate" || res.Error == nil {
				t.Fatalf("sync let it through: %+v", res)
			}
			if res.Error.Status != rest.Status || res.Error.Message != rest.Body["message"] || !sameJSON(res.Error.Data, rest.Body["data"]) {
				t.Fatalf("different reason:\n REST %d %v\n sync %+v", rest.Status, rest.Body, res.Error)
			}
			if c.op == "create" {
				if _, err := env.FindRecordById(c.collection, syncID); err == nil {
					t.Fatal("refused create left a record")
				}
			}
		})
	}
	if r := findRecord(t, env, "complaints", own); r.GetString("status") != "registered" || r.GetString("mall") != env.Malls["AA"].Id {
		t.Fatalf("refused changes touched the record: %v", r)
	}
}

// TestShopMovedIsRefusedAtOnce: the tenancy checks' cache follows a shop
// moved to another mall between two pushes (the move inside one
// transaction is tested in pb_hooks).
func TestShopMovedIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	mustApply(t, env, "service@AA", mut("complaints", "create", rid(), complaintData(env, "AA")))
	shop := findRecord(t, env, "shops", env.Shops["AA-1"].Id)
	shop.Set("mall", env.Malls["BB"].Id)
	if err := env.Save(shop); err != nil {
		t.Fatal(err)
	}
	res := push(t, env, "service@AA", mut("complaints", "create", rid(), complaintData(env, "AA")),
		mut("complaints", "create", rid(), complaintData(env, "AA")))
	for i, r := range res {
		field, _ := r.Error.Data["shop"].(map[string]any)
		if r.Status != "rejected" || field["code"] != "mallcare_other_mall" {
			t.Fatalf("mutation %d with the moved shop: %+v", i, r)
		}
	}
}
