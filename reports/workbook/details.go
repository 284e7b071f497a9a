package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"mallcare/reports/kpi"
	"mallcare/reports/period"
)

// The detail sheets, shared by the weekly and the monthly workbook.

// sheetWriter carries what every sheet of one workbook needs.
type sheetWriter struct {
	f     *excelize.File
	st    *styles
	d     *kpi.Data
	p     period.Period
	opts  Options
	index map[string]int // complaint id → position in d.Complaints
	// prefix goes before every sheet name: a group workbook holds the
	// sheets of several malls ("AA 周报汇总")
	prefix string
}

func (w *sheetWriter) subtitle() string {
	return fmt.Sprintf("商场：%s（%s）    统计周期：%s    时区：%s", w.d.Mall.Name, w.d.Mall.Code, w.p.Label(), w.d.Mall.Loc.String())
}

func (w *sheetWriter) phone(p string) string {
	if w.opts.MaskPhones {
		return MaskPhone(p)
	}
	return p
}

func (w *sheetWriter) number(t *kpi.ComplaintText) any {
	if w.opts.AppURL == "" {
		return t.Number
	}
	return excelize.Cell{StyleID: w.st.link, Formula: hyperlinkFormula(ComplaintLink(w.opts.AppURL, t.ID), t.Number).Formula, Value: t.Number}
}

// complaintIndex finds a complaint's KPI row by id.
func (w *sheetWriter) complaintIndex() map[string]int {
	if w.index == nil {
		w.index = make(map[string]int, len(w.d.Complaints))
		for i := range w.d.Complaints {
			w.index[w.d.Complaints[i].ID] = i
		}
	}
	return w.index
}

// eachRegisterRow pairs the streamed texts with their KPI rows.
func (w *sheetWriter) eachRegisterRow(phoneStaff bool, fn func(c *kpi.Complaint, t *kpi.ComplaintText) error) error {
	index := w.complaintIndex()
	return w.d.ComplaintTexts(w.p, phoneStaff, func(t *kpi.ComplaintText) error {
		i, ok := index[t.ID]
		if !ok { // written between the two reads: left for the next run
			return nil
		}
		return fn(&w.d.Complaints[i], t)
	})
}

// complaintRegister is form 二 消费者投诉处理登记表 (and the monthly 投诉明细).
func (w *sheetWriter) complaintRegister(sheet, title string) error {
	st := w.st
	cols := []col{
		{"序号", 6, st.count}, {"投诉编号", 17, st.text}, {"登记时间", 16, st.date}, {"渠道", 8, st.text},
		{"顾客姓名", 10, st.text}, {"联系电话", 13, st.text}, {"投诉对象", 10, st.text}, {"商铺", 14, st.text},
		{"投诉事由", 36, st.text}, {"顾客诉求", 24, st.text}, {"严重程度", 8, st.text}, {"处理方案", 30, st.text},
		{"处理类型", 9, st.text}, {"金额（元）", 11, st.money}, {"处理人", 10, st.text}, {"状态", 9, st.text},
		{"处理时长（小时）", 10, st.hours}, {"是否超时", 8, st.text}, {"回访结果", 10, st.text},
	}
	loc := w.d.Mall.Loc
	return w.table(sheet, title, cols, func(emit func([]any) error) error {
		n := 0
		return w.eachRegisterRow(false, func(c *kpi.Complaint, t *kpi.ComplaintText) error {
			n++
			var dur any
			if !c.ResolvedAt.IsZero() {
				dur = kpi.ResolutionHours(c)
			}
			var amount any
			if c.Amount > 0 {
				amount = c.Amount
			}
			return emit([]any{n, w.number(t), excelTime(c.RegisteredAt, loc), channelLabel(c.Channel),
				t.CustomerName, w.phone(t.Phone), targetLabel(c.Target), c.ShopName,
				t.Description, t.Demand, severityLabel(c.Severity), t.Plan,
				resolutionLabel(c.ResolutionType), amount, c.HandlerName, statusLabel(c.Status),
				dur, yesNo(kpi.LateAt(c, w.p.End)), verdictLabel(c.Verdict)})
		})
	})
}

// phoneRegister is form 一 顾客电话投诉员工登记表: phone complaints about staff.
func (w *sheetWriter) phoneRegister(sheet string) error {
	st := w.st
	cols := []col{
		{"序号", 6, st.count}, {"投诉编号", 17, st.text}, {"来电时间", 16, st.date}, {"顾客姓名", 10, st.text},
		{"联系电话", 13, st.text}, {"被投诉部门/商铺", 16, st.text}, {"投诉内容", 40, st.text}, {"顾客诉求", 24, st.text},
		{"处理方案", 30, st.text}, {"处理人", 10, st.text}, {"状态", 9, st.text}, {"回访结果", 10, st.text},
	}
	loc := w.d.Mall.Loc
	return w.table(sheet, "顾客电话投诉员工登记表", cols, func(emit func([]any) error) error {
		n := 0
		return w.eachRegisterRow(true, func(c *kpi.Complaint, t *kpi.ComplaintText) error {
			n++
			return emit([]any{n, w.number(t), excelTime(c.RegisteredAt, loc), t.CustomerName, w.phone(t.Phone),
				c.ShopName, t.Description, t.Demand, t.Plan, c.HandlerName, statusLabel(c.Status),
				verdictLabel(c.Verdict)})
		})
	})
}

