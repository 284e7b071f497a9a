package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"mallcare/internal/mallcaretest"
)

// access describes one collection for the access matrix: how to make a
// record of a mall, a valid create body and a harmless update, and which
// roles may do what inside their own mall (L list, V view, C create,
// U update, D delete), per domain.md's role table.
type access struct {
	collection string
	make       func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record
	create     func(env *mallcaretest.Env, mall string) map[string]any
	update     map[string]any
	allowed    map[string]string // role → ops
}

func mallID(env *mallcaretest.Env, code string) string { return env.Malls[code].Id }

func complaintFields(env *mallcaretest.Env, mall string) map[string]any {
	return map[string]any{
		"mall": mallID(env, mall), "channel": "desk", "target": "shop", "shop": env.Shops[mall+"-1"].Id,
		"customer_name": "王女士", "phone": "13812345678", "description": "沙发皮面开裂", "severity": "general",
	}
}

func defaultTemplate(t *testing.T, env *mallcaretest.Env, collection, filter string) string {
	t.Helper()
	r, err := env.FindFirstRecordByFilter(collection, filter)
	if err != nil {
		t.Fatal(err)
	}
	return r.Id
}

func accessTable(t *testing.T) []access {
	all := "LVCUD"
	return []access{
		{
			collection: "complaints",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "complaints", complaintFields(env, mall))
			},
			create:  complaintFields,
			update:  map[string]any{"demand": "要求退货"},
			allowed: map[string]string{"admin": all, "manager": "LVCU", "inspector": "LV", "service": "LVCU"},
		},
		{
			collection: "complaint_events",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				c := env.Create(t, "complaints", complaintFields(env, mall))
				return env.Create(t, "complaint_events", map[string]any{"complaint": c.Id, "mall": mallID(env, mall), "kind": "note", "note": "已联系商铺"})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				c := env.Create(t, "complaints", complaintFields(env, mall))
				return map[string]any{"complaint": c.Id, "mall": mallID(env, mall), "kind": "note", "note": "顾客来电询问进度"}
			},
			update:  map[string]any{"note": "改写历史"},
			allowed: map[string]string{"admin": "LVC", "manager": "LVC", "inspector": "LV", "service": "LVC"},
		},
		{
			collection: "shops",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "shops", map[string]any{"mall": mallID(env, mall), "name": "新店铺"})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				return map[string]any{"mall": mallID(env, mall), "name": "另一家"}
			},
			update:  map[string]any{"brand": "品牌"},
			allowed: map[string]string{"admin": all, "manager": "LV", "inspector": "LV", "service": "LV"},
		},
		{
			collection: "inspection_templates",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "inspection_templates", map[string]any{"mall": mallID(env, mall), "name": "专项检查", "items": env.DefaultItems(t)[:3]})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				return map[string]any{"mall": mallID(env, mall), "name": "消防专项", "items": []map[string]any{
					{"id": "fire", "section": "安全", "text": "灭火器在位、在有效期内", "weight": 3, "photo_required": true}}}
			},
			update:  map[string]any{"name": "专项检查 v2"},
			allowed: map[string]string{"admin": all, "manager": "LV", "inspector": "LV", "service": ""},
		},
		{
			collection: "inspections",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "inspections", map[string]any{"mall": mallID(env, mall), "template": defaultTemplate(t, env, "inspection_templates", "mall = ''"), "floor": "1F"})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				return map[string]any{"mall": mallID(env, mall), "template": defaultTemplate(t, env, "inspection_templates", "mall = ''"), "floor": "2F"}
			},
			update:  map[string]any{"note": "东区"},
			allowed: map[string]string{"admin": all, "manager": "LVCU", "inspector": "LVCU", "service": ""},
		},
		{
			collection: "inspection_results",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				insp := env.Create(t, "inspections", map[string]any{"mall": mallID(env, mall), "template": defaultTemplate(t, env, "inspection_templates", "mall = ''"), "floor": "1F"})
				return env.Create(t, "inspection_results", map[string]any{"mall": mallID(env, mall), "inspection": insp.Id, "item_id": "price-complete", "result": "pass"})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				insp := env.Create(t, "inspections", map[string]any{"mall": mallID(env, mall), "template": defaultTemplate(t, env, "inspection_templates", "mall = ''"), "floor": "1F"})
				return map[string]any{"mall": mallID(env, mall), "inspection": insp.Id, "item_id": "safety-exits", "result": "fail", "note": "通道堆货"}
			},
			update:  map[string]any{"result": "pass"},
			allowed: map[string]string{"admin": "LVC", "manager": "LVC", "inspector": "LVC", "service": ""},
		},
		{
			collection: "rectifications",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "rectifications", map[string]any{"mall": mallID(env, mall), "issue": "标价签缺产地", "shop": env.Shops[mall+"-1"].Id})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				return map[string]any{"mall": mallID(env, mall), "issue": "灭火器过期", "deadline": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}
			},
			update:  map[string]any{"done_note": "已更换"},
			allowed: map[string]string{"admin": all, "manager": "LVCU", "inspector": "LVCU", "service": ""},
		},
		{
			collection: "inspection_plans",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "inspection_plans", map[string]any{"mall": mallID(env, mall), "floor": "1F", "period": "month", "period_start": "2026-11-01 00:00:00.000Z", "target_count": 8})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				return map[string]any{"mall": mallID(env, mall), "floor": "2F", "period": "quarter", "period_start": "2026-10-01 00:00:00.000Z", "target_count": 20}
			},
			update:  map[string]any{"note": "加强"},
			allowed: map[string]string{"admin": all, "manager": "LV", "inspector": "LV", "service": ""},
		},
		{
			collection: "survey_templates",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "survey_templates", map[string]any{"mall": mallID(env, mall), "kind": "customer", "name": "节日问卷", "questions": []map[string]any{{"id": "overall", "text": "总体满意度", "overall": true}}})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				return map[string]any{"mall": mallID(env, mall), "kind": "merchant", "name": "商户问卷", "questions": []map[string]any{{"id": "q1", "text": "服务"}}}
			},
			update:  map[string]any{"name": "节日问卷 v2"},
			allowed: map[string]string{"admin": all, "manager": "LV", "inspector": "LV", "service": "LV"},
		},
		{
			collection: "survey_responses",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "survey_responses", map[string]any{"mall": mallID(env, mall), "template": defaultTemplate(t, env, "survey_templates", "mall = '' && kind = 'customer'"), "answers": map[string]int{"overall": 5}})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				return map[string]any{"mall": mallID(env, mall), "template": defaultTemplate(t, env, "survey_templates", "mall = '' && kind = 'customer'"), "answers": map[string]int{"overall": 4, "staff": 3}}
			},
			update:  map[string]any{"comment": "改答案"},
			allowed: map[string]string{"admin": "LVCD", "manager": "LVC", "inspector": "LVC", "service": "LVC"},
		},
		{
			collection: "reports",
			make: func(t *testing.T, env *mallcaretest.Env, mall string) *core.Record {
				return env.Create(t, "reports", map[string]any{"mall": mallID(env, mall), "kind": "weekly", "period": nextPeriod(), "period_start": "2026-11-16 00:00:00.000Z", "period_end": "2026-11-23 00:00:00.000Z"})
			},
			create: func(env *mallcaretest.Env, mall string) map[string]any {
				return map[string]any{"mall": mallID(env, mall), "kind": "monthly", "period": "2026-10", "period_start": "2026-10-01 00:00:00.000Z", "period_end": "2026-11-01 00:00:00.000Z"}
			},
			update:  map[string]any{"period": "2026-09"},
			allowed: map[string]string{"admin": "LV", "manager": "", "inspector": "", "service": ""},
		},
	}
}

