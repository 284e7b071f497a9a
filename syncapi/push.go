package syncapi

import (
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"mallcare/domain"
)

// Result is the answer for one mutation.
type Result struct {
	MutationID string          `json:"mutationId"`
	Status     string          `json:"status"`           // applied | duplicate | rejected | conflict
	Outcome    string          `json:"outcome,omitzero"` // for duplicate: the stored status
	Error      *ResultError    `json:"error,omitempty"`
	Retry      bool            `json:"retry,omitzero"`
	Record     json.RawMessage `json:"record,omitzero"`
}

// ResultError is why a mutation was refused: status, message and data are
// what the REST API answers for the same change; code classifies it.
type ResultError struct {
	Code    string         `json:"code"`
	Status  int            `json:"status"`
	Message string         `json:"message"`
	Data    map[string]any `json:"data"`
}

var nullRecord = json.RawMessage("null")

// opMethods: the REST method of each mutation op.
var opMethods = map[string]string{"create": http.MethodPost, "update": http.MethodPatch, "delete": http.MethodDelete}

func handlePush(e *core.RequestEvent) error {
	body, err := io.ReadAll(io.LimitReader(e.Request.Body, MaxPushBytes+1))
	if err != nil {
		return e.BadRequestError("无法读取请求 (could not read the request body)", err)
	}
	if len(body) > MaxPushBytes {
		return router.NewApiError(http.StatusRequestEntityTooLarge, "请求过大，每次最多 4 MB，请分批提交 (the push body exceeds 4 MB; split the batch)", nil)
	}
	req, err := DecodePush(body, e.App)
	if err != nil {
		var ve validation.Errors
		if errors.As(err, &ve) {
			return e.BadRequestError("同步请求有误，请检查标出的位置 (invalid push; see data for each place)", ve)
		}
		return e.BadRequestError(err.Error(), nil)
	}
	return e.JSON(http.StatusOK, map[string]any{"results": applyBatch(e, req.Mutations)})
}

// errLogTaken: another request recorded this mutation id first.
var errLogTaken = errors.New("mutation id already recorded")

// applyBatch applies the mutations in order. To pay for one commit per
// batch rather than per mutation, it runs them in groups, each in one
// transaction with their mutation-log rows. When a mutation fails, its group
// is rolled back whole, the mutations before it are applied again as a
// group, and the failing one alone (applyMutation), so a rejected mutation
// never stops the rest and never leaves anything half written.
func applyBatch(e *core.RequestEvent, muts []Mutation) []Result {
	results := make([]Result, len(muts))
	for i, end := 0, len(muts); i < len(muts); {
		group := make([]Result, 0, end-i)
		failed := -1
		err := e.App.RunInTransaction(func(tx core.App) error {
			for k := i; k < end; k++ {
				res, err := applyInTx(tx, e, muts[k])
				if err != nil {
					failed = k
					return err
				}
				group = append(group, res)
				if res.Retry {
					return nil // nothing after it may overtake it
				}
			}
			return nil
		})
		switch {
		case err == nil:
			copy(results[i:], group)
			i, end = i+len(group), len(muts)
		case failed == i || failed < 0:
			results[i] = applyMutation(e, muts[i])
			i, end = i+1, len(muts)
		default:
			end = failed // the mutations before the failing one, as a group
			continue
		}
		// a mutation to be sent again holds back the rest of the batch, so
		// that e.g. an update never runs before the create it depends on
		if results[i-1].Retry {
			for k := i; k < len(muts); k++ {
				results[k] = Result{MutationID: muts[k].MutationID, Status: "rejected", Retry: true, Error: &ResultError{
					Code: "not_processed", Status: http.StatusServiceUnavailable, Data: map[string]any{},
					Message: "前面的修改需要重发，本条未处理 (not processed: an earlier mutation must be sent again first)"}}
			}
			break
		}
	}
	return results
}

// applyMutation applies one mutation in its own transaction, together with
// its mutation-log row, so that it happens exactly once and never half.
func applyMutation(e *core.RequestEvent, m Mutation) Result {
	var res Result
	err := e.App.RunInTransaction(func(tx core.App) error {
		var err error
		res, err = applyInTx(tx, e, m)
		return err
	})
	if err == nil {
		return res
	}
	return refused(e, m, err)
}

