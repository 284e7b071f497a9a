package syncapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/router"

	"mallcare/domain"
)

// photoBodyLimit: one photo plus the multipart envelope.
const photoBodyLimit = domain.PhotoMaxBytes + 64<<10

var photoExt = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}

// stagedKey is where a staged photo's bytes live in PocketBase's file
// storage (local or S3), keyed by content so equal photos are stored once.
// StagedDir is the storage folder of staged photos (not a record's folder).
const StagedDir = "_sync_photos"

func stagedKey(sum string) string { return StagedDir + "/" + sum }

// handlePhoto stages one photo. It is idempotent: the same photoId again
// answers "duplicate" and stores nothing.
func handlePhoto(e *core.RequestEvent) error {
	if e.Auth == nil || e.Auth.IsSuperuser() {
		return e.ForbiddenError("只有员工账号可以上传照片 (only staff accounts upload photos)", nil)
	}
	// The envelope is checked before anything in it, so each refusal names
	// the real problem (a cut-off body must not read as a bad photoId).
	if mt, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return router.NewApiError(http.StatusUnsupportedMediaType, "照片须以 multipart/form-data 上传，含 photoId 和 file 两部分 (send the photo as multipart/form-data with the parts photoId and file)", nil)
	}
	tooBig := router.NewApiError(http.StatusRequestEntityTooLarge, "照片不能超过 5 MB，请压缩后重试 (the photo exceeds 5 MB; reduce it)", nil)
	if e.Request.ContentLength > photoBodyLimit {
		return tooBig
	}
	e.Request.Body = http.MaxBytesReader(e.Response, e.Request.Body, photoBodyLimit)
	if err := e.Request.ParseMultipartForm(photoBodyLimit); err != nil {
		if _, over := errors.AsType[*http.MaxBytesError](err); over {
			return tooBig
		}
		return e.BadRequestError("照片上传内容不完整或格式有误，请重新上传 (the multipart body is cut off or malformed; upload again)", nil)
	}
	photoID := e.Request.FormValue("photoId")
	if !mutationIDPattern.MatchString(photoID) {
		return e.BadRequestError("photoId 须为 1–64 位字母、数字、_ 或 - (photoId must be 1-64 characters A-Za-z0-9_-)", nil)
	}
	file, _, err := e.Request.FormFile("file")
	if err != nil {
		return e.BadRequestError("缺少照片文件 file (the multipart part \"file\" is missing)", nil)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, domain.PhotoMaxBytes+1))
	if err != nil {
		return e.BadRequestError("照片读取失败 (could not read the photo)", err)
	}
	if len(data) > domain.PhotoMaxBytes {
		return tooBig
	}
	if len(data) == 0 {
		return e.BadRequestError("照片是空的 (the photo is empty)", nil)
	}
	kind := http.DetectContentType(data)
	if !slices.Contains(domain.PhotoMimeTypes, kind) {
		return e.BadRequestError("只接受 JPEG、PNG 或 WebP 图片 (only JPEG, PNG or WebP images; got "+kind+")", nil)
	}
	digest := sha256.Sum256(data)
	sum := hex.EncodeToString(digest[:])
	if want := strings.ToLower(e.Request.FormValue("sha256")); want != "" && want != sum {
		return e.BadRequestError("照片校验失败，请重新上传 (sha256 does not match the received bytes; upload again)", nil)
	}

	answer := func(status, sum, kind string, size int) error {
		return e.JSON(http.StatusOK, map[string]any{"photoId": photoID, "sha256": sum, "size": size, "type": kind, "status": status})
	}
	var prev struct {
		User, Sum, Kind string
		Size            int
	}
	err = e.App.DB().NewQuery(`SELECT user, sha256, type, size FROM sync_photos WHERE photo_id = {:id}`).
		Bind(dbx.Params{"id": photoID}).Row(&prev.User, &prev.Sum, &prev.Kind, &prev.Size)
	if err == nil {
		if prev.User != e.Auth.Id {
			return e.BadRequestError("photoId 已被占用 (this photoId belongs to another upload; use a new id)", nil)
		}
		return answer("duplicate", prev.Sum, prev.Kind, prev.Size)
	}

	fsys, err := e.App.NewFilesystem()
	if err != nil {
		return err
	}
	defer fsys.Close()
	if ok, _ := fsys.Exists(stagedKey(sum)); !ok {
		if err := fsys.Upload(data, stagedKey(sum)); err != nil {
			return e.InternalServerError("照片保存失败 (could not store the photo)", err)
		}
	}
	_, err = e.App.DB().NewQuery(`INSERT INTO sync_photos (photo_id, user, sha256, size, type, at)
		VALUES ({:id}, {:user}, {:sum}, {:size}, {:type}, {:at}) ON CONFLICT (photo_id) DO NOTHING`).Bind(dbx.Params{
		"id": photoID, "user": e.Auth.Id, "sum": sum, "size": len(data), "type": kind,
		"at": time.Now().UTC().Format(time.RFC3339Nano),
	}).Execute()
	if err != nil {
		return err
	}
	return answer("stored", sum, kind, len(data))
}

