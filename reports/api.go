package reports

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/clock"
	"mallcare/domain"
	"mallcare/reports/kpi"
	"mallcare/reports/period"
	"mallcare/reports/workbook"
	"mallcare/signedlink"
)

// DownloadPurpose binds download tokens to report downloads (signedlink).
const DownloadPurpose = "report-download"

// LinkTTL is how long a download link works.
const LinkTTL = 10 * time.Minute

// api serves /api/reports with the server's clock.
type api struct{ clock clock.Clock }

func bindRoutes(se *core.ServeEvent, a *api) {
	g := se.Router.Group("/api/reports")
	g.POST("/generate", a.generateHandler).Bind(apis.RequireAuth("users"))
	g.GET("/jobs/{id}", jobHandler).Bind(apis.RequireAuth("users"))
	g.POST("/{id}/link", linkHandler).Bind(apis.RequireAuth("users"))
	g.GET("/download/{token}", downloadHandler)
	g.GET("/kpis", a.kpisHandler).Bind(apis.RequireAuth("users"))
	g.GET("/compare", a.compareHandler).Bind(apis.RequireAuth("users"))
	g.GET("/plans", a.plansHandler).Bind(apis.RequireAuth("users"))
}

// requireMallAdmin lets through admins of every one of mallIDs.
func requireMallAdmin(e *core.RequestEvent, mallIDs ...string) error {
	if e.Auth.GetString("role") != domain.RoleAdmin {
		return e.ForbiddenError("只有管理员可以查看和生成报表 (only admins can see or generate reports)", nil)
	}
	mine := e.Auth.GetStringSlice("malls")
	for _, id := range mallIDs {
		if !slices.Contains(mine, id) {
			return e.ForbiddenError("您不是该商场的管理员 (you are not an admin of mall "+id+")", nil)
		}
	}
	return nil
}

// adminsMall is the ?mall= of a request by an admin of that mall.
func adminsMall(e *core.RequestEvent) (kpi.Mall, error) {
	id := e.Request.URL.Query().Get("mall")
	if id == "" {
		return kpi.Mall{}, e.BadRequestError("请指定商场 (mall is required)", nil)
	}
	if err := requireMallAdmin(e, id); err != nil {
		return kpi.Mall{}, err
	}
	mall, err := kpi.LoadMall(e.App, id)
	if err != nil {
		return kpi.Mall{}, e.BadRequestError(err.Error(), nil)
	}
	return mall, nil
}

type generateBody struct {
	Malls  []string `json:"malls"`
	Kind   string   `json:"kind"`
	Period string   `json:"period"`
	Group  bool     `json:"group"` // one group workbook (集团汇总) instead of one per mall
}

func (a *api) generateHandler(e *core.RequestEvent) error {
	var body generateBody
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("请求格式错误 (malformed request body)", err)
	}
	if len(body.Malls) == 0 || len(body.Malls) > 20 {
		return e.BadRequestError("请选择 1 到 20 个商场 (choose 1 to 20 malls)", nil)
	}
	if err := requireMallAdmin(e, body.Malls...); err != nil {
		return err
	}
	for _, id := range body.Malls {
		mall, err := kpi.LoadMall(e.App, id)
		if err != nil {
			return e.BadRequestError(err.Error(), nil)
		}
		if body.Period == "" {
			return e.BadRequestError("请填写周期，如 2026-W47 或 2026-11 (period is required)", nil)
		}
		if _, err := period.Parse(body.Kind, body.Period, mall.Loc); err != nil {
			return e.BadRequestError(err.Error(), nil)
		}
	}
	j := newJob(e.Auth.Id, body.Kind, body.Period, body.Malls)
	if body.Group {
		if len(body.Malls) < 2 {
			return e.BadRequestError("集团汇总至少需要两个商场 (a group workbook needs at least two malls)", nil)
		}
		j.Group = true
		go runGroupJob(e.App, a.clock, j, slices.Clone(body.Malls), e.Auth.Id)
	} else {
		go runJob(e.App, a.clock, j, slices.Clone(body.Malls), e.Auth.Id)
	}
	snap, _ := jobSnapshot(j.ID)
	return e.JSON(http.StatusAccepted, snap)
}

