// Package publicsurvey is the satisfaction survey customers and merchants
// answer without an account. Admins set up survey points (调查点: a poster
// with a QR code, or a kiosk tablet at the desk); a point's link carries a
// signed token (package signedlink) naming the point, its mall and template
// and an expiry, and deactivating the point revokes every code it has.
//
// Routes:
//
//	POST /api/survey-points/{id}/link   an admin of the point's mall mints its link
//	GET  /api/public/surveys/{token}    what the survey page shows (no account)
//	POST /api/public/surveys/{token}    one response, exactly once by its id
//	GET  /s/{token}                     the PWA's survey page (survey.html); with ?plain=1
//	                                    the HTML form for browsers that run no script
//	POST /s/{token}                     that form's answer
//
// Nothing on the public routes reads stored data: a token opens its own
// point's questions, and an answer is told only whether it was stored.
package publicsurvey

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/clock"
)

// service holds what the routes share: the server clock and the limits.
type service struct {
	clock     clock.Clock
	byAddress *limiter
	byPoint   *limiter
}

// Register binds the survey points' rules and the public survey routes to
// app, with clk as the server's clock. Call it once, before the app starts.
func Register(app core.App, clk clock.Clock) {
	s := &service{
		clock:     clk,
		byAddress: newLimiter(clk, PerAddress, LimitWindow),
		byPoint:   newLimiter(clk, PerPoint, LimitWindow),
	}
	bindPoints(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/survey-points/{id}/link", s.mintLink).Bind(apis.RequireAuth("users"))
		se.Router.GET("/api/public/surveys/{token}", s.showSurvey)
		se.Router.POST("/api/public/surveys/{token}", s.answerJSON)
		se.Router.GET("/s/{token}", s.page)
		se.Router.POST("/s/{token}", s.answerForm)
		return se.Next()
	})
}
