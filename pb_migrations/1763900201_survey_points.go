package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Survey points (调查点): each place a public survey is offered — a poster
// with a QR code or a kiosk tablet — with its template and validity. Only
// the mall's admins see and manage them; a point is revoked by deactivating
// it (never deleted through the API: its responses name it). A response
// taken at a point names it (survey_responses.point, set by the server).
func init() {
	m.Register(func(app core.App) error {
		malls, err := app.FindCollectionByNameOrId("malls")
		if err != nil {
			return err
		}
		templates, err := app.FindCollectionByNameOrId("survey_templates")
		if err != nil {
			return err
		}
		shops, err := app.FindCollectionByNameOrId("shops")
		if err != nil {
			return err
		}
		points := core.NewBaseCollection("survey_points")
		points.ListRule = rule(signedIn, inMall, roles("admin"))
		points.ViewRule = points.ListRule
		points.CreateRule = points.ListRule
		points.UpdateRule = rule(signedIn, inMall, roles("admin"), keepMall)
		points.Fields.Add(
			mallRelation(malls),
			&core.TextField{Name: "name", Required: true, Max: 50, Presentable: true},
			choice("kind", true, "customer", "merchant"),
			relation("template", templates, true),
			choice("channel", true, "qr", "kiosk"),
			relation("shop", shops, false), // the shop a merchant survey is about
			date("valid_from", false),
			date("valid_until", false),
			&core.BoolField{Name: "active"},
		)
		timestamps(points)
		points.AddIndex("idx_survey_points_mall", false, "mall", "")
		if err := app.Save(points); err != nil {
			return err
		}

		responses, err := app.FindCollectionByNameOrId("survey_responses")
		if err != nil {
			return err
		}
		responses.Fields.Add(relation("point", points, false))
		responses.AddIndex("idx_survey_responses_point", false, "point", "point != ''")
		return app.Save(responses)
	}, func(app core.App) error {
		responses, err := app.FindCollectionByNameOrId("survey_responses")
		if err != nil {
			return err
		}
		responses.Fields.RemoveByName("point")
		responses.RemoveIndex("idx_survey_responses_point")
		if err := app.Save(responses); err != nil {
			return err
		}
		points, err := app.FindCollectionByNameOrId("survey_points")
		if err != nil {
			return err
		}
		return app.Delete(points)
	})
}
