package syncapi

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// RestoreGap is how far the feed jumps after a restore (see AfterRestore).
const RestoreGap = 1_000_000_000

// AfterRestore makes every phone start over with a first sync at its next
// pull. A restored database lacks whatever was committed after its point
// in time (the last second before a disk died, or everything after a
// chosen moment or backup), while phones may hold cursors up to the lost
// head: new feed entries would reuse those positions and such a phone
// would skip them without noticing. So the feed moves on by RestoreGap and
// counts as pruned up to there: every older cursor gets a reset answer.
func AfterRestore(app core.App) (int64, error) {
	var next int64
	err := app.RunInTransaction(func(tx core.App) error {
		head, err := feedHead(tx)
		if err != nil {
			return err
		}
		next = head + RestoreGap
		for _, q := range []string{
			`DELETE FROM sqlite_sequence WHERE name = 'sync_changes'`,
			`INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_changes', {:next})`,
			`INSERT INTO sync_meta (key, value) VALUES ('pruned_through', {:next})
				ON CONFLICT (key) DO UPDATE SET value = MAX(value, excluded.value)`,
		} {
			if _, err := tx.DB().NewQuery(q).Bind(dbx.Params{"next": next}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	return next, err
}
