package hooks

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/domain"
)

func bindSurveys(app core.App) {
	app.OnRecordCreate("survey_responses").BindFunc(func(e *core.RecordEvent) error {
		if err := scoreResponse(e.App, e.Record); err != nil {
			return err
		}
		return e.Next()
	})

	checkTemplate := func(field string, check func(raw []byte) error) func(e *core.RecordEvent) error {
		return func(e *core.RecordEvent) error {
			raw, _ := json.Marshal(e.Record.Get(field))
			if err := check(raw); err != nil {
				return fieldError(field, "bad_template", err.Error())
			}
			return e.Next()
		}
	}
	items := checkTemplate("items", checkTemplateItems)
	questions := checkTemplate("questions", checkQuestions)
	app.OnRecordCreate("inspection_templates").BindFunc(items)
	app.OnRecordUpdate("inspection_templates").BindFunc(items)
	app.OnRecordCreate("survey_templates").BindFunc(questions)
	app.OnRecordUpdate("survey_templates").BindFunc(questions)
}

func questionsOf(tpl *core.Record) []domain.SurveyQuestion {
	var qs []domain.SurveyQuestion
	raw, _ := json.Marshal(tpl.Get("questions"))
	_ = json.Unmarshal(raw, &qs)
	return qs
}

// scoreResponse checks the answers against the template and derives the
// overall score and verdict by domain.Overall and domain.Satisfied.
func scoreResponse(app core.App, r *core.Record) error {
	tpl, err := app.FindRecordById("survey_templates", r.GetString("template"))
	if err != nil {
		return fieldError("template", "not_found", "问卷不存在 (unknown survey template)")
	}
	r.Set("kind", tpl.GetString("kind"))
	var answers map[string]json.RawMessage
	raw, _ := json.Marshal(r.Get("answers"))
	if err := json.Unmarshal(raw, &answers); err != nil || len(answers) == 0 {
		return fieldError("answers", "bad_answers", "请至少回答一题，格式为 {题号: 1-5} (answer at least one question: {id: 1-5})")
	}
	qs := questionsOf(tpl)
	known := map[string]bool{}
	for _, q := range qs {
		known[q.ID] = true
	}
	scores := map[string]int{}
	for id, v := range answers {
		var n float64
		if !known[id] {
			return fieldError("answers", "bad_answers", fmt.Sprintf("问卷中没有题目 %q (no question %q in this survey)", id, id))
		}
		if json.Unmarshal(v, &n) != nil || n != math.Trunc(n) || n < domain.ScoreMin || n > domain.ScoreMax {
			return fieldError("answers", "bad_answers", fmt.Sprintf("题目 %q 的分数必须是 1 到 5 的整数 (score of %q must be a whole number 1-5)", id, id))
		}
		scores[id] = int(n)
	}
	overall, ok := domain.Overall(qs, scores)
	if !ok {
		return fieldError("answers", "bad_answers", "请回答总体满意度 (the overall question must be answered)")
	}
	r.Set("overall", overall)
	r.Set("satisfied", domain.Satisfied(overall))
	if r.GetString("channel") == "" {
		r.Set("channel", "staff")
	}
	if r.GetString("kind") == domain.SurveyCallback {
		return checkCallback(app, r)
	}
	return nil
}

// checkCallback: a callback survey belongs to a resolved complaint and is
// taken by someone who may record the callback on it (the app sends the
// complaint's move to 已回访 with it).
func checkCallback(app core.App, r *core.Record) error {
	if r.GetString("complaint") == "" {
		return fieldError("complaint", "required", "回访问卷需关联投诉 (a callback survey belongs to a complaint)")
	}
	c, err := app.FindRecordById("complaints", r.GetString("complaint"))
	if err != nil {
		return fieldError("complaint", "not_found", "投诉不存在 (unknown complaint)")
	}
	if c.GetDateTime("resolved_at").IsZero() {
		return fieldError("complaint", "not_resolved", "投诉尚未处理完成，处理后才能回访 (the complaint is not resolved yet; the callback follows the resolution)")
	}
	if taker := r.GetString("taken_by"); taker != "" {
		u, err := app.FindRecordById("users", taker)
		if err != nil || !slices.Contains(domain.CallbackTakers, u.GetString("role")) {
			return fieldError("complaint", "not_allowed", "只有客服人员和经理可以做投诉回访 (only complaint staff take callback surveys)")
		}
	}
	return nil
}

func checkTemplateItems(raw []byte) error {
	var list []domain.TemplateItem
	if err := json.Unmarshal(raw, &list); err != nil || len(list) == 0 {
		return fmt.Errorf("检查项必须是非空列表 [{id, section, text, weight, photo_required}] (items must be a non-empty list)")
	}
	seen := map[string]bool{}
	for i, it := range list {
		if it.ID == "" || it.Text == "" || seen[it.ID] {
			return fmt.Errorf("第 %d 项缺少编号或内容，或编号重复 (item %d needs a unique id and a text)", i+1, i+1)
		}
		if it.Weight <= 0 || it.Weight > domain.MaxItemWeight {
			return fmt.Errorf("第 %d 项的权重必须在 0 到 100 之间 (item %d weight must be in (0, 100])", i+1, i+1)
		}
		seen[it.ID] = true
	}
	return nil
}

func checkQuestions(raw []byte) error {
	var qs []domain.SurveyQuestion
	if err := json.Unmarshal(raw, &qs); err != nil || len(qs) == 0 {
		return fmt.Errorf("题目必须是非空列表 [{id, text, overall}] (questions must be a non-empty list)")
	}
	seen := map[string]bool{}
	overall := 0
	for i, q := range qs {
		if q.ID == "" || q.Text == "" || seen[q.ID] {
			return fmt.Errorf("第 %d 题缺少编号或内容，或编号重复 (question %d needs a unique id and a text)", i+1, i+1)
		}
		seen[q.ID] = true
		if q.Overall {
			overall++
		}
	}
	if overall > 1 {
		return fmt.Errorf("只能有一道总体满意度题 (at most one overall question)")
	}
	return nil
}
