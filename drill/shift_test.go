package drill_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestShiftStart: 100 phones behind the mall's one address start their
// shift together — sign in, first sync, a photo, a complaint, a pull — and
// get no 429, while a signed-in client stuck in a loop and a guest guessing
// one account's password are held back. The server runs with the rate
// limits its migrations set.
func TestShiftStart(t *testing.T) {
	s := newServer(t, filepath.Join(t.TempDir(), "data"))
	su := superuser(t, s)
	f := seed(t, su, []string{"AA", "BB"}, []string{"service"}, 50)
	extra := seed(t, su, []string{"CC"}, []string{"service"}, 2)

	var (
		mu       sync.Mutex
		limited  []string
		failures []string
		wg       sync.WaitGroup
	)
	report := func(list *[]string, format string, args ...any) {
		mu.Lock()
		*list = append(*list, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	check := func(who string, err error) bool {
		if err == nil {
			return true
		}
		if statusOf(err) == 429 {
			report(&limited, "%s: %v", who, err)
		} else {
			report(&failures, "%s: %v", who, err)
		}
		return false
	}

	// the misbehaving client: a signed-in loop
	loop := signIn(t, s.url(""), "users", extra.emails["service1@CC"], userPass)
	heldBack := make(chan int, 1)
	var loopTook time.Duration
	wg.Add(1)
	go func() {
		defer wg.Done()
		began := time.Now()
		for i := 1; i <= 2000; i++ {
			if err := loop.call("GET", "/api/collections/shops/records?perPage=1", nil, nil); statusOf(err) == 429 {
				loopTook = time.Since(began)
				heldBack <- i
				return
			}
		}
		heldBack <- 0
	}()

	began := time.Now()
	i := 0
	for name, email := range f.emails {
		i++
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			a := &api{base: s.url(""), http: httpClient}
			var out struct{ Token string }
			if !check(name, a.call("POST", "/api/collections/users/auth-with-password", map[string]string{"identity": email, "password": userPass}, &out)) {
				return
			}
			a.token = out.Token
			p := newPhone(a, name, f.userMall[name], seed)
			if !check(name, p.pull()) || !check(name, p.stage("shift-"+p.newID(), photo(uint8(seed)))) {
				return
			}
			p.queue("complaints", "create", p.newID(), map[string]any{"mall": f.malls[p.mall], "channel": "desk", "target": "facility",
				"customer_name": "李先生", "description": "停车场指示不清", "severity": "general"})
			if check(name, p.sync()) {
				check(name, p.applied())
			}
		}(uint64(i))
	}

	// a guest guessing the other account's password
	guest := &api{base: s.url(""), http: httpClient}
	guesses := 0
	for ; guesses < 30; guesses++ {
		err := guest.call("POST", "/api/collections/users/auth-with-password", map[string]string{"identity": extra.emails["service2@CC"], "password": fmt.Sprint("guess", guesses)}, nil)
		if statusOf(err) == 429 {
			break
		}
		if statusOf(err) != 400 {
			t.Fatalf("a wrong password answered %v", err)
		}
	}
	wg.Wait()
	took := time.Since(began)

	if len(failures) > 0 {
		t.Fatalf("phones failed: %v", failures)
	}
	if len(limited) > 0 {
		t.Fatalf("%d of 100 phones were rate limited at shift start: %v", len(limited), limited[0])
	}
	// its budget is 300 per 10 s from its first request
	n := <-heldBack
	if windows := int(loopTook/(10*time.Second)) + 1; n == 0 || n-1 > 300*windows {
		t.Fatalf("the looping client was held back after %d requests in %s", n, loopTook)
	}
	if guesses != 10 {
		t.Fatalf("the password guesser was stopped after %d wrong guesses", guesses)
	}
	// the account owner of the looping client is still welcome tomorrow;
	// other accounts are not affected by the guesses
	signIn(t, s.url(""), "users", extra.emails["service1@CC"], userPass)
	t.Logf("100 phones started their shift in %s without a 429 (%d busy answers waited out); the loop was held back at request %d (after %s), the guesser after %d wrong passwords",
		took.Round(time.Millisecond), busyWaits.Load(), n, loopTook.Round(time.Millisecond), guesses)
}
