package syncapi

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// A write in a mall signals all of its online phones and each pulls a
// moment later, each from its own cursor: with 25 phones a mall, 25 reads
// of the same feed rows and the same rule-filtered records. Users with the
// same role and malls see the same records through every view rule that
// reads nothing else of the user (groupRule), so the server keeps, per such
// group, the tail of the feed as the group sees it: one entry per record,
// at its latest change, extended once per new head by whichever phone pulls
// first and sliced for everyone from memory. Collections whose view rule
// reads more of the user (notifications, the users themselves) are read
// per user and merged in.

// sharedPulls counts pulls answered from a tail another pull extended
// (tests read it).
var sharedPulls atomic.Int64

const (
	feedsKey = "mallcare.syncTails"
	// tailCap bounds a tail's entries: past it the oldest go, and a phone
	// further behind reads the feed on its own. Online phones pull within
	// a second of a signal, so the tail need only cover the last minute.
	tailCap = MaxPullLimit
	// groupsCap bounds the number of tails (all go when it is reached).
	groupsCap = 256
)

type tails struct {
	mu     sync.Mutex
	groups map[string]*tail
}

// tail holds every change the group may see in (base, head], collapsed to
// one entry per record at its latest feed position.
type tail struct {
	mu      sync.Mutex
	base    int64
	head    int64
	entries []tailEntry      // by seq; an entry whose latest[key] differs is stale
	latest  map[string]int64 // record key → its entry's seq
}

type tailEntry struct {
	seq    int64
	key    string
	change Change
}

func bindTails(app core.App) {
	t := &tails{groups: map[string]*tail{}}
	app.Store().Set(feedsKey, t)
	// a rule edited in the admin UI changes what a group sees
	app.OnCollectionAfterUpdateSuccess().BindFunc(func(e *core.CollectionEvent) error {
		t.mu.Lock()
		t.groups = map[string]*tail{}
		t.mu.Unlock()
		return e.Next()
	})
}

func tailsOf(app core.App) *tails {
	t, _ := app.Store().Get(feedsKey).(*tails)
	return t
}

// groupKey names the group of users like auth.
func groupKey(auth *core.Record) string {
	malls := slices.Clone(auth.GetStringSlice("malls"))
	slices.Sort(malls)
	return auth.Collection().Id + "|" + auth.GetString("role") + "|" + strings.Join(malls, ",")
}

// of returns the group's tail, a new one starting at seq if there is none.
func (t *tails) of(key string, seq int64) *tail {
	t.mu.Lock()
	defer t.mu.Unlock()
	g := t.groups[key]
	if g == nil {
		if len(t.groups) >= groupsCap {
			t.groups = map[string]*tail{}
		}
		g = &tail{base: seq, head: seq, latest: map[string]int64{}}
		t.groups[key] = g
	}
	return g
}

// groupCollection: everyone in a group sees the same of this collection.
func groupCollection(col *core.Collection) bool { return groupRule(col.ViewRule) }

// groupPull answers a pull from seq to (at least) head out of the group's
// tail and the user's own collections; ok is false when the tail does not
// reach back to seq, and the caller reads the feed for this user alone.
func groupPull(e *core.RequestEvent, info *core.RequestInfo, seq, head int64, limit int) (*PullAnswer, bool, error) {
	t := tailsOf(e.App)
	if t == nil {
		return nil, false, nil
	}
	g := t.of(groupKey(e.Auth), seq)
	g.mu.Lock()
	if seq < g.base {
		g.mu.Unlock()
		return nil, false, nil
	}
	if head > g.head {
		if err := g.extend(e, info, head); err != nil {
			g.mu.Unlock()
			return nil, false, err
		}
	} else {
		sharedPulls.Add(1)
	}
	if seq < g.base { // the tail started afresh
		g.mu.Unlock()
		return nil, false, nil
	}
	head = g.head
	i := sort.Search(len(g.entries), func(i int) bool { return g.entries[i].seq > seq })
	shared := make([]tailEntry, 0, len(g.entries)-i)
	for _, en := range g.entries[i:] {
		if g.latest[en.key] == en.seq {
			shared = append(shared, en)
		}
	}
	g.mu.Unlock()

	own, cut, err := feedPage(e, info, seq, head, limit, func(c *core.Collection) bool { return !groupCollection(c) })
	if err != nil {
		return nil, false, err
	}
	// both lists are in feed order; up to cut every entry is known
	merged := make([]tailEntry, 0, len(shared)+len(own))
	a, b := 0, 0
	for a < len(shared) || b < len(own) {
		var next tailEntry
		if b >= len(own) || (a < len(shared) && shared[a].seq < own[b].seq) {
			next, a = shared[a], a+1
		} else {
			next, b = own[b], b+1
		}
		if next.seq > cut {
			break
		}
		merged = append(merged, next)
	}
	ans := &PullAnswer{Changes: make([]Change, 0, min(len(merged), limit)), Cursor: cursor{seq: cut}.String(), HasMore: cut < head}
	if len(merged) > limit {
		merged = merged[:limit]
		ans.Cursor, ans.HasMore = cursor{seq: merged[limit-1].seq}.String(), true
	}
	for _, en := range merged {
		ans.Changes = append(ans.Changes, en.change)
	}
	return ans, true, nil
}

