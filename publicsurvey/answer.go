package publicsurvey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mallcare/clientwrite"
	"mallcare/domain"
)

// MaxBody is the largest answer the public routes read (a full survey with
// the longest comment is about 4 KB).
const MaxBody = 16 << 10

// Outcomes of a stored answer.
const (
	Applied   = "applied"
	Duplicate = "duplicate" // its id was stored before: nothing new is written
)

// idPattern is PocketBase's record id format; the page makes the id, so a
// resend of the same answer is stored once.
var idPattern = regexp.MustCompile(`^[a-z0-9]{15}$`)

var commentMax = domain.TextMax["survey_responses.comment"]

// response is one answer as a public page sends it; the survey hooks
// (pb_hooks/surveys.go) check the answers against the template and score it.
type response struct {
	ID      string
	Answers map[string]any
	Comment string
}

// Refusals of an answer's body.
var (
	tooLarge     = refuse(http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("提交的内容过大（最多 %d KB）(the response is too large: %d KB at most)", MaxBody>>10, MaxBody>>10))
	badEncoding  = refuse(http.StatusBadRequest, "bad_encoding", "提交的内容不是有效的 UTF-8 文本 (the response is not valid UTF-8 text)")
	malformed    = refuse(http.StatusBadRequest, "malformed", "无法解析提交的数据：不是有效的 JSON 对象 (malformed body: not a JSON object)")
	noAnswers    = refuse(http.StatusBadRequest, "no_answers", "请至少回答一题 (answer at least one question)")
	wrongTarget  = refuse(http.StatusBadRequest, "wrong_target", "回答只能提交给二维码所属的商场、问卷和调查点 (a response can only name its code's mall, questionnaire and point)")
	badID        = refuse(http.StatusBadRequest, "bad_id", "回答编号须为 15 位小写字母或数字 (the response id must be 15 characters a-z0-9)")
	idTaken      = refuse(http.StatusConflict, "id_taken", "该回答编号已被其他调查点使用 (this response id is taken by another survey point)")
	longComment  = refuse(http.StatusBadRequest, "comment_too_long", fmt.Sprintf("意见最多 %d 字 (the comment takes at most %d characters)", commentMax, commentMax))
	ctrlComment  = refuse(http.StatusBadRequest, "comment_control", "意见中含有不可见的控制字符 (the comment contains control characters)")
	needJSON     = refuse(http.StatusUnsupportedMediaType, "not_json", "请以 JSON 提交（Content-Type: application/json）(send the response as JSON)")
	needForm     = refuse(http.StatusUnsupportedMediaType, "not_form", "请用表单提交 (send the response as a form)")
	badScoreForm = "题目 %q 的分数必须是 1 到 5 的整数 (score of %q must be a whole number 1-5)"
)

// showSurvey: GET /api/public/surveys/{token} → what the page shows.
func (s *service) showSurvey(e *core.RequestEvent) error {
	sv, err := s.open(e.App, e.Request.PathValue("token"))
	if err != nil {
		return fail(e, err)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, map[string]any{
		"mall":      sv.mall.GetString("name"),
		"point":     sv.point.GetString("name"),
		"kind":      sv.point.GetString("kind"),
		"channel":   sv.point.GetString("channel"),
		"title":     sv.template.GetString("name"),
		"questions": sv.questions,
		"expires":   sv.expires,
	})
}

// answerJSON: POST /api/public/surveys/{token} {id?, answers, comment?} →
// {id, status: applied | duplicate}.
func (s *service) answerJSON(e *core.RequestEvent) error {
	if r := s.limit(s.byAddress, "addr:"+e.RealIP()); r != nil {
		return fail(e, r)
	}
	raw, r := readBody(e, "application/json")
	if r != nil {
		return fail(e, r)
	}
	sv, err := s.open(e.App, e.Request.PathValue("token"))
	if err != nil {
		return fail(e, err)
	}
	if r := s.limit(s.byPoint, "point:"+sv.point.Id); r != nil {
		return fail(e, r)
	}
	resp, r := decodeJSON(raw, sv)
	if r != nil {
		return fail(e, r)
	}
	id, status, err := s.store(e.App, sv, resp)
	if err != nil {
		return fail(e, err)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": id, "status": status})
}

// limit counts one answer against l; over it, the refusal says how long to wait.
func (s *service) limit(l *limiter, key string) *refusal {
	ok, wait := l.allow(key)
	if ok {
		return nil
	}
	secs := int(wait.Seconds() + 0.999)
	r := refuse(http.StatusTooManyRequests, "rate_limited",
		fmt.Sprintf("提交太频繁，请 %d 秒后再试 (too many responses from here; please try again in %d s)", secs, secs))
	r.retryAfter = secs
	return r
}

// readBody reads at most MaxBody bytes of the wanted media type.
func readBody(e *core.RequestEvent, mediaType string) ([]byte, *refusal) {
	if mt, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type")); mt != mediaType {
		if mediaType == "application/json" {
			return nil, needJSON
		}
		return nil, needForm
	}
	if e.Request.ContentLength > MaxBody {
		return nil, tooLarge
	}
	raw, err := io.ReadAll(io.LimitReader(e.Request.Body, MaxBody+1))
	if err != nil {
		return nil, malformed
	}
	if len(raw) > MaxBody {
		return nil, tooLarge
	}
	if !utf8.Valid(raw) {
		return nil, badEncoding // encoding/json would quietly turn it into U+FFFD
	}
	return raw, nil
}

