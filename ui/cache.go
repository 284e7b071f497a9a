package ui

import (
	"path"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// CacheControl says how long a browser may keep a file of the app. The
// service worker, the page and the manifest must be revalidated every time,
// or a phone would never learn of a new deploy; the hashed build assets never
// change under their name.
func CacheControl(urlPath string) string {
	p := path.Clean("/" + urlPath)
	switch {
	case strings.HasPrefix(p, "/assets/"):
		return "public, max-age=31536000, immutable"
	case strings.HasSuffix(p, ".png") || strings.HasSuffix(p, ".svg"):
		return "public, max-age=86400"
	default: // /, index.html, sw.js, manifest.webmanifest and the SPA fallback
		return "no-cache"
	}
}

// WithCacheHeaders wraps the static handler of the app with CacheControl.
func WithCacheHeaders(next func(*core.RequestEvent) error) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		e.Response.Header().Set("Cache-Control", CacheControl(e.Request.URL.Path))
		return next(e)
	}
}
