package drill_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mallcare/syncapi"
	"math/rand/v2"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

const userPass = "drill-user-pass-1"

// fixture is what the superuser set up through the REST API: malls, one
// account per role (per mall, n of each), shops, and the default templates.
type fixture struct {
	malls      map[string]string // code → id
	shops      map[string]string // "AA-1" → id
	emails     map[string]string // "manager1@AA" → email
	userMall   map[string]string // "manager1@AA" → "AA"
	inspection string            // default inspection template
	survey     string            // default customer survey template
}

func seed(t testing.TB, su *api, codes []string, roles []string, perRole int) fixture {
	t.Helper()
	f := fixture{malls: map[string]string{}, shops: map[string]string{}, emails: map[string]string{}, userMall: map[string]string{}}
	for _, code := range codes {
		var mall struct{ ID string }
		su.must(t, "POST", "/api/collections/malls/records", map[string]any{"code": code, "name": "商场 " + code, "timezone": "Asia/Shanghai"}, &mall)
		f.malls[code] = mall.ID
		for i := 1; i <= 2; i++ {
			var shop struct{ ID string }
			su.must(t, "POST", "/api/collections/shops/records", map[string]any{"mall": mall.ID, "name": fmt.Sprintf("%s-%d", code, i), "floor": fmt.Sprintf("%dF", i)}, &shop)
			f.shops[fmt.Sprintf("%s-%d", code, i)] = shop.ID
		}
		// accounts in parallel: each costs a password hash
		var wg sync.WaitGroup
		errs := make(chan error, len(roles)*perRole)
		for _, role := range roles {
			for n := 1; n <= perRole; n++ {
				name := fmt.Sprintf("%s%d@%s", role, n, code)
				email := strings.ToLower(fmt.Sprintf("%s%d.%s@drill.test", role, n, code))
				f.emails[name], f.userMall[name] = email, code
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- su.call("POST", "/api/collections/users/records", map[string]any{
						"email": email, "password": userPass, "passwordConfirm": userPass, "verified": true,
						"name": name, "role": role, "malls": []string{mall.ID}, "phone": "13800138000",
					}, nil)
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("create a user: %v", err)
			}
		}
	}
	f.inspection = firstID(t, su, "inspection_templates", "mall = ''")
	f.survey = firstID(t, su, "survey_templates", "mall = '' && kind = 'customer'")
	return f
}

func firstID(t testing.TB, a *api, collection, filter string) string {
	t.Helper()
	var list struct{ Items []struct{ ID string } }
	a.must(t, "GET", "/api/collections/"+collection+"/records?perPage=1&filter="+url.QueryEscape(filter), nil, &list)
	if len(list.Items) == 0 {
		t.Fatalf("no %s with %s", collection, filter)
	}
	return list.Items[0].ID
}

type mutation = map[string]any

// result is one answer of a push.
type result struct {
	MutationID string         `json:"mutationId"`
	Status     string         `json:"status"`
	Outcome    string         `json:"outcome"`
	Retry      bool           `json:"retry"`
	Error      map[string]any `json:"error"`
	Record     map[string]any `json:"record"`
}

// phone is one simulated device: a confirmed copy of what its user may see,
// an outbox and a cursor, speaking the wire format of docs/sync.md.
type phone struct {
	name, mall string
	api        *api
	r          *rand.Rand

	cursor string
	store  map[string]map[string]any // "collection/id" → record
	first  map[string]map[string]any // a first sync in progress
	outbox []mutation
	final  map[string]string // mutation id → outcome (applied, rejected, conflict)
	sent   []mutation        // every mutation ever queued
	seq    int
}

func newPhone(a *api, name, mall string, seed uint64) *phone {
	return &phone{name: name, mall: mall, api: a, r: rand.New(rand.NewPCG(seed, 7)),
		store: map[string]map[string]any{}, final: map[string]string{}}
}

func (p *phone) newID() string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 15)
	for i := range b {
		b[i] = chars[p.r.IntN(len(chars))]
	}
	return string(b)
}

func (p *phone) queue(collection, op, id string, data map[string]any) mutation {
	p.seq++
	m := mutation{"mutationId": fmt.Sprintf("%s-%d-%d", strings.ReplaceAll(strings.ReplaceAll(p.name, "@", "-"), ".", "-"), p.seq, p.r.Uint32()),
		"collection": collection, "op": op, "recordId": id}
	if data != nil {
		m["data"] = data
	}
	p.outbox = append(p.outbox, m)
	p.sent = append(p.sent, m)
	return m
}

