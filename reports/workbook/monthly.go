package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"
	"mallcare/reports/kpi"
	"mallcare/reports/period"
)

// Sheet names of the monthly workbook (reports.md).
const (
	SheetAssessment = "月度考核"
	SheetStaff      = "员工考核"
	SheetShops      = "商铺排行"
	SheetComplaints = "投诉明细"
	SheetInspDetail = "巡检明细"
	SheetSurveyRows = "调查明细"
)

// Rows of 月度考核: the assessment from row 4, its total after it, then the
// four-month comparison.
const (
	assessFirst = firstData
	trendTitle  = assessFirst + 12 // leaves the total row and a gap
)

// monthly writes 商场客户服务月考核表.
func (w *sheetWriter) monthly(k kpi.KPIs) error {
	f, st := w.f, w.st
	sh := SheetAssessment
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	if err := sheetLayout(f, sh, headerRow); err != nil {
		return err
	}
	if err := w.head(sh, "商场客户服务月考核表", 6); err != nil {
		return err
	}
	if err := w.widths(sh, 24, 12, 12, 12, 12, 10); err != nil {
		return err
	}
	if err := f.SetPanes(sh, frozenPanes(headerRow)); err != nil {
		return err
	}
	hdr := func(v string) excelize.Cell { return excelize.Cell{StyleID: st.header, Value: v} }
	if err := setRow(f, sh, headerRow, hdr("考核指标"), hdr("目标值"), hdr("实际值"), hdr("是否达标"), hdr("权重"), hdr("得分")); err != nil {
		return err
	}
	rows, total := kpi.Assess(&k)
	for i, a := range rows {
		style := st.count
		switch a.Kind {
		case "percent":
			style = st.pct
		case "hours":
			style = st.hours
		}
		met := excelize.Cell{StyleID: st.noData, Value: "无数据"}
		if a.Met != nil && *a.Met {
			met = excelize.Cell{StyleID: st.met, Value: "达标"}
		} else if a.Met != nil {
			met = excelize.Cell{StyleID: st.notMet, Value: "未达标"}
		}
		if err := setRow(f, sh, assessFirst+i, excelize.Cell{StyleID: st.text, Value: a.Label},
			excelize.Cell{StyleID: st.text, Value: a.Target}, value(a.Actual, style, st.noData), met,
			excelize.Cell{StyleID: st.count, Value: a.Weight}, excelize.Cell{StyleID: st.score, Value: a.Score}); err != nil {
			return err
		}
	}
	totalRow := assessFirst + len(rows)
	if err := setRow(f, sh, totalRow, excelize.Cell{StyleID: st.totalLabel, Value: "合计"},
		excelize.Cell{StyleID: st.totalLabel, Value: ""}, excelize.Cell{StyleID: st.totalLabel, Value: ""},
		excelize.Cell{StyleID: st.totalLabel, Value: ""}, excelize.Cell{StyleID: st.totalNum, Value: 100.0},
		excelize.Cell{StyleID: st.totalNum, Value: total}); err != nil {
		return err
	}

	// this month against the last three
	months := []period.Period{w.p.Prev().Prev().Prev(), w.p.Prev().Prev(), w.p.Prev(), w.p}
	kpis := make([]kpi.KPIs, len(months))
	for i, m := range months {
		if m.Name == w.p.Name {
			kpis[i] = k
		} else {
			kpis[i] = kpi.Compute(w.d, m, m.End)
		}
	}
	if err := setRow(f, sh, trendTitle, excelize.Cell{StyleID: st.totalLabel, Value: "近四个月对比"}); err != nil {
		return err
	}
	head := []any{hdr("指标")}
	for _, m := range months {
		head = append(head, hdr(m.Name))
	}
	if err := setRow(f, sh, trendTitle+1, head...); err != nil {
		return err
	}
	metrics := trendMetrics()
	for i, m := range metrics {
		vals := []any{excelize.Cell{StyleID: st.text, Value: m.label}}
		for j := range months {
			vals = append(vals, value(m.get(&kpis[j]), st.forKind(m.kind), st.noData))
		}
		if err := setRow(f, sh, trendTitle+2+i, vals...); err != nil {
			return err
		}
	}
	scoreRow := trendTitle + 2 + len(metrics)
	vals := []any{excelize.Cell{StyleID: st.totalLabel, Value: "考核得分"}}
	for j := range months {
		_, t := kpi.Assess(&kpis[j])
		vals = append(vals, excelize.Cell{StyleID: st.totalNum, Value: t})
	}
	if err := setRow(f, sh, scoreRow, vals...); err != nil {
		return err
	}

	// trend chart: the percentage kpi.KPIs over the four months
	var series []excelize.ChartSeries
	for i, m := range metrics {
		if m.kind != "pct" {
			continue
		}
		r := trendTitle + 2 + i
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$A$%d", sh, r),
			Categories: fmt.Sprintf("'%s'!$B$%d:$E$%d", sh, trendTitle+1, trendTitle+1),
			Values:     fmt.Sprintf("'%s'!$B$%d:$E$%d", sh, r, r),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5},
		})
	}
	if err := f.AddChart(sh, "I3", &excelize.Chart{
		Type: excelize.Line, Title: chartTitle("近四个月考核指标趋势"),
		Legend:    excelize.ChartLegend{Position: "right"},
		Dimension: excelize.ChartDimension{Width: 640, Height: 360},
		YAxis:     excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		Series:    series,
	}); err != nil {
		return err
	}
	if err := f.AddChart(sh, "I23", &excelize.Chart{
		Type: excelize.Col, Title: chartTitle("月度投诉受理数"), Legend: excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: 640, Height: 260},
		Series: []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$A$%d", sh, trendTitle+2),
			Categories: fmt.Sprintf("'%s'!$B$%d:$E$%d", sh, trendTitle+1, trendTitle+1),
			Values:     fmt.Sprintf("'%s'!$B$%d:$E$%d", sh, trendTitle+2, trendTitle+2)}},
	}); err != nil {
		return err
	}

	if err := w.staff(); err != nil {
		return err
	}
	if err := w.shops(); err != nil {
		return err
	}
	if err := w.complaintRegister(SheetComplaints, "投诉明细"); err != nil {
		return err
	}
	if err := w.inspections(SheetInspDetail, "巡检明细"); err != nil {
		return err
	}
	return w.surveyDetails(SheetSurveyRows)
}

