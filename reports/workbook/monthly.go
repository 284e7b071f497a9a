package workbook

import (
	"github.com/xuri/excelize/v2"

	"mallcare/domain"
	"mallcare/reports/kpi"
	"mallcare/reports/period"
)

// Sheet names of the monthly workbook (reports.md).
const (
	SheetAssessment = "月度考核"
	SheetStaff      = "员工考核"
	SheetShops      = "商铺排行"
	SheetPlans      = "巡检计划"
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
	s, err := w.newSummary(SheetAssessment, "商场客户服务月考核表", w.subtitle(), 24, 12, 12, 12, 12, 10)
	if err != nil {
		return err
	}
	st := s.st
	if err := s.header(headerRow, 1, "考核指标", "目标值", "实际值", "是否达标", "权重", "得分"); err != nil {
		return err
	}
	rows, total := kpi.Assess(&k)
	for i, a := range rows {
		if err := s.row(assessFirst+i, excelize.Cell{StyleID: st.text, Value: a.Label},
			excelize.Cell{StyleID: st.text, Value: a.Target}, value(a.Actual, st.forAssessment(a.Kind), st.noData), st.verdict(a.Met),
			excelize.Cell{StyleID: st.count, Value: a.Weight}, excelize.Cell{StyleID: st.score, Value: a.Score}); err != nil {
			return err
		}
	}
	totalRow := assessFirst + len(rows)
	if err := s.row(totalRow, excelize.Cell{StyleID: st.totalLabel, Value: "合计"},
		excelize.Cell{StyleID: st.totalLabel, Value: ""}, excelize.Cell{StyleID: st.totalLabel, Value: ""},
		excelize.Cell{StyleID: st.totalLabel, Value: ""}, excelize.Cell{StyleID: st.totalNum, Value: 100.0},
		excelize.Cell{StyleID: st.totalNum, Value: total}); err != nil {
		return err
	}

	// this month against the last three
	months := []period.Period{w.p.Prev().Prev().Prev(), w.p.Prev().Prev(), w.p.Prev(), w.p}
	kpis := make([]*kpi.KPIs, len(months))
	names := make([]string, len(months))
	for i, m := range months {
		names[i] = m.Name
		if m.Name == w.p.Name {
			kpis[i] = &k
		} else {
			c := kpi.Compute(w.d, m, m.End)
			kpis[i] = &c
		}
	}
	if err := s.row(trendTitle, excelize.Cell{StyleID: st.totalLabel, Value: "近四个月对比"}); err != nil {
		return err
	}
	if err := s.header(trendTitle+1, 1, append([]string{"指标"}, names...)...); err != nil {
		return err
	}
	metrics := trendMetrics()
	scoreRow, err := s.grid(trendTitle+2, metrics, kpis, nil)
	if err != nil {
		return err
	}
	vals := []any{excelize.Cell{StyleID: st.totalLabel, Value: "考核得分"}}
	for _, mk := range kpis {
		_, t := kpi.Assess(mk)
		vals = append(vals, excelize.Cell{StyleID: st.totalNum, Value: t})
	}
	if err := s.row(scoreRow, vals...); err != nil {
		return err
	}

	// trend chart: the percentage KPIs over the four months
	months4 := s.rowRef(trendTitle+1, "B", "E")
	var series []excelize.ChartSeries
	for i, m := range metrics {
		if m.kind == "pct" {
			r := trendTitle + 2 + i
			series = append(series, excelize.ChartSeries{Name: s.cell("A", r), Categories: months4, Values: s.rowRef(r, "B", "E"),
				Marker: excelize.ChartMarker{Symbol: "circle", Size: 5}})
		}
	}
	if err := s.chart("I3", "近四个月考核指标趋势", excelize.Chart{Type: excelize.Line,
		Legend:    excelize.ChartLegend{Position: "right"},
		Dimension: excelize.ChartDimension{Width: 640, Height: 360},
		YAxis:     excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		Series:    series,
	}); err != nil {
		return err
	}
	if err := s.chart("I23", "月度投诉受理数", excelize.Chart{Type: excelize.Col,
		Dimension: excelize.ChartDimension{Width: 640, Height: 260},
		Series: []excelize.ChartSeries{{Name: s.cell("A", trendTitle+2), Categories: months4,
			Values: s.rowRef(trendTitle+2, "B", "E")}},
	}); err != nil {
		return err
	}

	for _, sheet := range []func() error{
		w.staff, w.shops, w.plans,
		func() error { return w.complaintRegister(SheetComplaints, "投诉明细") },
		func() error { return w.inspections(SheetInspDetail, "巡检明细") },
		func() error { return w.surveyDetails(SheetSurveyRows) },
	} {
		if err := sheet(); err != nil {
			return err
		}
	}
	return nil
}

func (w *sheetWriter) staff() error {
	st := w.st
	cols := []col{{"员工", 12, st.text}, {"处理投诉数", 10, st.count}, {"24小时内处理率", 12, st.pct},
		{"平均处理时长（小时）", 12, st.hours}, {"超时未处理", 10, st.count}, {"按期回访数", 10, st.count},
		{"回访满意率", 10, st.pct}, {"巡检次数", 9, st.count}, {"复查整改数", 10, st.count}}
	return w.table(SheetStaff, "员工考核", cols, func(emit func([]any) error) error {
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
	return w.table(SheetShops, "商铺排行", cols, func(emit func([]any) error) error {
		for i, r := range kpi.ShopStats(w.d, w.p) {
			if err := emit([]any{i + 1, r.Name, r.Complaints, r.FailedItems, r.OverdueRectifying}); err != nil {
				return err
			}
		}
		return nil
	})
}

// plans is 巡检计划: each plan overlapping the month, done against planned
// (a quarter plan counts its whole quarter up to the month's end).
func (w *sheetWriter) plans() error {
	st := w.st
	cols := []col{{"序号", 6, st.count}, {"楼层", 8, st.text}, {"区域", 10, st.text}, {"周期", 8, st.text},
		{"开始日期", 12, st.date}, {"检查人", 12, st.text}, {"计划次数", 9, st.count}, {"完成次数", 9, st.count},
		{"完成率", 9, st.pct}}
	loc := w.d.Mall.Loc
	return w.table(SheetPlans, "巡检计划完成情况", cols, func(emit func([]any) error) error {
		for i, pl := range kpi.PlanProgress(w.d, w.p.Start, w.p.End, w.p.End) {
			who := pl.AssigneeName
			if who == "" {
				who = "不限"
			}
			share := float64(pl.Done) / pl.Target
			if err := emit([]any{i + 1, pl.Floor, pl.Zone, domain.PlanPeriods.Zh(pl.Period), excelTime(pl.Start, loc),
				who, pl.Target, pl.Done, share}); err != nil {
				return err
			}
		}
		return nil
	})
}

// verdict is a 达标 / 未达标 / 无数据 cell (nil: nothing to measure).
func (s *styles) verdict(met *bool) excelize.Cell {
	switch {
	case met == nil:
		return excelize.Cell{StyleID: s.noData, Value: "无数据"}
	case *met:
		return excelize.Cell{StyleID: s.met, Value: "达标"}
	}
	return excelize.Cell{StyleID: s.notMet, Value: "未达标"}
}

// forAssessment is the number style of an assessment row's kind.
func (s *styles) forAssessment(kind string) int {
	switch kind {
	case "percent":
		return s.pct
	case "hours":
		return s.hours
	}
	return s.count
}
