package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"mallcare/domain"
	"mallcare/reports/kpi"
)

// Sheet names of the weekly workbook (reports.md).
const (
	SheetWeeklySummary = "周报汇总"
	SheetRegister      = "投诉处理登记表"
	SheetPhoneRegister = "电话投诉员工登记表"
	SheetInspections   = "巡场检查"
	SheetRectification = "整改跟踪"
	SheetSurveys       = "满意度调查"
)

var weekdays = []string{"周一", "周二", "周三", "周四", "周五", "周六", "周日"}

// weekly writes 商场客服中心周报表.
func (w *sheetWriter) weekly(k kpi.KPIs) error {
	f, st := w.f, w.st
	sh := SheetWeeklySummary
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	if err := sheetLayout(f, sh, headerRow); err != nil {
		return err
	}
	if err := w.head(sh, "商场客服中心周报表", 7); err != nil {
		return err
	}
	if err := w.widths(sh, 26, 12, 12, 12, 3, 14, 10); err != nil {
		return err
	}
	if err := f.SetPanes(sh, frozenPanes(headerRow)); err != nil {
		return err
	}
	hdr := func(v string) excelize.Cell { return excelize.Cell{StyleID: st.header, Value: v} }
	if err := setRow(f, sh, headerRow, hdr("项目"), hdr("本周"), hdr("上周"), hdr("环比")); err != nil {
		return err
	}
	last := kpi.Compute(w.d, w.p.Prev(), w.p.Prev().End)
	row := firstData
	for _, m := range weeklyMetrics() {
		cur, prev := m.get(&k), m.get(&last)
		style := st.forKind(m.kind)
		change := excelize.Cell{StyleID: st.noData, Value: "—"}
		if cur != nil && prev != nil {
			if m.kind == "pct" {
				change = excelize.Cell{StyleID: st.pctDiff, Value: *cur - *prev}
			} else if *prev != 0 {
				change = excelize.Cell{StyleID: st.pctDiff, Value: (*cur - *prev) / *prev}
			}
		}
		if err := setRow(f, sh, row, excelize.Cell{StyleID: st.text, Value: m.label},
			value(cur, style, st.noData), value(prev, style, st.noData), change); err != nil {
			return err
		}
		row++
	}
	if err := setRow(f, sh, row+1, excelize.Cell{StyleID: st.subtitle,
		Value: "注：环比 = (本周−上周)/上周；比率行为百分点差。— 表示无可统计的数据。SLA 类比率按到期日所在周统计。"}); err != nil {
		return err
	}

	// chart data: complaints per day and per target, right of the summary
	if err := setRow(f, sh, headerRow, nil, nil, nil, nil, nil, hdr("日期"), hdr("投诉数")); err != nil {
		return err
	}
	days := w.p.Days()
	for i, day := range days {
		label := fmt.Sprintf("%s %d/%d", weekdays[i%7], day.Month(), day.Day())
		if err := setRow(f, sh, firstData+i, nil, nil, nil, nil, nil,
			excelize.Cell{StyleID: st.text, Value: label}, excelize.Cell{StyleID: st.count, Value: k.PerDay[i]}); err != nil {
			return err
		}
	}
	tRow := firstData + len(days) + 1
	if err := setRow(f, sh, tRow, nil, nil, nil, nil, nil, hdr("投诉对象"), hdr("投诉数")); err != nil {
		return err
	}
	for i, t := range domain.Targets.Codes() {
		if err := setRow(f, sh, tRow+1+i, nil, nil, nil, nil, nil,
			excelize.Cell{StyleID: st.text, Value: targetLabel(t)}, excelize.Cell{StyleID: st.count, Value: k.ByTarget[t]}); err != nil {
			return err
		}
	}
	ref := func(c string, r1, r2 int) string { return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, c, r1, c, r2) }
	noLegend := excelize.ChartLegend{Position: "none"}
	if err := f.AddChart(sh, "I3", &excelize.Chart{
		Type: excelize.Col, Title: chartTitle("每日投诉数"), Legend: noLegend,
		Dimension: excelize.ChartDimension{Width: 520, Height: 280},
		Series: []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$G$%d", sh, headerRow),
			Categories: ref("F", firstData, firstData+len(days)-1), Values: ref("G", firstData, firstData+len(days)-1)}},
	}); err != nil {
		return err
	}
	if err := f.AddChart(sh, "I19", &excelize.Chart{
		Type: excelize.Bar, Title: chartTitle("投诉对象分布"), Legend: noLegend,
		Dimension: excelize.ChartDimension{Width: 520, Height: 280},
		Series: []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$G$%d", sh, tRow),
			Categories: ref("F", tRow+1, tRow+len(domain.Targets)), Values: ref("G", tRow+1, tRow+len(domain.Targets))}},
	}); err != nil {
		return err
	}

	if err := w.complaintRegister(SheetRegister, "消费者投诉处理登记表"); err != nil {
		return err
	}
	if err := w.phoneRegister(SheetPhoneRegister); err != nil {
		return err
	}
	if err := w.inspections(SheetInspections, "巡场检查"); err != nil {
		return err
	}
	if err := w.rectifications(SheetRectification); err != nil {
		return err
	}
	return w.surveyStats(SheetSurveys)
}
