package staff_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
	"mallcare/staff"
	"mallcare/syncapi"
)

func newEnv(t *testing.T) *mallcaretest.Env {
	env := mallcaretest.NewApp(t)
	staff.Register(env.TestApp)
	syncapi.Register(env.TestApp)
	return env
}

func patchUser(t *testing.T, env *mallcaretest.Env, actor, target string, body map[string]any) mallcaretest.Response {
	t.Helper()
	return env.Do(t, http.MethodPatch, "/api/collections/users/records/"+env.Users[target].Id, actor, body)
}

func must(t *testing.T, res mallcaretest.Response, status int, what string) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("%s: %d %s (want %d)", what, res.Status, res.Body, status)
	}
}

func message(res mallcaretest.Response) string { m, _ := res.JSON()["message"].(string); return m }

// TestStaffRefusals: every way an admin (or anyone else) could overreach.
func TestStaffRefusals(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	aa, bb := env.Malls["AA"].Id, env.Malls["BB"].Id
	newBody := func(role string, malls ...string) map[string]any {
		return map[string]any{"name": "新员工", "email": "new." + role + "@test.local", "phone": "13900000000", "role": role, "malls": malls}
	}
	// other mall: no account in a mall one does not manage, on either route
	must(t, env.Do(t, "POST", "/api/staff", "admin@AA", newBody("inspector", bb)), 400, "admin of AA created staff in BB")
	must(t, env.Do(t, "POST", "/api/staff", "admin@AA", newBody("inspector", aa, bb)), 400, "admin of AA granted BB")
	must(t, patchUser(t, env, "admin@AA", "manager@BB", map[string]any{"role": "admin"}), 404, "admin of AA changed staff of BB")
	must(t, env.Do(t, "POST", "/api/staff/"+env.Users["manager@BB"].Id+"/password", "admin@AA", nil), 404, "admin of AA reset a password in BB")
	// someone also working in a mall one does not manage (the HQ admin)
	res := patchUser(t, env, "admin@AA", "admin@HQ", map[string]any{"deactivated": true})
	must(t, res, 403, "admin of AA deactivated the HQ admin")
	if !strings.Contains(message(res), "不管理的商场") {
		t.Errorf("message %q", message(res))
	}
	must(t, env.Do(t, "POST", "/api/staff/"+env.Users["admin@HQ"].Id+"/password", "admin@AA", nil), 403, "admin of AA reset the HQ admin's password")
	must(t, env.Do(t, "DELETE", "/api/collections/users/records/"+env.Users["admin@HQ"].Id, "admin@AA", nil), 403, "admin of AA deleted the HQ admin")
	// role escalation: nobody below admin manages accounts or raises themselves
	must(t, env.Do(t, "POST", "/api/staff", "manager@AA", newBody("inspector", aa)), 403, "a manager created an account")
	must(t, patchUser(t, env, "manager@AA", "inspector@AA", map[string]any{"role": "manager"}), 404, "a manager promoted an inspector") // the update rule hides others
	must(t, patchUser(t, env, "service@AA", "service@AA", map[string]any{"role": "admin"}), 403, "service promoted themselves")
	must(t, env.Do(t, "POST", "/api/collections/users/records", "admin@AA", map[string]any{
		"email": "x@test.local", "password": "pass-12345678", "passwordConfirm": "pass-12345678", "role": "superuser", "malls": []string{aa}}), 400, "a role above admin")
	// locking oneself out: no self-deactivation, no self-demotion
	res = patchUser(t, env, "admin@AA", "admin@AA", map[string]any{"deactivated": true})
	must(t, res, 403, "an admin deactivated themselves")
	if !strings.Contains(message(res), "另一位管理员") {
		t.Errorf("self-deactivation message %q", message(res))
	}
	must(t, patchUser(t, env, "admin@AA", "admin@AA", map[string]any{"role": "manager"}), 403, "an admin demoted themselves")
	// within one's malls it works: a role change, a deactivation
	must(t, patchUser(t, env, "admin@AA", "inspector@AA", map[string]any{"role": "manager"}), 200, "admin changes a role in own mall")
	must(t, patchUser(t, env, "admin@HQ", "admin@BB", map[string]any{"deactivated": true}), 200, "HQ deactivates the admin of BB")

	// the last active admin of BB is now the HQ admin: no path removes it,
	// not even a superuser's
	root := rootToken(t, env)
	for name, body := range map[string]map[string]any{
		"deactivate": {"deactivated": true}, "demote": {"role": "manager"}, "take BB away": {"malls": []string{aa}},
	} {
		r := env.DoWithToken(t, http.MethodPatch, "/api/collections/users/records/"+env.Users["admin@HQ"].Id, root, body)
		if r.Status != 400 || !strings.Contains(message(r), "至少要有一位在职的管理员") {
			t.Errorf("%s the last admin of BB: %d %s", name, r.Status, r.Body)
		}
	}
	if r := env.DoWithToken(t, http.MethodDelete, "/api/collections/users/records/"+env.Users["admin@HQ"].Id, root, nil); r.Status != 400 {
		t.Errorf("deleted the last admin of BB: %d %s", r.Status, r.Body)
	}
	hq, _ := env.FindRecordById("users", env.Users["admin@HQ"].Id)
	hq.Set("deactivated", true)
	if err := env.Save(hq); err == nil {
		t.Error("a direct save removed the last admin of BB")
	}
}

