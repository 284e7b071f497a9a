package replication

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/spf13/cobra"
)

func (r *replicator) restoreCommand() *cobra.Command {
	var at string
	cmd := &cobra.Command{
		Use:   "restore",
		Short: "Rebuild a data dir (--dir) from the replica (--replica), optionally as it was at --timestamp",
		Long: `Rebuilds a data dir from the replica: data.db as of the latest commit that
reached the replica (or as of --timestamp), and every uploaded file. The
data dir must not hold a database yet; restore into a new one, then start
the server on it (or move it into place):

  mallcare restore --dir /var/lib/mallcare/pb_data.new --replica s3://bucket/mallcare
  mallcare restore --dir ./pb_data.new --replica file:///srv/replica --timestamp 2026-11-30T14:05:00+08:00`,
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var ts time.Time
			if at != "" {
				var err error
				if ts, err = time.Parse(time.RFC3339, at); err != nil {
					return fmt.Errorf("--timestamp %q: use RFC 3339, e.g. 2026-11-30T14:05:00+08:00", at)
				}
			}
			t, err := parseTarget(r.cfg.Replica)
			if err != nil {
				return err
			}
			return restore(cmd.Context(), t, r.app.DataDir(), ts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&at, "timestamp", "", "restore the state of this moment (RFC 3339); default: the latest")
	return cmd
}

// restore writes data.db and the storage of dataDir from t.
func restore(ctx context.Context, t *target, dataDir string, at time.Time, out io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	began := time.Now()
	if _, err := os.Stat(dataDBPath(dataDir)); err == nil {
		return fmt.Errorf("%s already holds a database; restore into a new, empty data dir", dataDir)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return err
	}
	if err := t.db.Init(ctx); err != nil {
		return fmt.Errorf("open the replica %s: %w", t, err)
	}
	replica := litestream.NewReplicaWithClient(nil, t.db)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = dataDBPath(dataDir)
	opt.Timestamp = at
	opt.IntegrityCheck = litestream.IntegrityCheckFull
	if !at.IsZero() {
		if _, err := replica.CalcRestoreTarget(ctx, opt); err != nil {
			return fmt.Errorf("%s: %w (a point in time must lie within the replica's retention)", at.Format(time.RFC3339), err)
		}
	}
	if err := replica.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrNoSnapshots) || errors.Is(err, litestream.ErrTxNotAvailable) {
			return fmt.Errorf("the replica %s holds no database: %w", t, err)
		}
		return fmt.Errorf("restore data.db: %w", err)
	}
	dbTook := time.Since(began)
	n, err := restoreFiles(t, dataDir, 8)
	if err != nil {
		return err
	}
	if err := markRestored(dataDir); err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %s from %s", dataDir, t)
	if !at.IsZero() {
		fmt.Fprintf(out, " as of %s", at.Format(time.RFC3339))
	}
	fmt.Fprintf(out, ": data.db in %s, %d files, %s in all\n", dbTook.Round(time.Millisecond), n, time.Since(began).Round(time.Millisecond))
	fmt.Fprintf(out, "start it with: mallcare serve --dir %s (add --replica to keep replicating)\n", dataDir)
	return nil
}
