package static

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// TestContentHeaders pins Content-Type and Content-Encoding as Twisted's
// table gives them on Debian 12 (test_static's getTypeAndEncoding and
// contentTypes tests), with no charset parameter.
func TestContentHeaders(t *testing.T) {
	f := NewFile(makeTree(t))
	tests := []struct{ target, typ, enc string }{
		{"/a.txt", "text/plain", ""},
		{"/s.css", "text/css", ""},
		{"/s.js", "text/javascript", ""},
		{"/UP.TXT", "text/plain", ""},
		{"/x.tar.gz", "application/x-tar", "gzip"},
		{"/y.bz2", "text/html", "bzip2"},
		{"/foo.bar", "application/vnd.qualcomm.brew-app-res", ""},
		{"/noext", "text/html", ""},
		{"/.hidden", "text/html", ""},
		{"/kilo.bin", "application/octet-stream", ""},
	}
	for _, tt := range tests {
		w := get(t, f, "GET", tt.target)
		if w.Code != 200 || w.Header().Get("Content-Type") != tt.typ || w.Header().Get("Content-Encoding") != tt.enc {
			t.Errorf("%s: got %d %q %q; want 200 %q %q", tt.target, w.Code,
				w.Header().Get("Content-Type"), w.Header().Get("Content-Encoding"), tt.typ, tt.enc)
		}
		if w.Header().Get("Accept-Ranges") != "bytes" {
			t.Errorf("%s: no Accept-Ranges", tt.target)
		}
	}
}

// TestTypeOverrides: ContentTypes goes before the table, DefaultType
// serves the rest; children inherit both.
func TestTypeOverrides(t *testing.T) {
	f := NewFile(makeTree(t))
	f.ContentTypes = map[string]string{".txt": "text/x-mine"}
	f.DefaultType = "application/x-default"
	for target, want := range map[string]string{
		"/a.txt": "text/x-mine", "/noext": "application/x-default", "/s.css": "text/css",
	} {
		if got := get(t, f, "GET", target).Header().Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q; want %q", target, got, want)
		}
	}
}

func TestTypeAndEncoding(t *testing.T) {
	tests := []struct{ name, typ, enc string }{
		{"a.TXT", "text/plain", ""},
		{"a.txt.GZ", "text/plain", "gzip"},
		{"a.gz", "text/html", "gzip"},
		{"a.conf", "text/plain", ""}, // Twisted's own additions
		{"a.flac", "audio/x-flac", ""},
		{"a.oz", "text/x-oz", ""},
		{"..gz", "text/html", ""},
	}
	for _, tt := range tests {
		typ, enc := typeAndEncoding(tt.name, nil, nil, "text/html")
		if typ != tt.typ || enc != tt.enc {
			t.Errorf("%s: got %q %q; want %q %q", tt.name, typ, enc, tt.typ, tt.enc)
		}
	}
}

func TestServeFile(t *testing.T) {
	root := makeTree(t)
	w := get(t, NewFile(root), "GET", "/a.txt")
	fi, _ := os.Stat(filepath.Join(root, "a.txt"))
	lm := time.Unix(fi.ModTime().Unix()+1, 0).UTC().Format(http.TimeFormat) // rounded up
	if fi.ModTime().Nanosecond() == 0 {
		lm = fi.ModTime().UTC().Format(http.TimeFormat)
	}
	if w.Code != 200 || w.Body.String() != "hello world\n" || w.Header().Get("Content-Length") != "12" ||
		w.Header().Get("Last-Modified") != lm {
		t.Errorf("got %d %q %v", w.Code, w.Body.String(), w.Header())
	}
}

// TestSingleFileRoot: a File for a file serves it at its own URL.
func TestSingleFileRoot(t *testing.T) {
	f := NewFile(filepath.Join(makeTree(t), "a.txt"))
	if w := get(t, f, "GET", "/"); w.Code != 404 { // "" child of a file
		t.Errorf("child of a file: %d", w.Code)
	}
	r := resource.New()
	r.PutChild("a", f)
	if w := get(t, r, "GET", "/a"); w.Body.String() != "hello world\n" {
		t.Errorf("got %d %q", w.Code, w.Body.String())
	}
}

func TestHead(t *testing.T) {
	w := get(t, NewFile(makeTree(t)), "HEAD", "/x.tar.gz", "Range", "bytes=0-0")
	if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") != "2" ||
		w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Content-Type") != "application/x-tar" {
		t.Errorf("got %d %q %v", w.Code, w.Body.String(), w.Header())
	}
}

func TestMethodNotAllowed(t *testing.T) {
	if w := get(t, NewFile(makeTree(t)), "POST", "/a.txt"); w.Code != 405 {
		t.Errorf("POST: %d", w.Code)
	}
}

