package publicsurvey

import (
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"mallcare/domain"
	"mallcare/ui"
)

// The page at /s/{token} is the PWA's survey page (ui/survey.html, built into
// ui/dist): one question a screen, and on a kiosk point the offline kiosk.
// A browser that runs no script, or too old a one, is sent on by that page
// to ?plain=1, this plain HTML form, which posts back to /s/{token}.

//go:embed form.html
var formHTML string

var formPage = template.Must(template.New("survey").Parse(formHTML))

// page: GET /s/{token}.
func (s *service) page(e *core.RequestEvent) error {
	if !e.Request.URL.Query().Has("plain") {
		if html, err := fs.ReadFile(ui.DistFS, "survey.html"); err == nil {
			e.Response.Header().Set("Cache-Control", "no-cache")
			return e.HTML(http.StatusOK, string(html))
		}
	}
	sv, err := s.open(e.App, e.Request.PathValue("token"))
	return renderForm(e, sv, err, "")
}

// answerForm: POST /s/{token}, the plain form's answer.
func (s *service) answerForm(e *core.RequestEvent) error {
	if r := s.limit(s.byAddress, "addr:"+e.RealIP()); r != nil {
		return renderForm(e, nil, r, "")
	}
	raw, r := readBody(e, "application/x-www-form-urlencoded")
	if r != nil {
		return renderForm(e, nil, r, "")
	}
	sv, err := s.open(e.App, e.Request.PathValue("token"))
	if err != nil {
		return renderForm(e, nil, err, "")
	}
	if r := s.limit(s.byPoint, "point:"+sv.point.Id); r != nil {
		return renderForm(e, sv, r, "")
	}
	resp, r := decodeForm(string(raw))
	if r != nil {
		return renderForm(e, sv, r, "")
	}
	if _, _, err := s.store(e.App, sv, resp); err != nil {
		return renderForm(e, sv, err, "")
	}
	return renderForm(e, sv, nil, "thanks")
}

// decodeForm reads the form's fields: id, comment and q_<question id>.
func decodeForm(raw string) (response, *refusal) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return response{}, refuse(http.StatusBadRequest, "malformed", "无法解析提交的表单 (malformed form)")
	}
	// a browser sends a textarea's line breaks as CRLF; people typed newlines
	resp := response{ID: values.Get("id"), Comment: strings.ReplaceAll(values.Get("comment"), "\r\n", "\n"), Answers: map[string]any{}}
	for key, vals := range values {
		id, isAnswer := strings.CutPrefix(key, "q_")
		switch {
		case key == "id" || key == "comment":
		case !isAnswer:
			return response{}, refuse(http.StatusBadRequest, "unknown_field", "不认识的字段 "+strconv.Quote(key)+" (unknown field "+strconv.Quote(key)+")")
		case vals[0] == "": // left unanswered
		default:
			n, err := strconv.Atoi(vals[0])
			if err != nil {
				return response{}, refuse(http.StatusBadRequest, "bad_answer", fmt.Sprintf(badScoreForm, id, id))
			}
			resp.Answers[id] = n
		}
	}
	return resp, resp.check()
}

// renderForm shows the form (state ""), the thanks ("thanks"), or why the
// link does not open or the answer was not taken (err).
func renderForm(e *core.RequestEvent, sv *survey, err error, state string) error {
	data := map[string]any{
		"State": state, "Scale": domain.ScaleLabels, "CommentMax": commentMax,
		"ID": security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"),
	}
	status := http.StatusOK
	if err != nil {
		var r *refusal
		if !errors.As(err, &r) {
			return e.InternalServerError("", err)
		}
		data["Error"], status = r.Message, r.Status
		if r.retryAfter > 0 {
			e.Response.Header().Set("Retry-After", strconv.Itoa(r.retryAfter))
		}
		if sv == nil {
			data["State"] = "closed"
		}
	}
	if sv != nil {
		data["Mall"] = sv.mall.GetString("name")
		data["Desk"] = sv.point.GetString("name")
		data["Title"] = sv.template.GetString("name")
		data["Questions"] = sv.questions
	}
	var out strings.Builder
	if err := formPage.Execute(&out, data); err != nil {
		return e.InternalServerError("", err)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.HTML(status, out.String())
}
