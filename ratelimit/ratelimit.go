// Package ratelimit holds one misbehaving account back without holding a
// mall back. A mall's phones usually reach the server through the mall's
// one Wi-Fi address, so PocketBase's limiter, which counts per client
// address, keeps only the rules for guests (sign-in, the public survey,
// file links; see migration 1763900500_rate_limits.go); signed-in requests
// are counted here per user, and failed password sign-ins per account.
package ratelimit

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Rule allows Requests in each Window.
type Rule struct {
	Requests int
	Window   time.Duration
}

// The limits (docs/operations.md). A phone's shift start — token refresh,
// a first sync of a few thousand records in pages, its outbox, its photos —
// takes well under a hundred requests; a push counts once (it carries at
// most 200 mutations in 4 MB).
var (
	PerUser       = Rule{Requests: 300, Window: 10 * time.Second}
	FailedSignIns = Rule{Requests: 10, Window: 5 * time.Minute}
)

const (
	middlewareID   = "mallcareUserRateLimit"
	middlewareRank = apis.DefaultRateLimitMiddlewarePriority + 1 // after the auth token is loaded
)

// Register binds the per-user and per-account limits. Like PocketBase's
// own, they apply while Settings → Rate limiting is on, and never to
// superusers' requests.
func Register(app core.App) {
	users := newLimiter(PerUser)
	accounts := newLimiter(FailedSignIns)

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id: middlewareID, Priority: middlewareRank,
			Func: func(e *core.RequestEvent) error {
				if e.Auth == nil || e.HasSuperuserAuth() || !e.App.Settings().RateLimits.Enabled {
					return e.Next()
				}
				if ok, wait := users.take(e.Auth.Collection().Id+"/"+e.Auth.Id, time.Now()); !ok {
					return tooMany(e, wait, "这个账号的请求过于频繁，请稍后再试 (too many requests from this account; try again in %d s)")
				}
				return e.Next()
			},
		})
		return se.Next()
	})

	app.OnRecordAuthWithPasswordRequest().BindFunc(func(e *core.RecordAuthWithPasswordRequestEvent) error {
		if !e.App.Settings().RateLimits.Enabled {
			return e.Next()
		}
		key := e.Collection.Id + "/" + strings.ToLower(strings.TrimSpace(e.Identity))
		now := time.Now()
		if blocked, wait := accounts.full(key, now); blocked {
			return tooMany(e.RequestEvent, wait, "这个账号登录失败次数过多，请稍后再试 (too many failed sign-ins to this account; try again in %d s)")
		}
		err := e.Next()
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest {
			accounts.take(key, now)
		}
		return err
	})
}

func tooMany(e *core.RequestEvent, wait time.Duration, format string) error {
	secs := int(math.Ceil(wait.Seconds()))
	e.Response.Header().Set("Retry-After", strconv.Itoa(secs))
	return e.TooManyRequestsError(fmt.Sprintf(format, secs), nil)
}

// limiter counts per key in fixed windows.
type limiter struct {
	rule Rule

	mu    sync.Mutex
	keys  map[string]*window
	swept time.Time
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(r Rule) *limiter { return &limiter{rule: r, keys: map[string]*window{}} }

// current is key's window at now (a new one once the last has passed).
func (l *limiter) current(key string, now time.Time) *window {
	if now.Sub(l.swept) > time.Minute+l.rule.Window {
		for k, w := range l.keys {
			if now.Sub(w.start) >= l.rule.Window {
				delete(l.keys, k)
			}
		}
		l.swept = now
	}
	w := l.keys[key]
	if w == nil || now.Sub(w.start) >= l.rule.Window {
		w = &window{start: now}
		l.keys[key] = w
	}
	return w
}

// take counts one for key; false (and how long until the window ends) when
// the window is already full.
func (l *limiter) take(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.current(key, now)
	if w.n >= l.rule.Requests {
		return false, w.start.Add(l.rule.Window).Sub(now)
	}
	w.n++
	return true, 0
}

// full says whether key's window is full, without counting.
func (l *limiter) full(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.current(key, now)
	return w.n >= l.rule.Requests, w.start.Add(l.rule.Window).Sub(now)
}
