package shops_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"mallcare/internal/mallcaretest"
	"mallcare/shops"
)

func newEnv(t *testing.T) *mallcaretest.Env {
	env := mallcaretest.NewApp(t)
	shops.Register(env.TestApp)
	return env
}

// upload posts a file to the preview as user.
func upload(t *testing.T, env *mallcaretest.Env, user, mall, name string, data []byte) mallcaretest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("mall", mall)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	req := httptest.NewRequest("POST", "/api/shops/preview", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", env.Token(t, user))
	rec := httptest.NewRecorder()
	env.Handler(t).ServeHTTP(rec, req)
	return mallcaretest.Response{Status: rec.Code, Body: rec.Body.Bytes()}
}

func xlsx(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	return buf.Bytes()
}

func wait(t *testing.T, env *mallcaretest.Env, id string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		j := env.Do(t, "GET", "/api/shops/import/"+id, "admin@AA", nil).JSON()
		if j["status"] != "running" {
			return j
		}
	}
	t.Fatal("import did not finish")
	return nil
}

// TestImportPreviewAndApply: each row marked new / changed / unchanged /
// invalid with its line and reason; a file with a bad row imports nothing;
// fixed, everything is written at once.
func TestImportPreviewAndApply(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	aa := env.Malls["AA"].Id
	// fixture: AA-1 on 1F, AA-2 on 2F (no booths)
	file := xlsx(t, [][]any{
		{"商铺名称", "品牌", "楼层", "铺位号", "类别"},
		{"AA-1", "", "1F", "", ""},                 // 2 unchanged
		{"AA-2", "新品牌", "2F", "", "餐饮"},            // 3 changed (brand, category)
		{"星巴克", "Starbucks", "1F", "101", "餐饮"},    // 4 new
		{"", "无名", "3F", "301", ""},               // 5 invalid: no name
		{"喜茶", "HEYTEA", "1F", "101", "饮品"},        // 6 invalid: same booth as line 4
		{strings.Repeat("长", 101), "", "1F", "", ""}, // 7 invalid: too long
		{},                                         // empty: skipped
	})
	res := upload(t, env, "admin@AA", aa, "shops.xlsx", file)
	if res.Status != 200 {
		t.Fatalf("preview %d %s", res.Status, res.Body)
	}
	rows := res.JSON()["rows"].([]any)
	want := []struct {
		line          float64
		status, inMsg string
	}{{2, "unchanged", ""}, {3, "changed", ""}, {4, "new", ""}, {5, "invalid", "缺少商铺名称"}, {6, "invalid", "第 4 行"}, {7, "invalid", "超过 100"}}
	if len(rows) != len(want) {
		t.Fatalf("%d rows: %s", len(rows), res.Body)
	}
	var fixed []map[string]any
	for i, w := range want {
		r := rows[i].(map[string]any)
		if r["line"] != w.line || r["status"] != w.status || !strings.Contains(fmt.Sprint(r["reason"]), w.inMsg) {
			t.Errorf("row %d: %v", i, r)
		}
		fixed = append(fixed, r)
	}
	if c := rows[1].(map[string]any)["changes"]; fmt.Sprint(c) != "[brand category]" {
		t.Errorf("changes %v", c)
	}
	before, _ := env.CountRecords("shops")

	// applied as it is: refused, every bad line named, nothing written
	bad := env.Do(t, "POST", "/api/shops/import", "admin@AA", map[string]any{"mall": aa, "rows": fixed})
	if bad.Status != 400 || !strings.Contains(string(bad.Body), "第 5 行") || len(bad.JSON()["data"].(map[string]any)) != 3 {
		t.Fatalf("bad import: %d %s", bad.Status, bad.Body)
	}
	if n, _ := env.CountRecords("shops"); n != before {
		t.Fatalf("a refused import wrote %d shops", n-before)
	}
	// fixed in the preview: the name filled in, the duplicate moved, the long one cut
	fixed[3]["name"] = "无名小店"
	fixed[4]["booth"] = "102"
	fixed[5]["name"] = "长名店"
	ok := env.Do(t, "POST", "/api/shops/import", "admin@AA", map[string]any{"mall": aa, "rows": fixed})
	if ok.Status != 202 {
		t.Fatalf("import %d %s", ok.Status, ok.Body)
	}
	done := wait(t, env, ok.JSON()["id"].(string))
	if done["status"] != "done" || done["created"] != float64(4) || done["updated"] != float64(1) || done["done"] != float64(6) {
		t.Fatalf("job %v", done)
	}
	aa2, _ := env.FindRecordById("shops", env.Shops["AA-2"].Id)
	if aa2.GetString("brand") != "新品牌" || aa2.GetString("category") != "餐饮" {
		t.Errorf("AA-2 %v", aa2.PublicExport())
	}
	if _, err := env.FindFirstRecordByFilter("shops", "name = '喜茶' && booth = '102' && mall = {:m}", map[string]any{"m": aa}); err != nil {
		t.Errorf("喜茶 not imported: %v", err)
	}
	// the same file again: nothing new
	again := upload(t, env, "admin@AA", aa, "shops.xlsx", file).JSON()["counts"].(map[string]any)
	if again["new"] != float64(0) || again["changed"] != float64(0) {
		t.Errorf("counts after import %v", again)
	}
}

