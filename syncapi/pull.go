package syncapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"mallcare/domain"
)

// Change is one entry of a pull answer.
type Change struct {
	Collection string `json:"collection"`
	Op         string `json:"op"` // upsert | delete
	ID         string `json:"id"`
	// Record is the *core.Record of an upsert, or its JSON when one
	// encoding serves many answers (a group's tail, shared.go).
	Record json.Marshaler `json:"record,omitempty"`
}

// PullAnswer is the body of GET /api/sync/pull.
type PullAnswer struct {
	Changes []Change `json:"changes"`
	Cursor  string   `json:"cursor"`
	HasMore bool     `json:"hasMore"`
	Reset   bool     `json:"reset,omitzero"`
	Total   int      `json:"total,omitzero"` // first sync: size of the working set when it began
}

// cursor: "c.<seq>" is a feed position; "f.<head>.<collection index>.<last
// id>.<total>" a position inside a first sync that started when the feed was
// at head and the working set held total records.
type cursor struct {
	full  bool
	seq   int64 // feed position (full: the head when the first sync began)
	col   int
	after string
	total int
}

func (c cursor) String() string {
	if c.full {
		return fmt.Sprintf("f.%d.%d.%s.%d", c.seq, c.col, c.after, c.total)
	}
	return "c." + strconv.FormatInt(c.seq, 10)
}

func parseCursor(s string) (cursor, error) {
	bad := fmt.Errorf("cursor 无效，请使用服务器返回的值或留空重新同步 (invalid cursor; send back the one the server gave, or none for a first sync)")
	if s == "" {
		return cursor{full: true, seq: -1}, nil
	}
	parts := strings.Split(s, ".")
	switch {
	case parts[0] == "c" && len(parts) == 2:
		n, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil || n < 0 {
			return cursor{}, bad
		}
		return cursor{seq: n}, canonical(cursor{seq: n}, s, bad)
	case parts[0] == "f" && len(parts) == 5:
		n, err1 := strconv.ParseInt(parts[1], 10, 64)
		col, err2 := strconv.Atoi(parts[2])
		total, err3 := strconv.Atoi(parts[4])
		if err1 != nil || err2 != nil || err3 != nil || n < 0 || col < 0 || col > len(pulled) || total < 0 ||
			(parts[3] != "" && !recordIDPattern.MatchString(parts[3])) {
			return cursor{}, bad
		}
		c := cursor{full: true, seq: n, col: col, after: parts[3], total: total}
		return c, canonical(c, s, bad)
	}
	return cursor{}, bad
}

// canonical refuses a cursor that parses but is not the server's own
// spelling ("c.+5", "c.05", " c.5"): clients send back what they were given,
// so anything else is a bug worth hearing about, not a position to guess.
func canonical(c cursor, s string, bad error) error {
	if c.String() != s {
		return bad
	}
	return nil
}

func handlePull(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	limit := DefaultLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPullLimit || strconv.Itoa(n) != s {
			return e.BadRequestError(fmt.Sprintf("limit 须为 1–%d (limit must be 1-%d)", MaxPullLimit, MaxPullLimit), nil)
		}
		limit = n
	}
	cur, err := parseCursor(q.Get("cursor"))
	if err != nil {
		return e.BadRequestError(err.Error(), nil)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	var ans *PullAnswer
	if cur.full {
		ans, err = firstSync(e, info, cur, limit)
	} else {
		ans, err = feedSince(e, info, cur.seq, limit)
	}
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, ans)
}

var resetAnswer = &PullAnswer{Changes: []Change{}, Cursor: "", HasMore: true, Reset: true}

func feedHead(app core.App) (int64, error) {
	var head int64
	// after a prune that emptied the feed, the head is where pruning stopped
	err := app.DB().NewQuery(`SELECT MAX(COALESCE((SELECT MAX(seq) FROM sync_changes), 0),
		COALESCE((SELECT value FROM sync_meta WHERE key = 'pruned_through'), 0))`).Row(&head)
	return head, err
}

func prunedThrough(app core.App) int64 {
	var n int64
	_ = app.DB().NewQuery(`SELECT value FROM sync_meta WHERE key = 'pruned_through'`).Row(&n)
	return n
}

// feedSince answers the changes after seq: it reads only feed rows after the
// cursor (a rowid range) and loads those records by id through the view rule.
func feedSince(e *core.RequestEvent, info *core.RequestInfo, seq int64, limit int) (*PullAnswer, error) {
	app := e.App
	head, err := feedHead(app)
	if err != nil {
		return nil, err
	}
	if seq < prunedThrough(app) || seq > head {
		return resetAnswer, nil
	}
	superuser := info.HasSuperuserAuth()
	if !superuser {
		var n int
		err := app.DB().NewQuery(`SELECT COUNT(*) FROM sync_changes WHERE record_id = {:me} AND collection = 'users'
			AND access = 1 AND seq > {:c} AND seq <= {:head}`).
			Bind(dbx.Params{"me": e.Auth.Id, "c": seq, "head": head}).Row(&n)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return resetAnswer, nil // the user's role or malls changed
		}
	}

	// users alike share the feed's tail (shared.go), unless the request
	// asks for more than a page (expand, …) or a superuser asks
	if !superuser && onlyPageParams(e) {
		if ans, ok, err := groupPull(e, info, seq, head, limit); ok || err != nil {
			return ans, err
		}
	}
	page, cut, err := feedPage(e, info, seq, head, limit, func(*core.Collection) bool { return true })
	if err != nil {
		return nil, err
	}
	ans := &PullAnswer{Changes: make([]Change, 0, len(page)), Cursor: cursor{seq: cut}.String(), HasMore: cut < head}
	for _, en := range page {
		ans.Changes = append(ans.Changes, en.change)
	}
	return ans, nil
}

