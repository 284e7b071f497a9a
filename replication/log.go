package replication

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// lastError is the latest replication failure, for the status.
type lastError struct {
	mu  sync.Mutex
	msg string
	at  time.Time
}

func (e *lastError) set(msg string, at time.Time) {
	e.mu.Lock()
	e.msg, e.at = msg, at
	e.mu.Unlock()
}

func (e *lastError) get() (string, time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.msg, e.at
}

// tap passes Litestream's warnings and errors on to the given handlers (the
// app's log, which superusers read in the admin UI, and stderr, which
// systemd's journal keeps) and remembers the last error. Litestream's info
// lines (every compaction) are left out.
type tap struct {
	next []slog.Handler
	errs *lastError
}

func (h tap) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (h tap) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		msg := r.Message
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "error" {
				msg += ": " + a.Value.String()
				return false
			}
			return true
		})
		h.errs.set(msg, r.Time)
	}
	for _, n := range h.next {
		if n.Enabled(ctx, r.Level) {
			_ = n.Handle(ctx, r.Clone())
		}
	}
	return nil
}

func (h tap) WithAttrs(as []slog.Attr) slog.Handler {
	out := tap{errs: h.errs}
	for _, n := range h.next {
		out.next = append(out.next, n.WithAttrs(as))
	}
	return out
}

func (h tap) WithGroup(name string) slog.Handler {
	out := tap{errs: h.errs}
	for _, n := range h.next {
		out.next = append(out.next, n.WithGroup(name))
	}
	return out
}
