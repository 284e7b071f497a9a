package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"mallcare/internal/complaintsteps"
)

// phone is one simulated device: it signs in, does a first sync, then
// works with think time — pushes of 1–5 mutations, now and then a photo
// and the complaint that names it — and pulls whenever the realtime signal
// says its mall's feed moved.
type phone struct {
	n        int
	email    string
	mall     string   // its mall's id
	shops    []string // of its mall
	c        *client
	r        *rand.Rand
	think    time.Duration
	photoPct int
	photos   *photoMaker

	mu         sync.Mutex
	cursor     string
	seq        int64             // the feed position of cursor (c.<n>)
	complaints map[string]string // id → status, of its mall
	outbox     []map[string]any
	nextMut    int
	// a signal not yet pulled: the highest seq and when it first arrived
	wantSeq   int64
	wantSince time.Time
	signalled chan struct{}
}

// run is the phone's life until ctx ends; joined is closed once its first
// sync is done (or it gave up).
func (p *phone) run(ctx context.Context, password string, rt *realtime, joined chan<- error) {
	err := p.join(ctx, password)
	joined <- err
	if err != nil {
		return
	}
	go rt.listen(ctx, p)
	go p.puller(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(float64(p.think) * (0.5 + p.r.Float64()))):
		}
		p.act(ctx)
	}
}

// join signs in and does the first sync.
func (p *phone) join(ctx context.Context, password string) error {
	var auth struct{ Token string }
	err := p.c.do(ctx, request{op: opSignIn, method: "POST", path: "/api/collections/users/auth-with-password",
		body: mustJSON(map[string]string{"identity": p.email, "password": password}), ctype: "application/json", always: true}, &auth)
	if err != nil {
		return fmt.Errorf("sign in %s: %w", p.email, err)
	}
	p.c.token = auth.Token
	if err := p.pull(ctx, true); err != nil {
		return fmt.Errorf("first sync of %s: %w", p.email, err)
	}
	return nil
}

// pullPage is what the phone reads of a pull answer.
type pullPage struct {
	Changes []struct {
		Collection string `json:"collection"`
		Op         string `json:"op"`
		ID         string `json:"id"`
		Record     struct {
			Status string `json:"status"`
			Mall   string `json:"mall"`
		} `json:"record"`
	} `json:"changes"`
	Cursor  string `json:"cursor"`
	HasMore bool   `json:"hasMore"`
	Reset   bool   `json:"reset"`
}

// pull follows the feed to its end; first marks a first sync (empty cursor).
func (p *phone) pull(ctx context.Context, first bool) error {
	p.mu.Lock()
	cursor := p.cursor
	p.mu.Unlock()
	if first {
		cursor = ""
	}
	for {
		op := opPull
		if cursor == "" || strings.HasPrefix(cursor, "f.") {
			op = opFirstPage
		}
		var page pullPage
		err := p.c.do(ctx, request{op: op, method: "GET", path: "/api/sync/pull?cursor=" + url.QueryEscape(cursor), always: op == opFirstPage}, &page)
		if err != nil {
			return err
		}
		if page.Reset {
			cursor = ""
			continue
		}
		p.mu.Lock()
		for _, ch := range page.Changes {
			if ch.Collection != "complaints" {
				continue
			}
			if ch.Op == "delete" || ch.Record.Mall != p.mall {
				delete(p.complaints, ch.ID)
			} else {
				p.complaints[ch.ID] = ch.Record.Status
			}
		}
		cursor = page.Cursor
		p.cursor = cursor
		if n, ok := feedSeq(cursor); ok {
			p.seq = n
		}
		p.mu.Unlock()
		if !page.HasMore {
			return nil
		}
	}
}

// feedSeq is n of a cursor "c.<n>" (docs/sync.md; the app compares it with
// a signal's seq, so the load command does too).
func feedSeq(cursor string) (int64, bool) {
	rest, ok := strings.CutPrefix(cursor, "c.")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	return n, err == nil
}

// signal is the realtime message for the phone's mall.
func (p *phone) signal(seq int64, at time.Time) {
	p.mu.Lock()
	if seq <= p.seq || seq <= p.wantSeq {
		p.mu.Unlock()
		return // already pulled past it, or a pull for it is pending
	}
	if p.wantSeq == 0 {
		p.wantSince = at
	}
	p.wantSeq = seq
	p.mu.Unlock()
	select {
	case p.signalled <- struct{}{}:
	default:
	}
}

// puller pulls after each signal and records how long from the signal
// until the phone held the changes it announced.
func (p *phone) puller(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.signalled:
		}
		for {
			p.mu.Lock()
			want, since := p.wantSeq, p.wantSince
			p.mu.Unlock()
			if want == 0 {
				break
			}
			if err := p.pull(ctx, false); err != nil {
				sleepCtx(ctx, backoff(0))
				continue
			}
			p.mu.Lock()
			if p.seq >= want {
				p.c.rec.add(opSignal, ok, time.Since(since), false, "")
			}
			if p.seq >= p.wantSeq {
				p.wantSeq = 0
			} else if p.wantSeq > want {
				p.wantSince = time.Now() // a later signal came during the pull
			}
			p.mu.Unlock()
		}
	}
}

