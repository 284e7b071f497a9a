package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"mallcare/reports/kpi"
)

// summary is a normal (not streamed) sheet laid out like every table sheet:
// title row, subtitle row, frozen header row repeated on every printed page.
// The first sheet of each workbook (周报汇总, 月度考核, 集团汇总) is one; it
// holds the charts, which a streamed sheet cannot.
type summary struct {
	f    *excelize.File
	st   *styles
	name string
}

// newSummary starts a summary sheet with its title, subtitle and widths.
func (w *sheetWriter) newSummary(base, title, subtitle string, widths ...float64) (*summary, error) {
	name, err := w.addSheet(base)
	if err != nil {
		return nil, err
	}
	return w.summaryOn(name, title, subtitle, widths...)
}

// summaryOn lays out an existing sheet as a summary.
func (w *sheetWriter) summaryOn(name, title, subtitle string, widths ...float64) (*summary, error) {
	s := &summary{f: w.f, st: w.st, name: name}
	f := w.f
	if err := sheetLayout(f, name, headerRow); err != nil {
		return nil, err
	}
	if err := s.row(titleRow, excelize.Cell{StyleID: w.st.title, Value: title}); err != nil {
		return nil, err
	}
	if err := f.SetRowHeight(name, titleRow, 28); err != nil {
		return nil, err
	}
	if err := s.row(2, excelize.Cell{StyleID: w.st.subtitle, Value: subtitle}); err != nil {
		return nil, err
	}
	for r := titleRow; r <= 2; r++ {
		if err := f.MergeCell(name, cellName(1, r), cellName(len(widths), r)); err != nil {
			return nil, err
		}
	}
	for i, wd := range widths {
		c := colName(i + 1)
		if err := f.SetColWidth(name, c, c, wd); err != nil {
			return nil, err
		}
	}
	return s, f.SetPanes(name, frozenPanes(headerRow))
}

// addSheet names a new sheet of the workbook (with the writer's prefix): the
// first takes the place of the empty "Sheet1" a new file starts with.
func (w *sheetWriter) addSheet(base string) (string, error) {
	name := w.prefix + base
	if w.f.SheetCount == 1 && w.f.GetSheetName(0) == "Sheet1" {
		return name, w.f.SetSheetName("Sheet1", name)
	}
	_, err := w.f.NewSheet(name)
	return name, err
}

// row writes values from column col of row r; an excelize.Cell sets its
// style too; nil leaves a cell alone.
func (s *summary) rowAt(r, col int, values ...any) error {
	for i, v := range values {
		if v == nil {
			continue
		}
		ref := cellName(col+i, r)
		if c, ok := v.(excelize.Cell); ok {
			if err := s.f.SetCellValue(s.name, ref, c.Value); err != nil {
				return err
			}
			if c.StyleID != 0 {
				if err := s.f.SetCellStyle(s.name, ref, ref, c.StyleID); err != nil {
					return err
				}
			}
			continue
		}
		if err := s.f.SetCellValue(s.name, ref, v); err != nil {
			return err
		}
	}
	return nil
}

func (s *summary) row(r int, values ...any) error { return s.rowAt(r, 1, values...) }

// header writes column titles from column col of row r.
func (s *summary) header(r, col int, titles ...string) error {
	cells := make([]any, len(titles))
	for i, t := range titles {
		cells[i] = excelize.Cell{StyleID: s.st.header, Value: t}
	}
	return s.rowAt(r, col, cells...)
}

// grid writes one row per metric from row r: its label, then its value in
// each of the KPIs given (this week and last, four months, several malls),
// then whatever more(m, values) adds. It returns the row after the last.
func (s *summary) grid(r int, metrics []metric, columns []*kpi.KPIs, more func(m metric, values []*float64) []any) (int, error) {
	for _, m := range metrics {
		values := make([]*float64, len(columns))
		cells := []any{excelize.Cell{StyleID: s.st.text, Value: m.label}}
		for i, k := range columns {
			values[i] = m.get(k)
			cells = append(cells, value(values[i], s.st.forKind(m.kind), s.st.noData))
		}
		if more != nil {
			cells = append(cells, more(m, values)...)
		}
		if err := s.row(r, cells...); err != nil {
			return 0, err
		}
		r++
	}
	return r, nil
}

// ref is an absolute range of one column of the sheet, for a chart.
func (s *summary) ref(col string, r1, r2 int) string {
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s.name, col, r1, col, r2)
}

// rowRef is an absolute range of one row of the sheet, for a chart.
func (s *summary) rowRef(r int, c1, c2 string) string {
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s.name, c1, r, c2, r)
}

// cell is an absolute reference to one cell, for a chart series name.
func (s *summary) cell(col string, r int) string { return fmt.Sprintf("'%s'!$%s$%d", s.name, col, r) }

// chart adds a chart with the workbook's title font and no legend unless
// the chart asks for one.
func (s *summary) chart(at, title string, c excelize.Chart) error {
	c.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 12, Family: "Noto Sans CJK SC"}}}}
	if c.Legend.Position == "" {
		c.Legend.Position = "none"
	}
	return s.f.AddChart(s.name, at, &c)
}

// value prints a metric value or "—" when there is nothing to measure.
func value(v *float64, style, noData int) excelize.Cell {
	if v == nil {
		return excelize.Cell{StyleID: noData, Value: "—"}
	}
	return excelize.Cell{StyleID: style, Value: *v}
}
