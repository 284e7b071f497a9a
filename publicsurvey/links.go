package publicsurvey

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/domain"
	"mallcare/signedlink"
)

// Purpose binds a token to the public survey (signedlink refuses a report
// link here and a survey link there).
const Purpose = "survey"

// LinkTTL is how long a point's code works when the point has no end date.
const LinkTTL = 366 * 24 * time.Hour

// Claims of a survey token: the point, its mall and its template.
const (
	claimPoint    = "pt"
	claimMall     = "mall"
	claimTemplate = "tpl"
)

// refusal is why a link does not open or an answer is not taken: the HTTP
// status, a stable code the page reads, and the message people read.
type refusal struct {
	Status     int
	Code       string
	Message    string
	retryAfter int // seconds, for a 429
}

func (r *refusal) Error() string { return r.Message }

func refuse(status int, code, message string) *refusal {
	return &refusal{Status: status, Code: code, Message: message}
}

// Why a link does not open (the codes are the page's: ui/src/publicsurvey).
var (
	linkInvalid   = refuse(http.StatusForbidden, "link_invalid", "此二维码无效或已被篡改，请扫描服务台张贴的二维码 (this code is invalid or has been tampered with; please scan the code at the service desk)")
	linkExpired   = refuse(http.StatusForbidden, "link_expired", "此二维码已过期。如服务台有新的二维码，请扫描新码 (this code has expired; if the service desk shows a new one, please scan that)")
	linkUnknown   = refuse(http.StatusForbidden, "link_unknown_key", "此二维码不是本商场的系统签发的 (this code was not issued by this mall's system)")
	linkRetired   = refuse(http.StatusForbidden, "link_retired_key", "此二维码已失效（签名密钥已停用），请扫描新的二维码 (this code no longer works: the key that signed it was retired; please scan a new code)")
	linkPurpose   = refuse(http.StatusForbidden, "link_wrong_purpose", "这不是满意度调查的链接 (this is not a survey link)")
	linkRevoked   = refuse(http.StatusForbidden, "link_revoked", "此调查点已停用，二维码已失效。感谢您的关注！(this survey point has been withdrawn and its code no longer works. Thank you!)")
	linkReplaced  = refuse(http.StatusForbidden, "link_replaced", "此二维码已被新的二维码取代，请扫描服务台的新二维码 (this code has been replaced; please scan the new code at the service desk)")
	linkGone      = refuse(http.StatusForbidden, "link_gone", "此调查点已不存在 (this survey point no longer exists)")
	surveyClosed  = refuse(http.StatusForbidden, "survey_closed", "该问卷已停用 (this questionnaire is no longer in use)")
	notYetMessage = "本调查将于 %s 开始 (this survey opens on %s)"
	endedMessage  = "本调查已于 %s 结束，感谢您的关注 (this survey ended on %s)"
)

// linkRefusals maps signedlink's errors to what the survey page says.
var linkRefusals = []struct {
	err error
	ref *refusal
}{
	{signedlink.ErrExpired, linkExpired},
	{signedlink.ErrUnknownKey, linkUnknown},
	{signedlink.ErrRetiredKey, linkRetired},
	{signedlink.ErrWrongPurpose, linkPurpose},
	{signedlink.ErrInvalid, linkInvalid},
}

// survey is an opened link: the point and what it shows.
type survey struct {
	point, mall, template *core.Record
	questions             []domain.SurveyQuestion
	expires               time.Time
}

// open verifies a token and checks its point now: active, in its validity,
// still on the token's mall and template. Every refusal is a *refusal; any
// other error is the server's.
func (s *service) open(app core.App, token string) (*survey, error) {
	now := s.clock.Now()
	claims, err := signedlink.VerifyAt(app, Purpose, token, now)
	if err != nil {
		for _, m := range linkRefusals {
			if errors.Is(err, m.err) {
				return nil, m.ref
			}
		}
		return nil, err
	}
	pointID, _ := claims[claimPoint].(string)
	mallID, _ := claims[claimMall].(string)
	templateID, _ := claims[claimTemplate].(string)
	if pointID == "" || mallID == "" || templateID == "" {
		return nil, linkInvalid
	}
	sv := &survey{}
	if exp, ok := claims["exp"].(float64); ok {
		sv.expires = time.Unix(int64(exp), 0).UTC()
	}
	if sv.point, err = app.FindRecordById("survey_points", pointID); err != nil {
		return nil, linkGone
	}
	if sv.point.GetString("mall") != mallID || sv.point.GetString("template") != templateID {
		return nil, linkReplaced
	}
	if !sv.point.GetBool("active") {
		return nil, linkRevoked
	}
	if sv.mall, err = app.FindRecordById("malls", mallID); err != nil {
		return nil, linkGone
	}
	loc := domain.Location(sv.mall.GetString("timezone"))
	if from := sv.point.GetDateTime("valid_from"); !from.IsZero() && now.Before(from.Time()) {
		day := from.Time().In(loc).Format(time.DateOnly)
		return nil, refuse(http.StatusForbidden, "link_not_yet", fmt.Sprintf(notYetMessage, day, day))
	}
	if until := sv.point.GetDateTime("valid_until"); !until.IsZero() && !now.Before(until.Time()) {
		day := until.Time().In(loc).Format(time.DateOnly)
		return nil, refuse(http.StatusForbidden, "link_ended", fmt.Sprintf(endedMessage, day, day))
	}
	if sv.template, err = app.FindRecordById("survey_templates", templateID); err != nil || !sv.template.GetBool("active") {
		return nil, surveyClosed
	}
	if err := sv.template.UnmarshalJSONField("questions", &sv.questions); err != nil || len(sv.questions) == 0 {
		return nil, surveyClosed
	}
	return sv, nil
}

// mintLink: POST /api/survey-points/{id}/link → {token, path, expires}. An
// admin of the point's mall gets a fresh token each time (all of them work
// until the point is deactivated, ends or its key is retired).
func (s *service) mintLink(e *core.RequestEvent) error {
	point, err := e.App.FindRecordById("survey_points", e.Request.PathValue("id"))
	if err != nil || !slices.Contains(e.Auth.GetStringSlice("malls"), point.GetString("mall")) {
		return e.NotFoundError("调查点不存在 (no such survey point)", nil)
	}
	if e.Auth.GetString("role") != domain.RoleAdmin {
		return e.ForbiddenError("只有本商场的管理员可以生成调查二维码 (only an admin of the mall can make survey codes)", nil)
	}
	if !point.GetBool("active") {
		return conflict(e, "调查点已停用，启用后才能生成二维码 (the point is deactivated; activate it to make its code)")
	}
	now := s.clock.Now()
	exp := now.Add(LinkTTL)
	if until := point.GetDateTime("valid_until"); !until.IsZero() {
		if !now.Before(until.Time()) {
			return conflict(e, "调查点已过有效期，请先修改结束日期 (the point's end date has passed; change it first)")
		}
		exp = until.Time()
	}
	token, err := signedlink.SignUntil(e.App, Purpose, map[string]any{
		claimPoint: point.Id, claimMall: point.GetString("mall"), claimTemplate: point.GetString("template"),
	}, now, exp)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"token": token, "path": "/s/" + token, "expires": exp.UTC()})
}

func conflict(e *core.RequestEvent, message string) error {
	return e.JSON(http.StatusConflict, map[string]any{"status": http.StatusConflict, "message": message, "data": map[string]any{}})
}