var periods int

// nextPeriod gives each fixture report its own week (mall+kind+period is unique).
func nextPeriod() string {
	periods++
	return fmt.Sprintf("2026-W%02d", periods%52+1)
}

// userOf is the fixture user of a role in a mall.
func userOf(role, mall string) string { return role + "@" + mall }

func can(ops string, op byte) bool { return strings.IndexByte(ops, op) >= 0 }

func listed(env *mallcaretest.Env, t *testing.T, collection, id, user string) (int, bool) {
	res := env.Do(t, http.MethodGet, "/api/collections/"+collection+"/records?filter="+urlQuery("id='"+id+"'"), user, nil)
	total, _ := res.JSON()["totalItems"].(float64)
	return res.Status, total == 1
}

func urlQuery(s string) string {
	return strings.NewReplacer(" ", "%20", "'", "%27", "=", "%3D", "&", "%26").Replace(s)
}

// TestRoleMatrix checks, for every collection and every role, each operation
// inside the user's own mall: allowed ones succeed, the rest are refused.
func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	for _, a := range accessTable(t) {
		for _, role := range mallcaretest.Roles {
			user := userOf(role, "AA")
			ops := a.allowed[role]
			t.Run(a.collection+"/"+role, func(t *testing.T) {
				rec := a.make(t, env, "AA")
				if status, ok := listed(env, t, a.collection, rec.Id, user); ok != can(ops, 'L') {
					t.Errorf("list: got visible=%v (status %d), want %v", ok, status, can(ops, 'L'))
				}
				view := env.Do(t, http.MethodGet, "/api/collections/"+a.collection+"/records/"+rec.Id, user, nil)
				if (view.Status == 200) != can(ops, 'V') {
					t.Errorf("view: status %d, want allowed=%v", view.Status, can(ops, 'V'))
				}
				create := env.Do(t, http.MethodPost, "/api/collections/"+a.collection+"/records", user, a.create(env, "AA"))
				if (create.Status == 200) != can(ops, 'C') {
					t.Errorf("create: status %d %s, want allowed=%v", create.Status, create.Body, can(ops, 'C'))
				}
				if !can(ops, 'C') && create.Status < 400 {
					t.Errorf("create refused without 4xx: %d", create.Status)
				}
				upd := env.Do(t, http.MethodPatch, "/api/collections/"+a.collection+"/records/"+rec.Id, user, a.update)
				if (upd.Status == 200) != can(ops, 'U') {
					t.Errorf("update: status %d %s, want allowed=%v", upd.Status, upd.Body, can(ops, 'U'))
				}
				victim := a.make(t, env, "AA")
				del := env.Do(t, http.MethodDelete, "/api/collections/"+a.collection+"/records/"+victim.Id, user, nil)
				if (del.Status == 204) != can(ops, 'D') {
					t.Errorf("delete: status %d %s, want allowed=%v", del.Status, del.Body, can(ops, 'D'))
				}
				if _, err := env.FindRecordById(a.collection, victim.Id); (err != nil) != can(ops, 'D') {
					t.Errorf("delete: record gone=%v, want %v", err != nil, can(ops, 'D'))
				}
			})
		}
	}
}