func (w *sheetWriter) staff() error {
	st := w.st
	cols := []col{{"员工", 12, st.text}, {"处理投诉数", 10, st.count}, {"24小时内处理率", 12, st.pct},
		{"平均处理时长（小时）", 12, st.hours}, {"超时未处理", 10, st.count}, {"按期回访数", 10, st.count},
		{"回访满意率", 10, st.pct}, {"巡检次数", 9, st.count}, {"复查整改数", 10, st.count}}
	return streamTable(w.f, st, SheetStaff, "员工考核", w.subtitle(), cols, func(emit func([]any) error) error {
		for _, r := range kpi.StaffStats(w.d, w.p) {
			if err := emit([]any{r.Name, r.Handled, value(r.ResolvedIn24h.Value, st.pct, st.noData),
				value(r.AvgHours, st.hours, st.noData), r.Overdue, r.CallbacksOnTime,
				value(r.CallbackSatisfaction.Value, st.pct, st.noData), r.Inspections, r.Rechecked}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (w *sheetWriter) shops() error {
	st := w.st
	cols := []col{{"排名", 6, st.count}, {"商铺", 18, st.text}, {"投诉数", 9, st.count},
		{"检查不合格项", 12, st.count}, {"逾期整改数", 10, st.count}}
	return streamTable(w.f, st, SheetShops, "商铺排行", w.subtitle(), cols, func(emit func([]any) error) error {
		for i, r := range kpi.ShopStats(w.d, w.p) {
			if err := emit([]any{i + 1, r.Name, r.Complaints, r.FailedItems, r.OverdueRectifying}); err != nil {
				return err
			}
		}
		return nil
	})
}
