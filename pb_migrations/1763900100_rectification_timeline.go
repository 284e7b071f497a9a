package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// rectEventKindValues as this migration wrote them (domain.RectificationEventKinds).
var rectEventKindValues = []string{"opened", "done", "verified", "returned"}

// A rectification's timeline (整改记录): every step — opened, fixed by the
// shop, re-checked and passed or returned with a new deadline — with who and
// when. Written by the server only, like the complaint timeline; rectifications
// that exist already get their steps from the stamps they carry.
func init() {
	m.Register(func(app core.App) error {
		malls, err := app.FindCollectionByNameOrId("malls")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		rects, err := app.FindCollectionByNameOrId("rectifications")
		if err != nil {
			return err
		}
		events := core.NewBaseCollection("rectification_events")
		events.ListRule = rule(signedIn, inMall, roles("admin", "manager", "inspector"))
		events.ViewRule = events.ListRule
		events.Fields.Add(
			&core.RelationField{Name: "rectification", CollectionId: rects.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
			mallRelation(malls),
			choice("kind", true, rectEventKindValues...),
			text("from_status", 20, false),
			text("to_status", 20, false),
			text("note", 1000, false),
			date("deadline", false),
			// names of the rectification's photo files this step added
			&core.JSONField{Name: "photos", MaxSize: 10_000},
			relation("actor", users, false),
			date("at", false),
		)
		timestamps(events)
		events.AddIndex("idx_rectification_events_rect", false, "rectification, at", "")
		events.AddIndex("idx_rectification_events_mall", false, "mall, created", "")
		if err := app.Save(events); err != nil {
			return err
		}
		for _, q := range []string{
			`INSERT INTO rectification_events (id, rectification, mall, kind, to_status, deadline, photos, actor, at, created, updated)
				SELECT 'r' || lower(hex(randomblob(7))), id, mall, 'opened', 'open', deadline, '[]', created_by, created, created, created FROM rectifications`,
			`INSERT INTO rectification_events (id, rectification, mall, kind, from_status, to_status, note, photos, actor, at, created, updated)
				SELECT 'r' || lower(hex(randomblob(7))), id, mall, 'done', 'open', 'done', done_note, done_photos, updated_by, done_at, done_at, done_at
				FROM rectifications WHERE done_at != ''`,
			`INSERT INTO rectification_events (id, rectification, mall, kind, from_status, to_status, note, photos, actor, at, created, updated)
				SELECT 'r' || lower(hex(randomblob(7))), id, mall, 'verified', 'done', 'verified', verify_note, verify_photos, verified_by, verified_at, verified_at, verified_at
				FROM rectifications WHERE verified_at != ''`,
		} {
			if _, err := app.DB().NewQuery(q).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		events, err := app.FindCollectionByNameOrId("rectification_events")
		if err != nil {
			return nil
		}
		return app.Delete(events)
	})
}
