package syncapi_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
)

// phone simulates one device: a server-confirmed copy of the records it may
// see, an outbox, a cursor and its own offline periods.
type phone struct {
	user, mall string
	online     bool
	cursor     string
	store      map[string]map[string]any // collection/id → record
	outbox     []mutation
	sent       [][]mutation // batches already answered, for replays
}

type sim struct {
	t        *testing.T
	env      *mallcaretest.Env
	r        *rand.Rand
	phones   []*phone
	issued   []string       // every mutation id a phone created
	bumps    map[string]int // complaint → applied "amount+" mutations (from the log)
	bumpMuts map[string]string
	template string // the shared default inspection template
}

func (s *sim) sync(p *phone, loseAnswer bool) {
	t := s.t
	for len(p.outbox) > 0 {
		n := min(len(p.outbox), 1+s.r.IntN(8))
		batch := p.outbox[:n]
		res := push(t, s.env, p.user, batch...)
		if loseAnswer {
			return // the server committed; the phone never heard and will send it again
		}
		var keep []mutation
		for i, r := range res {
			switch r.Status {
			case "applied", "duplicate", "conflict", "rejected":
				if r.Retry {
					keep = append(keep, batch[i])
				}
			default:
				t.Fatalf("unknown status %q", r.Status)
			}
		}
		p.sent = append(p.sent, batch)
		p.outbox = append(keep, p.outbox[n:]...)
		if len(keep) > 0 {
			t.Fatalf("unexpected retry: %+v", res)
		}
	}
	for {
		a := pull(t, s.env, p.user, p.cursor, 5+s.r.IntN(50))
		if a.Reset {
			t.Fatalf("%s: unexpected reset", p.user)
		}
		if p.cursor == "" {
			p.store = map[string]map[string]any{}
		}
		for _, c := range a.Changes {
			key := c.Collection + "/" + c.ID
			if c.Op == "delete" {
				delete(p.store, key)
				continue
			}
			if m, ok := c.Record["mall"].(string); ok && m != "" && m != s.env.Malls[p.mall].Id {
				t.Fatalf("%s saw a record of another mall: %s %v", p.user, key, c.Record)
			}
			p.store[key] = c.Record
		}
		p.cursor = a.Cursor
		if !a.HasMore {
			return
		}
	}
}

func (s *sim) enqueue(p *phone, m mutation) {
	s.issued = append(s.issued, m["mutationId"].(string))
	p.outbox = append(p.outbox, m)
}

// known lists p's records of a collection, in a stable order.
func (p *phone) known(collection string) []map[string]any {
	var out []map[string]any
	for key, rec := range p.store {
		if strings.HasPrefix(key, collection+"/") {
			out = append(out, rec)
		}
	}
	slices.SortFunc(out, func(a, b map[string]any) int {
		return cmpStr(a["id"].(string), b["id"].(string))
	})
	return out
}

// inspect makes one inspection-round change: start an inspection, record
// an item result (append-only), submit (final; the server opens
// rectifications for failed items), or move a rectification on.
func (s *sim) inspect(p *phone) {
	mallID := s.env.Malls[p.mall].Id
	inspections := p.known("inspections")
	rects := p.known("rectifications")
	switch k := s.r.IntN(10); {
	case k < 2 || len(inspections) == 0:
		s.enqueue(p, mut("inspections", "create", newID(s.r), map[string]any{"mall": mallID, "template": s.template, "floor": fmt.Sprintf("%dF", 1+s.r.IntN(5))}))
	case k < 6:
		insp := inspections[s.r.IntN(len(inspections))]
		items, _ := insp["items"].([]any)
		if len(items) == 0 {
			return
		}
		item := items[s.r.IntN(len(items))].(map[string]any)["id"]
		result := []string{"pass", "fail", "na"}[s.r.IntN(3)]
		s.enqueue(p, mut("inspection_results", "create", newID(s.r), map[string]any{"inspection": insp["id"], "mall": mallID, "item_id": item, "result": result, "note": p.user}))
	case k < 8:
		insp := inspections[s.r.IntN(len(inspections))]
		s.enqueue(p, mut("inspections", "update", insp["id"].(string), map[string]any{"status": "submitted", "note": "巡检完成"}))
	default:
		if len(rects) == 0 {
			return
		}
		rect := rects[s.r.IntN(len(rects))]
		to := []string{"done", "verified", "open"}[s.r.IntN(3)]
		data := map[string]any{"status": to}
		if to == "done" {
			data["done_note"] = "已整改 " + p.user
		}
		s.enqueue(p, mut("rectifications", "update", rect["id"].(string), data))
	}
}

