package reports_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Both workbooks open in LibreOffice (the Debian package) and convert to
// PDF. Under CI (CI=true) a missing LibreOffice fails the test.
func TestLibreOfficeOpensWorkbooks(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("libreoffice is not installed (apt-get install libreoffice-calc-nogui fonts-noto-cjk)")
		}
		t.Skip("libreoffice not installed")
	}
	fx := newFixture(t)
	dir := t.TempDir()
	var files []string
	for _, k := range [][2]string{{"weekly", "2026-W47"}, {"monthly", "2026-11"}} {
		path := filepath.Join(dir, k[1]+".xlsx")
		if err := os.WriteFile(path, generate(t, fx, k[0], k[1]), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir}, files...)
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	for _, f := range files {
		pdf := f[:len(f)-len(".xlsx")] + ".pdf"
		st, err := os.Stat(pdf)
		if err != nil || st.Size() < 1000 {
			t.Fatalf("no PDF for %s: %v\n%s", filepath.Base(f), err, out)
		}
	}
}
