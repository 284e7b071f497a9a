package publicsurvey_test

import (
	"fmt"
	"github.com/pocketbase/dbx"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"mallcare/reports/kpi"
	"mallcare/reports/period"
	"mallcare/signedlink"
)

// TestAnswered: a point's link opens its survey with no account, and an
// answer is stored for the point's mall and template, naming the point (a
// relation, and its name in desk) and its channel, at the server's time.
func TestAnswered(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	p := point(t, env, "AA", map[string]any{"channel": "kiosk", "name": "二楼自助终端"})
	token := link(t, env, p)

	form := send(t, env, http.MethodGet, "/api/public/surveys/"+token, "", "", nil)
	if form.status != 200 || form.body["mall"] != "Mall AA" || form.body["point"] != "二楼自助终端" ||
		form.body["channel"] != "kiosk" || form.body["kind"] != "customer" || len(form.body["questions"].([]any)) != 5 {
		t.Fatalf("survey: %d %s", form.status, form.raw)
	}
	// the public answer holds no record ids beyond what the page was given
	for _, key := range []string{"id", "template", "mallId"} {
		if _, ok := form.body[key]; ok {
			t.Errorf("survey shows %q", key)
		}
	}

	res := answer(t, env, token, map[string]any{"id": "kioskresponse01", "answers": map[string]int{"overall": 2, "staff": 4}, "comment": "排队太久\n希望改进"})
	if res.status != 200 || res.body["status"] != "applied" || res.body["id"] != "kioskresponse01" {
		t.Fatalf("answer: %d %s", res.status, res.raw)
	}
	r, err := env.FindRecordById("survey_responses", "kioskresponse01")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"mall": mallID(env, "AA"), "template": p.GetString("template"), "point": p.Id, "desk": "二楼自助终端",
		"channel": "kiosk", "kind": "customer", "comment": "排队太久\n希望改进", "taken_by": "",
	}
	for k, v := range want {
		if r.GetString(k) != v {
			t.Errorf("%s = %q, want %q", k, r.GetString(k), v)
		}
	}
	if r.GetInt("overall") != 2 || r.GetBool("satisfied") || !r.GetDateTime("created").Time().Equal(t0) {
		t.Errorf("scored %v satisfied %v at %v", r.Get("overall"), r.Get("satisfied"), r.GetDateTime("created"))
	}
	// without an id the server makes one
	if res := answer(t, env, token, map[string]any{"answers": map[string]int{"overall": 5}}); res.status != 200 || len(res.body["id"].(string)) != 15 {
		t.Fatalf("answer without id: %d %s", res.status, res.raw)
	}
}

// TestCountedInReports: public answers count in the reports by kind exactly
// as staff-taken ones do.
func TestCountedInReports(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	env.Clock.Release() // a staff answer over REST is stamped with the machine's time
	customer := link(t, env, point(t, env, "AA", nil))
	merchant := link(t, env, point(t, env, "AA", map[string]any{"kind": "merchant", "template": defaultTemplate(t, env, "merchant").Id, "shop": env.Shops["AA-1"].Id}))
	for _, score := range []int{5, 4, 2} {
		if res := answer(t, env, customer, map[string]any{"answers": map[string]int{"overall": score}}); res.status != 200 {
			t.Fatal(res.raw)
		}
	}
	if res := answer(t, env, merchant, map[string]any{"answers": map[string]int{"overall": 5}}); res.status != 200 {
		t.Fatal(res.raw)
	}
	// one taken by staff on a phone, the same day
	staff := env.Do(t, http.MethodPost, "/api/collections/survey_responses/records", "service@AA", map[string]any{
		"mall": mallID(env, "AA"), "template": defaultTemplate(t, env, "customer").Id, "answers": map[string]int{"overall": 3}})
	if staff.Status != 200 {
		t.Fatal(string(staff.Body))
	}
	mall, err := kpi.LoadMall(env.TestApp, mallID(env, "AA"))
	if err != nil {
		t.Fatal(err)
	}
	week := period.Of(period.Weekly, time.Now().In(mall.Loc))
	d, err := kpi.Load(env.TestApp, mall, week.Start, week.End)
	if err != nil {
		t.Fatal(err)
	}
	k := kpi.Compute(d, week, time.Now())
	if k.Customer.Responses != 4 || k.Merchant.Responses != 1 {
		t.Fatalf("customer %d merchant %d responses", k.Customer.Responses, k.Merchant.Responses)
	}
	if got := *k.Customer.Satisfaction.Value; got != 0.5 {
		t.Fatalf("customer satisfaction %v, want 2 of 4", got)
	}
}