// applyInTx applies m inside tx. An error means tx must roll back (the
// record handler refused the change, or the log row could not be written).
func applyInTx(tx core.App, e *core.RequestEvent, m Mutation) (Result, error) {
	res := Result{MutationID: m.MutationID}
	err := func() error {
		if prev, ok := findLogged(tx, m.MutationID); ok {
			res = duplicateOf(tx, e.Auth, m, prev)
			return nil
		}
		if appendOnly[m.Collection] && m.Op != "create" {
			res.Status, res.Error = "rejected", &ResultError{Code: "append_only", Status: http.StatusBadRequest,
				Message: "时间线、检查结果和问卷只能新增，不能修改或删除 (append-only: this collection only takes creates)", Data: map[string]any{}}
			return writeLog(tx, e.Auth, m, res)
		}
		if m.Op != "create" {
			if _, err := tx.FindRecordById(m.Collection, m.RecordID); err != nil && deletedFor(tx, e.Auth, m) {
				res.Status, res.Record = "conflict", nullRecord
				res.Error = &ResultError{Code: "conflict_deleted", Status: http.StatusNotFound,
					Message: "记录已被删除 (the record was deleted)", Data: map[string]any{}}
				return writeLog(tx, e.Auth, m, res)
			}
		}
		body := m.Data
		if body == nil {
			body = map[string]any{}
		}
		if m.Op == "create" {
			body = mapWith(body, "id", m.RecordID)
		}
		photos, err := planPhotos(tx, e.Auth, m, body)
		if err != nil {
			return err
		}
		if len(photos.missing) > 0 {
			res.Status, res.Retry = "rejected", true
			res.Error = &ResultError{Code: "photo_missing", Status: http.StatusBadRequest,
				Message: "照片尚未上传，请先上传照片再同步 (upload the photos first, then send this mutation again)",
				Data:    map[string]any{"photos": photos.missing}}
			return nil
		}
		method := opMethods[m.Op]
		out, err := runRecordHandler(tx, e.Request, e.Auth, method, m.Collection, m.RecordID, photos.body, photos.files)
		if err != nil {
			return err
		}
		res.Status = "applied"
		if m.Op != "delete" && len(out) > 0 {
			res.Record = out
			if err := photos.remember(tx, m, out); err != nil {
				return err
			}
		}
		return writeLog(tx, e.Auth, m, res)
	}()
	return res, err
}

// refused turns a rolled-back mutation into its result, recorded in the log
// unless it is worth a retry.
func refused(e *core.RequestEvent, m Mutation, err error) Result {
	if errors.Is(err, errLogTaken) {
		if prev, ok := findLogged(e.App, m.MutationID); ok {
			return duplicateOf(e.App, e.Auth, m, prev)
		}
	}
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusTooManyRequests {
		return Result{MutationID: m.MutationID, Status: "rejected", Retry: true, Error: &ResultError{
			Code: "rate_limited", Status: apiErr.Status, Data: map[string]any{},
			Message: "请求过于频繁，请稍后重试 (rate limited; send the mutation again later)"}}
	}
	if !errors.As(err, &apiErr) || apiErr.Status >= 500 {
		e.App.Logger().Error("sync: mutation failed", "mutation", m.MutationID, "error", err)
		return Result{MutationID: m.MutationID, Status: "rejected", Retry: true, Error: &ResultError{
			Code: "server_error", Status: http.StatusInternalServerError,
			Message: "服务器暂时出错，请稍后重试 (server error; send the mutation again later)", Data: map[string]any{}}}
	}
	res := Result{MutationID: m.MutationID, Status: "rejected", Error: &ResultError{
		Code: classify(apiErr), Status: apiErr.Status, Message: apiErr.Message, Data: apiErr.Data}}
	if m.Op == "update" && isIllegalTransition(apiErr) {
		res.Status, res.Error.Code = "conflict", "conflict_transition"
		res.Record = currentRecord(e.App, e.Auth, m.Collection, m.RecordID)
	}
	if err := e.App.RunInTransaction(func(tx core.App) error { return writeLog(tx, e.Auth, m, res) }); err != nil {
		if prev, ok := findLogged(e.App, m.MutationID); ok {
			return duplicateOf(e.App, e.Auth, m, prev)
		}
		e.App.Logger().Error("sync: mutation log write failed", "mutation", m.MutationID, "error", err)
	}
	return res
}

