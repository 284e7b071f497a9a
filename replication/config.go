package replication

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
)

// Config is how an operator sets replication up, by flag or environment
// variable (the flag wins). Storage keys never go on the command line, where
// every user of the machine could read them: they come from
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or LITESTREAM_ACCESS_KEY_ID /
// LITESTREAM_SECRET_ACCESS_KEY).
type Config struct {
	Replica      string        // --replica, MALLCARE_REPLICA; empty: replication off
	SyncInterval time.Duration // --replica-sync-interval, MALLCARE_REPLICA_SYNC_INTERVAL
	Retention    time.Duration // --replica-retention, MALLCARE_REPLICA_RETENTION

	envErr error // an environment value that does not parse
}

// Defaults: a commit reaches the replica about a second after it is made;
// any point of the last week can be restored.
const (
	DefaultSyncInterval = time.Second
	DefaultRetention    = 7 * 24 * time.Hour
)

func (c *Config) bindFlags(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.StringVar(&c.Replica, "replica", os.Getenv("MALLCARE_REPLICA"),
		"stream the database and uploaded files to this replica: file:///dir or s3://bucket/path?endpoint=…&region=… (env MALLCARE_REPLICA)")
	f.DurationVar(&c.SyncInterval, "replica-sync-interval", c.envDuration("MALLCARE_REPLICA_SYNC_INTERVAL", DefaultSyncInterval),
		"how often new commits and files are sent to the replica (env MALLCARE_REPLICA_SYNC_INTERVAL)")
	f.DurationVar(&c.Retention, "replica-retention", c.envDuration("MALLCARE_REPLICA_RETENTION", DefaultRetention),
		"how far back a point-in-time restore can go (env MALLCARE_REPLICA_RETENTION)")
}

func (c *Config) validate() error {
	if c.envErr != nil {
		return c.envErr
	}
	// at most a second: the recovery point the operations guide promises
	if c.SyncInterval < 100*time.Millisecond || c.SyncInterval > time.Second {
		return fmt.Errorf("--replica-sync-interval %s: choose between 100ms and 1s (default 1s)", c.SyncInterval)
	}
	if c.Retention < time.Hour {
		return fmt.Errorf("--replica-retention %s: at least 1h", c.Retention)
	}
	return nil
}

// envDuration reads a default from the environment.
func (c *Config) envDuration(name string, def time.Duration) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		c.envErr = fmt.Errorf("%s=%q: not a duration such as 1s or 168h", name, v)
		return def
	}
	return d
}
