package publicsurvey_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"mallcare/internal/mallcaretest"
)

func pointBody(t *testing.T, env *mallcaretest.Env, mall string) map[string]any {
	return map[string]any{
		"mall": mallID(env, mall), "name": "二楼服务台", "kind": "customer", "channel": "kiosk",
		"template": defaultTemplate(t, env, "customer").Id, "active": true,
	}
}

func listed(t *testing.T, env *mallcaretest.Env, id, user string) bool {
	res := env.Do(t, http.MethodGet, "/api/collections/survey_points/records?filter=id%3D%27"+id+"%27", user, nil)
	total, _ := res.JSON()["totalItems"].(float64)
	return total == 1
}

// TestPointAccess: the role matrix and tenant isolation of survey_points,
// as pb_hooks/access_test.go checks every other collection: the mall's
// admins list, view, create and update (deactivate); nobody deletes through
// the API; no other role and no other mall sees a point.
func TestPointAccess(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	allowed := map[string]string{"admin": "LVCU", "manager": "", "inspector": "", "service": ""}
	for _, role := range mallcaretest.Roles {
		t.Run(role, func(t *testing.T) {
			user := role + "@AA"
			ops := allowed[role]
			can := func(op string) bool { return strings.Contains(ops, op) }
			own := point(t, env, "AA", nil)
			if got := listed(t, env, own.Id, user); got != can("L") {
				t.Errorf("list: visible=%v", got)
			}
			if res := env.Do(t, http.MethodGet, "/api/collections/survey_points/records/"+own.Id, user, nil); (res.Status == 200) != can("V") {
				t.Errorf("view: %d", res.Status)
			}
			if res := env.Do(t, http.MethodPost, "/api/collections/survey_points/records", user, pointBody(t, env, "AA")); (res.Status == 200) != can("C") || res.Status >= 500 {
				t.Errorf("create: %d %s", res.Status, res.Body)
			}
			if res := env.Do(t, http.MethodPatch, "/api/collections/survey_points/records/"+own.Id, user, map[string]any{"active": false}); (res.Status == 200) != can("U") {
				t.Errorf("deactivate: %d %s", res.Status, res.Body)
			}
			if res := env.Do(t, http.MethodDelete, "/api/collections/survey_points/records/"+own.Id, user, nil); res.Status == 204 {
				t.Error("deleted a point through the API")
			}

			other := point(t, env, "BB", nil)
			if listed(t, env, other.Id, user) {
				t.Error("listed another mall's point")
			}
			if res := env.Do(t, http.MethodGet, "/api/collections/survey_points/records/"+other.Id, user, nil); res.Status < 400 {
				t.Errorf("viewed another mall's point: %d", res.Status)
			}
			if res := env.Do(t, http.MethodPost, "/api/collections/survey_points/records", user, pointBody(t, env, "BB")); res.Status < 400 {
				t.Errorf("created in another mall: %d", res.Status)
			}
			if res := env.Do(t, http.MethodPatch, "/api/collections/survey_points/records/"+other.Id, user, map[string]any{"active": false}); res.Status < 400 {
				t.Errorf("deactivated another mall's point: %d", res.Status)
			}
			if res := env.Do(t, http.MethodPost, "/api/survey-points/"+other.Id+"/link", user, nil); res.Status != 404 {
				t.Errorf("minted another mall's link: %d", res.Status)
			}
		})
	}
	// the HQ admin holds both malls
	if !listed(t, env, point(t, env, "BB", nil).Id, "admin@HQ") {
		t.Error("HQ admin cannot see mall BB's point")
	}
	// an admin cannot move a point to a mall they do not hold
	own := point(t, env, "AA", nil)
	if res := env.Do(t, http.MethodPatch, "/api/collections/survey_points/records/"+own.Id, "admin@AA", map[string]any{"mall": mallID(env, "BB")}); res.Status < 400 {
		t.Errorf("moved a point to another mall: %d", res.Status)
	}
}

