package static

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// makeTree builds the fixture testdata/gen_listing.py builds for Twisted:
// top/root (served) beside top/outside (which links point to). It returns
// the root directory.
func makeTree(t testing.TB) string {
	t.Helper()
	top := t.TempDir()
	root := filepath.Join(top, "root")
	for _, d := range []string{"root/sub", "root/d&ir", "root/empty", "outside"} {
		must(t, os.MkdirAll(filepath.Join(top, d), 0o755))
	}
	files := map[string]string{
		"a.txt":          "hello world\n",
		"sub/index.html": "<b>idx</b>",
		"we ird&<.html":  "<&>\n",
		"q'\"uote.txt":   "q",
		"ünï.txt":        "u",
		"kilo.bin":       strings.Repeat("k", 1500),
		"x.tar.gz":       "gz",
		"y.bz2":          "bz",
		"foo.bar":        "q\n",
		"s.css":          "css\n",
		"s.js":           "js\n",
		"noext":          "n",
		".hidden":        "h",
		"UP.TXT":         "u",
	}
	for name, data := range files {
		must(t, os.WriteFile(filepath.Join(root, name), []byte(data), 0o644))
	}
	must(t, os.WriteFile(filepath.Join(top, "outside", "secret.txt"), []byte("secret\n"), 0o644))
	sparse := func(name string, size int64) {
		f, err := os.Create(filepath.Join(root, name))
		must(t, err)
		must(t, f.Truncate(size))
		must(t, f.Close())
	}
	sparse("mega.bin", 3<<20+5)
	sparse("giga.bin", 5<<30+7)
	for link, target := range map[string]string{
		"link-out.txt": "../outside/secret.txt",
		"link-in.txt":  "a.txt",
		"broken":       "nowhere",
		"linkdir":      "../outside",
	} {
		must(t, os.Symlink(target, filepath.Join(root, link)))
	}
	return root
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// get serves one request for target through a site rooted at res.
func get(t testing.TB, res resource.Resource, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, "http://example.com/", nil)
	req.RequestURI = target
	req.URL.Path = target
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	server.NewSite(res).ServeHTTP(w, req)
	return w
}

// Twisted's pages, as it sends them.
const (
	notFoundPage = "\n<html>\n  <head><title>404 - No Such Resource</title></head>\n  <body>\n" +
		"    <h1>No Such Resource</h1>\n    <p>File not found.</p>\n  </body>\n</html>\n"
	forbiddenPage = "\n<html>\n  <head><title>403 - Forbidden Resource</title></head>\n  <body>\n" +
		"    <h1>Forbidden Resource</h1>\n    <p>Sorry, resource is forbidden.</p>\n  </body>\n</html>\n"
)

func assertNotFound(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	if w.Code != http.StatusNotFound || w.Body.String() != notFoundPage ||
		w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("got %d %q %q; want Twisted's 404 File not found page", w.Code,
			w.Header().Get("Content-Type"), w.Body.String())
	}
}
