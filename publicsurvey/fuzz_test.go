package publicsurvey

import (
	"testing"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/clientwrite"
)

// FuzzAnswerBody: the public answer decoders (JSON and form) never panic,
// and what they let through is what the store may write: some answers, an
// id in PocketBase's format or none, and a comment of clean text within the
// limit. Seeded with the bodies the tests refuse today.
func FuzzAnswerBody(f *testing.F) {
	for _, seed := range []string{
		`{"id":"abcdefghijklmno","answers":{"overall":5},"comment":"很好"}`,
		`{"answers":{"overall":5},"comment":"a\u0000b"}`,
		`{"answers":{"overall":5},"comment":"a\ud800b"}`,
		`{"answers":{"overall":"5"}}`, `{"answers":{}}`, `{"answers":{"overall":5},"mall":"other"}`,
		`{"answers":{"overall":5},"extra":1}`, `{"answers":{"overall":5}} trailing`, `[]`, `null`,
		"q_overall=5&comment=%07", "q_overall=5&comment=%FF", "q_overall=5&comment=a%0D%0Ab", "id=x&q_overall=6",
		"q_overall=5&mall=BB", "%zz",
	} {
		f.Add([]byte(seed))
	}
	blank := core.NewBaseCollection("blank")
	record := func(id string) *core.Record {
		r := core.NewRecord(blank)
		r.Id = id
		return r
	}
	sv := &survey{point: record("point0000000001"), mall: record("mall00000000001"), template: record("tmpl00000000001")}
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, decode := range []func() (response, *refusal){
			func() (response, *refusal) { return decodeJSON(raw, sv) },
			func() (response, *refusal) { return decodeForm(string(raw)) },
		} {
			resp, refused := decode()
			if refused != nil {
				if refused.Status < 400 || refused.Status > 499 || refused.Message == "" {
					t.Fatalf("refusal without a 4xx and words: %+v", refused)
				}
				continue
			}
			if len(resp.Answers) == 0 {
				t.Fatalf("accepted with no answers: %q", raw)
			}
			if resp.ID != "" && !idPattern.MatchString(resp.ID) {
				t.Fatalf("accepted id %q", resp.ID)
			}
			if err := clientwrite.CheckText(resp.Comment); err != nil || utf8.RuneCountInString(resp.Comment) > commentMax {
				t.Fatalf("accepted comment %q: %v", resp.Comment, err)
			}
		}
	})
}
