package shops

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Limits of an import file.
const (
	MaxRows      = 5000
	MaxFileBytes = 5 << 20
)

// Parse reads the rows of an .xlsx (first sheet) or .csv file (UTF-8, or
// GB18030 as Excel saves it in China). The first row names the columns.
func Parse(name string, data []byte) ([]Row, error) {
	var table [][]string
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("无法读取 Excel 文件，请另存为 .xlsx 后再试 (cannot read the Excel file; save it as .xlsx)")
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, fmt.Errorf("Excel 文件中没有工作表 (the workbook has no sheet)")
		}
		if table, err = f.GetRows(sheets[0]); err != nil {
			return nil, fmt.Errorf("无法读取工作表 (cannot read the sheet): %v", err)
		}
	case ".csv":
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(data) {
			decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
			if err != nil {
				return nil, fmt.Errorf("CSV 文件的编码无法识别，请存为 UTF-8 (unknown CSV encoding; save it as UTF-8)")
			}
			data = decoded
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("CSV 格式错误 (malformed CSV): %v", err)
			}
			table = append(table, rec)
		}
	default:
		return nil, fmt.Errorf("请上传 .xlsx 或 .csv 文件 (upload an .xlsx or .csv file)")
	}
	if len(table) == 0 {
		return nil, fmt.Errorf("文件是空的 (the file is empty)")
	}
	cols := map[int]string{}
	for i, h := range table[0] {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		for _, c := range Columns {
			if h == c.Zh || strings.EqualFold(h, c.En) {
				cols[i] = c.Field
			}
		}
	}
	found := false
	for _, f := range cols {
		found = found || f == "name"
	}
	if !found {
		return nil, fmt.Errorf("第 1 行须为列名，且包含「商铺名称」；可用的列：商铺名称、品牌、楼层、铺位号、类别 (line 1 must name the columns, with 商铺名称)")
	}
	var rows []Row
	for i, rec := range table[1:] {
		r := Row{Line: i + 2}
		empty := true
		for j, v := range rec {
			if f, ok := cols[j]; ok {
				*r.field(f) = v
				empty = empty && strings.TrimSpace(v) == ""
			}
		}
		if empty {
			continue
		}
		rows = append(rows, r)
		if len(rows) > MaxRows {
			return nil, fmt.Errorf("一次最多导入 %d 行 (at most %d rows at once)", MaxRows, MaxRows)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("文件中没有商铺 (no shops in the file)")
	}
	return rows, nil
}

// Export writes the shops as an .xlsx with the import's columns, so an
// exported file can be edited and imported again.
func Export(shops []map[string]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	head := []any{}
	for i, c := range Columns {
		head = append(head, excelize.Cell{StyleID: bold, Value: c.Zh})
		_ = sw.SetColWidth(i+1, i+1, []float64{24, 16, 8, 10, 14}[i])
	}
	head = append(head, excelize.Cell{StyleID: bold, Value: "状态"})
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	for i, s := range shops {
		row := []any{}
		for _, c := range Columns {
			row = append(row, s[c.Field])
		}
		row = append(row, s["status"])
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", "商铺"); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
