package workbook

import (
	"fmt"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"mallcare/reports/kpi"
	"mallcare/reports/period"
)

// SheetGroup is the first sheet of a group workbook.
const SheetGroup = "集团汇总"

// GroupFileName is a group workbook's name: kind, the malls' codes, period.
func GroupFileName(kind string, codes []string, name string) string {
	what := "集团周报表"
	if kind == period.Monthly {
		what = "集团月考核表"
	}
	return fmt.Sprintf("%s_%s_%s.xlsx", what, strings.Join(codes, "-"), name)
}

// BuildGroup writes the group workbook of several malls for one period
// (kind and name, in each mall's own time zone): 集团汇总 first — the malls
// side by side with the headline KPIs, met / not met, the assessment score
// and their ranking — then each mall's own weekly or monthly sheets, named
// "<code> <sheet>", exactly as that mall's own workbook has them. load reads
// one mall's records (covering kpi.Span of its period) when the writer needs
// them, so one mall is in memory at a time; progress hears how many malls
// are written.
func BuildGroup(malls []kpi.Mall, kind, name string, opts Options,
	load func(m kpi.Mall, p period.Period) (*kpi.Data, error), progress func(done int)) ([]byte, []kpi.MallFigures, error) {
	if len(malls) == 0 {
		return nil, nil, fmt.Errorf("no malls")
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, nil, err
	}
	// the group sheet comes first; its figures are written once every mall is
	top := &sheetWriter{f: f, st: st}
	if _, err := top.addSheet(SheetGroup); err != nil {
		return nil, nil, err
	}
	figures := make([]kpi.MallFigures, 0, len(malls))
	var first period.Period
	for i, m := range malls {
		p, err := period.Parse(kind, name, m.Loc)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 {
			first = p
		}
		d, err := load(m, p)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", m.Code, err)
		}
		w := &sheetWriter{f: f, st: st, d: d, p: p, opts: opts, prefix: m.Code + " "}
		k, err := w.mallSheets()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", m.Code, err)
		}
		figures = append(figures, kpi.Figures(m, k))
		if progress != nil {
			progress(i + 1)
		}
	}
	kpi.Rank(figures)
	if err := groupSheet(f, st, first, figures); err != nil {
		return nil, nil, err
	}
	codes := make([]string, len(malls))
	for i, m := range malls {
		codes[i] = m.Code
	}
	out, err := finish(f, GroupFileName(kind, codes, name), first)
	return out, figures, err
}

// groupSheet fills 集团汇总: one column per mall.
func groupSheet(f *excelize.File, st *styles, p period.Period, malls []kpi.MallFigures) error {
	names := make([]string, len(malls))
	for i, m := range malls {
		names[i] = fmt.Sprintf("%s（%s）", m.Name, m.Code)
	}
	title := "集团客服中心周报汇总"
	if p.Kind == period.Monthly {
		title = "集团客户服务月考核汇总"
	}
	subtitle := fmt.Sprintf("商场：%s    统计周期：%s    共 %d 个商场（各商场按其时区统计）", strings.Join(names, "、"), p.Label(), len(malls))
	widths := []float64{24, 10}
	for range malls {
		widths = append(widths, 14)
	}
	w := &sheetWriter{f: f, st: st}
	s, err := w.summaryOn(SheetGroup, title, subtitle, widths...)
	if err != nil {
		return err
	}
	if err := s.header(headerRow, 1, append([]string{"指标", "目标值"}, names...)...); err != nil {
		return err
	}
	columns := make([]*kpi.KPIs, len(malls))
	for i := range malls {
		columns[i] = &malls[i].KPIs
	}
	verdicts := make([]map[string]kpi.Assessment, len(malls))
	for i, m := range malls {
		verdicts[i] = map[string]kpi.Assessment{}
		for _, t := range m.Targets {
			verdicts[i][t.Key] = t
		}
	}
	// metric rows: label, target, then each mall's figure filled by its verdict
	row := firstData
	for _, m := range groupMetrics() {
		target := ""
		if t, ok := verdicts[0][m.key]; ok {
			target = t.Target
		}
		cells := []any{excelize.Cell{StyleID: st.text, Value: m.label}, excelize.Cell{StyleID: st.text, Value: target}}
		for i, k := range columns {
			style := st.forKind(m.kind)
			if t, ok := verdicts[i][m.key]; ok && t.Met != nil {
				style = st.judged[judgedKind(m.kind)][map[bool]int{true: 0, false: 1}[*t.Met]]
			}
			cells = append(cells, value(m.get(k), style, st.noData))
		}
		if err := s.row(row, cells...); err != nil {
			return err
		}
		row++
	}
	totals := []struct {
		label string
		style int
		get   func(m *kpi.MallFigures) any
	}{
		{"达标项数", st.count, func(m *kpi.MallFigures) any { return m.Met }},
		{"未达标项数", st.count, func(m *kpi.MallFigures) any { return m.Missed }},
		{"考核得分", st.totalNum, func(m *kpi.MallFigures) any { return m.Score }},
		{"综合排名", st.count, func(m *kpi.MallFigures) any { return m.Rank }},
	}
	scoreRow := 0
	for _, t := range totals {
		cells := []any{excelize.Cell{StyleID: st.totalLabel, Value: t.label}, excelize.Cell{StyleID: st.totalLabel, Value: ""}}
		for i := range malls {
			cells = append(cells, excelize.Cell{StyleID: t.style, Value: t.get(&malls[i])})
		}
		if t.label == "考核得分" {
			scoreRow = row
		}
		if err := s.row(row, cells...); err != nil {
			return err
		}
		row++
	}
	if err := s.row(row, excelize.Cell{StyleID: st.subtitle,
		Value: "注：绿色为达标，红色为未达标，— 表示无可统计的数据。考核得分按月度考核的权重与评分规则计算；排名依次按得分、达标项数、未达标项数。"}); err != nil {
		return err
	}

	// the ranking, best first
	row += 2
	if err := s.row(row, excelize.Cell{StyleID: st.totalLabel, Value: "商场排名"}); err != nil {
		return err
	}
	if err := s.header(row+1, 1, "名次", "商场", "考核得分", "达标项数", "未达标项数"); err != nil {
		return err
	}
	ranked := make([]*kpi.MallFigures, len(malls))
	for i := range malls {
		ranked[i] = &malls[i]
	}
	sort.Slice(ranked, func(a, b int) bool { return ranked[a].Rank < ranked[b].Rank })
	for i, m := range ranked {
		if err := s.row(row+2+i, excelize.Cell{StyleID: st.count, Value: m.Rank},
			excelize.Cell{StyleID: st.text, Value: fmt.Sprintf("%s（%s）", m.Name, m.Code)},
			excelize.Cell{StyleID: st.score, Value: m.Score},
			excelize.Cell{StyleID: st.count, Value: m.Met}, excelize.Cell{StyleID: st.count, Value: m.Missed}); err != nil {
			return err
		}
	}
	lastCol := colName(2 + len(malls))
	return s.chart(cellName(4+len(malls), headerRow), "各商场考核得分", excelize.Chart{Type: excelize.Col,
		Dimension: excelize.ChartDimension{Width: 560, Height: 300},
		Series: []excelize.ChartSeries{{Name: s.cell("A", scoreRow),
			Categories: s.rowRef(headerRow, "C", lastCol), Values: s.rowRef(scoreRow, "C", lastCol)}},
	})
}

// judgedKind maps a metric's print kind to a judged style.
func judgedKind(kind string) string {
	if kind == "pct" || kind == "hours" {
		return kind
	}
	return "count"
}