// TestTenantIsolation: no user of mall A, whatever the role, lists, views,
// creates in, updates or deletes mall B's records.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	for _, a := range accessTable(t) {
		rec := a.make(t, env, "BB")
		for _, role := range mallcaretest.Roles {
			user := userOf(role, "AA")
			t.Run(a.collection+"/"+role, func(t *testing.T) {
				if _, ok := listed(env, t, a.collection, rec.Id, user); ok {
					t.Error("listed another mall's record")
				}
				if res := env.Do(t, http.MethodGet, "/api/collections/"+a.collection+"/records/"+rec.Id, user, nil); res.Status < 400 {
					t.Errorf("viewed another mall's record: %d", res.Status)
				}
				if res := env.Do(t, http.MethodPost, "/api/collections/"+a.collection+"/records", user, a.create(env, "BB")); res.Status < 400 {
					t.Errorf("created in another mall: %d", res.Status)
				}
				if res := env.Do(t, http.MethodPatch, "/api/collections/"+a.collection+"/records/"+rec.Id, user, a.update); res.Status < 400 {
					t.Errorf("updated another mall's record: %d", res.Status)
				}
				if res := env.Do(t, http.MethodDelete, "/api/collections/"+a.collection+"/records/"+rec.Id, user, nil); res.Status < 400 {
					t.Errorf("deleted another mall's record: %d", res.Status)
				}
			})
		}
		// the HQ admin holds both malls and sees both
		if _, ok := listed(env, t, a.collection, rec.Id, "admin@HQ"); !ok {
			t.Errorf("%s: HQ admin cannot see mall BB's record", a.collection)
		}
	}
}

