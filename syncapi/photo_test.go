package syncapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"mallcare/domain"
	"mallcare/internal/mallcaretest"
	"mallcare/syncapi"
)

// pngBytes is a small real PNG; shade makes different contents.
func pngBytes(t testing.TB, shade uint8) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = shade
	}
	img.Set(0, 0, color.RGBA{R: 1, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func stagePhoto(t testing.TB, env *mallcaretest.Env, user, photoID string, data []byte, sum string) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("photoId", photoID)
	if sum != "" {
		_ = mw.WriteField("sha256", sum)
	}
	part, _ := mw.CreateFormFile("file", "photo.png")
	part.Write(data)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/api/sync/photo", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", env.Token(t, user))
	rec := httptest.NewRecorder()
	env.Handler(t).ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

func hexSum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestPhotosStagedOnceAttachedThroughRules(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	red, blue := pngBytes(t, 10), pngBytes(t, 200)

	if code, out := stagePhoto(t, env, "service@AA", "p1", red, hexSum(red)); code != 200 || out["status"] != "stored" {
		t.Fatalf("stage: %d %v", code, out)
	}
	if code, out := stagePhoto(t, env, "service@AA", "p1", red, ""); code != 200 || out["status"] != "duplicate" {
		t.Fatalf("stage again: %d %v", code, out)
	}
	stagePhoto(t, env, "service@AA", "p2", red, "") // same content, another id
	fsys, err := env.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if objs, _ := fsys.List("_sync_photos/"); len(objs) != 1 {
		t.Fatalf("same content staged %d times", len(objs))
	}

	// a mutation naming a photo not uploaded yet: retry later, not recorded
	id := rid()
	data := complaintData(env, "AA")
	data["photos"] = []any{"photo:p1", "photo:p3"}
	create := mut("complaints", "create", id, data)
	res := push(t, env, "service@AA", create)[0]
	if res.Status != "rejected" || !res.Retry || res.Error.Code != "photo_missing" {
		t.Fatalf("missing photo: %+v", res)
	}
	stagePhoto(t, env, "service@AA", "p3", blue, "")
	res = push(t, env, "service@AA", create)[0]
	if res.Status != "applied" {
		t.Fatalf("create with photos: %+v", res)
	}
	if photos, _ := res.Record["photos"].([]any); len(photos) != 2 {
		t.Fatalf("photos: %v", res.Record["photos"])
	}

	// p2 has p1's content: already attached, stored once
	res = push(t, env, "service@AA", mut("complaints", "update", id, map[string]any{"photos+": []any{"photo:p2"}}))[0]
	if photos, _ := res.Record["photos"].([]any); res.Status != "applied" || len(photos) != 2 {
		t.Fatalf("same photo twice: %+v", res)
	}

	// the update rule holds: mall BB cannot attach to mall AA's complaint
	green := pngBytes(t, 99)
	stagePhoto(t, env, "service@BB", "pb", green, "")
	res = push(t, env, "service@BB", mut("complaints", "update", id, map[string]any{"photos+": []any{"photo:pb"}}))[0]
	if res.Status != "rejected" || res.Error.Status != 404 {
		t.Fatalf("other mall attaches a photo: %+v", res)
	}
	// nor use someone else's staged photo
	res = push(t, env, "service@AA", mut("complaints", "update", id, map[string]any{"photos+": []any{"photo:pb"}}))[0]
	if res.Error == nil || res.Error.Code != "photo_missing" {
		t.Fatalf("another user's photo: %+v", res)
	}

	// append-only collections take photos at creation
	tpl, _ := env.FindFirstRecordByFilter("inspection_templates", "mall = ''")
	insp := rid()
	stagePhoto(t, env, "inspector@AA", "i1", green, "")
	created := mustApply(t, env, "inspector@AA",
		mut("inspections", "create", insp, map[string]any{"mall": env.Malls["AA"].Id, "template": tpl.Id, "floor": "1F"}))
	item := created[0].Record["items"].([]any)[0].(map[string]any)["id"]
	res = mustApply(t, env, "inspector@AA",
		mut("inspection_results", "create", rid(), map[string]any{"inspection": insp, "mall": env.Malls["AA"].Id, "item_id": item, "result": "fail", "photos": []any{"photo:i1"}}))[0]
	if photos, _ := res.Record["photos"].([]any); len(photos) != 1 {
		t.Fatalf("result photos: %v", res.Record)
	}

	// staged photos expire; the attached files stay with their records
	if err := syncapi.Prune(env, time.Now().AddDate(0, 0, syncapi.PhotoDays+1)); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, env, "sync_photos") + countRows(t, env, "sync_photo_files"); n != 0 {
		t.Fatalf("%d staging rows left", n)
	}
	if objs, _ := fsys.List("_sync_photos/"); len(objs) != 0 {
		t.Fatalf("%d staged files left", len(objs))
	}
	if r := findRecord(t, env, "complaints", id); len(r.GetStringSlice("photos")) != 2 {
		t.Fatalf("attached photos after prune: %v", r.GetStringSlice("photos"))
	}
}

