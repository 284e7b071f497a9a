package shops

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/security"

	"mallcare/domain"
)

// Register binds the /api/shops routes (admins of the mall only).
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/shops")
		g.Bind(apis.RequireAuth("users"))
		g.POST("/preview", preview).Bind(apis.BodyLimit(MaxFileBytes + 1<<20))
		g.POST("/import", start)
		g.GET("/import/{id}", progress)
		g.GET("/export", export)
		return se.Next()
	})
}

func requireMallAdmin(e *core.RequestEvent, mall string) error {
	if mall == "" {
		return e.BadRequestError("请指定商场 (mall is required)", nil)
	}
	if e.Auth.GetString("role") != domain.RoleAdmin || !slices.Contains(e.Auth.GetStringSlice("malls"), mall) {
		return e.ForbiddenError("只有本商场的管理员可以导入或导出商铺 (only an admin of the mall imports or exports shops)", nil)
	}
	return nil
}

// preview: POST /api/shops/preview (multipart: mall, file) — what the file
// would do, row by row; nothing is written.
func preview(e *core.RequestEvent) error {
	mall := e.Request.FormValue("mall")
	if err := requireMallAdmin(e, mall); err != nil {
		return err
	}
	file, header, err := e.Request.FormFile("file")
	if err != nil {
		return e.BadRequestError("请选择要导入的文件 (choose a file to import)", nil)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxFileBytes+1))
	if err != nil {
		return e.BadRequestError("无法读取文件 (cannot read the file)", err)
	}
	if len(data) > MaxFileBytes {
		return e.BadRequestError(fmt.Sprintf("文件不能超过 %d MB (the file must be at most %d MB)", MaxFileBytes>>20, MaxFileBytes>>20), nil)
	}
	rows, err := Parse(header.Filename, data)
	if err != nil {
		return e.BadRequestError(err.Error(), nil)
	}
	checked, err := Check(e.App, mall, rows)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"rows": checked, "counts": counts(checked)})
}

func counts(rows []Checked) map[string]int {
	out := map[string]int{New: 0, Changed: 0, Unchanged: 0, Invalid: 0}
	for _, r := range rows {
		out[r.Status]++
	}
	return out
}

type importBody struct {
	Mall  string `json:"mall"`
	Rows  []Row  `json:"rows"`
	Check bool   `json:"check"` // only check the rows (the preview of edited rows)
}

// start: POST /api/shops/import {mall, rows} — the rows as the preview
// shows them (fixed there if need be) are checked again; any invalid row
// refuses the whole import (400, every bad line with its reason); otherwise
// a job writes them all in one transaction (202, poll its progress).
func start(e *core.RequestEvent) error {
	var body importBody
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("请求格式错误 (malformed request body)", err)
	}
	if err := requireMallAdmin(e, body.Mall); err != nil {
		return err
	}
	if len(body.Rows) == 0 || len(body.Rows) > MaxRows {
		return e.BadRequestError(fmt.Sprintf("请导入 1 到 %d 行 (import 1 to %d rows)", MaxRows, MaxRows), nil)
	}
	checked, err := Check(e.App, body.Mall, body.Rows)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if body.Check {
		return e.JSON(http.StatusOK, map[string]any{"rows": checked, "counts": counts(checked)})
	}
	// every bad line, as a field error "line_<n>" with its reason
	bad := validation.Errors{}
	var first *Checked
	for i, c := range checked {
		if c.Status == Invalid {
			bad[fmt.Sprintf("line_%d", c.Line)] = validation.NewError("mallcare_bad_row", c.Reason)
			if first == nil {
				first = &checked[i]
			}
		}
	}
	if first != nil {
		return router.NewBadRequestError(fmt.Sprintf("有 %d 行无法导入，未导入任何商铺；第 %d 行：%s (%d rows cannot be imported; nothing was imported)",
			len(bad), first.Line, first.Reason, len(bad)), bad)
	}
	j := newJob(e.Auth.Id, len(checked))
	go j.run(e.App, body.Mall, checked)
	return e.JSON(http.StatusAccepted, j.snapshot())
}

