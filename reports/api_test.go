package reports_test

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mallcare/reports"
	"mallcare/signedlink"
)

func waitJob(t *testing.T, fx *fixture, id, user string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		res := fx.env.Do(t, "GET", "/api/reports/jobs/"+id, user, nil)
		if res.Status != 200 {
			t.Fatalf("job status %d %s", res.Status, res.Body)
		}
		j := res.JSON()
		if s := j["status"]; s == "done" || s == "failed" {
			return j
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("job did not finish")
	return nil
}

func TestGenerateAndDownloadAPI(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	env := fx.env
	aa, bb := env.Malls["AA"].Id, env.Malls["BB"].Id
	body := map[string]any{"malls": []string{aa}, "kind": "weekly", "period": "2026-W47"}

	// only admins of every mall asked for
	for _, u := range []string{"manager@AA", "service@AA", "inspector@AA", "admin@BB"} {
		if res := env.Do(t, "POST", "/api/reports/generate", u, body); res.Status != 403 {
			t.Errorf("%s generated: %d %s", u, res.Status, res.Body)
		}
	}
	if res := env.Do(t, "POST", "/api/reports/generate", "", body); res.Status != 401 {
		t.Errorf("guest generated: %d", res.Status)
	}
	both := map[string]any{"malls": []string{aa, bb}, "kind": "weekly", "period": "2026-W47"}
	if res := env.Do(t, "POST", "/api/reports/generate", "admin@AA", both); res.Status != 403 {
		t.Errorf("admin of AA generated for BB: %d", res.Status)
	}
	bad := env.Do(t, "POST", "/api/reports/generate", "admin@AA", map[string]any{"malls": []string{aa}, "kind": "weekly", "period": "2026-11"})
	if bad.Status != 400 || !strings.Contains(string(bad.Body), "2026-W47") {
		t.Errorf("bad period: %d %s", bad.Status, bad.Body)
	}

	// HQ admin: both malls in one job
	res := env.Do(t, "POST", "/api/reports/generate", "admin@HQ", both)
	if res.Status != 202 {
		t.Fatalf("generate: %d %s", res.Status, res.Body)
	}
	job := res.JSON()
	if job["total"] != float64(2) {
		t.Errorf("job %v", job)
	}
	if other := env.Do(t, "GET", "/api/reports/jobs/"+job["id"].(string), "admin@AA", nil); other.Status != 404 {
		t.Errorf("someone else's job visible: %d", other.Status)
	}
	done := waitJob(t, fx, job["id"].(string), "admin@HQ")
	if done["status"] != "done" || done["done"] != float64(2) {
		t.Fatalf("job %v", done)
	}
	results := done["results"].([]any)
	reportAA := results[0].(map[string]any)["report"].(string)

	// listing is the collection's REST API: admins of the mall only
	list := env.Do(t, "GET", "/api/collections/reports/records", "admin@AA", nil)
	if list.Status != 200 || list.JSON()["totalItems"] != float64(1) {
		t.Errorf("admin@AA list: %d %s", list.Status, list.Body)
	}
	if l := env.Do(t, "GET", "/api/collections/reports/records", "manager@AA", nil); l.JSON()["totalItems"] != float64(0) {
		t.Errorf("manager sees reports: %s", l.Body)
	}

	// links: minted by admins of the report's mall only
	for _, u := range []string{"manager@AA", "admin@BB"} {
		if r := env.Do(t, "POST", "/api/reports/"+reportAA+"/link", u, nil); r.Status != 403 {
			t.Errorf("%s minted a link: %d", u, r.Status)
		}
	}
	link := env.Do(t, "POST", "/api/reports/"+reportAA+"/link", "admin@AA", nil)
	if link.Status != 200 {
		t.Fatalf("link: %d %s", link.Status, link.Body)
	}
	path := link.JSON()["path"].(string)
	if link.JSON()["name"] != "周报表_AA_2026-W47.xlsx" {
		t.Errorf("name %v", link.JSON()["name"])
	}

	// the link works without an account while it is valid
	req := httptest.NewRequest("GET", path, nil)
	rec := httptest.NewRecorder()
	env.Handler(t).ServeHTTP(rec, req)
	if rec.Code != 200 || !bytes.HasPrefix(rec.Body.Bytes(), []byte("PK")) {
		t.Fatalf("download: %d %.200s", rec.Code, rec.Body.Bytes())
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''%E5%91%A8%E6%8A%A5%E8%A1%A8_AA_2026-W47.xlsx") {
		t.Errorf("content-disposition %q", cd)
	}
	r := openBook(t, rec.Body.Bytes())
	r.text("周报汇总", "B4", "7")

	// forged, other-purpose and expired tokens are refused with a message
	forged := path[:len(path)-4] + "AAAA"
	survey, _ := signedlink.Sign(env.TestApp, "survey", map[string]any{"rid": reportAA}, time.Minute)
	expired, _ := signedlink.Sign(env.TestApp, reports.DownloadPurpose, map[string]any{"rid": reportAA}, time.Second)
	time.Sleep(2100 * time.Millisecond)
	for name, p := range map[string]string{
		"forged": forged, "other purpose": "/api/reports/download/" + survey, "expired": "/api/reports/download/" + expired,
		"garbage": "/api/reports/download/not-a-token",
	} {
		res := env.Do(t, "GET", p, "", nil)
		if res.Status != 403 {
			t.Errorf("%s token: %d", name, res.Status)
		}
		msg := res.JSON()["message"]
		if name == "expired" && !strings.Contains(msg.(string), "过期") {
			t.Errorf("expired message %v", msg)
		}
		if name != "expired" && !strings.Contains(msg.(string), "无效") {
			t.Errorf("%s message %v", name, msg)
		}
	}
}

func TestKPIsAPI(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	env := fx.env
	aa := env.Malls["AA"].Id
	url := "/api/reports/kpis?mall=" + aa + "&kind=monthly&period=2026-11"
	for _, u := range []string{"manager@AA", "admin@BB"} {
		if res := env.Do(t, "GET", url, u, nil); res.Status != 403 {
			t.Errorf("%s read KPIs: %d", u, res.Status)
		}
	}
	res := env.Do(t, "GET", url, "admin@AA", nil)
	if res.Status != 200 {
		t.Fatalf("kpis: %d %s", res.Status, res.Body)
	}
	j := res.JSON()
	k := j["kpis"].(map[string]any)
	if k["received"] != float64(11) || j["total"] != 59.36 || j["final"] != true {
		t.Errorf("kpis %s", res.Body)
	}
	if v := k["callback_on_time"].(map[string]any)["value"]; v != 0.375 {
		t.Errorf("callback_on_time %v", v)
	}
	hist := j["history"].([]any)
	if len(hist) != 3 || hist[2].(map[string]any)["period"] != "2026-10" || hist[2].(map[string]any)["received"] != float64(2) {
		t.Errorf("history %v", hist)
	}
	// the running week (now = Wed 25 Nov): SLAs count only once due
	fx.env.Clock.Set(L(11, 25, 12, 0))
	res = env.Do(t, "GET", "/api/reports/kpis?mall="+aa+"&kind=weekly", "admin@AA", nil)
	j = res.JSON()
	k = j["kpis"].(map[string]any)
	// W48 so far: C8 resolved 24 Nov, C4 resolved 23 Nov; plan due C4 (hit); R3 done 24 Nov, R2 25 Nov 10:00
	if j["period"] != "2026-W48" || j["final"] != false || k["resolved"] != float64(2) || k["rect_done"] != float64(2) {
		t.Errorf("running week %s", res.Body)
	}
	if v := k["plan_in_24h"].(map[string]any); v["den"] != float64(1) || v["num"] != float64(1) {
		t.Errorf("running week plan rate %v", v)
	}
	// a weekly answer carries the verdicts too, so the app keeps no targets of its own
	verdicts := map[string]any{}
	for _, row := range j["targets"].([]any) {
		r := row.(map[string]any)
		verdicts[r["key"].(string)] = r["met"]
	}
	if verdicts["plan_in_24h"] != true || len(verdicts) != 11 {
		t.Errorf("running week targets %v", verdicts)
	}
	if res := env.Do(t, "GET", "/api/reports/kpis?mall="+aa+"&kind=yearly", "admin@AA", nil); res.Status != 400 {
		t.Errorf("bad kind: %d", res.Status)
	}
}