// photoPlan is a mutation body with its "photo:<id>" references replaced by
// the staged files, ready for PocketBase's record handler.
type photoPlan struct {
	body    map[string]any
	files   map[string][]*filesystem.File
	missing []string
	before  map[string][]string // field → file names before the change
	pending map[string][]string // field → sha256 of each new file, in order
}

func planPhotos(tx core.App, auth *core.Record, m Mutation, body map[string]any) (*photoPlan, error) {
	plan := &photoPlan{body: body, before: map[string][]string{}, pending: map[string][]string{}}
	col, err := tx.FindCachedCollectionByNameOrId(m.Collection)
	if err != nil {
		return nil, err
	}
	var current *core.Record
	if m.Op == "update" {
		current, _ = tx.FindRecordById(col, m.RecordID)
	}
	copied := false
	for _, f := range col.Fields {
		if f.Type() != core.FieldTypeFile {
			continue
		}
		name := f.GetName()
		if current != nil {
			plan.before[name] = current.GetStringSlice(name)
		}
		seen := map[string]bool{}
		// PocketBase orders the result: prepended, set, appended
		for _, key := range []string{"+" + name, name, name + "+"} {
			v, ok := body[key]
			if !ok {
				continue
			}
			values := asStrings(v)
			if !slices.ContainsFunc(values, func(s string) bool { return strings.HasPrefix(s, photoPrefix) }) {
				continue
			}
			if !copied {
				plan.body = maps.Clone(body)
				copied = true
			}
			kept := []any{}
			for _, s := range values {
				id, isRef := strings.CutPrefix(s, photoPrefix)
				if !isRef {
					kept = append(kept, s)
					continue
				}
				var sum, kind string
				err := tx.DB().NewQuery(`SELECT sha256, type FROM sync_photos WHERE photo_id = {:id} AND user = {:user}`).
					Bind(dbx.Params{"id": id, "user": authID(auth)}).Row(&sum, &kind)
				if err != nil {
					plan.missing = append(plan.missing, id)
					continue
				}
				if seen[sum] {
					continue // the same photo twice in one change
				}
				seen[sum] = true
				var attached string
				_ = tx.DB().NewQuery(`SELECT filename FROM sync_photo_files WHERE record_id = {:r} AND field = {:f} AND sha256 = {:s}`).
					Bind(dbx.Params{"r": m.RecordID, "f": name, "s": sum}).Row(&attached)
				if attached != "" && slices.Contains(plan.before[name], attached) {
					if key == name {
						kept = append(kept, attached) // already there: keep it, do not attach again
					}
					continue
				}
				file, err := loadStaged(tx, sum, id+photoExt[kind])
				if err != nil {
					return nil, err
				}
				if plan.files == nil {
					plan.files = map[string][]*filesystem.File{}
				}
				plan.files[key] = append(plan.files[key], file)
				plan.pending[name] = append(plan.pending[name], sum)
			}
			if key == name || len(kept) > 0 {
				plan.body[key] = kept
			} else {
				delete(plan.body, key)
			}
		}
	}
	return plan, nil
}

func loadStaged(app core.App, sum, name string) (*filesystem.File, error) {
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	r, err := fsys.GetReader(stagedKey(sum))
	if err != nil {
		return nil, errors.Join(errors.New("staged photo "+sum+" is gone"), err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return filesystem.NewFileFromBytes(data, name)
}

// remember notes which stored file each attached photo became, so that the
// same photo is never attached to that field twice.
func (p *photoPlan) remember(tx core.App, m Mutation, out []byte) error {
	if len(p.pending) == 0 {
		return nil
	}
	var rec map[string]any
	if err := json.Unmarshal(out, &rec); err != nil {
		return err
	}
	for field, sums := range p.pending {
		var added []string
		for _, name := range asStrings(rec[field]) {
			if !slices.Contains(p.before[field], name) {
				added = append(added, name)
			}
		}
		for i := 0; i < len(sums) && i < len(added); i++ {
			_, err := tx.DB().NewQuery(`INSERT INTO sync_photo_files (record_id, field, sha256, filename)
				VALUES ({:r}, {:f}, {:s}, {:n}) ON CONFLICT DO UPDATE SET filename = excluded.filename`).
				Bind(dbx.Params{"r": m.RecordID, "f": field, "s": sums[i], "n": added[i]}).Execute()
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func asStrings(v any) []string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, s := range x {
			if str, ok := s.(string); ok {
				out = append(out, str)
			}
		}
		return out
	case []string:
		return x
	}
	return nil
}
