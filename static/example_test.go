package static_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/static"
)

// A directory served as Twisted's static.File serves it, with ".html"
// optional in URLs and a Data resource beside it.
func ExampleFile() {
	dir, _ := os.MkdirTemp("", "www")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "about.html"), []byte("<p>about</p>"), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello\n"), 0o644)

	files := static.NewFile(dir) // static.File(dir)
	files.IgnoreExt(".html")     // files.ignoreExt(".html")
	root := resource.New()
	root.PutChild("files", files)
	root.PutChild("robots.txt", static.NewData([]byte("User-agent: *\n"), "text/plain"))
	site := server.NewSite(root)

	for _, target := range []string{"/files/about", "/files/notes.txt", "/files", "/files/..", "/robots.txt"} {
		w := httptest.NewRecorder()
		site.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		fmt.Println(target, w.Code, w.Header().Get("Content-Type"))
	}
	// Output:
	// /files/about 200 text/html
	// /files/notes.txt 200 text/plain
	// /files 302 text/html; charset=utf-8
	// /files/.. 404 text/html; charset=utf-8
	// /robots.txt 200 text/plain
}

// Part of a file, as a Range header asks.
func ExampleFile_range() {
	dir, _ := os.MkdirTemp("", "www")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello world\n"), 0o644)
	site := server.NewSite(static.NewFile(dir))

	r := httptest.NewRequest("GET", "/a.txt", nil)
	r.Header.Set("Range", "bytes=-6")
	w := httptest.NewRecorder()
	site.ServeHTTP(w, r)
	fmt.Printf("%d %s %q\n", w.Code, w.Header().Get("Content-Range"), w.Body.String())
	// Output: 206 bytes 6-11/12 "world\n"
}

// The media type File sends for an extension, without a charset.
func ExampleLoadMimeTypes() {
	fmt.Println(static.LoadMimeTypes()[".css"])
	// Output: text/css
}