// edit makes one local change on p, based on what p knows.
func (s *sim) edit(p *phone) {
	if !strings.HasPrefix(p.user, "service") && s.r.IntN(2) == 0 {
		s.inspect(p)
		return
	}
	complaints := p.known("complaints")
	mallID := s.env.Malls[p.mall].Id
	if len(complaints) == 0 || s.r.IntN(6) == 0 {
		data := complaintData(s.env, p.mall)
		data["customer_name"] = fmt.Sprintf("顾客%d", s.r.IntN(1000))
		s.enqueue(p, mut("complaints", "create", newID(s.r), data))
		return
	}
	c := complaints[s.r.IntN(len(complaints))]
	id := c["id"].(string)
	switch k := s.r.IntN(10); {
	case k < 3: // concurrent edits of the same and of different fields
		field := []string{"demand", "location", "plan", "customer_name"}[s.r.IntN(4)]
		s.enqueue(p, mut("complaints", "update", id, map[string]any{field: fmt.Sprintf("%s-%s-%d", field, p.user, s.r.IntN(100))}))
	case k < 5: // a status change, legal from what the phone knows (the server may know better)
		from, _ := c["status"].(string)
		next := domain.ComplaintFlow.Next(from)
		to := "verifying"
		if len(next) > 0 {
			to = next[s.r.IntN(len(next))]
		}
		data := map[string]any{"status": to}
		switch to {
		case "proposed":
			data["plan"] = "退货处理"
		case "resolved":
			data["resolution_type"] = "return"
		case "visited":
			data["callback_verdict"] = "satisfied"
		case "withdrawn":
			data["withdraw_reason"] = "顾客撤诉"
		}
		s.enqueue(p, mut("complaints", "update", id, data))
	case k < 7: // a non-idempotent change: applied twice would show
		m := mut("complaints", "update", id, map[string]any{"amount+": 1})
		s.bumpMuts[m["mutationId"].(string)] = id
		s.enqueue(p, m)
	case k < 9: // append-only timeline note
		s.enqueue(p, mut("complaint_events", "create", newID(s.r), map[string]any{"complaint": id, "mall": mallID, "kind": "note", "note": "跟进"}))
	default:
		s.enqueue(p, mut("complaints", "delete", id, nil))
	}
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestConvergence(t *testing.T) {
	t.Parallel()
	rounds := 400
	if s := os.Getenv("MALLCARE_SYNC_ROUNDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		rounds = n
	}
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) { runConvergence(t, seed, rounds) })
	}
}