func jobHandler(e *core.RequestEvent) error {
	j, ok := jobSnapshot(e.Request.PathValue("id"))
	if !ok || j.owner != e.Auth.Id {
		return e.NotFoundError("任务不存在或已过期 (no such job)", nil)
	}
	return e.JSON(http.StatusOK, j)
}

func linkHandler(e *core.RequestEvent) error {
	rec, err := findReport(e.App, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("报表不存在 (no such report)", nil)
	}
	if rec.Collection().Name == "group_reports" && rec.GetString("generated_by") != e.Auth.Id {
		return e.NotFoundError("报表不存在 (no such report)", nil)
	}
	if err := requireMallAdmin(e, reportMalls(rec)...); err != nil {
		return err
	}
	if rec.GetString("file") == "" {
		return e.NotFoundError("报表文件尚未生成 (the report has no file yet)", nil)
	}
	token, err := signedlink.Sign(e.App, DownloadPurpose, map[string]any{"rid": rec.Id}, LinkTTL)
	if err != nil {
		return e.InternalServerError("", err)
	}
	path := "/api/reports/download/" + token
	return e.JSON(http.StatusOK, map[string]any{
		"path":    path,
		"url":     strings.TrimRight(e.App.Settings().Meta.AppURL, "/") + path,
		"expires": time.Now().Add(LinkTTL).UTC(),
		"name":    reportFileName(e.App, rec),
	})
}

// findReport finds a mall's report or a group report by id.
func findReport(app core.App, id string) (*core.Record, error) {
	rec, err := app.FindRecordById("reports", id)
	if err != nil {
		rec, err = app.FindRecordById("group_reports", id)
	}
	return rec, err
}

// reportMalls are the malls a report is about.
func reportMalls(rec *core.Record) []string {
	if rec.Collection().Name == "group_reports" {
		return rec.GetStringSlice("malls")
	}
	return []string{rec.GetString("mall")}
}

func reportFileName(app core.App, rec *core.Record) string {
	if rec.Collection().Name == "group_reports" {
		var codes []string
		for _, id := range rec.GetStringSlice("malls") {
			if m, err := app.FindRecordById("malls", id); err == nil {
				codes = append(codes, m.GetString("code"))
			}
		}
		slices.Sort(codes)
		return workbook.GroupFileName(rec.GetString("kind"), codes, rec.GetString("period"))
	}
	code := rec.GetString("mall")
	if m, err := app.FindRecordById("malls", code); err == nil {
		code = m.GetString("code")
	}
	return workbook.FileName(code, period.Period{Kind: rec.GetString("kind"), Name: rec.GetString("period")})
}

