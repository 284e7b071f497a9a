package drill_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"mallcare/internal/complaintsteps"
)

// crashSize: the short form runs in `make test`; MALLCARE_DRILL=long (make
// drill) kills the server many more times under more phones.
func crashSize() (kills, perRole int) {
	if os.Getenv("MALLCARE_DRILL") == "long" {
		kills = 60
		if s := os.Getenv("MALLCARE_DRILL_KILLS"); s != "" {
			kills, _ = strconv.Atoi(s)
		}
		return kills, 3
	}
	return 8, 1
}

// retryable: what a phone waits out (the server is down or restarting);
// anything else is a bug.
func retryable(err error) bool {
	st := statusOf(err)
	return st == 0 || st == 429 || st >= 500
}

// edit queues one change a person would make on the phone; bumps
// records the "amount+" mutations, whose double application would show.
func (p *phone) edit(f fixture, bumps map[string]string, mu *sync.Mutex) error {
	mall := f.malls[p.mall]
	if p.name[:9] == "inspector" {
		inspections := p.known("inspections")
		switch k := p.r.IntN(10); {
		case k < 3 || len(inspections) == 0:
			p.queue("inspections", "create", p.newID(), map[string]any{"mall": mall, "template": f.inspection, "floor": fmt.Sprintf("%dF", 1+p.r.IntN(5))})
		case k < 8:
			insp := inspections[p.r.IntN(len(inspections))]
			items, _ := insp["items"].([]any)
			if len(items) > 0 {
				item := items[p.r.IntN(len(items))].(map[string]any)["id"]
				p.queue("inspection_results", "create", p.newID(), map[string]any{"inspection": insp["id"], "mall": mall, "item_id": item,
					"result": []string{"pass", "fail", "na"}[p.r.IntN(3)]})
			}
		default:
			insp := inspections[p.r.IntN(len(inspections))]
			p.queue("inspections", "update", insp["id"].(string), map[string]any{"status": "submitted"})
		}
		return nil
	}
	complaints := p.known("complaints")
	if len(complaints) == 0 || p.r.IntN(4) == 0 {
		data := map[string]any{"mall": mall, "channel": "desk", "target": "shop", "shop": f.shops[p.mall+"-1"],
			"customer_name": fmt.Sprintf("顾客%d", p.r.IntN(1000)), "description": "商品有质量问题", "severity": "general"}
		if p.r.IntN(5) == 0 {
			id := fmt.Sprintf("ph-%s-%d", p.newID(), p.seq)
			if err := p.stage(id, photo(uint8(p.r.IntN(250)))); err != nil {
				return err
			}
			data["photos"] = []string{"photo:" + id}
		}
		p.queue("complaints", "create", p.newID(), data)
		return nil
	}
	c := complaints[p.r.IntN(len(complaints))]
	id := c["id"].(string)
	switch k := p.r.IntN(10); {
	case k < 3:
		if step, ok := complaintsteps.Next[c["status"].(string)]; ok {
			p.queue("complaints", "update", id, step)
		}
	case k < 6:
		m := p.queue("complaints", "update", id, map[string]any{"amount+": 1})
		mu.Lock()
		bumps[m["mutationId"].(string)] = id
		mu.Unlock()
	case k < 8:
		p.queue("complaint_events", "create", p.newID(), map[string]any{"complaint": id, "mall": mall, "kind": "note", "note": "跟进 " + p.name})
	default:
		p.queue("complaints", "update", id, map[string]any{"demand": fmt.Sprintf("要求 %s %d", p.name, p.r.IntN(100))})
	}
	return nil
}