func runConvergence(t *testing.T, seed uint64, rounds int) {
	env := newEnv(t)
	s := &sim{t: t, env: env, r: rand.New(rand.NewPCG(seed, 99)), bumps: map[string]int{}, bumpMuts: map[string]string{}}
	tpl, err := env.FindFirstRecordByFilter("inspection_templates", "mall = ''")
	if err != nil {
		t.Fatal(err)
	}
	s.template = tpl.Id
	for _, u := range []string{"service@AA", "manager@AA", "admin@AA", "inspector@AA", "service@BB", "admin@BB", "inspector@BB"} {
		s.phones = append(s.phones, &phone{user: u, mall: u[len(u)-2:], online: true, store: map[string]map[string]any{}})
	}
	for _, p := range s.phones {
		s.sync(p, false)
	}
	for range rounds {
		p := s.phones[s.r.IntN(len(s.phones))]
		switch k := s.r.IntN(20); {
		case k < 2:
			p.online = !p.online
		case k < 12:
			s.edit(p)
		case k < 13 && len(p.sent) > 0: // a batch replayed as a whole
			if p.online {
				for _, r := range push(t, env, p.user, p.sent[s.r.IntN(len(p.sent))]...) {
					if r.Status != "duplicate" {
						t.Fatalf("replayed batch: %+v", r)
					}
				}
			}
		default:
			if p.online {
				s.sync(p, s.r.IntN(5) == 0)
			}
		}
	}
	// everyone comes back online and syncs (twice: the first pushes may change what others see)
	for range 2 {
		for _, p := range s.phones {
			p.online = true
			s.sync(p, false)
		}
	}
	for _, p := range s.phones {
		s.sync(p, false)
		checkCopy(t, env, p)
	}

	// none lost: every mutation has exactly one outcome on the server
	var logged []string
	if err := env.DB().NewQuery("SELECT mutation_id FROM sync_mutations").Column(&logged); err != nil {
		t.Fatal(err)
	}
	slices.Sort(logged)
	for _, id := range s.issued {
		if _, ok := slices.BinarySearch(logged, id); !ok {
			t.Fatalf("mutation %s lost", id)
		}
	}
	if len(logged) != len(s.issued) {
		t.Fatalf("%d outcomes for %d mutations", len(logged), len(s.issued))
	}
	// none applied twice: each complaint's amount is its applied increments
	want := map[string]int{}
	for mutID, complaint := range s.bumpMuts {
		var status string
		_ = env.DB().NewQuery("SELECT status FROM sync_mutations WHERE mutation_id = {:id}").Bind(dbx.Params{"id": mutID}).Row(&status)
		if status == "applied" {
			want[complaint]++
		}
	}
	for complaint, n := range want {
		r, err := env.FindRecordById("complaints", complaint)
		if err != nil {
			continue // deleted later
		}
		if int(r.GetFloat("amount")) != n {
			t.Fatalf("complaint %s: amount %v after %d applied increments", complaint, r.GetFloat("amount"), n)
		}
	}
	var statuses []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	_ = env.DB().NewQuery("SELECT status, COUNT(*) AS n FROM sync_mutations GROUP BY status").All(&statuses)
	t.Logf("seed %d: %d mutations %v; server: %d complaints, %d inspections, %d results, %d rectifications",
		seed, len(s.issued), statuses, countRows(t, env, "complaints"), countRows(t, env, "inspections"),
		countRows(t, env, "inspection_results"), countRows(t, env, "rectifications"))
}

// checkCopy: the phone's copy equals what the REST API lists for its user.
func checkCopy(t *testing.T, env *mallcaretest.Env, p *phone) {
	t.Helper()
	server := map[string]map[string]any{}
	for _, name := range []string{"malls", "users", "shops", "inspection_templates", "survey_templates", "inspection_plans",
		"complaints", "complaint_events", "inspections", "inspection_results", "rectifications", "survey_responses", "notifications",
		"rectification_events"} {
		for page := 1; ; page++ {
			res := env.Do(t, http.MethodGet, fmt.Sprintf("/api/collections/%s/records?perPage=500&page=%d", name, page), p.user, nil)
			if res.Status != 200 {
				break // the role may not list it at all
			}
			var list struct {
				Items      []map[string]any `json:"items"`
				TotalPages int              `json:"totalPages"`
			}
			_ = json.Unmarshal(res.Body, &list)
			for _, it := range list.Items {
				server[name+"/"+it["id"].(string)] = it
			}
			if page >= list.TotalPages {
				break
			}
		}
	}
	for key, rec := range server {
		if !sameJSON(rec, p.store[key]) {
			t.Fatalf("%s: %s differs\nphone  %v\nserver %v", p.user, key, p.store[key], rec)
		}
	}
	for key := range p.store {
		if _, ok := server[key]; !ok {
			t.Fatalf("%s keeps %s, which the server does not show", p.user, key)
		}
	}
}