// decodeJSON checks an answer's JSON body: only the known keys, the right
// types, and names of mall, template and point only as the token has them.
func decodeJSON(raw []byte, sv *survey) (response, *refusal) {
	var body struct {
		ID       *string        `json:"id"`
		Answers  map[string]any `json:"answers"`
		Comment  *string        `json:"comment"`
		Mall     *string        `json:"mall"`
		Template *string        `json:"template"`
		Point    *string        `json:"point"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return response{}, refuse(http.StatusBadRequest, "wrong_type",
				fmt.Sprintf("字段 %q 的类型不对 (field %q has the wrong type)", typeErr.Field, typeErr.Field))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.TrimPrefix(err.Error(), "json: unknown field ")
			return response{}, refuse(http.StatusBadRequest, "unknown_field",
				fmt.Sprintf("不认识的字段 %s (unknown field %s)", name, name))
		}
		return response{}, malformed
	}
	if dec.More() {
		return response{}, malformed
	}
	for _, named := range []struct {
		value *string
		want  string
	}{{body.Mall, sv.mall.Id}, {body.Template, sv.template.Id}, {body.Point, sv.point.Id}} {
		if named.value != nil && *named.value != named.want {
			return response{}, wrongTarget
		}
	}
	resp := response{Answers: body.Answers}
	if body.ID != nil {
		resp.ID = *body.ID
	}
	if body.Comment != nil {
		resp.Comment = *body.Comment
	}
	return resp, resp.check()
}

// check: the id and comment a page may send (the answers are the hooks').
func (r response) check() *refusal {
	if r.ID != "" && !idPattern.MatchString(r.ID) {
		return badID
	}
	if len(r.Answers) == 0 {
		return noAnswers
	}
	// the same text rule as every record write (clientwrite.CheckText)
	if err := clientwrite.CheckText(r.Comment); err != nil {
		if !utf8.ValidString(r.Comment) || strings.ContainsRune(r.Comment, utf8.RuneError) {
			return badEncoding
		}
		return ctrlComment
	}
	if utf8.RuneCountInString(r.Comment) > commentMax {
		return longComment
	}
	return nil
}

// store writes the answer once: an id seen before at the same point is a
// duplicate and writes nothing; the check and the write share a transaction.
func (s *service) store(app core.App, sv *survey, resp response) (id, status string, err error) {
	err = app.RunInTransaction(func(tx core.App) error {
		if resp.ID != "" {
			if old, err := tx.FindRecordById("survey_responses", resp.ID); err == nil {
				if old.GetString("point") != sv.point.Id {
					return idTaken
				}
				id, status = old.Id, Duplicate
				return nil
			}
		}
		col, err := tx.FindCachedCollectionByNameOrId("survey_responses")
		if err != nil {
			return err
		}
		r := core.NewRecord(col)
		if resp.ID != "" {
			r.Id = resp.ID
		}
		r.Load(map[string]any{
			"mall": sv.mall.Id, "template": sv.template.Id, "point": sv.point.Id,
			"answers": resp.Answers, "comment": resp.Comment,
			"channel": sv.point.GetString("channel"), "desk": sv.point.GetString("name"),
			"shop": sv.point.GetString("shop"),
		})
		// counted in reports by the server's time of arrival, like staff-taken ones
		now, _ := types.ParseDateTime(s.clock.Now())
		r.SetRaw("created", now)
		r.SetRaw("updated", now)
		if err := tx.Save(r); err != nil {
			return answerRefusal(err)
		}
		id, status = r.Id, Applied
		return nil
	})
	return id, status, err
}

// answerRefusal turns the survey hooks' field errors (unknown question,
// score outside 1–5, unanswered overall question) into the page's 400.
func answerRefusal(err error) error {
	var fields validation.Errors
	if !errors.As(err, &fields) {
		return err
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	msgs := make([]string, len(names))
	for i, name := range names {
		msgs[i] = fields[name].Error()
	}
	return refuse(http.StatusBadRequest, "bad_answer", strings.Join(msgs, "；"))
}

// fail answers a refusal as PocketBase shapes its errors, with the page's
// code in data; anything else is the server's error.
func fail(e *core.RequestEvent, err error) error {
	var r *refusal
	if !errors.As(err, &r) {
		return e.InternalServerError("", err)
	}
	if r.retryAfter > 0 {
		e.Response.Header().Set("Retry-After", strconv.Itoa(r.retryAfter))
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(r.Status, map[string]any{"status": r.Status, "message": r.Message, "data": map[string]any{"code": r.Code}})
}
