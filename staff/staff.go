// Package staff is the app's staff screen on the server (员工): the list of
// the people of an admin's malls, new accounts and password resets with a
// one-time password shown once, and the route where a person sets their
// own password. Role changes and deactivation go through the users REST
// API; both paths obey hooks.CheckStaffWrite, and a deactivated account is
// shut out of every route by the account gate in pb_hooks.
package staff

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"mallcare/domain"
	hooks "mallcare/pb_hooks"
)

// Register binds the /api/staff routes.
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/staff")
		g.Bind(apis.RequireAuth("users"))
		g.GET("", list)
		g.POST("", create)
		g.POST("/{id}/password", reset)
		g.POST("/me/password", ownPassword)
		return se.Next()
	})
}

// Member is one person as the staff screen shows them.
type Member struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Email              string   `json:"email"`
	Phone              string   `json:"phone"`
	Role               string   `json:"role"`
	Malls              []string `json:"malls"`
	Deactivated        bool     `json:"deactivated"`
	MustChangePassword bool     `json:"must_change_password"`
	// Manageable: the asking admin may change this person (all of their
	// malls are the admin's, and it is not the admin themselves).
	Manageable bool `json:"manageable"`
}

func member(actor, u *core.Record) Member {
	manageable := actor.Id != u.Id
	for _, m := range u.GetStringSlice("malls") {
		if !slices.Contains(actor.GetStringSlice("malls"), m) {
			manageable = false
		}
	}
	return Member{ID: u.Id, Name: u.GetString("name"), Email: u.Email(), Phone: u.GetString("phone"),
		Role: u.GetString("role"), Malls: u.GetStringSlice("malls"), Deactivated: u.GetBool("deactivated"),
		MustChangePassword: u.GetBool("must_change_password"), Manageable: manageable}
}

func requireAdmin(e *core.RequestEvent) error {
	if e.Auth.GetString("role") != domain.RoleAdmin {
		return e.ForbiddenError("只有管理员可以管理员工账号 (only an admin manages staff accounts)", nil)
	}
	return nil
}

// list: GET /api/staff[?mall=<id>] — everyone of the admin's malls (or of
// one of them), by name.
func list(e *core.RequestEvent) error {
	if err := requireAdmin(e); err != nil {
		return err
	}
	malls := e.Auth.GetStringSlice("malls")
	if m := e.Request.URL.Query().Get("mall"); m != "" {
		if !slices.Contains(malls, m) {
			return e.ForbiddenError("您不是该商场的管理员 (you are not an admin of this mall)", nil)
		}
		malls = []string{m}
	}
	conds := make([]string, len(malls))
	params := dbx.Params{}
	for i, m := range malls {
		key := "m" + strconv.Itoa(i)
		conds[i] = "malls.id ?= {:" + key + "}"
		params[key] = m
	}
	users, err := e.App.FindRecordsByFilter("users", strings.Join(conds, " || "), "name", 0, 0, params)
	if err != nil {
		return e.InternalServerError("", err)
	}
	out := make([]Member, len(users))
	for i, u := range users {
		out[i] = member(e.Auth, u)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Deactivated != out[j].Deactivated && !out[i].Deactivated })
	return e.JSON(http.StatusOK, map[string]any{"items": out})
}

type newMember struct {
	Name  string   `json:"name"`
	Email string   `json:"email"`
	Phone string   `json:"phone"`
	Role  string   `json:"role"`
	Malls []string `json:"malls"`
}

