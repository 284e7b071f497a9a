// Package shops is the shop list's import and export (商铺): an Excel
// (.xlsx) or CSV file with the columns 商铺名称, 品牌, 楼层, 铺位号, 类别 is
// read into a preview that marks each row new, changed, unchanged or
// invalid (with the reason), and applied in one transaction — every row or
// none; the mall's shops are exported as .xlsx with the same columns.
// Editing one shop is the shops collection's own REST / sync write.
package shops

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"mallcare/domain"
)

// Columns of an import file, in the order the export writes them, with the
// English headers also accepted.
var Columns = []struct{ Field, Zh, En string }{
	{"name", "商铺名称", "name"},
	{"brand", "品牌", "brand"},
	{"floor", "楼层", "floor"},
	{"booth", "铺位号", "booth"},
	{"category", "类别", "category"},
}

// Row is one shop of an import: its line in the file (1 = the header) and
// its fields.
type Row struct {
	Line     int    `json:"line"`
	Name     string `json:"name"`
	Brand    string `json:"brand"`
	Floor    string `json:"floor"`
	Booth    string `json:"booth"`
	Category string `json:"category"`
}

func (r *Row) field(name string) *string {
	switch name {
	case "name":
		return &r.Name
	case "brand":
		return &r.Brand
	case "floor":
		return &r.Floor
	case "booth":
		return &r.Booth
	case "category":
		return &r.Category
	}
	return nil
}

// Row statuses of a preview.
const (
	New       = "new"
	Changed   = "changed"
	Unchanged = "unchanged"
	Invalid   = "invalid"
)

// Checked is a row with what applying it would do.
type Checked struct {
	Row
	Status  string   `json:"status"`
	Reason  string   `json:"reason,omitempty"`  // why it is invalid, in words
	ShopID  string   `json:"shop,omitempty"`    // the shop it changes
	Changes []string `json:"changes,omitempty"` // the fields it changes ("closed": reopens it)
}

// key is how a row finds its shop: the booth of a floor when both are
// given (a shop may change its name), else its name.
func key(floor, booth, name string) string {
	if floor != "" && booth != "" {
		return "booth\x00" + floor + "\x00" + booth
	}
	return "name\x00" + name
}

// Check classifies rows against the mall's shops. Every problem is said
// with the row's line in the file.
func Check(app core.App, mall string, rows []Row) ([]Checked, error) {
	existing, err := app.FindRecordsByFilter("shops", "mall = {:m}", "", 0, 0, map[string]any{"m": mall})
	if err != nil {
		return nil, err
	}
	byKey := map[string]*core.Record{}
	for _, s := range existing {
		if k := key(s.GetString("floor"), s.GetString("booth"), ""); !strings.HasPrefix(k, "name") {
			byKey[k] = s
		}
		byKey[key("", "", s.GetString("name"))] = s
	}
	seen := map[string]int{} // key → line
	out := make([]Checked, len(rows))
	for i, r := range rows {
		c := Checked{Row: trimmed(r)}
		out[i] = c
		if reason := invalid(&c.Row); reason != "" {
			out[i].Status, out[i].Reason = Invalid, reason
			continue
		}
		k := key(c.Floor, c.Booth, c.Name)
		if line, dup := seen[k]; dup {
			out[i].Status, out[i].Reason = Invalid, fmt.Sprintf("与第 %d 行是同一商铺 (the same shop as line %d)", line, line)
			continue
		}
		seen[k] = c.Line
		shop := byKey[k]
		if shop == nil {
			shop = byKey[key("", "", c.Name)]
		}
		if shop == nil {
			out[i].Status = New
			continue
		}
		out[i].ShopID = shop.Id
		for _, col := range Columns {
			if shop.GetString(col.Field) != *c.field(col.Field) {
				out[i].Changes = append(out[i].Changes, col.Field)
			}
		}
		if shop.GetBool("closed") {
			out[i].Changes = append(out[i].Changes, "closed")
		}
		out[i].Status = Unchanged
		if len(out[i].Changes) > 0 {
			out[i].Status = Changed
		}
	}
	return out, nil
}

func trimmed(r Row) Row {
	for _, col := range Columns {
		f := r.field(col.Field)
		*f = strings.TrimSpace(*f)
	}
	return r
}

// invalid says what is wrong with a row ("" = nothing).
func invalid(r *Row) string {
	if r.Name == "" {
		return "缺少商铺名称 (the shop name is missing)"
	}
	for _, col := range Columns {
		v := *r.field(col.Field)
		max := domain.TextMax["shops."+col.Field]
		if utf8.RuneCountInString(v) > max {
			return fmt.Sprintf("%s超过 %d 个字 (%s longer than %d characters)", col.Zh, max, col.En, max)
		}
		if strings.ContainsAny(v, "\n\r\t") {
			return fmt.Sprintf("%s含有换行或制表符 (%s holds a line break or tab)", col.Zh, col.En)
		}
	}
	return ""
}