// TestCrashDrill: phones push and pull while the server is SIGKILLed again
// and again and started on the same data dir. Afterwards every mutation
// has exactly one outcome and was applied once, complaint numbers run
// without gap or repeat per mall and year, every phone holds what the
// server shows its user, the database is intact, and the replica (which
// streamed through all of it) restores to the same data.
func TestCrashDrill(t *testing.T) {
	kills, perRole := crashSize()
	work := t.TempDir()
	replica := filepath.Join(work, "replica")
	s := newServer(t, filepath.Join(work, "data"), "--replica", "file://"+replica)
	su := superuser(t, s)
	f := seed(t, su, []string{"AA", "BB"}, []string{"manager", "service", "inspector"}, perRole)

	var phones []*phone
	for name, email := range f.emails {
		phones = append(phones, newPhone(signIn(t, s.url(""), "users", email, userPass), name, f.userMall[name], uint64(len(phones)+1)))
	}
	sort.Slice(phones, func(i, j int) bool { return phones[i].name < phones[j].name })

	var (
		mu       sync.Mutex
		bumps    = map[string]string{} // mutation id → complaint
		failures []string
		retries  int // requests cut off or refused by a kill
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	for _, p := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				for range 1 + p.r.IntN(4) {
					if err = p.edit(f, bumps, &mu); err != nil {
						break
					}
				}
				if err == nil {
					err = p.sync()
				}
				if err != nil && !retryable(err) {
					fail("%s: %v", p.name, err)
					return
				}
				if err != nil {
					mu.Lock()
					retries++
					mu.Unlock()
				}
				time.Sleep(time.Duration(20+p.r.IntN(60)) * time.Millisecond)
			}
		}()
	}

	r := rand.New(rand.NewPCG(uint64(kills), 3))
	var downtime time.Duration
	for i := 0; i < kills; i++ {
		time.Sleep(time.Duration(200+r.IntN(800)) * time.Millisecond)
		s.kill()
		downtime += s.start()
	}
	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("phones failed:\n%v", failures)
	}

	// the shift ends: every phone sends what it has and pulls, twice (the
	// first round may change what the others see)
	for range 2 {
		for _, p := range phones {
			waitFor(t, 30*time.Second, p.name+" syncing", func() bool { return p.sync() == nil })
		}
	}
	for _, p := range phones {
		checkCopy(t, p)
	}
	var st replStatus
	replicated(t, su, replica, f.malls["AA"])
	su.must(t, "GET", "/api/health/replication", nil, &st)
	s.stop()

	db := openDB(t, s.dir)
	if got := queryStrings(t, db, `PRAGMA integrity_check`); len(got) != 1 || got[0] != "ok" {
		t.Fatalf("integrity_check: %v", got)
	}
	if got := queryStrings(t, db, `SELECT "table" FROM pragma_foreign_key_check`); len(got) != 0 {
		t.Fatalf("foreign_key_check: %v", got)
	}

	// exactly once: one log row per mutation, with the outcome the phone was told
	logged := map[string]string{}
	rows, err := db.Query(`SELECT mutation_id, status FROM sync_mutations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, status string
		_ = rows.Scan(&id, &status)
		logged[id] = status
	}
	rows.Close()
	sent, applied := 0, 0
	for _, p := range phones {
		for _, m := range p.sent {
			id := m["mutationId"].(string)
			sent++
			if logged[id] == "" || logged[id] != p.final[id] {
				t.Fatalf("%s: mutation %s logged %q, the phone was told %q", p.name, id, logged[id], p.final[id])
			}
			if logged[id] == "applied" {
				applied++
			}
		}
	}
	if len(logged) != sent {
		t.Fatalf("%d logged outcomes for %d mutations", len(logged), sent)
	}
	want := map[string]float64{}
	for mut, complaint := range bumps {
		if logged[mut] == "applied" {
			want[complaint]++
		}
	}
	for complaint, n := range want {
		var amount float64
		if err := db.QueryRow(`SELECT amount FROM complaints WHERE id = ?`, complaint).Scan(&amount); err != nil {
			t.Fatal(err)
		}
		if amount != n {
			t.Fatalf("complaint %s: amount %v after %v applied increments", complaint, amount, n)
		}
	}

	// complaint numbers: 1..n per mall and year
	numbers := map[string][]int{}
	pattern := regexp.MustCompile(`^([A-Z0-9]+-\d{4})-(\d{6})$`)
	for _, n := range queryStrings(t, db, `SELECT number FROM complaints`) {
		m := pattern.FindStringSubmatch(n)
		if m == nil {
			t.Fatalf("complaint number %q", n)
		}
		k, _ := strconv.Atoi(m[2])
		numbers[m[1]] = append(numbers[m[1]], k)
	}
	for series, ns := range numbers {
		sort.Ints(ns)
		for i, n := range ns {
			if n != i+1 {
				t.Fatalf("%s: numbers %v have a gap or repeat at %d", series, ns, i+1)
			}
		}
	}
	db.Close()

	// the replica went through every kill too
	restored := filepath.Join(work, "restored")
	run(t, "restore", "--dir", restored, "--replica", "file://"+replica)
	comparable(takeSnapshot(t, s.dir)).compare(t, comparable(takeSnapshot(t, restored)), "the replica after the crash drill")

	var complaints int
	for _, ns := range numbers {
		complaints += len(ns)
	}
	if retries == 0 {
		t.Fatal("no request was ever cut off by a kill")
	}
	t.Logf("%d kills under %d phones: %d syncs cut off and retried, %d mutations (%d applied), %d complaints, restarts took %s on average; replica lag at the end %d ms",
		kills, len(phones), retries, sent, applied, complaints, (downtime / time.Duration(max(kills, 1))).Round(time.Millisecond), st.Database.LagMs)
}
