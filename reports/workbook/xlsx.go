package workbook

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// Options change how a workbook is written, never what it counts.
type Options struct {
	// MaskPhones writes customer phones as 138****5678 (for a reader who is
	// not an admin of the mall).
	MaskPhones bool
	// AppURL is the PWA's address; register rows link to <AppURL>/#/c/<id>.
	AppURL string
}

// ComplaintLink is where a complaint opens in the app (the PWA's hash route).
func ComplaintLink(appURL, id string) string { return appURL + "/#/c/" + id }

// MaskPhone keeps the first three and the last four digits: 138****5678.
func MaskPhone(p string) string {
	r := []rune(p)
	if len(r) == 0 {
		return ""
	}
	if len(r) < 8 {
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}

// styles of one workbook.
type styles struct {
	title, subtitle, header, text, wrap, count, pct, pctDiff, money, hours, score, date, weekday, link int
	met, notMet, noData, totalLabel, totalNum                                                          int
	// judged: a figure filled green (met) or red (not met), per kind
	judged map[string][2]int
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1},
	}
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Bold: bold, Size: size, Color: color, Family: "Noto Sans CJK SC"}
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	numFmt := func(code string) *string { return &code }
	var s styles
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: font(true, 16, ""), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.subtitle, excelize.Style{Font: font(false, 10, "595959"), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}},
		{&s.header, excelize.Style{Font: font(true, 10, ""), Fill: fill("D9E1F2"), Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Font: font(false, 10, ""), Border: border, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.wrap, excelize.Style{Font: font(false, 10, ""), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.count, excelize.Style{Font: font(false, 10, ""), Border: border, NumFmt: 1}},
		{&s.pct, excelize.Style{Font: font(false, 10, ""), Border: border, CustomNumFmt: numFmt("0.0%")}},
		{&s.pctDiff, excelize.Style{Font: font(false, 10, ""), Border: border, CustomNumFmt: numFmt("+0.0%;-0.0%;0.0%")}},
		{&s.money, excelize.Style{Font: font(false, 10, ""), Border: border, CustomNumFmt: numFmt("#,##0.00")}},
		{&s.hours, excelize.Style{Font: font(false, 10, ""), Border: border, CustomNumFmt: numFmt("0.0")}},
		{&s.score, excelize.Style{Font: font(false, 10, ""), Border: border, CustomNumFmt: numFmt("0.00")}},
		{&s.date, excelize.Style{Font: font(false, 10, ""), Border: border, CustomNumFmt: numFmt("yyyy-mm-dd hh:mm")}},
		{&s.weekday, excelize.Style{Font: font(false, 10, ""), Border: border, CustomNumFmt: numFmt("[$-804]ddd m/d")}},
		{&s.link, excelize.Style{Font: &excelize.Font{Size: 10, Color: "0563C1", Underline: "single", Family: "Noto Sans CJK SC"}, Border: border}},
		{&s.met, excelize.Style{Font: font(true, 10, "006100"), Fill: fill("C6EFCE"), Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&s.notMet, excelize.Style{Font: font(true, 10, "9C0006"), Fill: fill("FFC7CE"), Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&s.noData, excelize.Style{Font: font(false, 10, "7F7F7F"), Fill: fill("EDEDED"), Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&s.totalLabel, excelize.Style{Font: font(true, 11, ""), Fill: fill("F2F2F2"), Border: border}},
		{&s.totalNum, excelize.Style{Font: font(true, 11, ""), Fill: fill("F2F2F2"), Border: border, CustomNumFmt: numFmt("0.00")}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return nil, err
		}
		*d.dst = id
	}
	s.judged = map[string][2]int{}
	for _, kc := range [][2]string{{"pct", "0.0%"}, {"hours", "0.0"}, {"count", "0"}} { // fixed order: same style ids every run
		kind, code := kc[0], kc[1]
		var ids [2]int
		for i, look := range [][2]string{{"006100", "C6EFCE"}, {"9C0006", "FFC7CE"}} {
			id, err := f.NewStyle(&excelize.Style{Font: font(true, 10, look[0]), Fill: fill(look[1]), Border: border, CustomNumFmt: numFmt(code)})
			if err != nil {
				return nil, err
			}
			ids[i] = id
		}
		s.judged[kind] = ids
	}
	return &s, nil
}

// excelEpoch is day 0 of Excel's 1900 date system.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelTime is t as an Excel date serial showing the wall clock of loc, so a
// cell reads the mall's local time whatever the reader's time zone. Zero → nil.
func excelTime(t time.Time, loc *time.Location) any {
	if t.IsZero() {
		return nil
	}
	l := t.In(loc)
	wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
	return float64(wall.Sub(excelEpoch)/time.Second) / 86400
}

// col is one column of a table: its title, width and cell style.
type col struct {
	title string
	width float64
	style int
}

// sheetLayout prepares a sheet for print before any row is written (a
// stream writer copies these settings when it starts): A4 landscape, fit to
// the page width, the rows up to headerRow repeated on every page.
func sheetLayout(f *excelize.File, sheet string, headerRow int) error {
	size, orient, fitW, fitH, fit := 9, "landscape", 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, headerRow),
	})
}

// frozenPanes keeps the rows up to headerRow in view.
func frozenPanes(headerRow int) *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}
}

func cellName(colIdx, row int) string {
	n, _ := excelize.CoordinatesToCellName(colIdx, row)
	return n
}

func colName(colIdx int) string {
	n, _ := excelize.ColumnNumberToName(colIdx)
	return n
}

// hyperlinkFormula links a cell to url showing text; a formula works on a
// streamed sheet, where one relationship per link would not scale.
func hyperlinkFormula(url, text string) excelize.Cell {
	return excelize.Cell{Formula: fmt.Sprintf(`HYPERLINK("%s","%s")`, escapeFormula(url), escapeFormula(text)), Value: text}
}

func escapeFormula(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '"' {
			out = append(out, '"')
		}
		out = append(out, r)
	}
	return string(out)
}