// extend brings the tail to head: the group's new feed rows are read once,
// and each record they name is loaded through its view rule as this user,
// who sees what the whole group sees. g.mu is held.
func (g *tail) extend(e *core.RequestEvent, info *core.RequestInfo, head int64) error {
	page, _, err := feedPage(e, info, g.head, head, tailCap+1, groupCollection)
	if err != nil {
		return err
	}
	if len(page) > tailCap {
		// too far in one step: start the tail afresh at head
		g.base, g.head, g.entries, g.latest = head, head, nil, map[string]int64{}
		return nil
	}
	for _, en := range page {
		// encoded once here rather than once per phone of the group
		if en.change.Record != nil {
			raw, err := json.Marshal(en.change.Record)
			if err != nil {
				return err
			}
			en.change.Record = json.RawMessage(raw)
		}
		g.latest[en.key] = en.seq
		g.entries = append(g.entries, en)
	}
	g.head = head
	if len(g.latest) > tailCap || len(g.entries) > 2*tailCap {
		g.trim()
	}
	return nil
}

// trim drops stale entries and the oldest live ones beyond tailCap,
// moving base past what it dropped.
func (g *tail) trim() {
	live := g.entries[:0]
	for _, en := range g.entries {
		if g.latest[en.key] == en.seq {
			live = append(live, en)
		}
	}
	if drop := len(live) - tailCap; drop > 0 {
		g.base = live[drop-1].seq
		for _, en := range live[:drop] {
			delete(g.latest, en.key)
		}
		live = live[drop:]
	}
	g.entries = slices.Clone(live)
}

// feedPage reads the feed rows in (seq, head] of the user's malls, of the
// collections keep admits, at most limit of them, and turns them into
// changes as this user sees them: one per record, at its latest position
// in the page. cut is how far the page reaches (head, or the last row's
// position when limit rows were read).
func feedPage(e *core.RequestEvent, info *core.RequestInfo, seq, head int64, limit int, keep func(*core.Collection) bool) ([]tailEntry, int64, error) {
	app := e.App
	query := app.DB().Select("seq", "collection", "record_id", "op").From("sync_changes").
		AndWhere(dbx.NewExp("seq > {:c} AND seq <= {:head}", dbx.Params{"c": seq, "head": head})).
		OrderBy("seq").Limit(int64(limit))
	var names []any
	for _, name := range pulled {
		if col, err := app.FindCachedCollectionByNameOrId(name); err == nil && keep(col) {
			names = append(names, name)
		}
	}
	if len(names) < len(pulled) {
		query.AndWhere(dbx.In("collection", names...))
	}
	if !info.HasSuperuserAuth() {
		conds := []dbx.Expression{dbx.NewExp("scope = ''")}
		for i, m := range e.Auth.GetStringSlice("malls") {
			p := "m" + strconv.Itoa(i)
			conds = append(conds, dbx.NewExp("instr(scope, {:"+p+"}) > 0", dbx.Params{p: m}))
		}
		query.AndWhere(dbx.Or(conds...))
	}
	var rows []struct {
		Seq        int64  `db:"seq"`
		Collection string `db:"collection"`
		RecordID   string `db:"record_id"`
		Op         string `db:"op"`
	}
	if err := query.All(&rows); err != nil {
		return nil, 0, err
	}
	cut := head
	if len(rows) == limit {
		cut = rows[len(rows)-1].Seq
	}

	// several changes of one record collapse into the last one
	last := map[string]int{}
	for i, r := range rows {
		last[r.Collection+"/"+r.RecordID] = i
	}
	upserts := map[string][]string{}
	for i, r := range rows {
		if last[r.Collection+"/"+r.RecordID] == i && r.Op == "upsert" {
			upserts[r.Collection] = append(upserts[r.Collection], r.RecordID)
		}
	}
	visible := map[string]*core.Record{}
	for name, ids := range upserts {
		col, err := app.FindCachedCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		recs, err := app.FindRecordsByIds(col, ids, viewRuleFilter(app, col, info))
		if err != nil {
			return nil, 0, err
		}
		if err := apis.EnrichRecords(e, recs); err != nil {
			return nil, 0, err
		}
		for _, r := range recs {
			visible[name+"/"+r.Id] = r
		}
	}
	out := make([]tailEntry, 0, len(last))
	for i, r := range rows {
		key := r.Collection + "/" + r.RecordID
		if last[key] != i {
			continue
		}
		// deleted, moved out of the user's malls, or no longer visible: a tombstone
		c := Change{Collection: r.Collection, Op: "delete", ID: r.RecordID}
		if rec := visible[key]; rec != nil && r.Op == "upsert" {
			c.Op, c.Record = "upsert", rec
		}
		out = append(out, tailEntry{seq: r.Seq, key: key, change: c})
	}
	return out, cut, nil
}

// requestRefs finds the @request references of a rule.
var requestRefs = regexp.MustCompile(`@request\.[A-Za-z_.]+`)

// groupRule: the rule reads of the request only the user's role and malls
// (and that a user is signed in), so users alike in those see alike.
func groupRule(rule *string) bool {
	if rule == nil {
		return false
	}
	r := strings.ReplaceAll(*rule, `@request.auth.id != ""`, "")
	for _, ref := range requestRefs.FindAllString(r, -1) {
		switch {
		case ref == "@request.auth.role", ref == "@request.auth.collectionName",
			ref == "@request.auth.malls", strings.HasPrefix(ref, "@request.auth.malls."):
		default:
			return false
		}
	}
	return true
}
