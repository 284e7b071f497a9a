package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// templateItem and surveyQuestion are the JSON shapes this migration wrote
// (domain.TemplateItem and domain.SurveyQuestion are the live definitions).
type templateItem struct {
	ID            string  `json:"id"`
	Section       string  `json:"section"`
	Text          string  `json:"text"`
	Weight        float64 `json:"weight"`
	PhotoRequired bool    `json:"photo_required"`
}

type surveyQuestion struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Overall bool   `json:"overall,omitempty"`
}

// defaultInspectionItems is the floor-inspection checklist built from the
// manual (003: 标价签专员岗位规范, 总台形象规范, 总台接待人员规范 and the 六不准).
var defaultInspectionItems = []templateItem{
	{"price-complete", "明码标价", "商品均有标价签，一货一签，无漏标", 3, true},
	{"price-fields", "明码标价", "标价签信息齐全：产地、厂名、规格、基料/面料、生产标准、等级、价格", 3, true},
	{"price-unit", "明码标价", "计价单位清楚，标价与实际售价一致，无虚假折扣", 3, true},
	{"quality-label", "商品质量", "商品标识齐全（中文名称、厂名厂址、合格证），无过期、破损商品", 3, true},
	{"quality-3c", "商品质量", "需认证商品有认证标志，质检报告可查", 2, false},
	{"staff-greeting", "服务质量", "顾客靠近1.5米主动起立，3秒内问候“您好！有什么可以帮您？”", 2, false},
	{"staff-uniform", "服务质量", "着工作服、佩戴工作牌，不穿拖鞋，仪容端庄", 2, true},
	{"staff-six-no", "服务质量", "遵守六不准：不刁难、不谋私、不做无关事、不训斥争吵、不弄虚作假、不泄密", 3, false},
	{"desk-tidy", "总台形象", "总台桌面干净整齐，可见区域无衣物及无关物品", 2, true},
	{"desk-staffed", "总台形象", "营业时间总台有人在岗，来电及时准确转接", 2, false},
	{"hygiene-floor", "环境卫生", "地面、货架、橱窗清洁，无积尘、无垃圾", 2, true},
	{"hygiene-storage", "环境卫生", "库存商品码放整齐，不占用通道", 1, true},
	{"safety-exits", "安全", "安全出口、疏散通道畅通，指示灯正常", 3, true},
	{"safety-fire", "安全", "灭火器等消防器材在位、在有效期内，无遮挡", 3, true},
	{"safety-power", "安全", "电源线路规范，无私拉乱接，离店时关闭电源", 2, true},
}

var defaultSurveys = []struct {
	kind, name string
	questions  []surveyQuestion
}{
	{"customer", "顾客满意度调查", []surveyQuestion{
		{"overall", "您对本次购物/服务的总体满意度", true},
		{"staff", "导购及服务人员的服务态度", false},
		{"goods", "商品质量与明码标价", false},
		{"env", "商场环境与卫生", false},
		{"desk", "客服总台的接待与帮助", false},
	}},
	{"merchant", "商铺满意度调查", []surveyQuestion{
		{"overall", "您对商场管理服务的总体满意度", true},
		{"support", "客服中心对经营的支持与协调", false},
		{"handling", "投诉与纠纷处理的公正与及时", false},
		{"facility", "设施维护与安全管理", false},
	}},
	{"callback", "投诉回访", []surveyQuestion{
		{"overall", "您对本次投诉处理结果的满意度", true},
		{"speed", "处理速度", false},
		{"attitude", "处理人员的态度", false},
	}},
}

func init() {
	m.Register(func(app core.App) error {
		itemplates, err := app.FindCollectionByNameOrId("inspection_templates")
		if err != nil {
			return err
		}
		t := core.NewRecord(itemplates)
		t.Set("name", "商场巡场检查表（标准）")
		t.Set("items", defaultInspectionItems)
		t.Set("active", true)
		if err := app.Save(t); err != nil {
			return err
		}

		stemplates, err := app.FindCollectionByNameOrId("survey_templates")
		if err != nil {
			return err
		}
		for _, s := range defaultSurveys {
			r := core.NewRecord(stemplates)
			r.Set("kind", s.kind)
			r.Set("name", s.name)
			r.Set("questions", s.questions)
			r.Set("active", true)
			if err := app.Save(r); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range []string{"inspection_templates", "survey_templates"} {
			if _, err := app.DB().NewQuery("DELETE FROM " + name + " WHERE mall = ''").Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}
