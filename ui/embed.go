// Package ui embeds the built PWA (ui/dist, committed like PocketBase's own
// admin UI) so that the Go binary serves the app with nothing else installed.
package ui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// DistFS is the built app, rooted at its index.html.
var DistFS, _ = fs.Sub(dist, "dist")
