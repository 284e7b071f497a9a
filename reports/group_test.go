package reports_test

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/reports"
)

// groupBook makes the group workbook of AA and BB (BB with a complaint of
// its own) and the two malls' own workbooks, for kind/period.
func groupBook(t *testing.T, fx *fixture, kind, period string) (group *sheetReader, own map[string]*sheetReader, rec *core.Record) {
	t.Helper()
	env := fx.env
	var progress []int
	rec, err := reports.GenerateGroup(env.TestApp, reports.GroupRequest{
		MallIDs: []string{env.Malls["BB"].Id, env.Malls["AA"].Id}, Kind: kind, Period: period,
		By: env.Users["admin@HQ"].Id, At: env.Clock.Now(), Progress: func(n int) { progress = append(progress, n) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(progress, []int{1, 2}) {
		t.Errorf("progress %v, want one step per mall", progress)
	}
	own = map[string]*sheetReader{}
	for _, code := range []string{"AA", "BB"} {
		r, err := reports.Generate(env.TestApp, reports.Request{MallID: env.Malls[code].Id, Kind: kind, Period: period, Source: "demand", At: env.Clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		own[code] = openBook(t, readFile(t, env, r))
	}
	return openBook(t, readFile(t, env, rec)), own, rec
}

// TestGroupWorkbook: 集团汇总 first, then each mall's sheets, cell for cell
// the same as that mall's own workbook; the summary's figures, verdicts,
// scores and ranking are the malls' own.
func TestGroupWorkbook(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	env := fx.env
	env.Clock.Set(L(11, 20, 10, 0))
	env.Create(t, "complaints", map[string]any{"mall": env.Malls["BB"].Id, "channel": "desk", "target": "shop",
		"customer_name": "乙", "description": "BB 的投诉", "severity": "general"})
	env.Clock.Set(L(12, 1, 0, 30))

	for _, c := range []struct{ kind, period, summary string }{
		{"monthly", "2026-11", "月度考核"}, {"weekly", "2026-W47", "周报汇总"},
	} {
		g, own, rec := groupBook(t, fx, c.kind, c.period)
		sheets := g.f.GetSheetList()
		if sheets[0] != "集团汇总" {
			t.Fatalf("%s: first sheet %q", c.kind, sheets[0])
		}
		for _, code := range []string{"AA", "BB"} {
			for _, name := range own[code].f.GetSheetList() {
				if !slices.Contains(sheets, code+" "+name) {
					t.Errorf("%s: no sheet %q in %v", c.kind, code+" "+name, sheets)
					continue
				}
				want, _ := own[code].f.GetRows(name, excelizeRaw)
				got, _ := g.f.GetRows(code+" "+name, excelizeRaw)
				if strings.Join(flatten(want), "|") != strings.Join(flatten(got), "|") {
					t.Errorf("%s %s %s: the group's sheet differs from the mall's own", c.kind, code, name)
				}
			}
		}
		if len(sheets) != 1+len(own["AA"].f.GetSheetList())+len(own["BB"].f.GetSheetList()) {
			t.Errorf("%s: sheets %v", c.kind, sheets)
		}

		// 集团汇总: AA in column C, BB in D (code order), each its own figures
		gs := "集团汇总"
		g.text(gs, "C3", "Mall AA（AA）")
		g.text(gs, "D3", "Mall BB（BB）")
		rows := g.rowsByLabel(gs)
		row := func(label string) string {
			t.Helper()
			n, ok := rows[label]
			if !ok {
				t.Fatalf("%s: no row %q", c.kind, label)
			}
			return itoa(n)
		}
		ownRows := own["AA"].rowsByLabel(c.summary)
		if c.kind == "monthly" {
			// the score is the mall's own 月度考核 total
			g.num(gs, "C"+row("考核得分"), f(59.36))
			g.text(gs, "C"+row("重大投诉"), "1")
			_, fill := g.style(gs, "C"+row("重大投诉"))
			if fill != "FFC7CE" {
				t.Errorf("AA's major complaint not marked as missed: %q", fill)
			}
			g.num(gs, "C"+row("一般投诉处理率"), f(0.7))
			_, fill = g.style(gs, "D"+row("重大投诉"))
			if fill != "C6EFCE" {
				t.Errorf("BB's no major complaint not marked as met: %q", fill)
			}
		} else {
			g.text(gs, "C"+row("投诉受理数"), own["AA"].shown(c.summary, "B"+itoa(ownRows["投诉受理数"])))
			g.text(gs, "D"+row("投诉受理数"), "1")
		}
		// BB (one complaint, no misses counted) ranks above AA
		g.text(gs, "C"+row("综合排名"), "2")
		g.text(gs, "D"+row("综合排名"), "1")
		rank := rows["商场排名"] + 2
		g.text(gs, "B"+itoa(rank), "Mall BB（BB）")
		g.text(gs, "B"+itoa(rank+1), "Mall AA（AA）")
		if rec.GetString("mall_set") == "" || len(rec.GetStringSlice("malls")) != 2 {
			t.Errorf("stored %v", rec.PublicExport())
		}
	}
}

// TestGroupJobAPI: an HQ admin's group job, its progress, the link; a
// single-mall admin is refused; a group needs two malls.
func TestGroupJobAPI(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	env := fx.env
	both := []string{env.Malls["AA"].Id, env.Malls["BB"].Id}
	body := map[string]any{"malls": both, "kind": "weekly", "period": "2026-W47", "group": true}
	if res := env.Do(t, "POST", "/api/reports/generate", "admin@AA", body); res.Status != 403 {
		t.Errorf("admin of AA made a group of AA and BB: %d", res.Status)
	}
	one := map[string]any{"malls": both[:1], "kind": "weekly", "period": "2026-W47", "group": true}
	if res := env.Do(t, "POST", "/api/reports/generate", "admin@HQ", one); res.Status != 400 || !strings.Contains(string(res.Body), "两个商场") {
		t.Errorf("a group of one: %d %s", res.Status, res.Body)
	}
	res := env.Do(t, "POST", "/api/reports/generate", "admin@HQ", body)
	if res.Status != 202 || res.JSON()["group"] != true || res.JSON()["total"] != float64(2) {
		t.Fatalf("group job: %d %s", res.Status, res.Body)
	}
	done := waitJob(t, fx, res.JSON()["id"].(string), "admin@HQ")
	results := done["results"].([]any)
	if done["status"] != "done" || done["done"] != float64(2) || len(results) != 1 {
		t.Fatalf("job %v", done)
	}
	id := results[0].(map[string]any)["group"].(string)
	// only its maker sees it and mints links for it
	if l := env.Do(t, "GET", "/api/collections/group_reports/records", "admin@AA", nil); l.JSON()["totalItems"] != float64(0) {
		t.Errorf("another admin lists the group report: %s", l.Body)
	}
	if r := env.Do(t, "POST", "/api/reports/"+id+"/link", "admin@AA", nil); r.Status != 404 {
		t.Errorf("another admin minted a link: %d", r.Status)
	}
	link := env.Do(t, "POST", "/api/reports/"+id+"/link", "admin@HQ", nil)
	if link.Status != 200 || link.JSON()["name"] != "集团周报表_AA-BB_2026-W47.xlsx" {
		t.Fatalf("link %d %s", link.Status, link.Body)
	}
	req := httptest.NewRequest("GET", link.JSON()["path"].(string), nil)
	w := httptest.NewRecorder()
	env.Handler(t).ServeHTTP(w, req)
	if w.Code != 200 {
		t.Fatalf("download %d", w.Code)
	}
	openBook(t, w.Body.Bytes()).text("集团汇总", "A1", "集团客服中心周报汇总")
	// the maker hears it is ready, with the record to open
	n, err := env.FindFirstRecordByFilter("notifications", "user = {:u} && kind = 'report_ready'", map[string]any{"u": env.Users["admin@HQ"].Id})
	if err != nil || n.GetString("group_report") != id {
		t.Errorf("report_ready notice: %v %v", n, err)
	}

	// the page's comparison: the same figures, ranked
	cmp := env.Do(t, "GET", "/api/reports/compare?kind=weekly&period=2026-W47&malls="+both[0]+","+both[1], "admin@HQ", nil)
	if cmp.Status != 200 {
		t.Fatalf("compare %d %s", cmp.Status, cmp.Body)
	}
	malls := cmp.JSON()["malls"].([]any)
	aa := malls[0].(map[string]any)
	if aa["code"] != "AA" || aa["kpis"].(map[string]any)["received"] != float64(7) || aa["rank"] != float64(2) {
		t.Errorf("compare AA %v", aa)
	}
	if r := env.Do(t, "GET", "/api/reports/compare?kind=weekly&malls="+both[0]+","+both[1], "admin@AA", nil); r.Status != 403 {
		t.Errorf("admin of AA compared with BB: %d", r.Status)
	}
}
