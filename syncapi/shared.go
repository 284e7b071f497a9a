package syncapi

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
)

// A write in a mall signals all of its online phones, and each pulls the
// same feed range a moment later: with 25 phones a mall, 25 identical
// pages, each with its rule-filtered record reads. Phones whose users have
// the same role and the same malls see the same records through every
// rule that reads nothing else of the user, so such a page is computed
// once and served to the group from memory. A page holding a record of a
// collection whose view rule reads more of the user (its id: notifications,
// the users themselves) is never shared.

// sharedPages counts the pages served from the cache (tests read it).
var sharedPages atomic.Int64

const (
	sharedKey   = "mallcare.syncPages"
	sharedLimit = 512 // entries; all are dropped when it is reached
)

type pageCache struct {
	mu    sync.Mutex
	pages map[string]*PullAnswer
}

func bindSharedPages(app core.App) {
	c := &pageCache{pages: map[string]*PullAnswer{}}
	app.Store().Set(sharedKey, c)
	// a rule edited in the admin UI changes what a group sees
	app.OnCollectionAfterUpdateSuccess().BindFunc(func(e *core.CollectionEvent) error {
		c.mu.Lock()
		c.pages = map[string]*PullAnswer{}
		c.mu.Unlock()
		return e.Next()
	})
}

func pagesOf(app core.App) *pageCache {
	c, _ := app.Store().Get(sharedKey).(*pageCache)
	return c
}

// groupKey names the page of feed range (seq, head] for users like auth.
func groupKey(auth *core.Record, seq, head int64, limit int) string {
	malls := slices.Clone(auth.GetStringSlice("malls"))
	slices.Sort(malls)
	return auth.Collection().Id + "|" + auth.GetString("role") + "|" + strings.Join(malls, ",") + "|" +
		strconv.FormatInt(seq, 10) + "|" + strconv.FormatInt(head, 10) + "|" + strconv.Itoa(limit)
}

func (c *pageCache) get(key string) *PullAnswer {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	ans := c.pages[key]
	if ans != nil {
		sharedPages.Add(1)
	}
	return ans
}

func (c *pageCache) put(key string, ans *PullAnswer) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= sharedLimit {
		c.pages = map[string]*PullAnswer{}
	}
	c.pages[key] = ans
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
