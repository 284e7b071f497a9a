// Package replication streams MallCare's database and uploaded files to a
// replica while the server runs, so that a dead disk costs about a second
// of work instead of the day since the nightly backup, and rebuilds a data
// dir from that replica (`mallcare restore`, point in time included).
//
// The database goes through Litestream (github.com/benbjohnson/litestream),
// embedded as a library: it uses the same SQLite driver as PocketBase, so
// one binary, one process and one set of flags replicate, restore and
// report their status; there is no sidecar to forget to start or to
// upgrade out of step. The replica stays in Litestream's own format, so the
// standalone litestream command can read it too. Files are copied by a
// small mirror (files.go). The request log (auxiliary.db) is not
// replicated; see docs/operations.md.
package replication

import (
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"
)

type replicator struct {
	app    core.App
	cfg    Config
	stderr *slog.Logger

	mu     sync.Mutex
	target *target
	db     *dbStream
	files  *fileMirror
}

// MustRegister adds the replication flags and the restore command to root
// and binds replication to the app's serve command. Call it before Start.
func MustRegister(app core.App, root *cobra.Command) {
	r := &replicator{app: app, stderr: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	r.cfg.bindFlags(root)
	restore := r.restoreCommand()
	root.AddCommand(restore)

	// restore writes into a data dir that must not exist yet, so PocketBase
	// must not open (and thereby create) a database there first
	app.OnBootstrap().Bind(&hook.Handler[*core.BootstrapEvent]{
		Id: "mallcareRestoreNoBootstrap", Priority: -9999,
		Func: func(e *core.BootstrapEvent) error {
			if cmd, _, err := root.Find(os.Args[1:]); err == nil && cmd == restore {
				// the command reports what it did; only errors besides
				slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
				return nil
			}
			return e.Next()
		},
	})

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if err := afterRestore(e.App); err != nil {
			return err
		}
		e.Router.GET("/api/health/replication", r.handleStatus)
		if r.cfg.Replica == "" {
			return e.Next()
		}
		if err := r.cfg.validate(); err != nil {
			return err
		}
		t, err := parseTarget(r.cfg.Replica)
		if err != nil {
			return err
		}
		r.start(t)
		e.App.Cron().MustAdd("mallcareReplicationStatus", "* * * * *", r.logStatus)
		// PocketBase's nightly job ends with a TRUNCATE checkpoint of
		// data.db, which waits for every reader (Litestream always holds
		// one) and blocks writers meanwhile, up to the 10 s busy timeout;
		// Litestream checkpoints data.db itself, so the job keeps the rest
		e.App.Cron().MustAdd("__pbDBOptimize__", "0 0 * * *", func() {
			_, _ = e.App.AuxNonconcurrentDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute()
			_, _ = e.App.NonconcurrentDB().NewQuery("PRAGMA optimize").Execute()
		})
		e.App.Logger().Info("replication on", "replica", t.String(), "syncInterval", r.cfg.SyncInterval.String())
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		r.stop()
		return e.Next()
	})

	// Litestream's working files are not part of a backup. A backup ends
	// with the same TRUNCATE checkpoint (which would stall writers for 10 s
	// behind Litestream's reader), so replication pauses while PocketBase
	// writes it and resumes with a fresh snapshot. Restoring a backup in
	// place first stops replication: PocketBase swaps the files and
	// restarts the process, which replicates the restored database as the
	// replica's next state.
	app.OnBackupCreate().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, metaDirName, restoredMarker)
		if t := r.stop(); t != nil {
			defer r.start(t)
		}
		return e.Next()
	})
	app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, metaDirName, restoredMarker)
		if err := markRestored(e.App.DataDir()); err != nil {
			return err
		}
		t := r.stop()
		err := e.Next()
		if err != nil {
			_ = os.Remove(filepath.Join(e.App.DataDir(), restoredMarker))
			if t != nil {
				r.start(t) // the restore failed and the old data stays
			}
		}
		return err
	})

	queue := func(e *core.RecordEvent) error {
		r.mu.Lock()
		files := r.files
		r.mu.Unlock()
		if files != nil && hasFiles(e.Record.Collection()) {
			files.enqueue(e.Record.BaseFilesPath())
		}
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess().BindFunc(queue)
	app.OnRecordAfterUpdateSuccess().BindFunc(queue)
}

func (r *replicator) start(t *target) {
	errs := &lastError{}
	logger := slog.New(tap{next: []slog.Handler{r.app.Logger().Handler(), r.stderr.Handler()}, errs: errs})
	db := newDBStream(r.app.DataDir(), t, r.cfg, logger.With("system", "litestream"), errs)
	var files *fileMirror
	if !r.app.Settings().S3.Enabled {
		files = newFileMirror(r.app.DataDir(), t, r.cfg.SyncInterval)
	}
	r.mu.Lock()
	r.target, r.db, r.files = t, db, files
	r.mu.Unlock()
	db.start()
	if files != nil {
		files.start()
	}
}

// stop sends what is pending and stops; it returns the target it used.
func (r *replicator) stop() *target {
	r.mu.Lock()
	t, db, files := r.target, r.db, r.files
	r.target, r.db, r.files = nil, nil, nil
	r.mu.Unlock()
	if db == nil {
		return nil
	}
	if files != nil {
		files.close()
	}
	if err := db.close(); err != nil {
		r.stderr.Error("replication: final sync", "error", err)
	}
	return t
}

func hasFiles(c *core.Collection) bool {
	for _, f := range c.Fields {
		if f.Type() == core.FieldTypeFile {
			return true
		}
	}
	return false
}

// dataDBPath is the database a data dir holds.
func dataDBPath(dir string) string { return filepath.Join(dir, "data.db") }