type refusedLink struct{ name, token, code, words string }

// TestRefusedLinks: forged, expired, unknown-key, retired-key, wrong-purpose
// and revoked links are refused on every public route with their own
// message, and write nothing (not even a key).
func TestRefusedLinks(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	p := point(t, env, "AA", nil)
	token := link(t, env, p)
	other := newEnv(t)
	foreign := link(t, other, point(t, other, "AA", nil))
	parts := strings.Split(token, ".")

	// a token signed by a key that is then retired (after a rotation)
	old := point(t, env, "AA", map[string]any{"name": "旧海报"})
	oldToken := link(t, env, old)
	keys, _ := signedlink.Keys(env.TestApp)
	if _, err := signedlink.Rotate(env.TestApp); err != nil {
		t.Fatal(err)
	}
	rotated := link(t, env, point(t, env, "AA", map[string]any{"name": "新海报"}))
	if err := signedlink.Retire(env.TestApp, keys[0].ID); err != nil {
		t.Fatal(err)
	}
	// the first token was signed by the retired key too: mint the live one again
	token = link(t, env, p)
	report, _ := signedlink.SignUntil(env.TestApp, "report", map[string]any{"pt": p.Id, "mall": mallID(env, "AA"), "tpl": p.GetString("template")}, t0, t0.Add(time.Hour))

	revoked := point(t, env, "AA", map[string]any{"name": "已撤下"})
	revokedToken := link(t, env, revoked)
	revoked.Set("active", false)
	if err := env.Save(revoked); err != nil {
		t.Fatal(err)
	}
	replaced := point(t, env, "AA", map[string]any{"name": "换了问卷"})
	replacedToken := link(t, env, replaced)
	newTpl := env.Create(t, "survey_templates", map[string]any{"mall": mallID(env, "AA"), "kind": "customer", "name": "新问卷", "active": true,
		"questions": []map[string]any{{"id": "overall", "text": "总体", "overall": true}}})
	replaced.Set("template", newTpl.Id)
	if err := env.Save(replaced); err != nil {
		t.Fatal(err)
	}
	later := point(t, env, "AA", map[string]any{"valid_from": "2026-12-01 00:00:00Z"})
	laterToken := link(t, env, later)
	// a point whose end an admin brought forward after printing its code
	short := point(t, env, "AA", map[string]any{"valid_until": "2026-11-30 00:00:00Z"})
	shortToken := link(t, env, short)
	short.Set("valid_until", "2026-11-23 07:00:00Z")
	if err := env.Save(short); err != nil {
		t.Fatal(err)
	}
	expPoint := point(t, env, "AA", map[string]any{"valid_until": "2026-11-23 07:00:00Z"})
	expiring := link(t, env, expPoint)

	before := keyCount(t, env)
	cases := []refusedLink{
		{"forged", parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])), "link_invalid", "无效"},
		{"garbage", "not-a-token", "link_invalid", "无效"},
		{"other installation", foreign, "link_unknown_key", "不是本商场"},
		{"retired key", oldToken, "link_retired_key", "签名密钥已停用"},
		{"wrong purpose", report, "link_wrong_purpose", "不是满意度调查"},
		{"revoked point", revokedToken, "link_revoked", "已停用"},
		{"template replaced", replacedToken, "link_replaced", "取代"},
		{"not yet open", laterToken, "link_not_yet", "2026-12-01"},
	}
	check := func(c refusedLink) {
		t.Helper()
		got := send(t, env, http.MethodGet, "/api/public/surveys/"+c.token, "", "", nil)
		if got.status != 403 || got.code() != c.code || !strings.Contains(got.message(), c.words) || !strings.Contains(got.message(), "(") {
			t.Errorf("%s: GET %d %s", c.name, got.status, got.raw)
		}
		got = answer(t, env, c.token, map[string]any{"answers": map[string]int{"overall": 5}})
		if got.status != 403 || got.code() != c.code {
			t.Errorf("%s: POST %d %s", c.name, got.status, got.raw)
		}
		page := send(t, env, http.MethodGet, "/s/"+c.token+"?plain=1", "", "", nil)
		if page.status != 403 || !strings.Contains(page.raw, c.words) {
			t.Errorf("%s: plain page %d", c.name, page.status)
		}
		form := send(t, env, http.MethodPost, "/s/"+c.token, "application/x-www-form-urlencoded", "", "q_overall=5")
		if form.status != 403 || !strings.Contains(form.raw, c.words) {
			t.Errorf("%s: plain form %d", c.name, form.status)
		}
	}
	for _, c := range cases {
		check(c)
	}
	// the live links still work: revoking one point leaves the others alone
	for _, tok := range []string{token, rotated, shortToken} {
		if res := send(t, env, http.MethodGet, "/api/public/surveys/"+tok, "", "", nil); res.status != 200 {
			t.Errorf("live link refused: %s", res.raw)
		}
	}
	// an hour later: the short point has ended, the other's token expired
	env.Clock.Set(t0.Add(time.Hour))
	check(refusedLink{"ended point", shortToken, "link_ended", "已于 2026-11-23 结束"})
	// a token past its expiry whose point was extended since
	expPoint.Set("valid_until", "2027-01-01 00:00:00Z")
	if err := env.Save(expPoint); err != nil {
		t.Fatal(err)
	}
	check(refusedLink{"expired", expiring, "link_expired", "过期"})

	if n := count(t, env, "survey_responses"); n != 0 {
		t.Fatalf("%d responses stored from refused links", n)
	}
	if n := keyCount(t, env); n != before {
		t.Fatalf("refused links made keys: %d → %d", before, n)
	}
	if n := keyCount(t, other); n != 1 {
		t.Fatalf("other installation: %d keys", n)
	}
	// a new installation that has signed nothing yet makes no key for a stranger's token
	fresh := newEnv(t)
	if res := answer(t, fresh, foreign, map[string]any{"answers": map[string]int{"overall": 5}}); res.code() != "link_unknown_key" {
		t.Fatalf("fresh installation: %d %s", res.status, res.raw)
	}
	if send(t, fresh, http.MethodGet, "/api/public/surveys/"+foreign, "", "", nil).status != 403 || keyCount(t, fresh) != 0 || count(t, fresh, "survey_responses") != 0 {
		t.Fatal("a refused token wrote to a fresh installation")
	}

	// reactivating the point makes its printed codes work again
	revoked.Set("active", true)
	if err := env.Save(revoked); err != nil {
		t.Fatal(err)
	}
	if res := answer(t, env, revokedToken, map[string]any{"answers": map[string]int{"overall": 4}}); res.status != 200 {
		t.Fatalf("reactivated point: %d %s", res.status, res.raw)
	}
}

