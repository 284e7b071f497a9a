package replication

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/syncapi"
)

// restoredMarker in a data dir says its database was restored (by
// `mallcare restore` or from a PocketBase backup) and has not served yet.
const restoredMarker = ".mallcare-restored"

func markRestored(dataDir string) error {
	return os.WriteFile(filepath.Join(dataDir, restoredMarker), []byte("restored\n"), 0o640)
}

// afterRestore runs on the first start of a restored data dir: the restore
// may have lost the last commits, so every phone starts over with a first
// sync (syncapi.AfterRestore) instead of trusting a cursor the restored
// feed never reached. Its outbox is kept and sent as usual; mutations the
// server had already applied answer "duplicate".
func afterRestore(app core.App) error {
	marker := filepath.Join(app.DataDir(), restoredMarker)
	if _, err := os.Stat(marker); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	next, err := syncapi.AfterRestore(app)
	if err != nil {
		return err
	}
	app.Logger().Warn("restored data dir: every phone makes a first sync at its next pull", "feed", next)
	return os.Remove(marker)
}
