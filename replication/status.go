package replication

import (
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Status is replication as a superuser sees it at
// GET /api/health/replication (others see only "status").
type Status struct {
	Status       string       `json:"status"` // ok | lagging | failing | off
	Replica      string       `json:"replica,omitempty"`
	SyncInterval string       `json:"syncInterval,omitempty"`
	Database     *DBStatus    `json:"database,omitempty"`
	Files        *FilesStatus `json:"files,omitempty"`
}

// LagAlarm: behind by more than this is "lagging" (503 for a monitor).
const LagAlarm = time.Minute

func (r *replicator) status(now time.Time) Status {
	r.mu.Lock()
	db, files, t := r.db, r.files, r.target
	r.mu.Unlock()
	if db == nil {
		return Status{Status: "off"}
	}
	st := Status{Status: "ok", Replica: t.String(), SyncInterval: r.cfg.SyncInterval.String()}
	d := db.status(now)
	st.Database = &d
	if files != nil {
		f := files.status(now)
		st.Files = &f
	} else {
		st.Files = &FilesStatus{Mode: "pocketbase-s3"}
	}
	switch {
	case failing(d.LastErrorAt, d.LastSyncAt) || failing(st.Files.LastErrorAt, st.Files.LastSyncAt):
		st.Status = "failing"
	case d.LagMs > LagAlarm.Milliseconds() || st.Files.LagMs > LagAlarm.Milliseconds():
		st.Status = "lagging"
	}
	return st
}

// failing: the last attempt failed (an error after the last success).
func failing(errAt, okAt time.Time) bool { return !errAt.IsZero() && errAt.After(okAt) }

// handleStatus answers 200 when replication is ok or off and 503 when it
// lags or fails, so that an uptime monitor can alert without signing in.
func (r *replicator) handleStatus(e *core.RequestEvent) error {
	st := r.status(time.Now())
	code := http.StatusOK
	if st.Status == "lagging" || st.Status == "failing" {
		code = http.StatusServiceUnavailable
	}
	if !e.HasSuperuserAuth() {
		return e.JSON(code, map[string]string{"status": st.Status})
	}
	return e.JSON(code, st)
}

// logStatus writes the minute's status line to the app log (Logs in the
// admin UI); a problem is a warning.
func (r *replicator) logStatus() {
	st := r.status(time.Now())
	if st.Database == nil {
		return
	}
	attrs := []any{"status", st.Status, "replica", st.Replica,
		"txid", st.Database.TXID, "replicatedTxid", st.Database.ReplicatedTXID, "lagMs", st.Database.LagMs,
		"filesPending", st.Files.Pending, "filesLagMs", st.Files.LagMs}
	if st.Status == "ok" {
		r.app.Logger().Info("replication", attrs...)
		return
	}
	attrs = append(attrs, "dbError", st.Database.LastError, "filesError", st.Files.LastError)
	r.app.Logger().Warn("replication", attrs...)
	r.stderr.Warn("replication", attrs...)
}
