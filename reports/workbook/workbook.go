// Package workbook writes the report workbooks of shared/spec/reports.md
// from the KPI model (package kpi): the weekly 周报表, the monthly 月考核表
// and the group workbook of several malls (集团汇总), with their styles,
// print layout, charts and the streamed detail sheets.
package workbook

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
	"mallcare/reports/kpi"
	"mallcare/reports/period"
)

// FileName is the workbook's name as reports.md gives it.
func FileName(mallCode string, p period.Period) string {
	if p.Kind == period.Weekly {
		return fmt.Sprintf("周报表_%s_%s.xlsx", mallCode, p.Name)
	}
	return fmt.Sprintf("月考核表_%s_%s.xlsx", mallCode, p.Name)
}

// Build writes the workbook of p from d (which must cover kpi.Span(p)) and
// returns it with the period's KPIs. Nothing in it depends on when or by
// whom it was made: the same records give the same bytes.
func Build(d *kpi.Data, p period.Period, opts Options) ([]byte, kpi.KPIs, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, kpi.KPIs{}, err
	}
	w := &sheetWriter{f: f, st: st, d: d, p: p, opts: opts}
	k, err := w.mallSheets()
	if err != nil {
		return nil, kpi.KPIs{}, err
	}
	out, err := finish(f, FileName(d.Mall.Code, p), p)
	return out, k, err
}

// mallSheets writes the sheets of the writer's mall for its period and
// returns the period's KPIs.
func (w *sheetWriter) mallSheets() (kpi.KPIs, error) {
	k := kpi.Compute(w.d, w.p, w.p.End)
	if w.p.Kind == period.Weekly {
		return k, w.weekly(k)
	}
	return k, w.monthly(k)
}

// finish stamps the document properties with the period end (not the time
// of writing) and writes the file in canonical part order.
func finish(f *excelize.File, title string, p period.Period) ([]byte, error) {
	// the first sheet is already the active one; SetActiveSheet would parse
	// every streamed sheet back into memory
	stamp := p.End.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: title, Subject: p.Label(), Creator: "MallCare", LastModifiedBy: "MallCare",
		Created: stamp, Modified: stamp, Language: "zh-CN",
	}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return canonicalize(buf.Bytes())
}
