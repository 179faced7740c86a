package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftgo/weft/internal/browser"
)

// The page: the directory's files are served, and / lists them.
func TestStaticContent(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello, world\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	site := newSite(dir)
	defer site.Close()
	b := browser.New(site)

	file := b.Get(t, "/hello.txt")
	if file.Status != 200 || file.Body != "hello, world\n" || file.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("GET /hello.txt = %d %q %q, want 200, the file, text/plain",
			file.Status, file.Body, file.Header.Get("Content-Type"))
	}
	listing := b.Get(t, "/")
	if listing.Status != 200 || !strings.Contains(listing.Body, `<a href="hello.txt">hello.txt</a>`) ||
		!strings.Contains(listing.Body, `<a href="sub/">sub/</a>`) {
		t.Errorf("GET / = %d %q, want the directory listing", listing.Status, listing.Body)
	}
	if dirNoSlash := b.Get(t, "/sub"); dirNoSlash.Status != 302 || dirNoSlash.Header.Get("Location") != "http://127.0.0.1:8080/sub/" {
		t.Errorf("GET /sub = %d Location %q, want the redirect to /sub/",
			dirNoSlash.Status, dirNoSlash.Header.Get("Location"))
	}
	if missing := b.Get(t, "/missing"); missing.Status != 404 {
		t.Errorf("GET /missing = %d, want 404", missing.Status)
	}
}
