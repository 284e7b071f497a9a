// Package migrations holds MallCare's whole database schema, its API rules,
// default templates and production settings as PocketBase Go migrations.
package migrations

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Rule fragments shared by the collections. Every tenant-owned collection has
// a required "mall" relation; a user reaches a record only through the malls
// they are assigned to (users.malls).
const (
	inMall = `@request.auth.malls.id ?= mall`
	// keepMall stops an update from moving a record to another mall.
	keepMall = `(@request.body.mall:isset = false || @request.body.mall = mall)`
	signedIn = `@request.auth.id != "" && @request.auth.collectionName = "users"`
)

// roles builds `(@request.auth.role = "a" || ...)`.
func roles(names ...string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = `@request.auth.role = "` + n + `"`
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// rule joins conditions with && into a PocketBase rule.
func rule(conds ...string) *string {
	return types.Pointer(strings.Join(conds, " && "))
}

// mallRelation is the required tenant relation every mall-owned record has.
func mallRelation(malls *core.Collection) *core.RelationField {
	return &core.RelationField{Name: "mall", CollectionId: malls.Id, Required: true, MaxSelect: 1}
}

func text(name string, max int, required bool) *core.TextField {
	return &core.TextField{Name: name, Max: max, Required: required}
}

func choice(name string, required bool, values ...string) *core.SelectField {
	return &core.SelectField{Name: name, Values: values, MaxSelect: 1, Required: required}
}

func relation(name string, to *core.Collection, required bool) *core.RelationField {
	return &core.RelationField{Name: name, CollectionId: to.Id, Required: required, MaxSelect: 1}
}

func date(name string, required bool) *core.DateField {
	return &core.DateField{Name: name, Required: required}
}

func number(name string, min float64, onlyInt bool) *core.NumberField {
	return &core.NumberField{Name: name, Min: types.Pointer(min), OnlyInt: onlyInt}
}

// photos is a protected image field: files are served only with a file token
// to users who may view the record.
func photos(name string, max int) *core.FileField {
	return &core.FileField{
		Name:      name,
		MaxSelect: max,
		MaxSize:   photoMaxBytes,
		MimeTypes: photoMimeTypes,
		Thumbs:    []string{"320x320f"},
		Protected: true,
	}
}

// timestamps adds the usual created/updated autodate fields.
func timestamps(c *core.Collection) {
	c.Fields.Add(
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	)
}

// Photo limits as written by the schema migration (domain.PhotoMaxBytes and
// domain.PhotoMimeTypes are the definitions code reads).
const photoMaxBytes = 5 << 20

var photoMimeTypes = []string{"image/jpeg", "image/png", "image/webp"}
