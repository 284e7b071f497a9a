package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Rate limits that fit a mall: its phones share the mall's Wi-Fi address,
// so PocketBase's per-address limits apply to guests only (sign-in of a
// whole shift, the public survey, file links and realtime connections);
// signed-in requests are limited per user and failed sign-ins per account
// by the ratelimit package.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Rules = []core.RateLimitRule{
			{Label: "*:auth", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 300, Duration: 60},
			{Label: "/api/public/", MaxRequests: 30, Duration: 60},
			{Label: "/s/", MaxRequests: 30, Duration: 60},
			{Label: "/api/batch", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 20, Duration: 1},
			{Label: "/api/", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 1200, Duration: 10},
		}
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Rules = []core.RateLimitRule{
			{Label: "*:auth", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 20, Duration: 60},
			{Label: "/api/public/", MaxRequests: 30, Duration: 60},
			{Label: "/s/", MaxRequests: 30, Duration: 60},
			{Label: "/api/batch", MaxRequests: 20, Duration: 1},
			{Label: "/api/", MaxRequests: 1200, Duration: 10},
		}
		return app.Save(s)
	})
}
