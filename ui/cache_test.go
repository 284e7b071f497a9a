package ui_test

import (
	"io/fs"
	"testing"

	"mallcare/ui"
)

func TestCacheControl(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"/":                       "no-cache",
		"/sw.js":                  "no-cache",
		"/index.html":             "no-cache",
		"/manifest.webmanifest":   "no-cache",
		"/c/abc":                  "no-cache",
		"/assets/index-abc123.js": "public, max-age=31536000, immutable",
		"/assets/../sw.js":        "no-cache",
		"/icon-192.png":           "public, max-age=86400",
	}
	for p, want := range cases {
		if got := ui.CacheControl(p); got != want {
			t.Errorf("CacheControl(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestDistHasTheApp(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"index.html", "sw.js", "manifest.webmanifest"} {
		if _, err := fs.Stat(ui.DistFS, name); err != nil {
			t.Errorf("ui/dist lacks %s: %v", name, err)
		}
	}
}
