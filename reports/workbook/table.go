package workbook

import (
	"github.com/xuri/excelize/v2"
)

// Every table sheet has the same head: row 1 the title, row 2 the mall and
// period, row 3 the column titles; data from row 4.
const (
	titleRow  = 1
	headerRow = 3
	firstData = 4
)

// table writes a whole table sheet with the stream writer (the detail
// sheets can hold a month of records). rows calls emit once per data row;
// plain values get their column's style.
func (w *sheetWriter) table(base, title string, cols []col, rows func(emit func([]any) error) error) error {
	f, st, subtitle := w.f, w.st, w.subtitle()
	sheet, err := w.addSheet(base)
	if err != nil {
		return err
	}
	if err := sheetLayout(f, sheet, headerRow); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(frozenPanes(headerRow)); err != nil {
		return err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	last := cellName(len(cols), titleRow)
	if err := sw.SetRow(cellName(1, titleRow), []any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 28}); err != nil {
		return err
	}
	if err := sw.MergeCell(cellName(1, titleRow), last); err != nil {
		return err
	}
	if err := sw.SetRow(cellName(1, 2), []any{excelize.Cell{StyleID: st.subtitle, Value: subtitle}}); err != nil {
		return err
	}
	if err := sw.MergeCell(cellName(1, 2), cellName(len(cols), 2)); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: st.header, Value: c.title}
	}
	if err := sw.SetRow(cellName(1, headerRow), head, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	row := firstData
	cells := make([]any, len(cols))
	emit := func(values []any) error {
		for i := range cols {
			var v any
			if i < len(values) {
				v = values[i]
			}
			switch c := v.(type) {
			case excelize.Cell:
				if c.StyleID == 0 {
					c.StyleID = cols[i].style
				}
				cells[i] = c
			default:
				cells[i] = excelize.Cell{StyleID: cols[i].style, Value: v}
			}
		}
		err := sw.SetRow(cellName(1, row), cells)
		row++
		return err
	}
	if err := rows(emit); err != nil {
		return err
	}
	return sw.Flush()
}