// TestPointRules: a point's template is of its kind and mall, its shop of
// its mall, its end after its start.
func TestPointRules(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	create := func(change map[string]any) (int, string) {
		body := pointBody(t, env, "AA")
		for k, v := range change {
			body[k] = v
		}
		res := env.Do(t, http.MethodPost, "/api/collections/survey_points/records", "admin@AA", body)
		return res.Status, string(res.Body)
	}
	otherTpl := env.Create(t, "survey_templates", map[string]any{"mall": mallID(env, "BB"), "kind": "customer", "name": "乙问卷", "active": true,
		"questions": []map[string]any{{"id": "overall", "text": "总体", "overall": true}}})
	for name, c := range map[string]struct {
		change map[string]any
		want   string
	}{
		"template of another kind": {map[string]any{"template": defaultTemplate(t, env, "merchant").Id}, "mallcare_wrong_kind"},
		"callback kind":            {map[string]any{"kind": "callback", "template": defaultTemplate(t, env, "callback").Id}, "kind"},
		"template of another mall": {map[string]any{"template": otherTpl.Id}, "mallcare_other_mall"},
		"shop of another mall":     {map[string]any{"shop": env.Shops["BB-1"].Id}, "mallcare_other_mall"},
		"end before start":         {map[string]any{"valid_from": "2026-12-01 00:00:00Z", "valid_until": "2026-11-30 00:00:00Z"}, "mallcare_bad_range"},
		"blank name":               {map[string]any{"name": "   "}, "mallcare_required"},
		"unknown channel":          {map[string]any{"channel": "sms"}, "channel"},
	} {
		if status, body := create(c.change); status != 400 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s", name, status, body)
		}
	}
	if n := count(t, env, "survey_points"); n != 0 {
		t.Fatalf("%d points stored from refused bodies", n)
	}
	merchant := pointBody(t, env, "AA")
	merchant["kind"], merchant["template"], merchant["shop"], merchant["name"] = "merchant", defaultTemplate(t, env, "merchant").Id, env.Shops["AA-1"].Id, "AA-1 商户"
	if res := env.Do(t, http.MethodPost, "/api/collections/survey_points/records", "admin@AA", merchant); res.Status != 200 {
		t.Fatalf("merchant point: %d %s", res.Status, res.Body)
	}
}

// TestMintLink: only an admin of the point's mall mints its link; the token
// names point, mall and template, with the key in its header; it expires at
// the point's end, or after a year.
func TestMintLink(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	p := point(t, env, "AA", nil)
	path := "/api/survey-points/" + p.Id + "/link"
	for user, want := range map[string]int{"": 401, "manager@AA": 403, "service@AA": 403, "admin@BB": 404} {
		if res := env.Do(t, http.MethodPost, path, user, nil); res.Status != want {
			t.Errorf("%q: %d, want %d", user, res.Status, want)
		}
	}
	res := env.Do(t, http.MethodPost, path, "admin@AA", nil)
	if res.Status != 200 || res.JSON()["path"] != "/s/"+res.JSON()["token"].(string) {
		t.Fatalf("mint: %d %s", res.Status, res.Body)
	}
	claims := jwt.MapClaims{}
	tok, _, err := jwt.NewParser().ParseUnverified(res.JSON()["token"].(string), claims)
	if err != nil {
		t.Fatal(err)
	}
	if claims["pt"] != p.Id || claims["mall"] != mallID(env, "AA") || claims["tpl"] != p.GetString("template") || tok.Header["kid"] == "" {
		t.Fatalf("claims %v header %v", claims, tok.Header)
	}
	if exp, _ := claims.GetExpirationTime(); !exp.Equal(t0.Add(366 * 24 * time.Hour)) {
		t.Errorf("open-ended point's code expires %v", exp)
	}

	ends := point(t, env, "AA", map[string]any{"valid_until": "2026-12-31 16:00:00Z"})
	res = env.Do(t, http.MethodPost, "/api/survey-points/"+ends.Id+"/link", "admin@AA", nil)
	if res.Status != 200 || res.JSON()["expires"] != "2026-12-31T16:00:00Z" {
		t.Errorf("point with an end: %d %s", res.Status, res.Body)
	}
	off := point(t, env, "AA", map[string]any{"active": false})
	if res := env.Do(t, http.MethodPost, "/api/survey-points/"+off.Id+"/link", "admin@AA", nil); res.Status != 409 || !strings.Contains(string(res.Body), "已停用") {
		t.Errorf("inactive point: %d %s", res.Status, res.Body)
	}
	over := point(t, env, "AA", map[string]any{"valid_until": "2026-11-01 00:00:00Z"})
	if res := env.Do(t, http.MethodPost, "/api/survey-points/"+over.Id+"/link", "admin@AA", nil); res.Status != 409 {
		t.Errorf("ended point: %d %s", res.Status, res.Body)
	}
}