func mapWith(m map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for key, val := range m {
		out[key] = val
	}
	out[k] = v
	return out
}

func classify(err *router.ApiError) string {
	switch {
	case err.Status == http.StatusForbidden:
		return "forbidden"
	case err.Status == http.StatusNotFound:
		return "not_found"
	case len(err.Data) > 0:
		return "validation_failed"
	}
	return "bad_request"
}

// isIllegalTransition: the workflow hooks refused the status change (the
// same field error the REST API answers).
func isIllegalTransition(err *router.ApiError) bool {
	field, ok := err.Data["status"].(map[string]any)
	return ok && field["code"] == domain.CodeIllegalTransition
}

type logged struct {
	Status string
	Error  string
}

func findLogged(app core.App, mutationID string) (logged, bool) {
	var row logged
	err := app.DB().NewQuery(`SELECT status, error FROM sync_mutations WHERE mutation_id = {:id}`).
		Bind(dbx.Params{"id": mutationID}).Row(&row.Status, &row.Error)
	return row, err == nil
}

func writeLog(tx core.App, auth *core.Record, m Mutation, res Result) error {
	errJSON := ""
	if res.Error != nil {
		raw, _ := json.Marshal(res.Error)
		errJSON = string(raw)
	}
	_, err := tx.DB().NewQuery(`INSERT INTO sync_mutations (mutation_id, user, collection, record_id, op, status, error, at)
		VALUES ({:id}, {:user}, {:c}, {:rid}, {:op}, {:status}, {:error}, {:at})
		ON CONFLICT (mutation_id) DO NOTHING`).Bind(dbx.Params{
		"id": m.MutationID, "user": authID(auth), "c": m.Collection, "rid": m.RecordID, "op": m.Op,
		"status": res.Status, "error": errJSON, "at": time.Now().UTC().Format(time.RFC3339Nano),
	}).Execute()
	if err != nil {
		return err
	}
	var n int
	if err := tx.DB().NewQuery(`SELECT changes()`).Row(&n); err != nil {
		return err
	}
	if n == 0 {
		return errLogTaken
	}
	return nil
}

func duplicateOf(app core.App, auth *core.Record, m Mutation, prev logged) Result {
	res := Result{MutationID: m.MutationID, Status: "duplicate", Outcome: prev.Status}
	if prev.Error != "" {
		res.Error = &ResultError{}
		_ = json.Unmarshal([]byte(prev.Error), res.Error)
	}
	res.Record = currentRecord(app, auth, m.Collection, m.RecordID)
	return res
}

// deletedFor: the record was deleted (a tombstone is kept) from a mall the
// user works in, so an update or delete of it is a conflict, not a 404.
func deletedFor(app core.App, auth *core.Record, m Mutation) bool {
	var scope string
	err := app.DB().NewQuery(`SELECT scope FROM sync_changes
		WHERE record_id = {:id} AND collection = {:c} AND op = 'delete' ORDER BY seq DESC LIMIT 1`).
		Bind(dbx.Params{"id": m.RecordID, "c": m.Collection}).Row(&scope)
	if err != nil {
		return false
	}
	if scope == "" || auth.IsSuperuser() {
		return true
	}
	malls := auth.GetStringSlice("malls")
	for _, s := range strings.Fields(scope) {
		if slices.Contains(malls, s) {
			return true
		}
	}
	return false
}

// currentRecord is the record as the user may view it now (null when it
// is gone or hidden from them).
func currentRecord(app core.App, auth *core.Record, collection, id string) json.RawMessage {
	col, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nullRecord
	}
	info := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodGet, Auth: auth,
		Query: map[string]string{}, Headers: map[string]string{}, Body: map[string]any{}}
	rec, err := app.FindRecordById(col, id, viewRuleFilter(app, col, info))
	if err != nil {
		if !errors.Is(err, sql.ErrNoRows) {
			app.Logger().Warn("sync: current record", "id", id, "error", err)
		}
		return nullRecord
	}
	raw, err := json.Marshal(rec)
	if err != nil {
		return nullRecord
	}
	return raw
}

func authID(auth *core.Record) string {
	if auth == nil {
		return ""
	}
	return auth.Id
}
