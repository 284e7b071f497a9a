package signedlink

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The key tables. The first release kept one secret (signedlink_secret);
// keys with ids replace it, so that a key can be rotated and retired. Tokens
// of the single secret named no key and are refused from then on: they were
// report links of a few minutes and QR codes that now belong to survey
// points.
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`CREATE TABLE signedlink_secret (
			id INTEGER PRIMARY KEY CHECK (id = 1),
			secret TEXT NOT NULL
		)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS signedlink_secret`).Execute()
		return err
	}, "1763899001_signedlink_secret.go")

	m.Register(func(app core.App) error {
		// seq orders the keys (the newest active one signs); kid is what a
		// token names; created and retired are RFC 3339 times, retired
		// empty while the key verifies.
		if _, err := app.DB().NewQuery(`CREATE TABLE signedlink_keys (
			seq     INTEGER PRIMARY KEY AUTOINCREMENT,
			kid     TEXT NOT NULL UNIQUE,
			secret  TEXT NOT NULL,
			created TEXT NOT NULL,
			retired TEXT NOT NULL DEFAULT ''
		)`).Execute(); err != nil {
			return err
		}
		_, err := app.DB().NewQuery(`DROP TABLE IF EXISTS signedlink_secret`).Execute()
		return err
	}, func(app core.App) error {
		if _, err := app.DB().NewQuery(`DROP TABLE IF EXISTS signedlink_keys`).Execute(); err != nil {
			return err
		}
		_, err := app.DB().NewQuery(`CREATE TABLE IF NOT EXISTS signedlink_secret (
			id INTEGER PRIMARY KEY CHECK (id = 1),
			secret TEXT NOT NULL
		)`).Execute()
		return err
	}, "1763900200_signedlink_keys.go")
}