// push sends the outbox in batches; a batch whose answer is lost (the
// server died) stays in the outbox and is sent again unchanged.
func (p *phone) push() error {
	for len(p.outbox) > 0 {
		n := min(len(p.outbox), 1+p.r.IntN(12))
		batch := p.outbox[:n]
		var out struct{ Results []result }
		if err := p.api.call("POST", "/api/sync/push", map[string]any{"clientId": p.name, "mutations": batch}, &out); err != nil {
			return err
		}
		if len(out.Results) != len(batch) {
			return fmt.Errorf("%d results for %d mutations", len(out.Results), len(batch))
		}
		var keep []mutation
		for i, r := range out.Results {
			switch {
			case r.Retry:
				keep = append(keep, batch[i])
			case r.Status == "duplicate":
				p.final[r.MutationID] = r.Outcome
			default:
				p.final[r.MutationID] = r.Status
			}
		}
		p.outbox = append(keep, p.outbox[n:]...)
		if len(keep) > 0 {
			return fmt.Errorf("%s: %d mutations to send again: %v", p.name, len(keep), out.Results[len(out.Results)-len(keep)].Error)
		}
	}
	return nil
}

// pull follows the feed to its end.
func (p *phone) pull() error {
	for {
		var a struct {
			Changes []struct {
				Collection, Op, ID string
				Record             map[string]any
			}
			Cursor  string
			HasMore bool
			Reset   bool
		}
		if err := p.api.call("GET", "/api/sync/pull?limit="+fmt.Sprint(20+p.r.IntN(200))+"&cursor="+url.QueryEscape(p.cursor), nil, &a); err != nil {
			return err
		}
		if a.Reset {
			p.cursor, p.first = "", nil
			continue
		}
		if p.cursor == "" && p.first == nil {
			p.first = map[string]map[string]any{}
		}
		into := p.store
		if p.first != nil {
			into = p.first
		}
		for _, c := range a.Changes {
			key := c.Collection + "/" + c.ID
			if c.Op == "delete" {
				delete(into, key)
				continue
			}
			into[key] = c.Record
		}
		p.cursor = a.Cursor
		if !a.HasMore {
			if p.first != nil {
				p.store, p.first = p.first, nil
			}
			return nil
		}
	}
}

// applied: every mutation sent was applied (the drills send only valid ones).
func (p *phone) applied() error {
	for _, m := range p.sent {
		if id := m["mutationId"].(string); p.final[id] != "applied" {
			return fmt.Errorf("%s: mutation %s %s %s: %q", p.name, m["collection"], m["op"], id, p.final[id])
		}
	}
	return nil
}

func (p *phone) sync() error {
	if err := p.push(); err != nil {
		return err
	}
	return p.pull()
}

// stage uploads a photo for a later mutation to name as "photo:<id>".
func (p *phone) stage(photoID string, content []byte) error {
	return p.api.call("POST", "/api/sync/photo", newForm(map[string]string{"photoId": photoID}, "file", photoID+".png", content), nil)
}

// known lists the phone's records of a collection in id order.
func (p *phone) known(collection string) []map[string]any {
	var out []map[string]any
	for key, rec := range p.store {
		if strings.HasPrefix(key, collection+"/") {
			out = append(out, rec)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["id"].(string) < out[j]["id"].(string) })
	return out
}

// synced lists the collections a phone holds (docs/sync.md, first-sync order).
var synced = syncapi.Pulled()

// serverView is what the REST API lists for the phone's user.
func serverView(t testing.TB, a *api) map[string]map[string]any {
	t.Helper()
	view := map[string]map[string]any{}
	for _, name := range synced {
		for page := 1; ; page++ {
			var list struct {
				Items      []map[string]any
				TotalPages int
			}
			if err := a.call("GET", fmt.Sprintf("/api/collections/%s/records?perPage=500&page=%d", name, page), nil, &list); err != nil {
				if statusOf(err) == 403 {
					break // this role may not list it
				}
				t.Fatalf("list %s: %v", name, err)
			}
			for _, it := range list.Items {
				view[name+"/"+it["id"].(string)] = it
			}
			if page >= list.TotalPages {
				break
			}
		}
	}
	return view
}

// checkCopy: the phone holds exactly what the server shows its user.
func checkCopy(t testing.TB, p *phone) {
	t.Helper()
	view := serverView(t, p.api)
	for key, rec := range view {
		if !sameJSON(rec, p.store[key]) {
			t.Fatalf("%s: %s differs\nphone  %v\nserver %v", p.name, key, p.store[key], rec)
		}
	}
	for key := range p.store {
		if _, ok := view[key]; !ok {
			t.Fatalf("%s keeps %s, which the server does not show", p.name, key)
		}
	}
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// photo is a small real PNG; shade makes different contents.
func photo(shade uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range img.Pix {
		img.Pix[i] = shade
	}
	img.Set(0, 0, color.RGBA{R: 1, A: 255})
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}
