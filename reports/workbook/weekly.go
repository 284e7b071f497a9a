package workbook

import (
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

// weekly writes 商场客服中心周报表.
func (w *sheetWriter) weekly(k kpi.KPIs) error {
	s, err := w.newSummary(SheetWeeklySummary, "商场客服中心周报表", w.subtitle(), 26, 12, 12, 12, 3, 14, 10)
	if err != nil {
		return err
	}
	st := s.st
	if err := s.header(headerRow, 1, "项目", "本周", "上周", "环比"); err != nil {
		return err
	}
	last := kpi.Compute(w.d, w.p.Prev(), w.p.Prev().End)
	row, err := s.grid(firstData, weeklyMetrics(), []*kpi.KPIs{&k, &last}, func(m metric, v []*float64) []any {
		cur, prev := v[0], v[1]
		switch {
		case cur == nil || prev == nil:
		case m.kind == "pct":
			return []any{excelize.Cell{StyleID: st.pctDiff, Value: *cur - *prev}}
		case *prev != 0:
			return []any{excelize.Cell{StyleID: st.pctDiff, Value: (*cur - *prev) / *prev}}
		}
		return []any{excelize.Cell{StyleID: st.noData, Value: "—"}}
	})
	if err != nil {
		return err
	}
	if err := s.row(row+1, excelize.Cell{StyleID: st.subtitle,
		Value: "注：环比 = (本周−上周)/上周；比率行为百分点差。— 表示无可统计的数据。SLA 类比率按到期日所在周统计。"}); err != nil {
		return err
	}

	// chart data right of the summary: complaints per day (real dates,
	// shown as 周一 11/16) and per target
	if err := s.header(headerRow, 6, "日期", "投诉数"); err != nil {
		return err
	}
	days := w.p.Days()
	for i, day := range days {
		if err := s.rowAt(firstData+i, 6, excelize.Cell{StyleID: st.weekday, Value: excelTime(day, w.d.Mall.Loc)},
			excelize.Cell{StyleID: st.count, Value: k.PerDay[i]}); err != nil {
			return err
		}
	}
	tRow := firstData + len(days) + 1
	if err := s.header(tRow, 6, "投诉对象", "投诉数"); err != nil {
		return err
	}
	for i, t := range domain.Targets.Codes() {
		if err := s.rowAt(tRow+1+i, 6, excelize.Cell{StyleID: st.text, Value: targetLabel(t)},
			excelize.Cell{StyleID: st.count, Value: k.ByTarget[t]}); err != nil {
			return err
		}
	}
	lastDay, lastTarget := firstData+len(days)-1, tRow+len(domain.Targets)
	if err := s.chart("I3", "每日投诉数", excelize.Chart{Type: excelize.Col,
		Dimension: excelize.ChartDimension{Width: 520, Height: 280},
		Series: []excelize.ChartSeries{{Name: s.cell("G", headerRow),
			Categories: s.ref("F", firstData, lastDay), Values: s.ref("G", firstData, lastDay)}},
	}); err != nil {
		return err
	}
	if err := s.chart("I19", "投诉对象分布", excelize.Chart{Type: excelize.Bar,
		Dimension: excelize.ChartDimension{Width: 520, Height: 280},
		Series: []excelize.ChartSeries{{Name: s.cell("G", tRow),
			Categories: s.ref("F", tRow+1, lastTarget), Values: s.ref("G", tRow+1, lastTarget)}},
	}); err != nil {
		return err
	}

	for _, sheet := range []func() error{
		func() error { return w.complaintRegister(SheetRegister, "消费者投诉处理登记表") },
		func() error { return w.phoneRegister(SheetPhoneRegister) },
		func() error { return w.inspections(SheetInspections, "巡场检查") },
		func() error { return w.rectifications(SheetRectification) },
		func() error { return w.surveyStats(SheetSurveys) },
	} {
		if err := sheet(); err != nil {
			return err
		}
	}
	return nil
}
