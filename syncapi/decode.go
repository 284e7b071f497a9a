package syncapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/clientwrite"
)

// Mutation is one change a phone sends.
type Mutation struct {
	MutationID string         `json:"mutationId"`
	Collection string         `json:"collection"`
	Op         string         `json:"op"`
	RecordID   string         `json:"recordId"`
	Data       map[string]any `json:"data,omitempty"`
}

// PushRequest is the body of POST /api/sync/push.
type PushRequest struct {
	ClientID  string     `json:"clientId"`
	Mutations []Mutation `json:"mutations"`
}

var (
	mutationIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	recordIDPattern   = regexp.MustCompile(`^[a-z0-9]{15}$`)
)

// CollectionFinder looks collections up by name (core.App satisfies it).
type CollectionFinder interface {
	FindCachedCollectionByNameOrId(nameOrId string) (*core.Collection, error)
}

// DecodePush reads and checks a push body completely before anything is
// applied: a bad batch is refused as a whole. The error is a
// validation.Errors keyed by the place ("mutations.3.op") when the JSON
// parsed, a plain error otherwise.
func DecodePush(body []byte, cols CollectionFinder) (*PushRequest, error) {
	if len(body) > MaxPushBytes {
		return nil, fmt.Errorf("请求超过 %d MB (the push body exceeds %d bytes)", MaxPushBytes>>20, MaxPushBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("不是合法的 JSON 对象 (the body is not a JSON object: %v)", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("JSON 对象后有多余内容 (unexpected data after the JSON object)")
	}
	errs := validation.Errors{}
	req := &PushRequest{}
	for key, v := range raw {
		switch key {
		case "clientId":
			if err := json.Unmarshal(v, &req.ClientID); err != nil || len(req.ClientID) > 100 {
				errs["clientId"] = syncErr("sync_wrong_type", "clientId 必须是不超过 100 字符的文本 (clientId must be a string of at most 100 characters)")
			} else if err := clientwrite.CheckText(req.ClientID); err != nil {
				errs["clientId"] = err
			}
		case "mutations":
		default:
			errs[key] = syncErr("sync_unknown_key", "未知的字段 (unknown key; expected clientId and mutations)")
		}
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw["mutations"], &items); err != nil || raw["mutations"] == nil {
		errs["mutations"] = syncErr("sync_wrong_type", "mutations 必须是数组 (mutations must be an array)")
		return nil, errs
	}
	if len(items) == 0 {
		errs["mutations"] = syncErr("sync_empty", "没有要提交的修改 (mutations is empty)")
		return nil, errs
	}
	if len(items) > MaxMutations {
		errs["mutations"] = syncErr("sync_too_many", fmt.Sprintf("每批最多 %d 条修改，请分批提交 (at most %d mutations per push; split the batch)", MaxMutations, MaxMutations))
		return nil, errs
	}
	seen := map[string]bool{}
	req.Mutations = make([]Mutation, len(items))
	for i, item := range items {
		at := "mutations." + strconv.Itoa(i)
		m, err := decodeMutation(item, cols)
		if err != nil {
			var ve validation.Errors
			if errors.As(err, &ve) {
				for k, v := range ve {
					errs[at+"."+k] = v
				}
			} else {
				errs[at] = syncErr("sync_invalid", err.Error())
			}
			continue
		}
		if seen[m.MutationID] {
			errs[at+".mutationId"] = syncErr("sync_repeated_id", "同一批中 mutationId 重复 (mutationId repeated within the batch)")
		}
		seen[m.MutationID] = true
		req.Mutations[i] = *m
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return req, nil
}

func decodeMutation(item json.RawMessage, cols CollectionFinder) (*Mutation, error) {
	dec := json.NewDecoder(bytes.NewReader(item))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return nil, errors.New("每条修改必须是 JSON 对象 (each mutation must be a JSON object)")
	}
	errs := validation.Errors{}
	str := func(key string) string {
		s, ok := raw[key].(string)
		if !ok {
			errs[key] = syncErr("sync_wrong_type", key+" 必须是文本 (must be a string)")
		}
		return s
	}
	m := &Mutation{MutationID: str("mutationId"), Collection: str("collection"), Op: str("op"), RecordID: str("recordId")}
	for key := range raw {
		switch key {
		case "mutationId", "collection", "op", "recordId", "data":
		default:
			errs[key] = syncErr("sync_unknown_key", "未知的字段 (unknown key)")
		}
	}
	if _, bad := errs["mutationId"]; !bad && !mutationIDPattern.MatchString(m.MutationID) {
		errs["mutationId"] = syncErr("sync_bad_id", "mutationId 须为 1–64 位字母、数字、_ 或 - (mutationId must be 1-64 characters A-Za-z0-9_-)")
	}
	if _, bad := errs["recordId"]; !bad && !recordIDPattern.MatchString(m.RecordID) {
		errs["recordId"] = syncErr("sync_bad_id", "recordId 须为 15 位小写字母或数字 (recordId must match ^[a-z0-9]{15}$)")
	}
	if _, bad := errs["op"]; !bad && m.Op != "create" && m.Op != "update" && m.Op != "delete" {
		errs["op"] = syncErr("sync_unknown_op", "op 只能是 create、update 或 delete (op must be create, update or delete)")
	}
	var col *core.Collection
	if _, bad := errs["collection"]; !bad {
		if !pushable[m.Collection] {
			errs["collection"] = syncErr("sync_unknown_collection", "不能通过同步写入该集合 (unknown collection or not writable through sync)")
		} else if c, err := cols.FindCachedCollectionByNameOrId(m.Collection); err != nil {
			errs["collection"] = syncErr("sync_unknown_collection", "集合不存在 (unknown collection)")
		} else {
			col = c
		}
	}
	if d, present := raw["data"]; present && d != nil {
		obj, ok := d.(map[string]any)
		if !ok {
			errs["data"] = syncErr("sync_wrong_type", "data 必须是对象 (data must be an object)")
		} else {
			m.Data = obj
		}
	}
	switch {
	case m.Op == "delete" && len(m.Data) > 0:
		errs["data"] = syncErr("sync_invalid", "删除不带 data (a delete carries no data)")
	case (m.Op == "create" || m.Op == "update") && m.Data == nil && errs["data"] == nil:
		errs["data"] = syncErr("sync_invalid", "create 和 update 需要 data 对象 (create and update need a data object)")
	}
	if col != nil && m.Data != nil {
		for field, err := range clientwrite.Shape(col, m.Data, clientwrite.JSON) {
			errs["data."+field] = err
		}
		if _, ok := m.Data["id"]; ok {
			errs["data.id"] = syncErr("sync_invalid", "记录编号放在 recordId 中，不放在 data 中 (the record id goes in recordId, not in data)")
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return m, nil
}

func syncErr(code, message string) validation.Error {
	return validation.NewError(code, message)
}