// TestRefusedBodies: every bad answer is a 4xx naming the problem, and
// nothing is written.
func TestRefusedBodies(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	p := point(t, env, "AA", nil)
	token := link(t, env, p)
	path := "/api/public/surveys/" + token
	ok := map[string]int{"overall": 5}
	cases := []struct {
		name        string
		contentType string
		body        any
		status      int
		words       string
	}{
		{"score 9", "application/json", map[string]any{"answers": map[string]int{"overall": 9}}, 400, "1 到 5"},
		{"score 0", "application/json", map[string]any{"answers": map[string]int{"overall": 0}}, 400, "1 到 5"},
		{"half score", "application/json", `{"answers":{"overall":4.5}}`, 400, "1 到 5"},
		{"score as text", "application/json", `{"answers":{"overall":"5"}}`, 400, "1 到 5"},
		{"unknown question", "application/json", map[string]any{"answers": map[string]int{"overall": 5, "parking": 3}}, 400, `"parking"`},
		{"overall unanswered", "application/json", map[string]any{"answers": map[string]int{"staff": 5}}, 400, "总体满意度"},
		{"no answers", "application/json", map[string]any{"answers": map[string]int{}}, 400, "至少回答一题"},
		{"answers a list", "application/json", `{"answers":[5]}`, 400, `"answers"`},
		{"malformed", "application/json", `{"answers":`, 400, "JSON"},
		{"trailing data", "application/json", `{"answers":{"overall":5}} {"answers":{"overall":5}}`, 400, "JSON"},
		{"not an object", "application/json", `[1,2]`, 400, "JSON"},
		{"unknown field", "application/json", map[string]any{"answers": ok, "satisfied": true}, 400, `"satisfied"`},
		{"other mall", "application/json", map[string]any{"answers": ok, "mall": mallID(env, "BB")}, 400, "只能提交给"},
		{"other template", "application/json", map[string]any{"answers": ok, "template": defaultTemplate(t, env, "merchant").Id}, 400, "只能提交给"},
		{"other point", "application/json", map[string]any{"answers": ok, "point": point(t, env, "AA", nil).Id}, 400, "只能提交给"},
		{"bad id", "application/json", map[string]any{"answers": ok, "id": "../../etc"}, 400, "15 位"},
		{"control character", "application/json", map[string]any{"answers": ok, "comment": "好\u0007"}, 400, "控制字符"},
		{"escape character", "application/json", `{"answers":{"overall":5},"comment":"a\u001b[2J"}`, 400, "控制字符"},
		{"invalid UTF-8", "application/json", []byte("{\"answers\":{\"overall\":5},\"comment\":\"\xff\xfe\"}"), 400, "UTF-8"},
		{"comment too long", "application/json", map[string]any{"answers": ok, "comment": strings.Repeat("长", 1001)}, 400, "最多 1000 字"},
		{"oversized", "application/json", map[string]any{"answers": ok, "comment": strings.Repeat("x", 17<<10)}, 413, "过大"},
		{"not JSON", "text/plain", `{"answers":{"overall":5}}`, 415, "JSON"},
	}
	for i, c := range cases {
		// each from its own address: refused answers count against the limit too
		res := send(t, env, http.MethodPost, path, c.contentType, fmt.Sprintf("10.9.0.%d", i), c.body)
		if res.status != c.status || !strings.Contains(res.message(), c.words) {
			t.Errorf("%s: %d %s", c.name, res.status, res.raw)
		}
	}
	// the same refusals through the plain form
	for i, c := range []struct{ name, body, words string }{
		{"score 9", "q_overall=9", "1 到 5"},
		{"score as word", "q_overall=five", "1 到 5"},
		{"unknown question", "q_overall=5&q_parking=2", "parking"},
		{"unknown field", "q_overall=5&mall=" + mallID(env, "BB"), "mall"},
		{"control character", "q_overall=5&comment=%07", "控制字符"},
		{"invalid UTF-8", "q_overall=5&comment=%FF", "UTF-8"},
	} {
		res := send(t, env, http.MethodPost, "/s/"+token, "application/x-www-form-urlencoded", fmt.Sprintf("10.9.1.%d", i), c.body)
		if res.status != 400 || !strings.Contains(res.raw, c.words) {
			t.Errorf("form %s: %d", c.name, res.status)
		}
	}
	if n := count(t, env, "survey_responses"); n != 0 {
		t.Fatalf("%d responses stored from refused bodies", n)
	}
	// a comment may hold line breaks and tabs; a form's CRLF line breaks are
	// stored as the newlines people typed (no carriage return is ever stored)
	if res := send(t, env, http.MethodPost, path, "application/json", "10.9.2.1", map[string]any{"answers": ok, "comment": "第一行\n\t第二行"}); res.status != 200 {
		t.Fatalf("multi-line comment: %s", res.raw)
	}
	if res := send(t, env, http.MethodPost, "/s/"+token, "application/x-www-form-urlencoded", "10.9.2.2", "q_overall=5&comment=%E7%AC%AC%E4%B8%80%E8%A1%8C%0D%0A%E7%AC%AC%E4%BA%8C%E8%A1%8C"); res.status != 200 {
		t.Fatalf("multi-line form comment: %d %s", res.status, res.raw)
	}
	if n, _ := env.CountRecords("survey_responses", dbx.NewExp("comment = {:c}", dbx.Params{"c": "第一行\n第二行"})); n != 1 {
		t.Fatalf("the form's comment was not stored with a newline: %d", n)
	}
}

