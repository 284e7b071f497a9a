package syncapi

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The sync bookkeeping lives in plain tables (not collections): nobody reads
// them through the records API.
func init() {
	m.Register(func(app core.App) error {
		for _, stmt := range []string{
			// The change feed: one row per write to a synced collection, in
			// commit order. seq is the rowid, so "seq > cursor" is a range scan.
			// scope: space-separated mall ids the record belonged to before
			// and after the write ('' = shared by all malls). access: a user's
			// role or malls changed (their phone must resync).
			`CREATE TABLE sync_changes (
				seq INTEGER PRIMARY KEY AUTOINCREMENT,
				collection TEXT NOT NULL,
				record_id TEXT NOT NULL,
				op TEXT NOT NULL,
				scope TEXT NOT NULL DEFAULT '',
				access INTEGER NOT NULL DEFAULT 0,
				at TEXT NOT NULL
			)`,
			`CREATE INDEX idx_sync_changes_record ON sync_changes (record_id)`,
			`CREATE INDEX idx_sync_changes_at ON sync_changes (at)`,
			// The mutation log: the outcome of every mutation id ever applied
			// or refused (pruned after 60 days).
			`CREATE TABLE sync_mutations (
				mutation_id TEXT PRIMARY KEY NOT NULL,
				user TEXT NOT NULL,
				collection TEXT NOT NULL,
				record_id TEXT NOT NULL,
				op TEXT NOT NULL,
				status TEXT NOT NULL,
				error TEXT NOT NULL DEFAULT '',
				at TEXT NOT NULL
			) WITHOUT ROWID`,
			`CREATE INDEX idx_sync_mutations_at ON sync_mutations (at)`,
			// Staged photos: uploaded one per request, attached by a mutation.
			`CREATE TABLE sync_photos (
				photo_id TEXT PRIMARY KEY NOT NULL,
				user TEXT NOT NULL,
				sha256 TEXT NOT NULL,
				size INTEGER NOT NULL,
				type TEXT NOT NULL,
				at TEXT NOT NULL
			) WITHOUT ROWID`,
			`CREATE INDEX idx_sync_photos_at ON sync_photos (at)`,
			// Which staged content is attached to which record field, so the
			// same photo is never attached twice.
			`CREATE TABLE sync_photo_files (
				record_id TEXT NOT NULL,
				field TEXT NOT NULL,
				sha256 TEXT NOT NULL,
				filename TEXT NOT NULL,
				PRIMARY KEY (record_id, field, sha256)
			) WITHOUT ROWID`,
			// pruned_through: the highest feed seq removed by pruning; older
			// cursors must resync from scratch.
			`CREATE TABLE sync_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID`,
		} {
			if _, err := app.DB().NewQuery(stmt).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, t := range []string{"sync_changes", "sync_mutations", "sync_photos", "sync_photo_files", "sync_meta"} {
			if _, err := app.DB().NewQuery("DROP TABLE IF EXISTS " + t).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, "1763899000_sync_tables.go") // before the schema: its default records enter the feed
}
