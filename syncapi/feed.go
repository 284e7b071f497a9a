package syncapi

import (
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// FeedHookID names the feed's model hook handlers.
const FeedHookID = "mallcare_sync_feed"

// FeedPriority orders the feed handler after every other MallCare model hook
// (those bind at PocketBase's default priority 0): the domain hooks shape the
// record and call e.Next(), which reaches the feed, which writes the record
// and then its feed row, so the row sees the record as stored and the
// follow-up writes of the hooks (timeline, notifications) come after it.
const FeedPriority = 100

// bindFeed makes every write to a synced collection, whatever its path,
// append a feed row in the same transaction (model hooks run for REST, the
// admin UI, batch, sync, server hooks, cron jobs and cascade deletes), and
// signals the affected malls once the transaction has committed.
func bindFeed(app core.App, sig *signaler) {
	handler := func(op string) *hook.Handler[*core.RecordEvent] {
		return &hook.Handler[*core.RecordEvent]{
			Id:       FeedHookID,
			Priority: FeedPriority,
			Func:     func(e *core.RecordEvent) error { return logChange(e, op, sig) },
		}
	}
	app.OnRecordCreate(pulled...).Bind(handler("upsert"))
	app.OnRecordUpdate(pulled...).Bind(handler("upsert"))
	app.OnRecordDelete(pulled...).Bind(handler("delete"))
}

func logChange(e *core.RecordEvent, op string, sig *signaler) error {
	return e.App.RunInTransaction(func(tx core.App) error {
		e.App = tx
		if err := e.Next(); err != nil {
			return err
		}
		r := e.Record
		access := 0
		if r.Collection().Name == "users" && (op == "delete" || accessChanged(r)) {
			access = 1
		}
		scope := changeScope(r, op == "upsert")
		var seq int64
		err := tx.DB().NewQuery(`INSERT INTO sync_changes (collection, record_id, op, scope, access, at)
			VALUES ({:c}, {:id}, {:op}, {:scope}, {:access}, {:at}) RETURNING seq`).Bind(dbx.Params{
			"c": r.Collection().Name, "id": r.Id, "op": op,
			"scope": strings.Join(scope, " "), "access": access,
			"at": time.Now().UTC().Format(time.RFC3339Nano),
		}).Row(&seq)
		if err != nil {
			return err
		}
		// the signal goes out only once the write is visible to a pull
		tx.TxInfo().OnComplete(func(txErr error) error {
			if txErr == nil {
				sig.mark(scope, seq)
			}
			return nil
		})
		return nil
	})
}

// recordMalls is the set of malls whose users may see r (” = every mall:
// shared templates have no mall).
func recordMalls(r *core.Record) []string {
	switch r.Collection().Name {
	case "malls":
		return []string{r.Id}
	case "users":
		return r.GetStringSlice("malls")
	}
	if m := r.GetString("mall"); m != "" {
		return []string{m}
	}
	return nil
}

// changeScope is the record's malls, plus (for an update) the malls it had
// before, whose users must learn that it left them.
func changeScope(r *core.Record, withOriginal bool) []string {
	scope := recordMalls(r)
	if withOriginal && !r.IsNew() && r.Original() != nil && r.Original().Id != "" {
		for _, m := range recordMalls(r.Original()) {
			if !slices.Contains(scope, m) {
				scope = append(scope, m)
			}
		}
	}
	return scope
}

func accessChanged(r *core.Record) bool {
	o := r.Original()
	if o == nil || o.Id == "" {
		return false
	}
	a, b := slices.Clone(o.GetStringSlice("malls")), slices.Clone(r.GetStringSlice("malls"))
	slices.Sort(a)
	slices.Sort(b)
	return o.GetString("role") != r.GetString("role") || !slices.Equal(a, b)
}
