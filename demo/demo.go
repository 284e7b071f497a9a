// Package demo fills an empty database with two demo malls, one user per
// role, and a few weeks of realistic complaints, inspections and surveys, so
// that lists and reports have something to show on a first start.
package demo

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/clock"
	"mallcare/domain"
)

// Login is one demo account.
type Login struct{ Role, Email, Password, Mall string }

// Days is how far back the demo records go.
const Days = 35

type mallSpec struct{ code, name, address string }

var malls = []mallSpec{
	{"SH", "上海虹桥商场", "上海市闵行区申长路 688 号"},
	{"NJ", "南京河西商场", "南京市建邺区江东中路 222 号"},
}

var shopNames = []struct{ name, brand, category string }{
	{"顾家家居", "顾家", "沙发"}, {"慕思寝具", "慕思", "床垫"}, {"欧派橱柜", "欧派", "橱柜"},
	{"索菲亚衣柜", "索菲亚", "定制家具"}, {"马可波罗瓷砖", "马可波罗", "瓷砖"}, {"九牧卫浴", "九牧", "卫浴"},
	{"雷士照明", "雷士", "灯具"}, {"全友家私", "全友", "家具"}, {"大自然地板", "大自然", "地板"},
	{"美的电器", "美的", "家电"}, {"罗莱家纺", "罗莱", "家纺"}, {"箭牌卫浴", "箭牌", "卫浴"},
}

var customers = []string{"王女士", "李先生", "张女士", "刘先生", "陈女士", "杨先生", "赵女士", "黄先生", "周女士", "吴先生"}

var issues = []struct{ target, description, demand string }{
	{"product", "沙发使用两个月后皮面开裂", "要求更换新沙发"},
	{"delivery", "约定送货时间延误三天，未提前通知", "要求尽快送货并给予补偿"},
	{"staff", "导购态度冷淡，询问价格时不予理睬", "要求商铺道歉"},
	{"price_tag", "标价签与结算价格不一致，多收 300 元", "要求退还差价"},
	{"product", "床垫有明显异味", "要求退货"},
	{"facility", "停车场指示不清，车辆被刮擦", "要求商场协助处理"},
	{"shop", "定制衣柜尺寸与合同不符", "要求重新制作"},
	{"delivery", "安装师傅损坏地板", "要求赔偿维修费用"},
}

// Seed creates the demo data when the database has no mall yet and returns
// the logins it made (nil when the database was not empty). clk must be the
// clock the app's hooks were registered with: the seed sets it to each
// record's time so that server stamps (registration, SLAs, scores) are
// backdated with it, and releases it when done.
func Seed(app core.App, clk *clock.Settable) ([]Login, error) {
	if n, _ := app.CountRecords("malls"); n > 0 {
		return nil, nil
	}
	var logins []Login
	realNow := clk.Now()
	defer clk.Release()
	rng := mrand.New(mrand.NewPCG(2026, 11))
	err := app.RunInTransaction(func(tx core.App) error {
		super, err := superuser(tx)
		if err != nil {
			return err
		}
		logins = append(logins, super)
		for _, spec := range malls {
			s := &seeder{app: tx, clock: clk, rng: rng, now: realNow}
			mallLogins, err := s.mall(spec)
			if err != nil {
				return fmt.Errorf("demo mall %s: %w", spec.code, err)
			}
			logins = append(logins, mallLogins...)
		}
		return nil
	})
	return logins, err
}

// Print writes the logins for the console, once.
func Print(w io.Writer, logins []Login) {
	fmt.Fprintln(w, "\nMallCare demo data created. Sign in with (shown only this once):")
	fmt.Fprintf(w, "  %-10s %-4s %-28s %s\n", "role", "mall", "email", "password")
	for _, l := range logins {
		fmt.Fprintf(w, "  %-10s %-4s %-28s %s\n", l.Role, l.Mall, l.Email, l.Password)
	}
	fmt.Fprintln(w)
}

func password() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}

func superuser(app core.App) (Login, error) {
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return Login{}, err
	}
	l := Login{Role: "superuser", Email: "root@mallcare.demo", Password: password(), Mall: "*"}
	r := core.NewRecord(col)
	r.SetEmail(l.Email)
	r.SetPassword(l.Password)
	return l, app.Save(r)
}

type seeder struct {
	app    core.App
	clock  *clock.Settable
	rng    *mrand.Rand
	now    time.Time
	mallR  *core.Record
	loc    *time.Location
	shops  []*core.Record
	staff  map[string]*core.Record
	photos int // demo pictures made so far
}

func (s *seeder) save(name string, at time.Time, fields map[string]any) (*core.Record, error) {
	col, err := s.app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(col)
	r.Load(fields)
	return r, s.saveAt(r, at)
}

func (s *seeder) update(r *core.Record, at time.Time, fields map[string]any) error {
	r.Load(fields)
	return s.saveAt(r, at)
}

// saveAt saves as if the server clock read 'at'.
func (s *seeder) saveAt(r *core.Record, at time.Time) error {
	s.clock.Set(at)
	dt, _ := types.ParseDateTime(at)
	if r.IsNew() {
		r.SetRaw("created", dt)
	}
	r.SetRaw("updated", dt)
	if err := s.app.Save(r); err != nil {
		return err
	}
	return r.PostScan() // the saved state becomes the record's original
}

func (s *seeder) pick(n int) int { return s.rng.IntN(n) }

func (s *seeder) mall(spec mallSpec) ([]Login, error) {
	start := s.now.AddDate(0, 0, -Days)
	mall, err := s.save("malls", start, map[string]any{"code": spec.code, "name": spec.name, "address": spec.address, "timezone": domain.DefaultTimezone})
	if err != nil {
		return nil, err
	}
	s.mallR, s.loc = mall, domain.Location(domain.DefaultTimezone)

	var logins []Login
	s.staff = map[string]*core.Record{}
	names := map[string]string{"admin": "客服中心经理", "manager": "楼层经理", "inspector": "巡检员", "service": "客服专员"}
	users, err := s.app.FindCollectionByNameOrId("users")
	if err != nil {
		return nil, err
	}
	for _, role := range []string{"admin", "manager", "inspector", "service"} {
		l := Login{Role: role, Email: fmt.Sprintf("%s.%s@mallcare.demo", role, strings.ToLower(spec.code)), Password: password(), Mall: spec.code}
		u := core.NewRecord(users)
		u.SetEmail(l.Email)
		u.SetPassword(l.Password)
		u.SetVerified(true)
		u.Load(map[string]any{"name": string([]rune(spec.name)[:2]) + names[role], "role": role, "malls": []string{mall.Id}, "phone": fmt.Sprintf("1380013%04d", s.pick(10000))})
		if err := s.app.Save(u); err != nil {
			return nil, err
		}
		s.staff[role] = u
		logins = append(logins, l)
	}

	for i, sh := range shopNames {
		shop, err := s.save("shops", start, map[string]any{
			"mall": mall.Id, "name": sh.name, "brand": sh.brand, "category": sh.category,
			"floor": fmt.Sprintf("%dF", i%4+1), "booth": fmt.Sprintf("%d%02d", i%4+1, i+1),
		})
		if err != nil {
			return nil, err
		}
		s.shops = append(s.shops, shop)
	}
	for _, step := range []func(time.Time) error{s.plans, s.complaints, s.inspections, s.surveys} {
		if err := step(start); err != nil {
			return nil, err
		}
	}
	return logins, nil
}