func TestPhotoBadInput(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	img := pngBytes(t, 5)
	big := append(append([]byte{}, img...), make([]byte, domain.PhotoMaxBytes)...)
	for _, c := range []struct {
		name string
		id   string
		data []byte
		sum  string
		want int
	}{
		{"oversize", "big", big, "", 413},
		{"not an image", "txt", []byte("hello, not a photo"), "", 400},
		{"corrupted upload", "bad", img, hexSum([]byte("other")), 400},
		{"bad id", "../x", img, "", 400},
	} {
		if code, out := stagePhoto(t, env, "service@AA", c.id, c.data, c.sum); code != c.want {
			t.Fatalf("%s: %d %v", c.name, code, out)
		}
	}
	if n := countRows(t, env, "sync_photos"); n != 0 {
		t.Fatalf("refused photos stored: %d", n)
	}

	// the envelope is judged before the photoId inside it, and the answer
	// names what is wrong with it
	var whole bytes.Buffer
	mw := multipart.NewWriter(&whole)
	_ = mw.WriteField("photoId", "env")
	part, _ := mw.CreateFormFile("file", "photo.png")
	part.Write(big)
	mw.Close()
	for _, c := range []struct {
		name, contentType string
		body              []byte
		unknownLength     bool
		want              int
		says              string
	}{
		{"json instead of multipart", "application/json", []byte(`{"photoId":"x"}`), false, 415, "multipart/form-data"},
		{"no content type", "", img, false, 415, "multipart/form-data"},
		{"cut off", mw.FormDataContentType(), whole.Bytes()[:2000], false, 400, "multipart body"},
		{"too big, length told", mw.FormDataContentType(), whole.Bytes(), false, 413, "5 MB"},
		{"too big, streamed", mw.FormDataContentType(), whole.Bytes(), true, 413, "5 MB"},
	} {
		req := httptest.NewRequest(http.MethodPost, "/api/sync/photo", bytes.NewReader(c.body))
		if c.unknownLength {
			req.ContentLength = -1
		}
		if c.contentType != "" {
			req.Header.Set("Content-Type", c.contentType)
		}
		req.Header.Set("Authorization", env.Token(t, "service@AA"))
		rec := httptest.NewRecorder()
		env.Handler(t).ServeHTTP(rec, req)
		if rec.Code != c.want || !bytes.Contains(rec.Body.Bytes(), []byte(c.says)) || bytes.Contains(rec.Body.Bytes(), []byte("photoId 须为")) {
			t.Errorf("%s: %d %s", c.name, rec.Code, rec.Body)
		}
	}
	if n := countRows(t, env, "sync_photos"); n != 0 {
		t.Fatalf("refused photos stored: %d", n)
	}

	stagePhoto(t, env, "service@AA", "mine", img, "")
	if code, _ := stagePhoto(t, env, "service@BB", "mine", img, ""); code != 400 {
		t.Fatalf("another user's photoId: %d", code)
	}
}

// TestRetryHoldsBackTheRest: a mutation waiting for its photo holds back the
// mutations after it, which are applied once it goes through.
func TestRetryHoldsBackTheRest(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	id := rid()
	data := complaintData(env, "AA")
	data["photos"] = []any{"photo:later"}
	create := mut("complaints", "create", id, data)
	update := mut("complaints", "update", id, map[string]any{"status": "verifying"})
	res := push(t, env, "service@AA", create, update)
	if !res[0].Retry || res[0].Error.Code != "photo_missing" || !res[1].Retry || res[1].Error.Code != "not_processed" {
		t.Fatalf("held back: %+v", res)
	}
	stagePhoto(t, env, "service@AA", "later", pngBytes(t, 7), "")
	mustApply(t, env, "service@AA", create, update)
}