// create: POST /api/staff — a new account with a one-time password,
// answered once: {member, password}.
func create(e *core.RequestEvent) error {
	var body newMember
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("请求格式错误 (malformed request body)", err)
	}
	col, err := e.App.FindCachedCollectionByNameOrId("users")
	if err != nil {
		return e.InternalServerError("", err)
	}
	u := core.NewRecord(col)
	u.Load(map[string]any{"name": strings.TrimSpace(body.Name), "phone": strings.TrimSpace(body.Phone),
		"role": body.Role, "malls": body.Malls})
	u.SetEmail(strings.TrimSpace(body.Email))
	u.SetVerified(true)
	if strings.TrimSpace(body.Name) == "" {
		return e.BadRequestError("请填写姓名 (the name is required)", nil)
	}
	if !domain.Roles.Has(body.Role) {
		return e.BadRequestError("请选择角色 (choose a role)", nil)
	}
	if len(body.Malls) == 0 {
		return e.BadRequestError("请至少选择一个商场 (choose at least one mall)", nil)
	}
	if err := hooks.CheckStaffWrite(e.Auth, u); err != nil {
		return err
	}
	if existing, _ := e.App.FindAuthRecordByEmail("users", u.Email()); existing != nil {
		return e.BadRequestError("该邮箱已有账号 (an account with this e-mail exists)", nil)
	}
	password := oneTimePassword(u)
	if err := e.App.Save(u); err != nil {
		return e.BadRequestError("请检查填写的内容 (please check the fields)", err)
	}
	return e.JSON(http.StatusCreated, map[string]any{"member": member(e.Auth, u), "password": password})
}

// reset: POST /api/staff/{id}/password — a new one-time password, answered
// once; the person's sessions end (PocketBase renews their token key).
func reset(e *core.RequestEvent) error {
	u, err := e.App.FindRecordById("users", e.Request.PathValue("id"))
	if err != nil || !shareMall(e.Auth, u) {
		return e.NotFoundError("员工不存在 (no such person)", nil)
	}
	if e.Auth.Id == u.Id {
		return e.ForbiddenError("请在设置中修改自己的密码 (change your own password in Settings)", nil)
	}
	if err := requireAdmin(e); err != nil {
		return err
	}
	if err := hooks.CheckStaffWrite(e.Auth, u); err != nil {
		return err
	}
	password := oneTimePassword(u)
	if err := e.App.Save(u); err != nil {
		return e.BadRequestError("无法重置密码 (the password could not be reset)", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"member": member(e.Auth, u), "password": password})
}

type ownBody struct {
	Password        string `json:"password"`
	PasswordConfirm string `json:"passwordConfirm"`
}

// ownPassword: POST /api/staff/me/password — the signed-in person sets their
// own password (after a one-time one); answered with a fresh sign-in.
func ownPassword(e *core.RequestEvent) error {
	var body ownBody
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("请求格式错误 (malformed request body)", err)
	}
	if len([]rune(body.Password)) < 8 {
		return e.BadRequestError("密码至少 8 位 (at least 8 characters)", nil)
	}
	if body.Password != body.PasswordConfirm {
		return e.BadRequestError("两次输入的密码不一致 (the two passwords differ)", nil)
	}
	u, err := e.App.FindRecordById("users", e.Auth.Id)
	if err != nil {
		return e.NotFoundError("", err)
	}
	if u.ValidatePassword(body.Password) && u.GetBool("must_change_password") {
		return e.BadRequestError("请设置一个新的密码，不要沿用管理员给的临时密码 (choose a new password, not the one-time one)", nil)
	}
	u.SetPassword(body.Password)
	u.Set("must_change_password", false)
	if err := e.App.Save(u); err != nil {
		return e.BadRequestError("无法保存密码 (the password could not be saved)", err)
	}
	return apis.RecordAuthResponse(e, u, "", nil)
}

func shareMall(a, b *core.Record) bool {
	for _, m := range b.GetStringSlice("malls") {
		if slices.Contains(a.GetStringSlice("malls"), m) {
			return true
		}
	}
	return false
}

// oneTimePassword sets a fresh random password that the person must
// replace at their first sign-in, and returns it (it is never stored in
// clear and never shown again).
func oneTimePassword(u *core.Record) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789" // no 0/O, 1/l/I
	pw := security.RandomStringWithAlphabet(domain.OneTimePasswordLength, alphabet)
	u.SetPassword(pw)
	u.Set("must_change_password", true)
	return pw
}
