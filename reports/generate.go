package reports

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"mallcare/reports/kpi"
	"mallcare/reports/period"
	"mallcare/reports/workbook"
)

// Stored is what a report record keeps in its kpis field.
type Stored struct {
	KPIs       kpi.KPIs         `json:"kpis"`
	Assessment []kpi.Assessment `json:"assessment,omitempty"` // monthly only
	Total      *float64         `json:"total,omitempty"`      // monthly only
	// Final: made after the period had closed. A report made earlier (on
	// demand, for a running period) is replaced by the schedule.
	Final bool `json:"final"`
}

// Request asks for one report.
type Request struct {
	MallID string
	Kind   string
	Period string    // "" = the last closed period
	Source string    // schedule | demand
	By     string    // users id of the requesting admin, "" for the schedule
	At     time.Time // when it is made (the server clock): the default period and "final" read it
}

// genGCPercent is the GOGC in force while a report is made.
const genGCPercent = 25

// genMu runs one generation at a time: a month of records is big, and two
// runs of the same report must not race on its record.
var genMu sync.Mutex

// Generate builds the workbook and stores it in the reports collection,
// replacing the file of an earlier run of the same mall, kind and period.
// The workbook is complete in memory before anything is written, and the
// record and its file are saved together: a failure leaves the previous
// report as it was.
func Generate(app core.App, req Request) (*core.Record, error) {
	genMu.Lock()
	defer genMu.Unlock()
	// A month of a big mall is ~120 MB of rows; collecting garbage sooner
	// while a report is made keeps the peak near that instead of twice it.
	defer debug.SetGCPercent(debug.SetGCPercent(genGCPercent))

	mall, err := kpi.LoadMall(app, req.MallID)
	if err != nil {
		return nil, err
	}
	now := req.At
	var p period.Period
	if req.Period == "" {
		p = period.Of(req.Kind, now.In(mall.Loc)).Prev()
	} else if p, err = period.Parse(req.Kind, req.Period, mall.Loc); err != nil {
		return nil, err
	}
	from, to := kpi.Span(p)
	d, err := kpi.Load(app, mall, from, to)
	if err != nil {
		return nil, err
	}
	opts := workbook.Options{AppURL: app.Settings().Meta.AppURL}
	data, k, err := workbook.Build(d, p, opts)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", mall.Code, p.Name, err)
	}
	stored := Stored{KPIs: k, Final: !now.Before(p.End)}
	if p.Kind == period.Monthly {
		a, total := kpi.Assess(&k)
		stored.Assessment, stored.Total = a, &total
	}
	raw, err := json.Marshal(stored)
	if err != nil {
		return nil, err
	}
	file, err := filesystem.NewFileFromBytes(data, workbook.FileName(mall.Code, p))
	if err != nil {
		return nil, err
	}
	rec, err := app.FindFirstRecordByFilter("reports", "mall = {:m} && kind = {:k} && period = {:p}",
		dbx.Params{"m": mall.ID, "k": p.Kind, "p": p.Name})
	if errors.Is(err, sql.ErrNoRows) {
		col, cerr := app.FindCachedCollectionByNameOrId("reports")
		if cerr != nil {
			return nil, cerr
		}
		rec = core.NewRecord(col)
		rec.Set("mall", mall.ID)
		rec.Set("kind", p.Kind)
		rec.Set("period", p.Name)
	} else if err != nil {
		return nil, err
	}
	rec.Set("period_start", p.Start)
	rec.Set("period_end", p.End)
	rec.Set("file", file)
	rec.Set("source", req.Source)
	rec.Set("generated_by", req.By)
	rec.Set("kpis", json.RawMessage(raw))
	if err := app.Save(rec); err != nil {
		return nil, fmt.Errorf("save report %s %s: %w", mall.Code, p.Name, err)
	}
	return rec, nil
}

// GenerateWithRetry tries a report up to attempts times, waiting a little
// longer each time, and logs every failure.
func GenerateWithRetry(app core.App, req Request, attempts int, wait time.Duration) (*core.Record, error) {
	var err error
	for i := 1; i <= attempts; i++ {
		var rec *core.Record
		if rec, err = Generate(app, req); err == nil {
			return rec, nil
		}
		app.Logger().Error("report generation failed", "mall", req.MallID, "kind", req.Kind,
			"period", req.Period, "source", req.Source, "attempt", i, "error", err.Error())
		if i < attempts {
			time.Sleep(wait * time.Duration(i))
		}
	}
	return nil, err
}