// TestResendStoredOnce: a kiosk that lost the answer sends the same response
// id again; it is answered as a duplicate and stored once, also when the
// copies arrive at the same time.
func TestResendStoredOnce(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	p := point(t, env, "AA", map[string]any{"channel": "kiosk"})
	token := link(t, env, p)
	body := map[string]any{"id": "tabletresponse1", "answers": map[string]int{"overall": 4}}
	if res := answer(t, env, token, body); res.body["status"] != "applied" {
		t.Fatalf("first: %s", res.raw)
	}
	again := answer(t, env, token, body)
	if again.status != 200 || again.body["status"] != "duplicate" || again.body["id"] != "tabletresponse1" {
		t.Fatalf("resend: %d %s", again.status, again.raw)
	}
	// a resend with other answers does not change the stored one
	changed := answer(t, env, token, map[string]any{"id": "tabletresponse1", "answers": map[string]int{"overall": 1}})
	if changed.body["status"] != "duplicate" {
		t.Fatalf("changed resend: %s", changed.raw)
	}
	if r, _ := env.FindRecordById("survey_responses", "tabletresponse1"); r.GetInt("overall") != 4 {
		t.Fatalf("stored answer changed to %d", r.GetInt("overall"))
	}

	// eight copies of one new answer at once
	var wg sync.WaitGroup
	statuses := make([]string, 8)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := answer(t, env, token, map[string]any{"id": "tabletresponse2", "answers": map[string]int{"overall": 5}})
			statuses[i] = fmt.Sprintf("%d %v", res.status, res.body["status"])
		}()
	}
	wg.Wait()
	applied := 0
	for _, s := range statuses {
		switch s {
		case "200 applied":
			applied++
		case "200 duplicate":
		default:
			t.Errorf("concurrent copy: %s", s)
		}
	}
	if applied != 1 {
		t.Fatalf("%d copies applied: %v", applied, statuses)
	}
	if n := count(t, env, "survey_responses"); n != 2 {
		t.Fatalf("%d responses stored, want 2", n)
	}
	// an id stored at one point cannot be claimed from another
	other := link(t, env, point(t, env, "AA", nil))
	if res := answer(t, env, other, body); res.status != 409 || res.code() != "id_taken" {
		t.Fatalf("id of another point: %d %s", res.status, res.raw)
	}
	// the plain form's hidden id dedupes a double submit too
	form := "id=plainformreply1&q_overall=5"
	for range 2 {
		if res := send(t, env, http.MethodPost, "/s/"+token, "application/x-www-form-urlencoded", "", form); res.status != 200 || !strings.Contains(res.raw, "感谢") {
			t.Fatalf("form: %d", res.status)
		}
	}
	if n := count(t, env, "survey_responses"); n != 3 {
		t.Fatalf("%d responses after a double form submit, want 3", n)
	}
}