// inspections: one row per inspection submitted in the period.
func (w *sheetWriter) inspections(sheet, title string) error {
	st := w.st
	cols := []col{
		{"序号", 6, st.count}, {"检查时间", 16, st.date}, {"楼层/区域", 12, st.text}, {"商铺", 16, st.text},
		{"检查人", 10, st.text}, {"得分", 8, st.hours}, {"合格项数", 9, st.count}, {"不合格项数", 10, st.count},
	}
	loc := w.d.Mall.Loc
	return w.table(sheet, title, cols, func(emit func([]any) error) error {
		n := 0
		for i := range w.d.Inspections {
			in := &w.d.Inspections[i]
			if !w.p.Contains(in.FinishedAt) {
				continue
			}
			n++
			area := in.Floor
			if in.Zone != "" {
				area += "/" + in.Zone
			}
			if err := emit([]any{n, excelTime(in.FinishedAt, loc), area, in.ShopName, in.InspectorName,
				in.Score, in.Passed, in.Failed}); err != nil {
				return err
			}
		}
		return nil
	})
}

// rectifications: one row per rectification open at any time in the period.
func (w *sheetWriter) rectifications(sheet string) error {
	st := w.st
	cols := []col{
		{"序号", 6, st.count}, {"商铺", 16, st.text}, {"楼层", 8, st.text}, {"问题", 44, st.text},
		{"开单时间", 16, st.date}, {"整改期限", 16, st.date}, {"状态", 9, st.text}, {"是否逾期", 8, st.text},
		{"完成时间", 16, st.date}, {"复查人", 10, st.text}, {"复查时间", 16, st.date},
	}
	loc := w.d.Mall.Loc
	return w.table(sheet, "整改跟踪", cols, func(emit func([]any) error) error {
		n := 0
		for i := range w.d.Rectifications {
			r := &w.d.Rectifications[i]
			if !kpi.OpenDuring(r, w.p) {
				continue
			}
			n++
			if err := emit([]any{n, r.ShopName, r.Floor, strings.ReplaceAll(r.Issue, "\n", " "),
				excelTime(r.Created, loc), excelTime(r.Deadline, loc), rectStatusLabel(r.Status),
				yesNo(kpi.RectOverdue(r, w.p.End)), excelTime(r.DoneAt, loc), r.VerifierName, excelTime(r.VerifiedAt, loc)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// surveyStats is the 满意度调查 sheet.
func (w *sheetWriter) surveyStats(sheet string) error {
	st := w.st
	cols := []col{{"调查类型", 12, st.text}, {"题目", 40, st.text}, {"回答数", 9, st.count}, {"平均分", 9, st.score}, {"满意占比（4–5分）", 14, st.pct}}
	return w.table(sheet, "满意度调查", cols, func(emit func([]any) error) error {
		for _, s := range kpi.SurveyStats(w.d, w.p) {
			if err := emit([]any{surveyKindLabel(s.Kind), s.Question, s.Responses, s.Avg, *s.Satisfied.Value}); err != nil {
				return err
			}
		}
		return nil
	})
}

// surveyDetails is the monthly 调查明细: one row per response.
func (w *sheetWriter) surveyDetails(sheet string) error {
	st := w.st
	cols := []col{{"序号", 7, st.count}, {"时间", 16, st.date}, {"调查类型", 11, st.text}, {"渠道", 9, st.text},
		{"调查点", 12, st.text}, {"商铺", 14, st.text}, {"受访人", 10, st.text}, {"总体评分", 8, st.count}, {"是否满意", 8, st.text},
		{"各题得分", 40, st.text}, {"意见", 36, st.text}}
	loc := w.d.Mall.Loc
	return w.table(sheet, "满意度调查明细", cols, func(emit func([]any) error) error {
		n := 0
		var b strings.Builder
		for i := range w.d.Responses {
			r := &w.d.Responses[i]
			if !w.p.Contains(r.Created) {
				continue
			}
			n++
			b.Reset()
			for _, q := range w.d.SurveyQuestions[r.Template] {
				if v, ok := r.Answers[q.ID]; ok {
					if b.Len() > 0 {
						b.WriteString("；")
					}
					fmt.Fprintf(&b, "%s %d", q.Text, v)
				}
			}
			if err := emit([]any{n, excelTime(r.Created, loc), surveyKindLabel(r.Kind), surveyChanLabel(r.Channel),
				r.Desk, r.ShopName, r.Respondent, r.Overall, yesNo(r.Satisfied), b.String(), r.Comment}); err != nil {
				return err
			}
		}
		return nil
	})
}
