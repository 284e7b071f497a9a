package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Production defaults: rate limits on, daily backups kept a week, the batch
// API available (the sync benchmark compares against it).
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Meta.AppName = "MallCare 商场客服"
		s.Backups.Cron = "0 3 * * *" // 03:00 every day, server time
		s.Backups.CronMaxKeep = 7
		s.Batch.Enabled = true
		s.Batch.MaxRequests = 100
		s.Batch.Timeout = 10
		s.RateLimits.Enabled = true
		// Limits are per client IP; a whole mall's staff may share one Wi-Fi
		// address, so general API limits are generous and the tight ones guard
		// sign-in and the public survey form.
		s.RateLimits.Rules = []core.RateLimitRule{
			{Label: "*:auth", Audience: "@guest", MaxRequests: 20, Duration: 60},
			{Label: "/api/public/", MaxRequests: 30, Duration: 60},
			{Label: "/s/", MaxRequests: 30, Duration: 60},
			{Label: "/api/batch", MaxRequests: 20, Duration: 1},
			{Label: "/api/", MaxRequests: 1200, Duration: 10},
		}
		return app.Save(s)
	}, nil)
}