// TestRateLimits: answers are limited per client address and per point,
// with a 429 that says how long to wait; the limits reset with the window.
func TestRateLimits(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	token := link(t, env, point(t, env, "AA", nil))
	path := "/api/public/surveys/" + token
	ok := map[string]any{"answers": map[string]int{"overall": 5}}
	env.Clock.Set(t0)
	for i := range 20 {
		if res := send(t, env, http.MethodPost, path, "application/json", "10.0.0.1", ok); res.status != 200 {
			t.Fatalf("answer %d: %d %s", i+1, res.status, res.raw)
		}
	}
	env.Clock.Set(t0.Add(15 * time.Second))
	res := send(t, env, http.MethodPost, path, "application/json", "10.0.0.1", ok)
	if res.status != 429 || res.code() != "rate_limited" || res.header.Get("Retry-After") != "45" || !strings.Contains(res.message(), "45 秒后再试") {
		t.Fatalf("21st from one address: %d %v %s", res.status, res.header, res.raw)
	}
	// the plain form explains it too
	page := send(t, env, http.MethodPost, "/s/"+token, "application/x-www-form-urlencoded", "10.0.0.1", "q_overall=5")
	if page.status != 429 || !strings.Contains(page.raw, "提交太频繁") {
		t.Fatalf("form over the limit: %d", page.status)
	}
	// another address is not held up
	if res := send(t, env, http.MethodPost, path, "application/json", "10.0.0.2", ok); res.status != 200 {
		t.Fatalf("other address: %d", res.status)
	}
	if n := count(t, env, "survey_responses"); n != 21 {
		t.Fatalf("%d stored", n)
	}

	// per point: 60 a minute, whatever the addresses
	env.Clock.Set(t0.Add(time.Minute))
	busy := link(t, env, point(t, env, "AA", map[string]any{"name": "人很多的点"}))
	for i := range 60 {
		if res := send(t, env, http.MethodPost, "/api/public/surveys/"+busy, "application/json", fmt.Sprintf("10.1.0.%d", i), ok); res.status != 200 {
			t.Fatalf("answer %d: %d", i+1, res.status)
		}
	}
	res = send(t, env, http.MethodPost, "/api/public/surveys/"+busy, "application/json", "10.1.1.1", ok)
	if res.status != 429 || res.header.Get("Retry-After") != "60" {
		t.Fatalf("61st at one point: %d %v", res.status, res.header)
	}
	// other points take answers
	if res := send(t, env, http.MethodPost, path, "application/json", "10.1.1.1", ok); res.status != 200 {
		t.Fatalf("other point: %d %s", res.status, res.raw)
	}
	// and the next minute the busy point does again
	env.Clock.Set(t0.Add(2 * time.Minute))
	if res := send(t, env, http.MethodPost, "/api/public/surveys/"+busy, "application/json", "10.1.1.1", ok); res.status != 200 {
		t.Fatalf("next window: %d", res.status)
	}
}