func TestIfModifiedSince(t *testing.T) {
	f := NewFile(makeTree(t))
	w := get(t, f, "GET", "/a.txt")
	lm := w.Header().Get("Last-Modified")
	tests := []struct {
		since string
		code  int
	}{
		{lm, 304},
		{"Sat, 27 Nov 2100 13:56:55 GMT", 304},
		{"Sat, 27 Nov 1999 13:56:55 GMT", 200},
		{"junk", 200},
		{"   ", 200}, // Twisted fails with 500 here
		{lm + "; length=12", 304},
	}
	for _, tt := range tests {
		w := get(t, f, "GET", "/a.txt", "If-Modified-Since", tt.since)
		if w.Code != tt.code {
			t.Errorf("If-Modified-Since %q: %d; want %d", tt.since, w.Code, tt.code)
		}
		if tt.code == 304 && (w.Body.Len() != 0 || w.Header().Get("Content-Length") != "0") {
			t.Errorf("304 with body %q, Content-Length %q", w.Body.String(), w.Header().Get("Content-Length"))
		}
	}
}

// TestDirectoryRedirect pins Twisted's answer to a directory without its
// slash: 302, Location with "/" added before the query, redirectTo's page.
func TestDirectoryRedirect(t *testing.T) {
	f := NewFile(makeTree(t))
	tests := []struct{ target, location string }{
		{"/sub", "/sub/"},
		{"/sub?x=1", "/sub/?x=1"},
		{"/sub?", "/sub/"},
		{"/d&ir", "/d&ir/"},
		{"/.", "/./"},
	}
	for _, tt := range tests {
		w := get(t, f, "GET", tt.target)
		esc := strings.ReplaceAll(tt.location, "&", "&amp;")
		body := "\n<html>\n    <head>\n        <meta http-equiv=\"refresh\" content=\"0;URL=" + esc +
			"\">\n    </head>\n    <body bgcolor=\"#FFFFFF\" text=\"#000000\">\n    <a href=\"" + esc +
			"\">click here</a>\n    </body>\n</html>\n"
		if w.Code != 302 || w.Header().Get("Location") != tt.location || w.Body.String() != body ||
			w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("%s: got %d %q %q", tt.target, w.Code, w.Header().Get("Location"), w.Body.String())
		}
	}
}

func TestIndexNames(t *testing.T) {
	root := makeTree(t)
	f := NewFile(root)
	if w := get(t, f, "GET", "/sub/"); w.Body.String() != "<b>idx</b>" || w.Header().Get("Content-Type") != "text/html" {
		t.Errorf("index: %d %q", w.Code, w.Body.String())
	}
	f.IndexNames = []string{"a.txt"}
	if w := get(t, f, "GET", "/"); w.Body.String() != "hello world\n" {
		t.Errorf("IndexNames a.txt: %q", w.Body.String())
	}
}

func TestIgnoredExts(t *testing.T) {
	f := NewFile(makeTree(t))
	if w := get(t, f, "GET", "/foo"); w.Code != 404 {
		t.Errorf("without ignoreExt: %d", w.Code)
	}
	f.IgnoreExt(".bar")
	if w := get(t, f, "GET", "/foo"); w.Body.String() != "q\n" {
		t.Errorf(".bar: %d %q", w.Code, w.Body.String())
	}
	g := NewFile(f.Path)
	g.IgnoredExts = []string{"*"}
	if w := get(t, g, "GET", "/kilo"); w.Code != 200 || w.Body.Len() != 1500 {
		t.Errorf("*: %d", w.Code)
	}
	g.IgnoredExts = []string{"/../outside/secret.txt"}
	assertNotFound(t, get(t, g, "GET", "/x"))
}

type processed struct {
	resource.Base
	path string
}

func (p *processed) RenderGET(*resource.Request) ([]byte, error) { return []byte("ran " + p.path), nil }

func TestProcessors(t *testing.T) {
	root := makeTree(t)
	f := NewFile(root)
	f.Processors = map[string]func(string) resource.Resource{
		".css": func(path string) resource.Resource { return &processed{path: path} },
	}
	want := "ran " + filepath.Join(root, "s.css")
	if w := get(t, f, "GET", "/s.css"); w.Body.String() != want {
		t.Errorf("got %q; want %q", w.Body.String(), want)
	}
}