func rootToken(t *testing.T, env *mallcaretest.Env) string {
	t.Helper()
	col, _ := env.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	root := core.NewRecord(col)
	root.SetEmail("root@test.local")
	root.SetPassword("root-pass-123456")
	if err := env.Save(root); err != nil {
		t.Fatal(err)
	}
	tok, err := root.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestDeactivatedShutOut: a deactivated account is refused on REST, sync,
// realtime, files and sign-in, in words; reactivated, it works again.
func TestDeactivatedShutOut(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	token := env.Token(t, "inspector@AA")
	// an open realtime connection of the inspector
	client := subscriptions.NewDefaultClient()
	client.Set(apis.RealtimeClientAuthKey, env.Users["inspector@AA"])
	client.Subscribe("mallcare/sync")
	env.SubscriptionsBroker().Register(client)

	must(t, patchUser(t, env, "admin@AA", "inspector@AA", map[string]any{"deactivated": true}), 200, "deactivate")
	if !client.IsDiscarded() {
		t.Error("the realtime connection of a deactivated account is still open")
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/collections/shops/records"},
		{"GET", "/api/sync/pull?cursor="},
		{"POST", "/api/sync/push"},
		{"POST", "/api/realtime"},
		{"POST", "/api/files/token"},
		{"POST", "/api/collections/users/auth-refresh"},
	} {
		res := env.DoWithToken(t, c.method, c.path, token, map[string]any{"clientId": "x", "mutations": []any{}})
		if res.Status != 403 || !strings.HasPrefix(message(res), domain.DeactivatedMessage) {
			t.Errorf("%s %s as a deactivated user: %d %s", c.method, c.path, res.Status, res.Body)
		}
	}
	signIn := func() mallcaretest.Response {
		return env.Do(t, "POST", "/api/collections/users/auth-with-password", "", map[string]any{
			"identity": "inspector.AA@test.local", "password": mallcaretest.Password})
	}
	if res := signIn(); res.Status != 403 || !strings.HasPrefix(message(res), domain.DeactivatedMessage) {
		t.Errorf("sign-in of a deactivated account: %d %s", res.Status, res.Body)
	}
	// reactivated: the same token works again, and so does signing in
	must(t, patchUser(t, env, "admin@AA", "inspector@AA", map[string]any{"deactivated": false}), 200, "reactivate")
	must(t, env.DoWithToken(t, "GET", "/api/sync/pull?cursor=", token, nil), 200, "sync after reactivation")
	must(t, signIn(), 200, "sign-in after reactivation")
}

// TestOneTimePassword: a new account and a reset get a password shown
// once; it opens only the page to set one's own password.
func TestOneTimePassword(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	aa := env.Malls["AA"].Id
	res := env.Do(t, "POST", "/api/staff", "admin@AA", map[string]any{"name": "小李", "email": "li@test.local", "phone": "13900000001", "role": "inspector", "malls": []string{aa}})
	must(t, res, 201, "create")
	password := res.JSON()["password"].(string)
	if len(password) != domain.OneTimePasswordLength {
		t.Fatalf("password %q", password)
	}
	if res := env.Do(t, "POST", "/api/staff", "admin@AA", map[string]any{"name": "又一个", "email": "li@test.local", "role": "inspector", "malls": []string{aa}}); res.Status != 400 || !strings.Contains(message(res), "邮箱") {
		t.Errorf("a second account with the e-mail: %d %s", res.Status, res.Body)
	}
	auth := env.Do(t, "POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": "li@test.local", "password": password})
	must(t, auth, 200, "sign-in with the one-time password")
	tok := auth.JSON()["token"].(string)
	if r := env.DoWithToken(t, "GET", "/api/sync/pull?cursor=", tok, nil); r.Status != 403 || !strings.HasPrefix(message(r), domain.PasswordChangeMessage) {
		t.Errorf("sync before setting a password: %d %s", r.Status, r.Body)
	}
	must(t, env.DoWithToken(t, "POST", "/api/staff/me/password", tok, map[string]any{"password": password, "passwordConfirm": password}), 400, "keeping the one-time password")
	own := env.DoWithToken(t, "POST", "/api/staff/me/password", tok, map[string]any{"password": "my-own-pass-1", "passwordConfirm": "my-own-pass-1"})
	must(t, own, 200, "set own password")
	fresh := own.JSON()["token"].(string)
	must(t, env.DoWithToken(t, "GET", "/api/sync/pull?cursor=", fresh, nil), 200, "sync with one's own password")

	// the list shows the new inspector, manageable; the reset ends the old password
	list := env.Do(t, "GET", "/api/staff?mall="+aa, "admin@AA", nil)
	must(t, list, 200, "list")
	var id string
	for _, it := range list.JSON()["items"].([]any) {
		m := it.(map[string]any)
		if m["email"] == "li@test.local" {
			id = m["id"].(string)
			if m["manageable"] != true || m["must_change_password"] != false {
				t.Errorf("member %v", m)
			}
		}
		if m["name"] == "admin@HQ" && m["manageable"] != false {
			t.Errorf("the HQ admin shown as manageable to admin@AA")
		}
	}
	reset := env.Do(t, "POST", "/api/staff/"+id+"/password", "admin@AA", nil)
	must(t, reset, 200, "reset")
	must(t, env.DoWithToken(t, "GET", "/api/sync/pull?cursor=", fresh, nil), 401, "the old session after a reset")
	must(t, env.Do(t, "POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": "li@test.local", "password": "my-own-pass-1"}), 400, "the old password after a reset")
	must(t, env.Do(t, "POST", "/api/collections/users/auth-with-password", "", map[string]any{"identity": "li@test.local", "password": reset.JSON()["password"]}), 200, "the new one-time password")
	if r := env.Do(t, "GET", "/api/staff?mall="+env.Malls["BB"].Id, "admin@AA", nil); r.Status != 403 {
		t.Errorf("admin of AA listed BB: %d", r.Status)
	}
}