// Job is an import being written; the app polls it for progress.
type Job struct {
	ID      string `json:"id"`
	Status  string `json:"status"` // running | done | failed
	Total   int    `json:"total"`
	Done    int    `json:"done"`
	Created int    `json:"created"`
	Updated int    `json:"updated"`
	Error   string `json:"error,omitempty"`
	owner   string
	at      time.Time
}

var jobs = struct {
	sync.Mutex
	byID map[string]*Job
}{byID: map[string]*Job{}}

func newJob(owner string, total int) *Job {
	j := &Job{ID: security.RandomString(15), Status: "running", Total: total, owner: owner, at: time.Now()}
	jobs.Lock()
	defer jobs.Unlock()
	for id, old := range jobs.byID {
		if time.Since(old.at) > time.Hour {
			delete(jobs.byID, id)
		}
	}
	jobs.byID[j.ID] = j
	return j
}

func (j *Job) snapshot() Job {
	jobs.Lock()
	defer jobs.Unlock()
	return *j
}

func (j *Job) update(fn func(j *Job)) {
	jobs.Lock()
	defer jobs.Unlock()
	fn(j)
}

// run writes every row in one transaction: a failure anywhere rolls back
// all of them, and says at which line.
func (j *Job) run(app core.App, mall string, rows []Checked) {
	var created, updated int
	err := app.RunInTransaction(func(tx core.App) error {
		col, err := tx.FindCachedCollectionByNameOrId("shops")
		if err != nil {
			return err
		}
		for i, r := range rows {
			var rec *core.Record
			switch r.Status {
			case New:
				rec = core.NewRecord(col)
				rec.Set("mall", mall)
				created++
			case Changed:
				if rec, err = tx.FindRecordById("shops", r.ShopID); err != nil {
					return fmt.Errorf("第 %d 行的商铺已不存在 (the shop of line %d is gone)", r.Line, r.Line)
				}
				updated++
			}
			if rec != nil {
				for _, c := range Columns {
					rec.Set(c.Field, *r.field(c.Field))
				}
				rec.Set("closed", false)
				if err := tx.Save(rec); err != nil {
					return fmt.Errorf("第 %d 行无法保存 (line %d could not be saved): %v", r.Line, r.Line, err)
				}
			}
			if i%50 == 0 || i == len(rows)-1 {
				j.update(func(j *Job) { j.Done = i + 1 })
			}
		}
		return nil
	})
	j.update(func(j *Job) {
		if err != nil {
			j.Status, j.Error, j.Done = "failed", "未导入任何商铺："+err.Error(), 0
			return
		}
		j.Status, j.Created, j.Updated, j.Done = "done", created, updated, j.Total
	})
}

// progress: GET /api/shops/import/{id} — only its starter sees it.
func progress(e *core.RequestEvent) error {
	jobs.Lock()
	j, ok := jobs.byID[e.Request.PathValue("id")]
	jobs.Unlock()
	if !ok || j.owner != e.Auth.Id {
		return e.NotFoundError("导入任务不存在或已过期 (no such import)", nil)
	}
	return e.JSON(http.StatusOK, j.snapshot())
}

// export: GET /api/shops/export?mall=<id> — the mall's shops as .xlsx.
func export(e *core.RequestEvent) error {
	mall := e.Request.URL.Query().Get("mall")
	if err := requireMallAdmin(e, mall); err != nil {
		return err
	}
	m, err := e.App.FindRecordById("malls", mall)
	if err != nil {
		return e.NotFoundError("商场不存在 (unknown mall)", nil)
	}
	recs, err := e.App.FindRecordsByFilter("shops", "mall = {:m}", "floor,booth,name", 0, 0, map[string]any{"m": mall})
	if err != nil {
		return e.InternalServerError("", err)
	}
	rows := make([]map[string]string, len(recs))
	for i, r := range recs {
		row := map[string]string{"status": "营业中"}
		if r.GetBool("closed") {
			row["status"] = "已关闭"
		}
		for _, c := range Columns {
			row[c.Field] = r.GetString(c.Field)
		}
		rows[i] = row
	}
	data, err := Export(rows)
	if err != nil {
		return e.InternalServerError("", err)
	}
	name := "商铺_" + m.GetString("code") + ".xlsx"
	e.Response.Header().Set("Content-Disposition", `attachment; filename="shops.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	return e.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data)
}
