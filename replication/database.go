package replication

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
)

// dbStream replicates data.db through an embedded Litestream store: it
// copies each commit from the WAL into its own LTX file (in
// pb_data/.data.db-litestream) and uploads those to the replica, compacting
// them into 30 s, 5 min and 1 h files and a daily snapshot.
type dbStream struct {
	db    *litestream.DB
	store *litestream.Store
	lag   lagClock
	errs  *lastError

	stop context.CancelFunc
	done chan struct{}
}

// metaDirName is Litestream's working directory beside data.db; it is
// neither part of a PocketBase backup nor replaced by restoring one.
const metaDirName = ".data.db" + litestream.MetaDirSuffix

func newDBStream(dataDir string, t *target, cfg Config, logger *slog.Logger, errs *lastError) *dbStream {
	db := litestream.NewDB(filepath.Join(dataDir, "data.db"))
	db.MonitorInterval = cfg.SyncInterval
	r := litestream.NewReplicaWithClient(db, t.db)
	r.SyncInterval = cfg.SyncInterval
	if fc, ok := t.db.(*file.ReplicaClient); ok {
		fc.Replica = r // the file client copies the database's owner and mode
	}
	db.Replica = r

	store := litestream.NewStore([]*litestream.DB{db}, litestream.DefaultCompactionLevels)
	store.SnapshotRetention = cfg.Retention
	store.SetShutdownSyncTimeout(10 * time.Second)
	store.Logger = logger
	db.SetLogger(logger.With("db", "data.db"))
	return &dbStream{db: db, store: store, errs: errs, done: make(chan struct{})}
}

// start opens the store, retrying while the replica cannot be reached (the
// mall keeps working; the status says replication is failing).
func (s *dbStream) start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	go func() {
		defer close(s.done)
		for {
			err := s.store.Open(ctx)
			if err == nil {
				break
			}
			s.errs.set("open the replica: "+err.Error(), time.Now())
			select {
			case <-ctx.Done():
				return
			case <-time.After(30 * time.Second):
			}
		}
		s.lag.follow(ctx, s.db)
	}()
}

// close sends what is left and stops (called on shutdown and before a
// backup is restored in place).
func (s *dbStream) close() error {
	s.stop()
	<-s.done
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return s.store.Close(ctx)
}

// DBStatus is where data.db's replication stands.
type DBStatus struct {
	TXID           uint64    `json:"txid"`           // the last commit Litestream has picked up
	ReplicatedTXID uint64    `json:"replicatedTxid"` // the last commit in the replica
	LagMs          int64     `json:"lagMs"`          // age of the oldest commit not yet in the replica
	LastSyncAt     time.Time `json:"lastSyncAt,omitzero"`
	LastError      string    `json:"lastError,omitempty"`
	LastErrorAt    time.Time `json:"lastErrorAt,omitzero"`
}

func (s *dbStream) status(now time.Time) DBStatus {
	st := DBStatus{LastSyncAt: s.db.LastSuccessfulSyncAt()}
	if pos, err := s.db.Pos(); err == nil {
		st.TXID = uint64(pos.TXID)
	}
	st.ReplicatedTXID = uint64(s.db.Replica.Pos().TXID)
	st.LagMs = s.lag.lag(st.ReplicatedTXID, now).Milliseconds()
	st.LastError, st.LastErrorAt = s.errs.get()
	return st
}

// lagClock remembers when Litestream first saw each commit, so that the
// lag is the age of the oldest commit still missing from the replica (not
// the time since the replica was last equal to the database, which never
// happens under steady writes).
type lagClock struct {
	mu   sync.Mutex
	seen []seenTX // ascending
}

type seenTX struct {
	txid uint64
	at   time.Time
}

func (c *lagClock) follow(ctx context.Context, db *litestream.DB) {
	for {
		ch := db.Notify()
		if pos, err := db.Pos(); err == nil {
			c.saw(uint64(pos.TXID), time.Now())
		}
		select {
		case <-ctx.Done():
			return
		case <-ch:
		}
	}
}

func (c *lagClock) saw(txid uint64, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := len(c.seen); n == 0 || c.seen[n-1].txid < txid {
		c.seen = append(c.seen, seenTX{txid, at})
	}
}

func (c *lagClock) lag(replicated uint64, now time.Time) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := 0
	for i < len(c.seen) && c.seen[i].txid <= replicated {
		i++
	}
	c.seen = c.seen[i:]
	if len(c.seen) == 0 {
		return 0
	}
	return now.Sub(c.seen[0].at)
}