// act is one thing a person does on the phone.
func (p *phone) act(ctx context.Context) {
	if p.r.IntN(100) < p.photoPct {
		id := p.id("ph")
		if err := p.uploadPhoto(ctx, id); err != nil {
			return
		}
		p.queue(p.newComplaint("photo:" + id))
	}
	for range 1 + p.r.IntN(5) {
		p.queue(p.edit())
	}
	p.push(ctx)
}

func (p *phone) uploadPhoto(ctx context.Context, id string) error {
	body, ctype := multipartPhoto(id, p.photos.next())
	return p.c.do(ctx, request{op: opPhoto, method: "POST", path: "/api/sync/photo", body: body, ctype: ctype}, nil)
}

// pushResult is what the phone reads of one result.
type pushResult struct {
	Status  string `json:"status"`
	Outcome string `json:"outcome"`
	Retry   bool   `json:"retry"`
	Record  *struct {
		ID             string `json:"id"`
		CollectionName string `json:"collectionName"`
		Status         string `json:"status"`
	} `json:"record"`
}

// push sends the outbox; a batch whose answer was lost stays queued and is
// sent again unchanged (exactly once: the server answers duplicate).
func (p *phone) push(ctx context.Context) {
	batch := p.outbox[:min(len(p.outbox), 200)]
	if len(batch) == 0 {
		return
	}
	var out struct{ Results []pushResult }
	err := p.c.do(ctx, jsonRequest(opPush, "POST", "/api/sync/push", map[string]any{"clientId": fmt.Sprintf("load-%d", p.n), "mutations": batch}), &out)
	if he, refused := err.(*httpError); refused && he.status/100 == 4 {
		p.outbox = p.outbox[len(batch):] // a whole-request 4xx: counted, not sent again
		return
	}
	if err != nil {
		return
	}
	if len(out.Results) != len(batch) {
		p.c.rec.add(opPush, failed, 0, false, fmt.Sprintf("%d results for %d mutations", len(out.Results), len(batch)))
		return
	}
	var keep []map[string]any
	p.mu.Lock()
	for i, r := range out.Results {
		switch {
		case r.Retry:
			keep = append(keep, batch[i])
			p.c.rec.result("retry")
		case r.Status == "duplicate":
			p.c.rec.result("duplicate/" + r.Outcome)
		default:
			p.c.rec.result(r.Status)
		}
		if r.Record != nil && r.Record.CollectionName == "complaints" {
			p.complaints[r.Record.ID] = r.Record.Status
		}
	}
	p.mu.Unlock()
	p.outbox = append(keep, p.outbox[len(batch):]...)
}

func (p *phone) queue(collection, op, recordID string, data map[string]any) {
	p.outbox = append(p.outbox, map[string]any{"mutationId": p.id("m"), "collection": collection, "op": op, "recordId": recordID, "data": data})
}

// edit is one mutation: a new complaint, a status step or a timeline note.
func (p *phone) edit() (collection, op, recordID string, data map[string]any) {
	p.mu.Lock()
	var known string
	for id, status := range p.complaints { // map order: a random complaint
		if complaintsteps.Next[status] != nil {
			known = id
			break
		}
	}
	status := p.complaints[known]
	p.mu.Unlock()
	switch k := p.r.IntN(100); {
	case known == "" || k < 35:
		return p.newComplaint("")
	case k < 75:
		return "complaints", "update", known, complaintsteps.Next[status]
	default:
		return "complaint_events", "create", p.recordID(), map[string]any{
			"complaint": known, "mall": p.mall, "kind": "note", "note": fmt.Sprintf("已联系顾客 (load %d)", p.n)}
	}
}

func (p *phone) newComplaint(photo string) (collection, op, recordID string, data map[string]any) {
	data = map[string]any{"mall": p.mall, "channel": "desk", "target": "facility", "severity": "general",
		"customer_name": customers[p.r.IntN(len(customers))], "description": "电梯运行异响，顾客受惊"}
	if len(p.shops) > 0 && p.r.IntN(2) == 0 {
		data["target"], data["shop"], data["description"] = "shop", p.shops[p.r.IntN(len(p.shops))], "商品与描述不符，要求退货"
	}
	if photo != "" {
		data["photos"] = []string{photo}
	}
	return "complaints", "create", p.recordID(), data
}

var customers = []string{"王女士", "李先生", "张女士", "刘先生", "陈女士", "杨先生"}

// recordID is a client-side id in PocketBase's format.
func (p *phone) recordID() string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 15)
	for i := range b {
		b[i] = chars[p.r.IntN(len(chars))]
	}
	return string(b)
}

// id is unique over every run (mutation and photo ids are kept for days).
func (p *phone) id(kind string) string {
	p.nextMut++
	return fmt.Sprintf("%s-%d-%d-%s", kind, p.n, p.nextMut, p.recordID()[:8])
}

func sleepCtx(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
