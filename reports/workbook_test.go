package reports_test

import (
	"archive/zip"
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mallcare/reports"
	"mallcare/reports/kpi"
	"mallcare/reports/period"
	"mallcare/reports/workbook"
)

// sheetReader reads a workbook back for checks.
type sheetReader struct {
	t *testing.T
	f *excelize.File
}

func openBook(t *testing.T, b []byte) *sheetReader {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &sheetReader{t, f}
}

func (r *sheetReader) raw(sheet, cell string) string {
	r.t.Helper()
	v, err := r.f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		r.t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func (r *sheetReader) shown(sheet, cell string) string {
	r.t.Helper()
	v, err := r.f.GetCellValue(sheet, cell)
	if err != nil {
		r.t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

// num checks a numeric cell; want nil means the "—" of no data.
func (r *sheetReader) num(sheet, cell string, want *float64) {
	r.t.Helper()
	got := r.raw(sheet, cell)
	if want == nil {
		if got != "—" {
			r.t.Errorf("%s!%s = %q, want —", sheet, cell, got)
		}
		return
	}
	v, err := strconv.ParseFloat(got, 64)
	if err != nil || math.Abs(v-*want) > 1e-9 {
		r.t.Errorf("%s!%s = %q, want %v", sheet, cell, got, *want)
	}
}

func (r *sheetReader) text(sheet, cell, want string) {
	r.t.Helper()
	if got := r.shown(sheet, cell); got != want {
		r.t.Errorf("%s!%s = %q, want %q", sheet, cell, got, want)
	}
}

// style returns the number format and fill of a cell.
func (r *sheetReader) style(sheet, cell string) (string, string) {
	r.t.Helper()
	id, err := r.f.GetCellStyle(sheet, cell)
	if err != nil {
		r.t.Fatal(err)
	}
	st, err := r.f.GetStyle(id)
	if err != nil {
		r.t.Fatal(err)
	}
	numFmt := ""
	if st.CustomNumFmt != nil {
		numFmt = *st.CustomNumFmt
	}
	fill := ""
	if len(st.Fill.Color) > 0 {
		fill = st.Fill.Color[0]
	}
	return numFmt, fill
}

// rowsByLabel maps the text of column A to its row number.
func (r *sheetReader) rowsByLabel(sheet string) map[string]int {
	rows, err := r.f.GetRows(sheet)
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]int{}
	for i, row := range rows {
		if len(row) > 0 {
			out[row[0]] = i + 1
		}
	}
	return out
}

func f(v float64) *float64 { return &v }

// generate stores the report of AA for kind/period and returns its workbook.
func generate(t *testing.T, fx *fixture, kind, period string) []byte {
	t.Helper()
	rec, err := reports.Generate(fx.env.TestApp, reports.Request{MallID: fx.env.Malls["AA"].Id, Kind: kind, Period: period, Source: "demand", By: fx.env.Users["admin@AA"].Id, At: fx.env.Clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return readFile(t, fx.env, rec)
}

// drawings lists a workbook's chart and drawing parts.
func drawings(t *testing.T, b []byte) (drawingXML, charts []string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		switch {
		case regexp.MustCompile(`^xl/drawings/drawing\d+\.xml$`).MatchString(f.Name):
			drawingXML = append(drawingXML, f.Name)
		case regexp.MustCompile(`^xl/charts/chart\d+\.xml$`).MatchString(f.Name):
			charts = append(charts, f.Name)
		}
	}
	return
}

func zipPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	z, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	for _, f := range z.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(rc)
			return buf.String()
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

func TestWeeklyWorkbook(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	b := generate(t, fx, "weekly", "2026-W47")
	r := openBook(t, b)

	wantSheets := []string{"周报汇总", "投诉处理登记表", "电话投诉员工登记表", "巡场检查", "整改跟踪", "满意度调查"}
	if got := r.f.GetSheetList(); strings.Join(got, ",") != strings.Join(wantSheets, ",") {
		t.Fatalf("sheets %v, want %v", got, wantSheets)
	}
	sh := "周报汇总"
	r.text(sh, "A1", "商场客服中心周报表")
	if s := r.shown(sh, "A2"); !strings.Contains(s, "Mall AA（AA）") || !strings.Contains(s, "2026年第47周（11月16日—11月22日）") {
		t.Errorf("subtitle %q", s)
	}
	r.text(sh, "A3", "项目")
	r.text(sh, "B3", "本周")
	r.text(sh, "C3", "上周")
	r.text(sh, "D3", "环比")

	// label: this week (W47), last week (W46), worked out by hand from the fixture
	type line struct {
		label      string
		this, last *float64
		pct        bool
	}
	third := 1.0 / 3
	lines := []line{
		{"投诉受理数", f(7), f(3), false}, // C1 C2 C3 C4 C5 C8 C10 / C6 C7 C11
		{"　其中：重大投诉", f(1), f(0), false},
		{"　渠道：现场", f(4), f(2), false}, {"　渠道：电话", f(1), f(1), false}, {"　渠道：邮件", f(1), f(0), false},
		{"　渠道：政府或媒体", f(1), f(0), false}, {"　渠道：其他", f(0), f(0), false},
		{"　分类：商铺", f(2), f(1), false}, {"　分类：商品质量", f(1), f(0), false}, {"　分类：服务人员", f(1), f(1), false},
		{"　分类：设施", f(1), f(0), false}, {"　分类：价格标价", f(1), f(0), false}, {"　分类：送货安装", f(0), f(0), false},
		{"　分类：其他", f(1), f(1), false},
		{"已处理数", f(4), f(1), false}, // C1 C2 C6 C10 / C7
		// of 6 received and not withdrawn (C5 is), C1 C2 C10 resolved by Sunday night / C7 of 3
		{"一般投诉处理率", f(0.5), f(third), true},
		// plan due in W47: C1 C2(exactly 24 h) C10 hit, C3(24 h + 1 s) C8 miss; C5 withdrawn, C4 due in W48
		{"24小时内出方案率", f(0.6), f(third), true},
		// (23 + 25 + 144 + 3h50m) / 4 / C7 49 h
		{"平均处理时长（小时）", f((23 + 25 + 144 + 23.0/6) / 4), f(49), false},
		{"24小时内处理率", f(0.5), f(0), true},
		// feedback due in W47: C1 C2 C3 C10 hit, C11 miss / C6 C7 hit
		{"三日内反馈率", f(0.8), f(1), true},
		// past a deadline still owed (domain.Late) at the end of the week:
		// C3 (handling) C8 C11 (plan) C7 C9 C12 (callback) / C6 (handling) C11 C9 C12
		{"超时未处理", f(6), f(4), false},
		{"回访数", f(4), f(0), false}, // C1 C2 C6 C10
		{"回访满意率", f(0.75), nil, true},
		// callback window ending in W47: C1 (day 1) C10 (day 1, after midnight) hit; C6 (day 6), C7 (none) miss
		{"电话回访合格率（1–5日内）", f(0.5), nil, true},
		{"退换货（件）", f(1), f(0), false}, {"退换货金额（元）", f(200), f(0), false},
		{"赔偿（件）", f(1), f(0), false}, {"赔偿金额（元）", f(150.5), f(0), false},
		{"先行赔偿（件）", f(0), f(0), false}, {"先行赔偿金额（元）", f(0), f(0), false},
		{"巡场检查次数", f(2), f(0), false},
		{"检查项合格率", f(4.0 / 7), nil, true}, // I1 3 pass 1 fail, I2 1 pass 2 fail
		{"发现问题数", f(3), f(0), false},
		{"整改完成数", f(1), f(0), false}, // R1
		{"整改按期完成率", f(1), nil, true}, // R1 only is due in W47
		{"顾客满意度调查数", f(3), f(0), false},
		{"顾客满意率", f(2.0 / 3), nil, true},
		{"顾客平均分", f(4), nil, false},
		{"商铺满意度调查数", f(1), f(0), false},
		{"商铺满意率", f(1), nil, true},
		{"商铺平均分", f(4), nil, false},
	}
	rows := r.rowsByLabel(sh)
	for _, l := range lines {
		row, ok := rows[l.label]
		if !ok {
			t.Errorf("no line %q", l.label)
			continue
		}
		n := strconv.Itoa(row)
		r.num(sh, "B"+n, l.this)
		r.num(sh, "C"+n, l.last)
		var change *float64
		switch {
		case l.this == nil || l.last == nil:
		case l.pct:
			change = f(*l.this - *l.last)
		case *l.last != 0:
			change = f((*l.this - *l.last) / *l.last)
		}
		r.num(sh, "D"+n, change)
		if l.pct && l.this != nil {
			if nf, _ := r.style(sh, "B"+n); nf != "0.0%" {
				t.Errorf("%s: format %q, want a percentage", l.label, nf)
			}
		}
		if strings.Contains(l.label, "金额") {
			if nf, _ := r.style(sh, "B"+n); nf != "#,##0.00" {
				t.Errorf("%s: format %q, want money", l.label, nf)
			}
		}
	}
	if len(rows) < len(lines) {
		t.Errorf("summary has %d labelled rows", len(rows))
	}
	// chart data: per day Mon..Sun, per target
	for i, want := range []float64{2, 1, 1, 1, 1, 0, 1} {
		r.num(sh, "G"+strconv.Itoa(4+i), f(want))
	}
	// the days are real Excel dates shown as 周一 11/16, not text
	r.text(sh, "F4", "周一 11/16")
	r.num(sh, "F4", f(46342))
	r.text(sh, "F10", "周日 11/22")
	if nf, _ := r.style(sh, "F4"); nf != "[$-804]ddd m/d" {
		t.Errorf("per-day format %q", nf)
	}
	for i, want := range []float64{2, 1, 1, 1, 1, 0, 1} { // shop product staff facility price_tag delivery other
		r.num(sh, "G"+strconv.Itoa(13+i), f(want))
	}
	dr, charts := drawings(t, b)
	if len(dr) != 1 || len(charts) != 2 {
		t.Fatalf("drawings %v charts %v, want the summary's drawing with 2 charts", dr, charts)
	}
	if rels := zipPart(t, b, "xl/worksheets/_rels/sheet1.xml.rels"); !strings.Contains(rels, "drawings/drawing1.xml") {
		t.Errorf("summary sheet does not reference its drawing: %s", rels)
	}
	if c := zipPart(t, b, "xl/charts/chart1.xml"); !strings.Contains(c, "$G$4:$G$10") {
		t.Errorf("per-day chart does not plot G4:G10")
	}

	// print setup and frozen header on the summary and a streamed sheet
	for _, s := range []string{sh, "投诉处理登记表"} {
		pl, err := r.f.GetPageLayout(s)
		if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 {
			t.Errorf("%s: page layout %+v %v", s, pl, err)
		}
		panes, _ := r.f.GetPanes(s)
		if !panes.Freeze || panes.YSplit != 3 {
			t.Errorf("%s: panes %+v", s, panes)
		}
	}
	names := r.f.GetDefinedName()
	titles := 0
	for _, dn := range names {
		if dn.Name == "_xlnm.Print_Titles" && strings.HasSuffix(dn.RefersTo, "!$1:$3") {
			titles++
		}
	}
	if titles != 6 {
		t.Errorf("print titles on %d sheets, want 6: %+v", titles, names)
	}

	// register: registered or resolved in W47, by registration time
	reg := "投诉处理登记表"
	r.text(reg, "A3", "序号")
	r.text(reg, "S3", "回访结果")
	order := []string{"C6", "C1", "C10", "C2", "C3", "C5", "C8", "C4"}
	late := map[string]string{"C6": "是", "C1": "否", "C10": "否", "C2": "是", "C3": "是", "C5": "否", "C8": "是", "C4": "否"}
	for i, name := range order {
		n := strconv.Itoa(4 + i)
		c := fx.complaints[name]
		r.text(reg, "B"+n, c.GetString("number"))
		r.text(reg, "E"+n, name)
		r.text(reg, "R"+n, late[name])
		formula, _ := r.f.GetCellFormula(reg, "B"+n)
		if !strings.Contains(formula, "/#/c/"+c.Id) {
			t.Errorf("%s: link %q", name, formula)
		}
	}
	if v := r.shown(reg, "A12"); v != "" {
		t.Errorf("register has more than 8 rows: A12 = %q", v)
	}
	// C1: registered 16 Nov 10:00 Shanghai, shown as a real date in the mall's zone
	r.text(reg, "C5", "2026-11-16 10:00")
	r.num(reg, "C5", f(46342+10.0/24))
	r.num(reg, "Q5", f(23))  // hours
	r.num(reg, "N5", f(200)) // amount
	r.text(reg, "D5", "现场")  // channel
	r.text(reg, "M5", "退货")  // resolution type
	r.text(reg, "O5", "service@AA")
	r.text(reg, "P5", "已回访")
	r.text(reg, "S5", "满意")
	r.text(reg, "F7", "13812345678") // C2: an admin's report shows the phone
	r.text(reg, "K8", "重大")          // C3
	if v := r.raw(reg, "Q8"); v != "" {
		t.Errorf("open complaint has hours %q", v)
	}

	// form 一: phone complaints about staff: C2 only
	ph := "电话投诉员工登记表"
	r.text(ph, "B4", fx.complaints["C2"].GetString("number"))
	r.text(ph, "E4", "13812345678")
	r.text(ph, "A5", "")

	// inspections: I1 (75.0, 3 pass 1 fail) and I2 (28.6, 1 pass 2 fail)
	in := "巡场检查"
	r.text(in, "C4", "1F")
	r.text(in, "D4", "AA-1")
	r.text(in, "E4", "inspector@AA")
	r.num(in, "F4", f(75))
	r.num(in, "G4", f(3))
	r.num(in, "H4", f(1))
	r.num(in, "F5", f(28.6))
	r.num(in, "H5", f(2))
	r.text(in, "A6", "")

	// rectifications open during W47: R1 (verified 21 Nov), R2 and R3 (opened 21 Nov)
	rc := "整改跟踪"
	r.text(rc, "B4", "AA-1")
	r.text(rc, "F4", "2026-11-21 23:59")
	r.text(rc, "G4", "已复查")
	r.text(rc, "H4", "否")
	r.text(rc, "J4", "inspector@AA")
	r.text(rc, "K4", "2026-11-21 09:00")
	r.text(rc, "B5", "AA-2")
	r.text(rc, "H5", "否") // due 24 Nov: not yet overdue when W47 ended
	r.text(rc, "H6", "否")
	r.text(rc, "A7", "")

	// surveys per kind and question
	sv := "满意度调查"
	r.text(sv, "A4", "顾客满意度")
	r.text(sv, "B4", "您对本次购物/服务的总体满意度")
	r.num(sv, "C4", f(3))
	r.num(sv, "D4", f(4))
	r.num(sv, "E4", f(2.0/3))
	r.text(sv, "B5", "导购及服务人员的服务态度")
	r.num(sv, "C5", f(2))
	r.num(sv, "D5", f(3))
	r.num(sv, "E5", f(0.5))
	r.text(sv, "A6", "商铺满意度")
	r.num(sv, "C6", f(1))
	r.num(sv, "D6", f(4))
	r.num(sv, "E6", f(1))
	r.text(sv, "A7", "")
}

func TestMonthlyWorkbook(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	b := generate(t, fx, "monthly", "2026-11")
	r := openBook(t, b)
	want := []string{"月度考核", "员工考核", "商铺排行", "巡检计划", "投诉明细", "巡检明细", "调查明细"}
	if got := r.f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	sh := "月度考核"
	r.text(sh, "A1", "商场客户服务月考核表")
	for i, h := range []string{"考核指标", "目标值", "实际值", "是否达标", "权重", "得分"} {
		r.text(sh, string(rune('A'+i))+"3", h)
	}
	avg := (23 + 25 + 12.5 + 144 + 49 + 98 + 23.0/6 + 1.5) / 8 // resolved in November
	type row struct {
		label, target string
		actual        *float64
		met           string
		weight, score float64
	}
	rows := []row{
		{"顾客满意率", "100%", f(0.5), "未达标", 15, 7.5},        // S1 S3 of S1 S2 S3 S4
		{"商铺满意率", "100%", f(1), "达标", 10, 10},            // M1
		{"重大投诉（起）", "0", f(1), "未达标", 10, 0},             // C3
		{"一般投诉处理率", "100%", f(0.7), "未达标", 15, 10.5},     // 7 of 10 (C5 withdrawn; C3 C11 C13 open)
		{"平均处理时长（小时）", "<24小时", f(avg), "未达标", 5, 2.69},  // 5 × 24 / 44.604
		{"24小时内处理率", "100%", f(0.5), "未达标", 5, 2.5},      // C1 C4 C10 C12 of 8
		{"三日内反馈率", "100%", f(0.9), "未达标", 10, 9},         // all but C11 of 10
		{"电话回访合格率", ">98%", f(0.375), "未达标", 10, 3.83},   // C1 C4 C10 of C1 C2 C4 C6 C7 C8 C10 C12
		{"整改按期完成率", "100%", f(2.0 / 3), "未达标", 10, 6.67}, // R1 R3 of R1 R2 R3
		{"巡检计划完成率", "100%", f(2.0 / 3), "未达标", 10, 6.67}, // 1F 1 of 2, 2F 1 of 1
	}
	for i, w := range rows {
		n := strconv.Itoa(4 + i)
		r.text(sh, "A"+n, w.label)
		r.text(sh, "B"+n, w.target)
		r.num(sh, "C"+n, w.actual)
		r.text(sh, "D"+n, w.met)
		r.num(sh, "E"+n, f(w.weight))
		r.num(sh, "F"+n, f(w.score))
		_, fill := r.style(sh, "D"+n)
		if (w.met == "达标") != (fill == "C6EFCE") || (w.met == "未达标") != (fill == "FFC7CE") {
			t.Errorf("%s: highlight %q for %s", w.label, fill, w.met)
		}
	}
	r.text(sh, "A14", "合计")
	r.num(sh, "E14", f(100))
	r.num(sh, "F14", f(59.36))

	// this month against the last three: Aug and Sep empty, October C9 and C12
	r.text(sh, "A16", "近四个月对比")
	for i, m := range []string{"2026-08", "2026-09", "2026-10", "2026-11"} {
		r.text(sh, string(rune('B'+i))+"17", m)
	}
	tr := r.rowsByLabel(sh)
	check := func(label string, vals ...*float64) {
		t.Helper()
		row, ok := tr[label]
		if !ok || row < 18 {
			t.Errorf("trend line %q missing", label)
			return
		}
		for i, v := range vals {
			r.num(sh, string(rune('B'+i))+strconv.Itoa(row), v)
		}
	}
	check("投诉受理数", f(0), f(0), f(2), f(11))
	check("重大投诉", f(0), f(0), f(0), f(1))
	check("一般投诉处理率", nil, nil, f(0.5), f(0.7)) // C12 resolved only on 1 Nov
	check("电话回访合格率", nil, nil, f(0), f(0.375)) // C9 never called back
	check("平均处理时长（小时）", nil, nil, f(10), f(avg))
	check("巡检计划完成率", nil, nil, nil, f(2.0/3))
	check("顾客满意率", nil, nil, nil, f(0.5))
	check("商铺满意率", nil, nil, nil, f(1))
	check("24小时内处理率", nil, nil, f(1), f(0.5)) // C9 in 10 h
	check("三日内反馈率", nil, nil, f(1), f(0.9))
	check("整改按期完成率", nil, nil, nil, f(2.0/3))
	if n := len(tr); n < 12 {
		t.Errorf("trend has %d lines", n)
	}
	// empty months lose nothing; October loses 7.5 (resolution) and 10 (callbacks)
	check("考核得分", f(100), f(100), f(82.5), f(59.36))
	dr, charts := drawings(t, b)
	if len(dr) != 1 || len(charts) != 2 {
		t.Fatalf("drawings %v charts %v, want the assessment's drawing with 2 charts", dr, charts)
	}

	// staff, by name
	st := "员工考核"
	r.text(st, "A4", "inspector@AA")
	r.num(st, "B4", f(0))
	r.num(st, "C4", nil)
	r.num(st, "D4", nil)
	r.num(st, "E4", f(0))
	r.num(st, "F4", f(0))
	r.num(st, "G4", nil)
	r.num(st, "H4", f(3)) // I1 I2 I3
	r.num(st, "I4", f(1)) // R1
	r.text(st, "A5", "manager@AA")
	r.num(st, "B5", f(4)) // C6 C7 C8 C12
	r.num(st, "C5", f(0.25))
	r.num(st, "D5", f((144+49+98+1.5)/4))
	r.num(st, "E5", f(5)) // C3 C11, and C7 C8 C12 never called back
	r.num(st, "F5", f(0))
	r.num(st, "G5", f(1)) // C6 satisfied
	r.num(st, "H5", f(0))
	r.num(st, "I5", f(0))
	r.text(st, "A6", "service@AA")
	r.num(st, "B6", f(4)) // C1 C2 C4 C10
	r.num(st, "C6", f(0.75))
	r.num(st, "D6", f((23+25+12.5+23.0/6)/4))
	r.num(st, "E6", f(1))   // C9, never called back
	r.num(st, "F6", f(3))   // C1 C4 C10
	r.num(st, "G6", f(0.5)) // C1 C2 of C1 C2 C4 C10
	r.num(st, "H6", f(0))
	r.num(st, "I6", f(0))
	r.text(st, "A7", "")

	// shops, worst first: AA-2 (C6 C13, 2 failed items, R2 late), AA-1 (C1 C10, 2 failed items)
	sp := "商铺排行"
	r.text(sp, "B4", "AA-2")
	r.num(sp, "C4", f(2))
	r.num(sp, "D4", f(2))
	r.num(sp, "E4", f(1))
	r.text(sp, "B5", "AA-1")
	r.num(sp, "C5", f(2))
	r.num(sp, "D5", f(2))
	r.num(sp, "E5", f(0))
	r.text(sp, "A6", "")

	// details: 12 complaints (registered or resolved in November), 3 inspections, 5 responses
	cd := "投诉明细"
	r.text(cd, "C4", "2026-10-31 23:30")
	type detail struct {
		name, late    string
		hours, amount *float64
	}
	for i, w := range []detail{
		{"C12", "否", f(1.5), f(80)}, {"C6", "是", f(144), nil}, {"C7", "是", f(49), nil}, {"C11", "是", nil, nil},
		{"C1", "否", f(23), f(200)}, {"C10", "否", f(23.0 / 6), nil}, {"C2", "是", f(25), f(150.5)}, {"C3", "是", nil, nil},
		{"C5", "否", nil, nil}, {"C8", "是", f(98), nil}, {"C4", "否", f(12.5), f(500)}, {"C13", "否", nil, nil},
	} {
		n := strconv.Itoa(4 + i)
		r.text(cd, "A"+n, strconv.Itoa(i+1))
		r.text(cd, "E"+n, w.name)
		r.text(cd, "R"+n, w.late)
		for col, v := range map[string]*float64{"Q": w.hours, "N": w.amount} {
			if v == nil {
				if got := r.raw(cd, col+n); got != "" {
					t.Errorf("%s %s = %q, want empty", w.name, col, got)
				}
			} else {
				r.num(cd, col+n, v)
			}
		}
	}
	r.text(cd, "A16", "")
	r.text(sh, "A1", "商场客户服务月考核表")
	for i, w := range [][3]float64{{75, 3, 1}, {28.6, 1, 2}, {40, 1, 1}} { // I1 I2 I3 (I3: 2 of 5 by weight)
		n := strconv.Itoa(4 + i)
		r.num("巡检明细", "F"+n, f(w[0]))
		r.num("巡检明细", "G"+n, f(w[1]))
		r.num("巡检明细", "H"+n, f(w[2]))
	}
	r.text("巡检明细", "A7", "")
	r.text("调查明细", "A8", "5")
	r.text("调查明细", "C8", "顾客满意度")
	r.text("调查明细", "E3", "调查点")
	r.text("调查明细", "E8", "一楼总台") // survey_responses.desk
	r.num("调查明细", "H8", f(1))
	r.text("调查明细", "I8", "否")
	r.text("调查明细", "A9", "")

	// plans of November: 1F done once of twice, 2F once of once
	pl := "巡检计划"
	for i, w := range []struct {
		floor        string
		target, done float64
	}{{"1F", 2, 1}, {"2F", 1, 1}} {
		n := strconv.Itoa(4 + i)
		r.text(pl, "B"+n, w.floor)
		r.text(pl, "D"+n, "月度")
		r.text(pl, "E"+n, "2026-11-01 00:00")
		r.text(pl, "F"+n, "不限")
		r.num(pl, "G"+n, f(w.target))
		r.num(pl, "H"+n, f(w.done))
		r.num(pl, "I"+n, f(w.done/w.target))
	}
	r.text(pl, "A6", "")
}

func TestMaskedPhones(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	mall, _ := kpi.LoadMall(fx.env.TestApp, fx.env.Malls["AA"].Id)
	p, _ := period.Parse("weekly", "2026-W47", mall.Loc)
	from, to := kpi.Span(p)
	d, err := kpi.Load(fx.env.TestApp, mall, from, to)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := workbook.Build(d, p, workbook.Options{MaskPhones: true})
	if err != nil {
		t.Fatal(err)
	}
	r := openBook(t, b)
	r.text("投诉处理登记表", "F7", "138****5678")
	r.text("电话投诉员工登记表", "E4", "138****5678")
	if bytes.Contains(b, []byte("13812345678")) {
		t.Error("the full phone number is in the masked workbook")
	}
}

// Scheduled and on-demand runs of the same period give the same bytes.
func TestIdenticalOutput(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	for _, k := range [][2]string{{"weekly", "2026-W47"}, {"monthly", "2026-11"}} {
		a := generate(t, fx, k[0], k[1])
		rec, err := reports.Generate(fx.env.TestApp, reports.Request{MallID: fx.env.Malls["AA"].Id, Kind: k[0], Period: k[1], Source: "schedule", At: fx.env.Clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if b := readFile(t, fx.env, rec); !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ (%d vs %d bytes)", k[1], len(a), len(b))
		}
	}
}

var excelizeRaw = excelize.Options{RawCellValue: true}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "\t"))
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