// TestImportAtomic: a failure while writing (here: a row refused by the
// database) rolls every row back.
func TestImportAtomic(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	aa := env.Malls["AA"].Id
	rows := []map[string]any{}
	for i := 0; i < 120; i++ {
		rows = append(rows, map[string]any{"line": i + 2, "name": fmt.Sprintf("店%03d", i), "floor": "B1", "booth": fmt.Sprint(i)})
	}
	// the 100th shop fails to save
	env.OnRecordCreate("shops").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.GetString("name") == "店099" {
			return fmt.Errorf("disk full")
		}
		return e.Next()
	})
	before, _ := env.CountRecords("shops")
	res := env.Do(t, "POST", "/api/shops/import", "admin@AA", map[string]any{"mall": aa, "rows": rows})
	if res.Status != 202 {
		t.Fatalf("import %d %s", res.Status, res.Body)
	}
	j := wait(t, env, res.JSON()["id"].(string))
	if j["status"] != "failed" || !strings.Contains(j["error"].(string), "第 101 行") {
		t.Errorf("job %v", j)
	}
	if n, _ := env.CountRecords("shops"); n != before {
		t.Errorf("a failed import left %d shops", n-before)
	}
}

// TestImportCSVAndRefusals: a GB18030 CSV from Excel; other malls, other
// roles, wrong files are refused in words; export round-trips.
func TestImportCSVAndRefusals(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	aa, bb := env.Malls["AA"].Id, env.Malls["BB"].Id
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().String("商铺名称,品牌,楼层,铺位号,类别\n优衣库,UNIQLO,2F,201,服装\n")
	res := upload(t, env, "admin@AA", aa, "shops.csv", []byte(gbk))
	if res.Status != 200 || res.JSON()["rows"].([]any)[0].(map[string]any)["name"] != "优衣库" {
		t.Fatalf("GB18030 csv: %d %s", res.Status, res.Body)
	}
	utf := "\ufeff商铺名称,楼层\n无印良品,3F\n"
	if r := upload(t, env, "admin@AA", aa, "shops.csv", []byte(utf)); r.Status != 200 {
		t.Errorf("utf-8 csv with BOM: %d %s", r.Status, r.Body)
	}
	for name, c := range map[string]struct {
		user, mall, file string
		data             []byte
		msg              string
	}{
		"other mall":  {"admin@AA", bb, "s.csv", []byte(utf), "管理员"},
		"not admin":   {"manager@AA", aa, "s.csv", []byte(utf), "管理员"},
		"no name col": {"admin@AA", aa, "s.csv", []byte("品牌,楼层\nx,1F\n"), "商铺名称"},
		"wrong type":  {"admin@AA", aa, "s.txt", []byte(utf), ".xlsx"},
		"broken xlsx": {"admin@AA", aa, "s.xlsx", []byte("not a zip"), "Excel"},
	} {
		r := upload(t, env, c.user, c.mall, c.file, c.data)
		if r.Status < 400 || !strings.Contains(string(r.Body), c.msg) {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	if r := env.Do(t, "POST", "/api/shops/import", "admin@AA", map[string]any{"mall": bb, "rows": []any{map[string]any{"name": "x"}}}); r.Status != 403 {
		t.Errorf("import into another mall: %d", r.Status)
	}
	// export: the import's columns, re-importable unchanged
	req := httptest.NewRequest("GET", "/api/shops/export?mall="+aa, nil)
	req.Header.Set("Authorization", env.Token(t, "admin@AA"))
	rec := httptest.NewRecorder()
	env.Handler(t).ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("export %d %s", rec.Code, rec.Body)
	}
	back := upload(t, env, "admin@AA", aa, "export.xlsx", rec.Body.Bytes())
	if c := back.JSON()["counts"].(map[string]any); c["unchanged"] != float64(2) || c["new"] != float64(0) {
		t.Errorf("export re-imported: %s", back.Body)
	}
}

// TestImportTwoThousand: a big list goes in as one import, the job counting
// its way to the end.
func TestImportTwoThousand(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	aa := env.Malls["AA"].Id
	var csv strings.Builder
	csv.WriteString("商铺名称,品牌,楼层,铺位号,类别\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&csv, "店铺%04d,品牌%d,%dF,%04d,零售\n", i, i%50, i%6+1, i)
	}
	prev := upload(t, env, "admin@AA", aa, "big.csv", []byte(csv.String()))
	if prev.Status != 200 || prev.JSON()["counts"].(map[string]any)["new"] != float64(2000) {
		t.Fatalf("preview %d %.300s", prev.Status, prev.Body)
	}
	rows := prev.JSON()["rows"]
	res := env.Do(t, "POST", "/api/shops/import", "admin@AA", map[string]any{"mall": aa, "rows": rows})
	if res.Status != 202 || res.JSON()["total"] != float64(2000) {
		t.Fatalf("import %d %s", res.Status, res.Body)
	}
	seen := map[float64]bool{}
	id := res.JSON()["id"].(string)
	var j map[string]any
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		j = env.Do(t, "GET", "/api/shops/import/"+id, "admin@AA", nil).JSON()
		seen[j["done"].(float64)] = true
		if j["status"] != "running" {
			break
		}
	}
	if j["status"] != "done" || j["created"] != float64(2000) {
		t.Fatalf("job %v", j)
	}
	if len(seen) < 3 {
		t.Errorf("progress seen at %d points only: %v", len(seen), seen)
	}
	if n, _ := env.CountRecords("shops", dbx.HashExp{"mall": aa}); n != 2002 {
		t.Errorf("%d shops in AA, want 2002", n)
	}
}
