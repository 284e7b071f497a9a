// Package mallcaretest starts real PocketBase test apps (temporary SQLite)
// with MallCare's schema, hooks and a two-mall fixture, for the tests of
// every package.
package mallcaretest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"mallcare/clock"
	"mallcare/domain"
	hooks "mallcare/pb_hooks"
	_ "mallcare/pb_migrations"
	"mallcare/stmtcache"
)

// Malls of the fixture: A and B, each with one user per role and two shops,
// plus an HQ admin assigned to both.
const (
	MallA = "AA"
	MallB = "BB"
)

// Roles in the fixture, one user each per mall: "<role>@<mall code>".
var Roles = []string{"admin", "manager", "inspector", "service"}

// Password of every fixture user.
const Password = "test-pass-123"

// Env is a test app with its fixture records at hand.
type Env struct {
	*tests.TestApp
	// Clock is the server clock the app's hooks read: the machine's time
	// until a test sets it. Each app has its own, so tests run in parallel.
	Clock *clock.Settable
	Malls map[string]*core.Record // by code
	Users map[string]*core.Record // "manager@AA", "admin@HQ"
	Shops map[string]*core.Record // "AA-1", "AA-2", "BB-1", "BB-2"

	handler http.Handler
}

var (
	templateOnce sync.Once
	templateDir  string // schema and fixture
	bareDir      string // schema only
	templateErr  error
)

// start copies a template (built once per test binary) into a fresh app
// with the hooks bound; it is cleaned up when the test ends.
func start(t testing.TB, fixture bool) *Env {
	t.Helper()
	templateOnce.Do(func() {
		if bareDir, templateErr = buildTemplate("bare", false); templateErr == nil {
			templateDir, templateErr = buildTemplate("fixture", true)
		}
	})
	if templateErr != nil {
		t.Fatalf("test template: %v", templateErr)
	}
	dir := bareDir
	if fixture {
		dir = templateDir
	}
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env", DBConnect: stmtcache.Connect})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	env := &Env{TestApp: app, Clock: &clock.Settable{},
		Malls: map[string]*core.Record{}, Users: map[string]*core.Record{}, Shops: map[string]*core.Record{}}
	hooks.Register(app, env.Clock)
	return env
}

// NewBareApp starts an app with the schema, defaults and hooks but no malls
// or users, as a new installation has.
func NewBareApp(t testing.TB) *Env {
	t.Helper()
	return start(t, false)
}

// NewApp starts an app with the two-mall fixture.
func NewApp(t testing.TB) *Env {
	t.Helper()
	env := start(t, true)
	app := env.TestApp
	malls, err := app.FindAllRecords("malls")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range malls {
		env.Malls[m.GetString("code")] = m
	}
	users, _ := app.FindAllRecords("users")
	for _, u := range users {
		env.Users[u.GetString("name")] = u
	}
	shops, _ := app.FindAllRecords("shops")
	for _, s := range shops {
		env.Shops[s.GetString("name")] = s
	}
	return env
}

// buildTemplate migrates one database and fills the fixture; every test app
// starts from a copy of it.
func buildTemplate(name string, fixture bool) (string, error) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("mallcare-test-%d-%s", os.Getpid(), name))
	_ = os.RemoveAll(dir)
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env"})
	if err := app.Bootstrap(); err != nil {
		return "", err
	}
	defer app.ClearBootstrap()
	if err := app.RunAllMigrations(); err != nil {
		return "", err
	}
	app.Settings().Logs.MaxDays = 0
	app.Settings().RateLimits.Enabled = false // tests fire many requests from one address
	if err := app.Save(app.Settings()); err != nil {
		return "", err
	}
	if !fixture {
		return dir, nil
	}
	save := func(collection string, fields map[string]any) (*core.Record, error) {
		col, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			return nil, err
		}
		r := core.NewRecord(col)
		r.Load(fields)
		if pw, ok := fields["password"].(string); ok {
			r.SetPassword(pw)
			r.SetVerified(true)
		}
		return r, app.Save(r)
	}
	var all []string
	for _, code := range []string{MallA, MallB} {
		m, err := save("malls", map[string]any{"code": code, "name": "Mall " + code, "timezone": "Asia/Shanghai"})
		if err != nil {
			return "", err
		}
		all = append(all, m.Id)
		for _, role := range Roles {
			name := role + "@" + code
			if _, err := save("users", map[string]any{
				"email": role + "." + code + "@test.local", "password": Password, "name": name,
				"role": role, "malls": []string{m.Id}, "phone": "13800138000",
			}); err != nil {
				return "", err
			}
		}
		for i := 1; i <= 2; i++ {
			if _, err := save("shops", map[string]any{"mall": m.Id, "name": fmt.Sprintf("%s-%d", code, i), "floor": fmt.Sprintf("%dF", i)}); err != nil {
				return "", err
			}
		}
	}
	if _, err := save("users", map[string]any{
		"email": "hq@test.local", "password": Password, "name": "admin@HQ", "role": "admin", "malls": all,
	}); err != nil {
		return "", err
	}
	return dir, nil
}

// Token is a user's auth token, as the Authorization header wants it.
func (e *Env) Token(t testing.TB, user string) string {
	t.Helper()
	u, ok := e.Users[user]
	if !ok {
		t.Fatalf("no fixture user %q", user)
	}
	token, err := u.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// Create saves a record directly (no API rules), failing the test on error.
func (e *Env) Create(t testing.TB, collection string, fields map[string]any) *core.Record {
	t.Helper()
	col, err := e.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.Load(fields)
	if err := e.Save(r); err != nil {
		t.Fatalf("create %s: %v", collection, err)
	}
	return r
}

// DefaultItems are the items of the shared default inspection template (the
// checklist the migration wrote from the manual).
func (e *Env) DefaultItems(t testing.TB) []domain.TemplateItem {
	t.Helper()
	tpl, err := e.FindFirstRecordByFilter("inspection_templates", "mall = ''")
	if err != nil {
		t.Fatal(err)
	}
	var items []domain.TemplateItem
	if err := tpl.UnmarshalJSONField("items", &items); err != nil {
		t.Fatal(err)
	}
	return items
}

// Photo is a small real PNG as a file to attach where a rule wants a photo
// (a failed photo_required item, a rectification's fix and re-check).
func Photo(t testing.TB) *filesystem.File {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	f, err := filesystem.NewFileFromBytes(buf.Bytes(), "photo.png")
	if err != nil {
		t.Fatal(err)
	}
	return f
}
