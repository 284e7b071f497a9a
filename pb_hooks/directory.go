package hooks

import (
	"slices"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// directory answers the lookups every write makes — which mall a shop or
// template belongs to, a mall's code and time zone, a user's malls — from
// memory. Those reads were a tenth of the CPU of a sync push.
//
// It is kept exact by the model hooks: a write to one of these records
// forgets it before and after the write and again when the transaction
// ends (committed or rolled back), so no reader, in the same transaction or
// another, is answered from a value that is not, or is no longer, stored.
// A lookup that began before a forget does not store what it read.
type directory struct {
	mu      sync.Mutex
	gen     uint64 // bumped by every forget
	entries map[string]entry
}

// entry is what the checks read of a record.
type entry struct {
	mall     string   // shops, templates: the owning mall ("" = shared)
	malls    []string // users
	code, tz string   // malls
}

// cached lists the collections the directory holds: small, rarely written
// reference tables (complaints and inspections are read from the database).
var cached = []string{"malls", "shops", "users", "inspection_templates", "survey_templates"}

// directoryKey holds an app's directory in its store, which the app's
// transactions share (each app, e.g. each test app, has its own).
const directoryKey = "mallcare.directory"

func bindDirectory(app core.App) {
	d := &directory{entries: map[string]entry{}}
	app.Store().Set(directoryKey, d)
	d.bind(app)
}

// lookup returns the entry of collection/id, reading it through app (a
// transaction sees its own writes) when it is not held.
func lookup(app core.App, collection, id string) (entry, error) {
	d, _ := app.Store().Get(directoryKey).(*directory)
	if d == nil || !slices.Contains(cached, collection) {
		r, err := app.FindRecordById(collection, id)
		if err != nil {
			return entry{}, err
		}
		return entryOf(r), nil
	}
	return d.lookup(app, collection, id)
}

func entryOf(r *core.Record) entry {
	return entry{mall: r.GetString("mall"), malls: r.GetStringSlice("malls"),
		code: r.GetString("code"), tz: r.GetString("timezone")}
}

func (d *directory) lookup(app core.App, collection, id string) (entry, error) {
	key := collection + "/" + id
	d.mu.Lock()
	e, ok := d.entries[key]
	gen := d.gen
	d.mu.Unlock()
	if ok {
		return e, nil
	}
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return entry{}, err
	}
	e = entryOf(r)
	d.mu.Lock()
	if d.gen == gen {
		d.entries[key] = e
	}
	d.mu.Unlock()
	return e, nil
}

func (d *directory) forget(collection, id string) {
	d.mu.Lock()
	d.gen++
	delete(d.entries, collection+"/"+id)
	d.mu.Unlock()
}

// bind keeps the directory exact on every path a write takes.
func (d *directory) bind(app core.App) {
	h := &hook.Handler[*core.RecordEvent]{
		Id: "mallcareDirectory",
		Func: func(e *core.RecordEvent) error {
			name, id := e.Record.Collection().Name, e.Record.Id
			d.forget(name, id)
			err := e.Next()
			d.forget(name, id) // read back inside the transaction
			if e.App.IsTransactional() {
				e.App.TxInfo().OnComplete(func(error) error {
					d.forget(name, id)
					return nil
				})
			}
			return err
		},
	}
	app.OnRecordUpdate(cached...).Bind(h)
	app.OnRecordDelete(cached...).Bind(h)
}