func downloadHandler(e *core.RequestEvent) error {
	claims, err := signedlink.Verify(e.App, DownloadPurpose, e.Request.PathValue("token"))
	switch {
	case errors.Is(err, signedlink.ErrExpired):
		return e.ForbiddenError("下载链接已过期，请在报表页重新获取 (the download link has expired; get a new one from the reports page)", nil)
	case err != nil:
		return e.ForbiddenError("下载链接无效 (the download link is invalid)", nil)
	}
	rid, _ := claims["rid"].(string)
	rec, err := findReport(e.App, rid)
	if err != nil || rec.GetString("file") == "" {
		return e.NotFoundError("报表已被删除 (the report no longer exists)", nil)
	}
	fsys, err := e.App.NewFilesystem()
	if err != nil {
		return e.InternalServerError("", err)
	}
	defer fsys.Close()
	name := reportFileName(e.App, rec)
	e.Response.Header().Set("Content-Disposition", `attachment; filename="report.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	e.Response.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	e.Response.Header().Set("Cache-Control", "no-store")
	return fsys.Serve(e.Response, e.Request, rec.BaseFilesPath()+"/"+rec.GetString("file"), name)
}

// kpisHandler: the headline KPIs of one mall and period for the app's report
// page; the period defaults to the running one (cut at now).
func (a *api) kpisHandler(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	kind, name := q.Get("kind"), q.Get("period")
	mall, err := adminsMall(e)
	if err != nil {
		return err
	}
	if kind == "" {
		kind = period.Weekly
	}
	now := a.clock.Now()
	var p period.Period
	if name == "" {
		if kind != period.Weekly && kind != period.Monthly {
			return e.BadRequestError("报表类型应为 weekly 或 monthly (kind must be weekly or monthly)", nil)
		}
		p = period.Of(kind, now.In(mall.Loc))
	} else if p, err = period.Parse(kind, name, mall.Loc); err != nil {
		return e.BadRequestError(err.Error(), nil)
	}
	from, to := kpi.Span(p)
	d, err := kpi.Load(e.App, mall, from, to)
	if err != nil {
		return e.InternalServerError("", err)
	}
	k := kpi.Compute(d, p, now)
	// the periods the workbook compares with: last week, or the three months before
	history := []kpi.KPIs{}
	for q := p.Prev(); !q.Start.Before(from); q = q.Prev() {
		history = append([]kpi.KPIs{kpi.Compute(d, q, q.End)}, history...)
	}
	out := map[string]any{"mall": mall.ID, "mall_code": mall.Code, "kind": p.Kind, "period": p.Name,
		"label": p.Label(), "final": !now.Before(p.End), "kpis": k, "history": history, "targets": kpi.Targets(&k)}
	if p.Kind == period.Monthly {
		a, total := kpi.Assess(&k)
		out["assessment"], out["total"] = a, total
	}
	return e.JSON(http.StatusOK, out)
}

// compareHandler: the malls side by side for the report page's HQ view
// (the figures of 集团汇总), for the running period unless one is named.
func (a *api) compareHandler(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	ids := strings.Split(q.Get("malls"), ",")
	if q.Get("malls") == "" || len(ids) > 20 {
		return e.BadRequestError("请选择 1 到 20 个商场 (choose 1 to 20 malls)", nil)
	}
	if err := requireMallAdmin(e, ids...); err != nil {
		return err
	}
	kind, name := q.Get("kind"), q.Get("period")
	if kind != period.Weekly && kind != period.Monthly {
		return e.BadRequestError("报表类型应为 weekly 或 monthly (kind must be weekly or monthly)", nil)
	}
	now := a.clock.Now()
	out := make([]kpi.MallFigures, 0, len(ids))
	label, final := "", true
	for _, id := range ids {
		mall, err := kpi.LoadMall(e.App, id)
		if err != nil {
			return e.BadRequestError(err.Error(), nil)
		}
		p := period.Of(kind, now.In(mall.Loc))
		if name != "" {
			if p, err = period.Parse(kind, name, mall.Loc); err != nil {
				return e.BadRequestError(err.Error(), nil)
			}
		}
		d, err := kpi.Load(e.App, mall, p.Start, p.End)
		if err != nil {
			return e.InternalServerError("", err)
		}
		out = append(out, kpi.Figures(mall, kpi.Compute(d, p, now)))
		label, final, name = p.Label(), final && !now.Before(p.End), p.Name
	}
	kpi.Rank(out)
	return e.JSON(http.StatusOK, map[string]any{"kind": kind, "period": name, "label": label, "final": final, "malls": out})
}

// plansHandler: the inspection plans of a mall overlapping a month, each
// with the inspections done for it so far (the plan screen's progress).
func (a *api) plansHandler(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	mall, err := adminsMall(e)
	if err != nil {
		return err
	}
	now := a.clock.Now()
	p := period.MonthOf(now.In(mall.Loc))
	if name := q.Get("month"); name != "" {
		if p, err = period.Parse(period.Monthly, name, mall.Loc); err != nil {
			return e.BadRequestError(err.Error(), nil)
		}
	}
	d, err := kpi.Load(e.App, mall, p.Start, p.End)
	if err != nil {
		return e.InternalServerError("", err)
	}
	type row struct {
		ID       string    `json:"id"`
		Floor    string    `json:"floor"`
		Zone     string    `json:"zone"`
		Period   string    `json:"period"`
		Start    time.Time `json:"start"`
		End      time.Time `json:"end"`
		Assignee string    `json:"assignee"`
		Target   float64   `json:"target"`
		Done     int       `json:"done"`
	}
	rows := []row{}
	for _, pl := range kpi.PlanProgress(d, p.Start, p.End, now) {
		rows = append(rows, row{pl.ID, pl.Floor, pl.Zone, pl.Period, pl.Start, pl.End, pl.AssigneeID, pl.Target, pl.Done})
	}
	return e.JSON(http.StatusOK, map[string]any{"mall": mall.ID, "month": p.Name, "plans": rows})
}