// onlyPageParams: the pull names nothing but its cursor and limit.
func onlyPageParams(e *core.RequestEvent) bool {
	for k := range e.Request.URL.Query() {
		if k != "cursor" && k != "limit" {
			return false
		}
	}
	return true
}

// WorkingSetDays bounds the first sync to what a phone works with.
const WorkingSetDays = 90

// workingSet: extra filters (PocketBase filter syntax) for the first sync;
// collections not listed are sent whole (as far as the list rule shows them).
func workingSet(since string) map[string]string {
	recent := func(field string) string { return field + ` >= "` + since + `"` }
	return map[string]string{
		"complaints":           openFilter("status") + ` || ` + recent("updated"),
		"complaint_events":     openFilter("complaint.status") + ` || ` + recent("complaint.updated"),
		"inspections":          `status = "` + domain.InProgress + `" || ` + recent("updated"),
		"inspection_results":   `inspection.status = "` + domain.InProgress + `" || ` + recent("inspection.updated"),
		"rectifications":       `status != "` + domain.RectVerified + `" || ` + recent("updated"),
		"rectification_events": `rectification.status != "` + domain.RectVerified + `" || ` + recent("rectification.updated"),
		"survey_responses":     recent("created"),
		"notifications":        `read = false || ` + recent("created"),
	}
}

// openFilter is domain.Open as a PocketBase filter on field: not in a
// status the workflow cannot leave.
func openFilter(field string) string {
	var conds []string
	for _, st := range domain.ComplaintFlow.Statuses {
		if !domain.Open(st.Code) {
			conds = append(conds, field+` != "`+st.Code+`"`)
		}
	}
	return "(" + strings.Join(conds, " && ") + ")"
}

// firstSync pages through the user's working set, collection by collection,
// in id order, through each collection's list rule.
func firstSync(e *core.RequestEvent, info *core.RequestInfo, cur cursor, limit int) (*PullAnswer, error) {
	app := e.App
	if cur.seq < 0 {
		head, err := feedHead(app)
		if err != nil {
			return nil, err
		}
		cur = cursor{full: true, seq: head}
	}
	since := time.Now().UTC().AddDate(0, 0, -WorkingSetDays).Format("2006-01-02 15:04:05.000Z")
	filters := workingSet(since)
	if cur.col == 0 && cur.after == "" {
		cur.total = 0
		// the first page counts the working set, for the phone's progress bar
		for _, name := range pulled {
			col, err := app.FindCachedCollectionByNameOrId(name)
			if err != nil {
				return nil, err
			}
			q := app.RecordQuery(col)
			if err := ruleFilter(app, col, info, col.ListRule, filters[name])(q); err != nil {
				return nil, err
			}
			var n int
			if err := q.Select("COUNT(DISTINCT [[" + name + ".id]])").Row(&n); err != nil {
				return nil, err
			}
			cur.total += n
		}
	}
	ans := &PullAnswer{Changes: []Change{}, Total: cur.total}
	for cur.col < len(pulled) {
		col, err := app.FindCachedCollectionByNameOrId(pulled[cur.col])
		if err != nil {
			return nil, err
		}
		want := limit - len(ans.Changes)
		q := app.RecordQuery(col)
		if err := ruleFilter(app, col, info, col.ListRule, filters[col.Name])(q); err != nil {
			return nil, err
		}
		if cur.after != "" {
			q.AndWhere(dbx.NewExp("[["+col.Name+".id]] > {:after}", dbx.Params{"after": cur.after}))
		}
		var recs []*core.Record
		if err := q.OrderBy("[[" + col.Name + ".id]] ASC").Limit(int64(want)).All(&recs); err != nil {
			return nil, err
		}
		if err := apis.EnrichRecords(e, recs); err != nil {
			return nil, err
		}
		for _, r := range recs {
			ans.Changes = append(ans.Changes, Change{Collection: col.Name, Op: "upsert", ID: r.Id, Record: r})
		}
		if len(recs) == want {
			cur.after = recs[len(recs)-1].Id
			ans.Cursor, ans.HasMore = cur.String(), true
			return ans, nil
		}
		cur.col, cur.after = cur.col+1, ""
	}
	ans.Cursor = cursor{seq: cur.seq}.String()
	return ans, nil
}
