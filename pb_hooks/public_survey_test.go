package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"mallcare/internal/mallcaretest"
	"mallcare/signedlink"
)

func mintLink(t *testing.T, env *mallcaretest.Env, user, mall string) mallcaretest.Response {
	return env.Do(t, http.MethodPost, "/api/surveys/links", user, map[string]any{"mall": mallID(env, mall), "desk": "一楼总台", "kind": "customer", "days": 7})
}

func TestPublicSurveyLink(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	for _, user := range []string{"manager@AA", "service@AA", "admin@BB"} {
		if res := mintLink(t, env, user, "AA"); res.Status != 403 {
			t.Fatalf("%s minted a survey link for AA: %d", user, res.Status)
		}
	}
	if res := env.Do(t, http.MethodPost, "/api/surveys/links", "", map[string]any{"mall": mallID(env, "AA"), "kind": "customer"}); res.Status != 401 {
		t.Fatalf("guest minted a link: %d", res.Status)
	}
	res := mintLink(t, env, "admin@AA", "AA")
	if res.Status != 200 {
		t.Fatal(res.Status, string(res.Body))
	}
	token := res.JSON()["token"].(string)

	form := env.Do(t, http.MethodGet, "/api/public/surveys/"+token, "", nil)
	if form.Status != 200 || form.JSON()["mall"] != "Mall AA" || len(form.JSON()["questions"].([]any)) != 5 {
		t.Fatalf("survey form: %d %s", form.Status, form.Body)
	}

	// an answer by JSON, as a kiosk app would send it
	before, _ := env.CountRecords("survey_responses")
	ok := env.Do(t, http.MethodPost, "/api/public/surveys/"+token, "", map[string]any{"answers": map[string]int{"overall": 5, "staff": 4}, "comment": "很好"})
	if ok.Status != 200 || ok.JSON()["satisfied"] != true {
		t.Fatalf("submit: %d %s", ok.Status, ok.Body)
	}
	r, _ := env.FindRecordById("survey_responses", ok.JSON()["id"].(string))
	if r.GetString("mall") != mallID(env, "AA") || r.GetString("desk") != "一楼总台" || r.GetString("channel") != "qr" || r.GetString("taken_by") != "" {
		t.Fatalf("stored response: %v", r.FieldsData())
	}
	bad := env.Do(t, http.MethodPost, "/api/public/surveys/"+token, "", map[string]any{"answers": map[string]int{"overall": 9}})
	if bad.Status != 400 {
		t.Fatalf("score 9 accepted: %d", bad.Status)
	}
	if after, _ := env.CountRecords("survey_responses"); after != before+1 {
		t.Fatalf("responses %d → %d", before, after)
	}

	// the plain HTML form for a phone that scanned the QR code
	page := env.Do(t, http.MethodGet, "/s/"+token, "", nil)
	if page.Status != 200 || !strings.Contains(string(page.Body), "顾客满意度调查") || !strings.Contains(string(page.Body), `name="q_overall"`) {
		t.Fatalf("survey page: %d", page.Status)
	}
	req := httptest.NewRequest(http.MethodPost, "/s/"+token, strings.NewReader(url.Values{"q_overall": {"3"}, "q_env": {"2"}, "comment": {"厕所不干净"}}.Encode()))
	req.Header.Set("content-type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	env.Handler(t).ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "感谢") {
		t.Fatalf("form submit: %d %s", rec.Code, rec.Body.String())
	}
	if n, _ := env.CountRecords("survey_responses"); n != before+2 {
		t.Fatal("form answer not stored")
	}
}

func TestPublicSurveyRefusesBadTokens(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	token := mintLink(t, env, "admin@AA", "AA").JSON()["token"].(string)
	forged := token[:len(token)-3] + "abc"
	report, _ := signedlink.Sign(env, "report", map[string]any{"mall": mallID(env, "AA"), "kind": "customer"}, time.Hour)
	expired, _ := signedlink.Sign(env, "survey", map[string]any{"mall": mallID(env, "AA"), "kind": "customer"}, time.Millisecond)
	time.Sleep(1100 * time.Millisecond)
	for name, tok := range map[string]string{"forged": forged, "other purpose": report, "expired": expired, "garbage": "not-a-token"} {
		if res := env.Do(t, http.MethodPost, "/api/public/surveys/"+tok, "", map[string]any{"answers": map[string]int{"overall": 5}}); res.Status != 403 {
			t.Errorf("%s token: %d %s", name, res.Status, res.Body)
		}
		if res := env.Do(t, http.MethodGet, "/s/"+tok, "", nil); res.Status != 403 {
			t.Errorf("%s token page: %d", name, res.Status)
		}
	}
	if n, _ := env.CountRecords("survey_responses"); n != 0 {
		t.Fatalf("%d responses stored from bad tokens", n)
	}
}

func TestPublicSurveyFlood(t *testing.T) {
	t.Parallel()
	env := mallcaretest.NewApp(t)
	token := mintLink(t, env, "admin@AA", "AA").JSON()["token"].(string)
	env.Settings().RateLimits.Enabled = true
	limited := 0
	for i := 0; i < 40; i++ {
		res := env.Do(t, http.MethodPost, "/api/public/surveys/"+token, "", map[string]any{"answers": map[string]int{"overall": 5}})
		if res.Status == 429 {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("40 answers in a row from one address were all accepted")
	}
	if n, _ := env.CountRecords("survey_responses"); n > 30 {
		t.Fatalf("%d responses stored past the limit", n)
	}
}