// TestMovingRecordToOtherMall: an update cannot carry a record into a mall
// the user does not hold, nor point it at another mall's shop.
func TestMovingRecordToOtherMall(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	c := env.Create(t, "complaints", complaintFields(env, "AA"))
	res := env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+c.Id, "admin@AA", map[string]any{"mall": mallID(env, "BB")})
	if res.Status < 400 {
		t.Fatalf("moved to another mall: %d", res.Status)
	}
	res = env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+c.Id, "manager@AA", map[string]any{"shop": env.Shops["BB-1"].Id})
	if res.Status != 400 || !strings.Contains(string(res.Body), "mallcare_other_mall") {
		t.Fatalf("linked another mall's shop: %d %s", res.Status, res.Body)
	}
	res = env.Do(t, http.MethodPatch, "/api/collections/complaints/records/"+c.Id, "manager@AA", map[string]any{"handler": env.Users["manager@BB"].Id})
	if res.Status != 400 || !strings.Contains(string(res.Body), "mallcare_other_mall") {
		t.Fatalf("assigned another mall's staff: %d %s", res.Status, res.Body)
	}
	// a timeline entry must belong to a complaint of the same mall
	other := env.Create(t, "complaints", complaintFields(env, "BB"))
	res = env.Do(t, http.MethodPost, "/api/collections/complaint_events/records", "manager@AA", map[string]any{"complaint": other.Id, "mall": mallID(env, "AA"), "kind": "note", "note": "x"})
	if res.Status != 400 {
		t.Fatalf("note on another mall's complaint: %d %s", res.Status, res.Body)
	}
}

// TestProtectedPhotos: complaint photos are served only with a file token to
// users who may view the complaint.
func TestProtectedPhotos(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	f, err := filesystem.NewFileFromBytes(tinyPNG, "photo.png")
	if err != nil {
		t.Fatal(err)
	}
	fields := complaintFields(env, "BB")
	fields["photos"] = []*filesystem.File{f}
	c := env.Create(t, "complaints", fields)
	name := c.GetStringSlice("photos")[0]
	url := "/api/files/complaints/" + c.Id + "/" + name

	if res := env.Do(t, http.MethodGet, url, "", nil); res.Status == 200 {
		t.Fatal("photo served without a token")
	}
	fetch := func(user string) int {
		tok := env.Do(t, http.MethodPost, "/api/files/token", user, nil).JSON()["token"].(string)
		return env.Do(t, http.MethodGet, url+"?token="+tok, "", nil).Status
	}
	if got := fetch("manager@BB"); got != 200 {
		t.Fatalf("own mall cannot read its photo: %d", got)
	}
	for _, role := range mallcaretest.Roles {
		if got := fetch(userOf(role, "AA")); got == 200 {
			t.Fatalf("%s of mall AA read mall BB's photo", role)
		}
	}
}

// a 1×1 PNG
var tinyPNG = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
	0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
	0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
	0x42, 0x60, 0x82,
}
