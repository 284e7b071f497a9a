package hooks

import (
	_ "embed"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"mallcare/domain"
	"mallcare/signedlink"
)

// Public surveys: an admin mints a signed, expiring link for a service desk
// (printed as a QR code or opened on a kiosk tablet); customers and merchants
// answer without an account. The token names the mall, desk and survey kind;
// forged or expired tokens are refused, and the rate limiter (settings
// migration: /api/public/ and /s/) stops floods.

const surveyPurpose = "survey"

// surveyLink is what a public survey token carries.
type surveyLink struct {
	Mall    string `json:"mall"`
	Desk    string `json:"desk"`
	Kind    string `json:"kind"`    // customer | merchant
	Channel string `json:"channel"` // qr | kiosk
}

//go:embed survey.html
var surveyHTML string

var surveyPage = template.Must(template.New("survey").Parse(surveyHTML))

func (s *server) bindPublicSurveys(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/surveys/links", mintSurveyLink).Bind(apis.RequireAuth("users"))
		se.Router.GET("/api/public/surveys/{token}", func(e *core.RequestEvent) error {
			sv, err := openSurvey(e)
			if err != nil {
				return err
			}
			return e.JSON(http.StatusOK, map[string]any{
				"mall": sv.mall.GetString("name"), "desk": sv.link.Desk, "kind": sv.link.Kind,
				"template": sv.tpl.Id, "title": sv.tpl.GetString("name"), "questions": questionsOf(sv.tpl),
			})
		})
		se.Router.POST("/api/public/surveys/{token}", func(e *core.RequestEvent) error {
			var body struct {
				Answers map[string]any `json:"answers"`
				Comment string         `json:"comment"`
			}
			if err := e.BindBody(&body); err != nil {
				return e.BadRequestError("无法解析提交的数据 (malformed request body)", err)
			}
			sv, err := openSurvey(e)
			if err != nil {
				return err
			}
			r, err := s.submit(e, sv, body.Answers, body.Comment)
			if err != nil {
				return err
			}
			return e.JSON(http.StatusOK, map[string]any{"id": r.Id, "satisfied": r.GetBool("satisfied")})
		}).Bind(apis.BodyLimit(32 << 10))
		// a plain HTML form for phones scanning the QR code: no app, no script
		se.Router.GET("/s/{token}", func(e *core.RequestEvent) error {
			sv, err := openSurvey(e)
			return renderSurvey(e, sv, err, "")
		})
		se.Router.POST("/s/{token}", func(e *core.RequestEvent) error {
			sv, err := openSurvey(e)
			if err != nil {
				return renderSurvey(e, sv, err, "")
			}
			if err := e.Request.ParseForm(); err != nil {
				return e.BadRequestError("无法解析提交的数据 (malformed form)", err)
			}
			answers := map[string]any{}
			for key, vals := range e.Request.PostForm {
				if id, ok := strings.CutPrefix(key, "q_"); ok && len(vals) > 0 && vals[0] != "" {
					n, _ := strconv.Atoi(vals[0])
					answers[id] = n
				}
			}
			if _, err := s.submit(e, sv, answers, e.Request.PostForm.Get("comment")); err != nil {
				return renderSurvey(e, sv, nil, "failed")
			}
			return renderSurvey(e, sv, nil, "thanks")
		}).Bind(apis.BodyLimit(32 << 10))
		return se.Next()
	})
}