// TestForbidden: a file the process may not open (EACCES) gets the 403
// page (test_static's test_forbiddenResource). As root EACCES cannot
// happen, so the open is faked.
func TestForbidden(t *testing.T) {
	f := NewFile(makeTree(t))
	f.tree.openHook = func(string) (*os.File, error) {
		return nil, &fs.PathError{Op: "openat", Path: "a.txt", Err: fs.ErrPermission}
	}
	w := get(t, f, "GET", "/a.txt")
	if w.Code != 403 || w.Body.String() != forbiddenPage {
		t.Errorf("got %d %q", w.Code, w.Body.String())
	}
	f.tree.openHook = func(string) (*os.File, error) { return nil, errors.New("EIO") }
	assertNotFound(t, get(t, f, "GET", "/a.txt"))
}

func TestForbiddenRealPermissions(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	root := makeTree(t)
	must(t, os.Chmod(filepath.Join(root, "a.txt"), 0))
	if w := get(t, NewFile(root), "GET", "/a.txt"); w.Code != 403 {
		t.Errorf("got %d", w.Code)
	}
}

func TestChildNotFoundOverride(t *testing.T) {
	f := NewFile(makeTree(t))
	f.ChildNotFound = resource.NoResource("gone")
	w := get(t, f, "GET", "/sub/nope")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "<p>gone</p>") {
		t.Errorf("got %d %q", w.Code, w.Body.String())
	}
}

// TestOverHTTP serves through a real connection, where the body goes out
// through Request.ReadFrom and sendfile: whole, ranged, and a 304, for
// which net/http drops Content-Length (Twisted sends "Content-Length: 0").
func TestOverHTTP(t *testing.T) {
	root := makeTree(t)
	srv := httptest.NewServer(server.NewSite(NewFile(root)))
	defer srv.Close()
	do := func(path string, header ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := srv.Client().Do(req)
		must(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		must(t, err)
		return resp, body
	}
	resp, body := do("/mega.bin")
	if resp.StatusCode != 200 || len(body) != 3<<20+5 || resp.ContentLength != 3<<20+5 {
		t.Errorf("mega.bin: %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, body = do("/kilo.bin", "Range", "bytes=1000-")
	if resp.StatusCode != 206 || string(body) != strings.Repeat("k", 500) {
		t.Errorf("range: %d %q", resp.StatusCode, body)
	}
	resp, body = do("/kilo.bin", "Range", "bytes=0-1,-2")
	if resp.StatusCode != 206 || int64(len(body)) != resp.ContentLength || !strings.Contains(string(body), "Content-range: bytes 1498-1499/1500\r\n\r\nkk\r\n--") {
		t.Errorf("multipart: %d %q", resp.StatusCode, body)
	}
	resp, body = do("/a.txt", "If-Modified-Since", "Sat, 27 Nov 2100 13:56:55 GMT")
	if resp.StatusCode != 304 || len(body) != 0 || resp.Header.Get("Content-Length") != "" ||
		resp.Header.Get("Last-Modified") == "" {
		t.Errorf("304: %d %q %v", resp.StatusCode, body, resp.Header)
	}
}

// TestClosesFile ports test_HEADClosesFile and
// test_cachedRequestClosesFile: no answer leaves the file open.
func TestClosesFile(t *testing.T) {
	fds := func() int {
		entries, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Skip("no /proc/self/fd")
		}
		return len(entries)
	}
	f := NewFile(makeTree(t))
	get(t, f, "GET", "/a.txt") // opens the tree's root once
	before := fds()
	for range 20 {
		get(t, f, "HEAD", "/a.txt")
		get(t, f, "GET", "/a.txt", "If-Modified-Since", "Sat, 27 Nov 2100 13:56:55 GMT")
		get(t, f, "GET", "/a.txt", "Range", "bytes=0-1,3-4")
		get(t, f, "GET", "/a.txt", "Range", "bytes=99-")
		get(t, f, "GET", "/sub")
		get(t, f, "GET", "/")
	}
	if after := fds(); after > before {
		t.Errorf("%d file descriptors open before, %d after", before, after)
	}
}

// TestConcurrentRequests serves one File, for a file and for a directory,
// from many goroutines at once (run with -race).
func TestConcurrentRequests(t *testing.T) {
	root := makeTree(t)
	tree := resource.New()
	tree.PutChild("one", NewFile(filepath.Join(root, "kilo.bin")))
	tree.PutChild("all", NewFile(root))
	site := server.NewSite(tree)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range []string{"/one", "/all/kilo.bin", "/all/", "/all/sub/"} {
				r := httptest.NewRequest("GET", p, nil)
				if i%2 == 0 {
					r.Header.Set("Range", "bytes=0-9,20-29")
				}
				w := httptest.NewRecorder()
				site.ServeHTTP(w, r)
				if w.Code != 200 && w.Code != 206 {
					t.Errorf("%s: %d", p, w.Code)
				}
			}
		}()
	}
	wg.Wait()
}