// TestPages: /s/{token} is the PWA's survey page; ?plain=1 is the form that
// works with no script, and takes an answer.
func TestPages(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	p := point(t, env, "AA", nil)
	token := link(t, env, p)
	page := send(t, env, http.MethodGet, "/s/"+token, "", "", nil)
	if page.status != 200 || !strings.Contains(page.raw, `id="survey"`) || !strings.Contains(page.raw, "plain=1") {
		t.Fatalf("survey page: %d %.300s", page.status, page.raw)
	}
	if cc := page.header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("survey page cache-control %q", cc)
	}
	plain := send(t, env, http.MethodGet, "/s/"+token+"?plain=1", "", "", nil)
	if plain.status != 200 || !strings.Contains(plain.raw, "顾客满意度调查") || !strings.Contains(plain.raw, `name="q_overall"`) ||
		!strings.Contains(plain.raw, "非常满意") || !strings.Contains(plain.raw, "一楼总服务台") {
		t.Fatalf("plain form: %d %s", plain.status, plain.raw)
	}
	res := send(t, env, http.MethodPost, "/s/"+token+"?plain=1", "application/x-www-form-urlencoded", "", "q_overall=3&q_env=2&comment=%E5%8E%95%E6%89%80%E4%B8%8D%E5%B9%B2%E5%87%80")
	if res.status != 200 || !strings.Contains(res.raw, "感谢") {
		t.Fatalf("form answer: %d %s", res.status, res.raw)
	}
	r, err := env.FindFirstRecordByFilter("survey_responses", "point = {:p}", map[string]any{"p": p.Id})
	if err != nil || r.GetString("comment") != "厕所不干净" || r.GetInt("overall") != 3 || r.GetString("channel") != "qr" {
		t.Fatalf("stored: %v %v", r, err)
	}
}
