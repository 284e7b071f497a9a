package syncapi

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Retention of the sync bookkeeping (documented in docs/sync.md).
const (
	FeedDays     = 31 // ≥ 30 days of tombstones for a phone that was offline a month
	MutationDays = 60
	PhotoDays    = 14
)

func bindPrune(app core.App) {
	app.Cron().MustAdd("mallcare_sync_prune", "17 3 * * *", func() {
		if err := Prune(app, time.Now()); err != nil {
			app.Logger().Error("sync prune failed", "error", err)
		}
	})
}

// Prune drops feed rows, mutation-log rows and staged photos past their
// retention. Cursors older than the pruned feed get a reset answer.
func Prune(app core.App, now time.Time) error {
	stamp := func(days int) string { return now.UTC().AddDate(0, 0, -days).Format(time.RFC3339Nano) }
	var staged []string
	err := app.RunInTransaction(func(tx core.App) error {
		var through int64
		err := tx.DB().NewQuery(`SELECT COALESCE(MAX(seq), 0) FROM sync_changes WHERE at < {:t}`).
			Bind(dbx.Params{"t": stamp(FeedDays)}).Row(&through)
		if err != nil {
			return err
		}
		if through > 0 {
			if _, err := tx.DB().NewQuery(`DELETE FROM sync_changes WHERE seq <= {:s}`).Bind(dbx.Params{"s": through}).Execute(); err != nil {
				return err
			}
			if _, err := tx.DB().NewQuery(`INSERT INTO sync_meta (key, value) VALUES ('pruned_through', {:s})
				ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)`).Bind(dbx.Params{"s": through}).Execute(); err != nil {
				return err
			}
		}
		if _, err := tx.DB().NewQuery(`DELETE FROM sync_mutations WHERE at < {:t}`).Bind(dbx.Params{"t": stamp(MutationDays)}).Execute(); err != nil {
			return err
		}
		// staged bytes are shared by content: drop a file only when no
		// younger upload names the same content
		if err := tx.DB().NewQuery(`SELECT DISTINCT sha256 FROM sync_photos WHERE at < {:t}
			AND sha256 NOT IN (SELECT sha256 FROM sync_photos WHERE at >= {:t})`).
			Bind(dbx.Params{"t": stamp(PhotoDays)}).Column(&staged); err != nil {
			return err
		}
		if _, err := tx.DB().NewQuery(`DELETE FROM sync_photos WHERE at < {:t}`).Bind(dbx.Params{"t": stamp(PhotoDays)}).Execute(); err != nil {
			return err
		}
		// attachments of contents no longer staged cannot be named again
		_, err = tx.DB().NewQuery(`DELETE FROM sync_photo_files WHERE sha256 NOT IN (SELECT sha256 FROM sync_photos)`).Execute()
		return err
	})
	if err != nil || len(staged) == 0 {
		return err
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return err
	}
	defer fsys.Close()
	for _, sum := range staged {
		_ = fsys.Delete(stagedKey(sum))
	}
	return nil
}
