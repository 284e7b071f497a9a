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
// returns it with the period's kpi.KPIs. Nothing in it depends on when or by whom
// it was made: the same records give the same bytes.
func Build(d *kpi.Data, p period.Period, opts Options) ([]byte, kpi.KPIs, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, kpi.KPIs{}, err
	}
	w := &sheetWriter{f: f, st: st, d: d, p: p, opts: opts}
	k := kpi.Compute(d, p, p.End)
	if p.Kind == period.Weekly {
		err = w.weekly(k)
	} else {
		err = w.monthly(k)
	}
	if err != nil {
		return nil, kpi.KPIs{}, err
	}
	// the first sheet is already the active one; SetActiveSheet would parse
	// every streamed sheet back into memory
	stamp := p.End.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: FileName(d.Mall.Code, p), Subject: p.Label(), Creator: "MallCare", LastModifiedBy: "MallCare",
		Created: stamp, Modified: stamp, Language: "zh-CN",
	}); err != nil {
		return nil, kpi.KPIs{}, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, kpi.KPIs{}, err
	}
	out, err := canonicalize(buf.Bytes())
	if err != nil {
		return nil, kpi.KPIs{}, err
	}
	return out, k, nil
}

// setRow writes values from column 1 of row on a normal sheet; an
// excelize.Cell sets its style too; nil leaves a cell alone.
func setRow(f *excelize.File, sheet string, row int, values ...any) error {
	for i, v := range values {
		if v == nil {
			continue
		}
		ref := cellName(i+1, row)
		if c, ok := v.(excelize.Cell); ok {
			if err := f.SetCellValue(sheet, ref, c.Value); err != nil {
				return err
			}
			if c.StyleID != 0 {
				if err := f.SetCellStyle(sheet, ref, ref, c.StyleID); err != nil {
					return err
				}
			}
			continue
		}
		if err := f.SetCellValue(sheet, ref, v); err != nil {
			return err
		}
	}
	return nil
}

// value prints a metric value or "—" when there is nothing to measure.
func value(v *float64, style, noData int) excelize.Cell {
	if v == nil {
		return excelize.Cell{StyleID: noData, Value: "—"}
	}
	return excelize.Cell{StyleID: style, Value: *v}
}

// head writes the title and subtitle rows of a normal sheet over ncols columns.
func (w *sheetWriter) head(sheet, title string, ncols int) error {
	f, st := w.f, w.st
	if err := setRow(f, sheet, 1, excelize.Cell{StyleID: st.title, Value: title}); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, "A1", cellName(ncols, 1)); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 28); err != nil {
		return err
	}
	if err := setRow(f, sheet, 2, excelize.Cell{StyleID: st.subtitle, Value: w.subtitle()}); err != nil {
		return err
	}
	return f.MergeCell(sheet, "A2", cellName(ncols, 2))
}

func (w *sheetWriter) widths(sheet string, widths ...float64) error {
	for i, wd := range widths {
		c := colName(i + 1)
		if err := w.f.SetColWidth(sheet, c, c, wd); err != nil {
			return err
		}
	}
	return nil
}

func chartTitle(s string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s, Font: &excelize.Font{Bold: true, Size: 12, Family: "Noto Sans CJK SC"}}}}
}