// mintSurveyLink: POST /api/surveys/links {mall, desk, kind, channel, days}.
func mintSurveyLink(e *core.RequestEvent) error {
	var body struct {
		surveyLink
		Days int `json:"days"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("无法解析提交的数据 (malformed request body)", err)
	}
	link := body.surveyLink
	if e.Auth.GetString("role") != domain.RoleAdmin || !slices.Contains(e.Auth.GetStringSlice("malls"), link.Mall) {
		return e.ForbiddenError("只有本商场的管理员可以生成调查二维码 (only an admin of the mall can create survey links)", nil)
	}
	if !slices.Contains(domain.PublicSurveyKinds, link.Kind) {
		return e.BadRequestError("调查类型必须是 customer 或 merchant (kind must be customer or merchant)", fieldError("kind", "bad_kind", "customer | merchant"))
	}
	if link.Channel == "" {
		link.Channel = "qr"
	}
	if link.Channel != "qr" && link.Channel != "kiosk" {
		return e.BadRequestError("渠道必须是 qr 或 kiosk (channel must be qr or kiosk)", fieldError("channel", "bad_channel", "qr | kiosk"))
	}
	if body.Days == 0 {
		body.Days = 30
	}
	if body.Days < 1 || body.Days > 366 {
		return e.BadRequestError("有效期须为 1 到 366 天 (days must be 1-366)", fieldError("days", "bad_days", "1-366"))
	}
	if len([]rune(link.Desk)) > 50 {
		return e.BadRequestError("服务台名称过长 (desk name too long)", fieldError("desk", "too_long", "≤ 50"))
	}
	ttl := time.Duration(body.Days) * 24 * time.Hour
	token, err := signedlink.Sign(e.App, surveyPurpose, map[string]any{
		"mall": link.Mall, "desk": link.Desk, "kind": link.Kind, "channel": link.Channel,
	}, ttl)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"token": token, "path": "/s/" + token, "expires": time.Now().Add(ttl).UTC(),
	})
}

// survey is an opened public survey link: what it names and what it shows.
type survey struct {
	link surveyLink
	mall *core.Record
	tpl  *core.Record
}

// openSurvey verifies the token and finds the survey to show: the mall's own
// active template of the kind, else the shared default.
func openSurvey(e *core.RequestEvent) (*survey, error) {
	claims, err := signedlink.Verify(e.App, surveyPurpose, e.Request.PathValue("token"))
	if err != nil {
		if errors.Is(err, signedlink.ErrExpired) || errors.Is(err, signedlink.ErrInvalid) {
			return nil, e.ForbiddenError(err.Error(), nil)
		}
		return nil, e.InternalServerError("", err)
	}
	sv := &survey{}
	sv.link.Mall, _ = claims["mall"].(string)
	sv.link.Desk, _ = claims["desk"].(string)
	sv.link.Kind, _ = claims["kind"].(string)
	sv.link.Channel, _ = claims["channel"].(string)
	if sv.mall, err = e.App.FindRecordById("malls", sv.link.Mall); err != nil {
		return nil, e.NotFoundError("该商场已不存在 (this mall no longer exists)", err)
	}
	tpls, err := e.App.FindRecordsByFilter("survey_templates",
		"kind = {:kind} && active = true && (mall = {:mall} || mall = '')", "-mall,-created", 1, 0,
		dbx.Params{"kind": sv.link.Kind, "mall": sv.link.Mall})
	if err != nil || len(tpls) == 0 {
		return nil, e.NotFoundError("该调查已停用 (this survey is no longer available)", err)
	}
	sv.tpl = tpls[0]
	return sv, nil
}

// submit stores an answer; the survey hooks check and score it.
func (s *server) submit(e *core.RequestEvent, sv *survey, answers map[string]any, comment string) (*core.Record, error) {
	r, err := s.newRecord(e.App, "survey_responses")
	if err != nil {
		return nil, err
	}
	r.Load(map[string]any{
		"mall": sv.link.Mall, "template": sv.tpl.Id, "answers": answers, "comment": comment,
		"channel": sv.link.Channel, "desk": sv.link.Desk,
	})
	if err := e.App.Save(r); err != nil {
		return nil, e.BadRequestError("请检查您的回答 (please check your answers)", err)
	}
	return r, nil
}

// renderSurvey shows the HTML form (state ""), its answer ("thanks"), a
// refused submission ("failed"), or why the link does not open (linkErr).
func renderSurvey(e *core.RequestEvent, sv *survey, linkErr error, state string) error {
	data := map[string]any{"Token": e.Request.PathValue("token"), "State": state, "Scores": []int{1, 2, 3, 4, 5}}
	status := http.StatusOK
	switch {
	case linkErr != nil:
		data["State"] = "closed"
		data["Error"] = linkErr.Error()
		status = http.StatusForbidden
		if apiErr, ok := linkErr.(*router.ApiError); ok {
			data["Error"], status = apiErr.Message, apiErr.Status
		}
	default:
		if state == "failed" {
			data["State"] = ""
			data["Error"] = "提交失败，请检查后重试 (could not submit, please check and retry)"
			status = http.StatusBadRequest
		}
		data["Mall"] = sv.mall.GetString("name")
		data["Desk"] = sv.link.Desk
		data["Title"] = sv.tpl.GetString("name")
		data["Questions"] = questionsOf(sv.tpl)
	}
	var out strings.Builder
	if err := surveyPage.Execute(&out, data); err != nil {
		return e.InternalServerError("", err)
	}
	return e.HTML(status, out.String())
}
