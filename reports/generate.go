package reports

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"mallcare/domain"
	"mallcare/notify"
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
	err = app.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(rec); err != nil {
			return err
		}
		if req.Source == "schedule" {
			return tellAdmins(tx, rec, mall, p, now)
		}
		return nil
	})
	if err != nil {
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

// GroupRequest asks for one workbook of several malls (the HQ view).
type GroupRequest struct {
	MallIDs  []string
	Kind     string
	Period   string
	By       string    // users id of the requesting admin
	At       time.Time // the server clock
	Progress func(done int)
}

// GroupStored is what a group report keeps in its kpis field: each mall's
// column of 集团汇总, ranked.
type GroupStored struct {
	Malls []kpi.MallFigures `json:"malls"`
	Final bool              `json:"final"`
}

// GenerateGroup writes the group workbook of the malls (in code order) and
// keeps it in group_reports for the admin who asked, replacing their
// earlier one of the same malls, kind and period.
func GenerateGroup(app core.App, req GroupRequest) (*core.Record, error) {
	genMu.Lock()
	defer genMu.Unlock()
	defer debug.SetGCPercent(debug.SetGCPercent(genGCPercent))

	malls := make([]kpi.Mall, 0, len(req.MallIDs))
	for _, id := range req.MallIDs {
		m, err := kpi.LoadMall(app, id)
		if err != nil {
			return nil, err
		}
		malls = append(malls, m)
	}
	sort.Slice(malls, func(i, j int) bool { return malls[i].Code < malls[j].Code })
	ids := make([]string, len(malls))
	for i, m := range malls {
		ids[i] = m.ID
	}
	load := func(m kpi.Mall, p period.Period) (*kpi.Data, error) {
		from, to := kpi.Span(p)
		return kpi.Load(app, m, from, to)
	}
	opts := workbook.Options{AppURL: app.Settings().Meta.AppURL}
	data, figures, err := workbook.BuildGroup(malls, req.Kind, req.Period, opts, load, req.Progress)
	if err != nil {
		return nil, err
	}
	first, _ := period.Parse(req.Kind, req.Period, malls[0].Loc)
	raw, err := json.Marshal(GroupStored{Malls: figures, Final: !req.At.Before(first.End)})
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(malls))
	for i, m := range malls {
		codes[i] = m.Code
	}
	file, err := filesystem.NewFileFromBytes(data, workbook.GroupFileName(req.Kind, codes, req.Period))
	if err != nil {
		return nil, err
	}
	set := strings.Join(ids, ",")
	rec, err := app.FindFirstRecordByFilter("group_reports", "generated_by = {:by} && kind = {:k} && period = {:p} && mall_set = {:s}",
		dbx.Params{"by": req.By, "k": req.Kind, "p": req.Period, "s": set})
	if errors.Is(err, sql.ErrNoRows) {
		col, cerr := app.FindCachedCollectionByNameOrId("group_reports")
		if cerr != nil {
			return nil, cerr
		}
		rec = core.NewRecord(col)
		rec.Load(map[string]any{"generated_by": req.By, "kind": req.Kind, "period": req.Period, "mall_set": set, "malls": ids})
	} else if err != nil {
		return nil, err
	}
	rec.Set("period_start", first.Start)
	rec.Set("period_end", first.End)
	rec.Set("file", file)
	rec.Set("kpis", json.RawMessage(raw))
	err = app.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(rec); err != nil {
			return err
		}
		return notify.Send(tx, req.At, notify.Notice{Kind: domain.NoticeReportReady, Mall: malls[0].ID, Users: []string{req.By},
			LinkField: "group_report", LinkID: rec.Id,
			Title: fmt.Sprintf("集团汇总已生成：%s %s", domain.ReportKinds.Zh(req.Kind), req.Period),
			Body:  fmt.Sprintf("%d 个商场：%s", len(codes), strings.Join(codes, "、"))})
	})
	if err != nil {
		return nil, fmt.Errorf("save group report: %w", err)
	}
	return rec, nil
}

// tellAdmins writes a "report ready" notice to the admins of the report's
// mall (scheduled reports: nobody asked, so everybody responsible hears).
func tellAdmins(app core.App, rec *core.Record, mall kpi.Mall, p period.Period, at time.Time) error {
	admins, err := notify.Admins(app, mall.ID)
	if err != nil {
		return err
	}
	return notify.Send(app, at, notify.Notice{Kind: domain.NoticeReportReady, Mall: mall.ID, Users: admins,
		LinkField: "report", LinkID: rec.Id,
		Title: fmt.Sprintf("%s已生成：%s %s", domain.ReportKinds.Zh(p.Kind), mall.Code, p.Name),
		Body:  fmt.Sprintf("%s %s", mall.Name, p.Label())})
}
