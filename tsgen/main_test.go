package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesFresh fails when package domain (or the report
// periods) changed without `go run ./tsgen`.
func TestGeneratedFilesFresh(t *testing.T) {
	t.Parallel()
	for path, want := range files() {
		got, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(path)))
		if err != nil {
			t.Fatalf("%s: %v (run `go run ./tsgen`)", path, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run `go run ./tsgen` and commit it", path)
		}
	}
}
