package static

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzRange: no Range header panics or gets a 500, every range it yields
// lies inside the file, and Content-Length always matches the body.
func FuzzRange(f *testing.F) {
	for _, s := range []string{
		"bytes=0-4", "bytes=-5", "bytes=3-", "bytes=0-1,4-5", "bytes=,", "bytes=-100",
		"bytes=--5", "bytes=1_0-2", " bytes = 1 - 2 ", "bytes=99999999999999999999-", "junk",
	} {
		f.Add(s)
	}
	file := NewFile(makeTree(f))
	f.Fuzz(func(t *testing.T, h string) {
		ranges, err := parseRange(h)
		if err == nil {
			for _, size := range []int64{0, 1, 12, 1 << 40} {
				for _, r := range ranges {
					off, n := r.offsetAndSize(size)
					if off < 0 || n < 0 || off+n > size || (n == 0 && off != 0) {
						t.Fatalf("%q: range %v of %d gives offset %d size %d", h, r, size, off, n)
					}
				}
			}
		}
		if strings.ContainsAny(h, "\r\n\x00") {
			return // not a header value net/http would deliver
		}
		w := get(t, file, "GET", "/a.txt", "Range", h)
		if w.Code == 500 {
			t.Fatalf("%q: 500", h)
		}
		if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(w.Body.Len()) {
			t.Fatalf("%q: Content-Length %s, body %d bytes", h, cl, w.Body.Len())
		}
	})
}

// FuzzResolve: whatever the request path, File opens nothing outside its
// root (checked on every open, with symbolic links resolved), serves
// nothing from outside, and never answers 500.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"/a.txt", "/..", "/%2e%2e/outside/secret.txt", "/sub%2f..%2f..%2foutside%2fsecret.txt",
		"/link-out.txt", "/linkdir/secret.txt", "/a%00", "/%ff", "/sub/", "/./sub/../a.txt", "/",
	} {
		f.Add(s)
	}
	root := makeTree(f)
	realRoot, err := filepath.EvalSymlinks(root)
	must(f, err)
	file := NewFile(root)
	file.IgnoreExt("*")
	file.tree.openHook = func(rel string) (*os.File, error) {
		if rel != "." && !filepath.IsLocal(rel) {
			panic("open of a non-local path " + strconv.Quote(rel))
		}
		fd, err := os.OpenInRoot(root, rel) // what tree.openFile does
		if err != nil {
			return nil, err
		}
		// Where did the open land? Ask the kernel.
		real, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(int(fd.Fd())))
		if err == nil && real != realRoot && !strings.HasPrefix(real, realRoot+"/") {
			panic("opened " + real + " outside " + realRoot)
		}
		return fd, nil
	}
	f.Fuzz(func(t *testing.T, p string) {
		if p == "" || p[0] != '/' || strings.ContainsAny(p, "?#\r\n \t") {
			return
		}
		w := get(t, file, "GET", p)
		if w.Code == 500 {
			t.Fatalf("%q: 500: %s", p, w.Body.String())
		}
		// The outside file's content, or a listing of its directory. (Not
		// just the word "secret": redirect and 404 pages echo the path,
		// so "/secret%2f.." answers a redirect that names it.)
		if body := w.Body.String(); w.Code == 200 && (body == "secret\n" || strings.Contains(body, `href="secret.txt"`)) {
			t.Fatalf("%q: served a file from outside the root", p)
		}
	})
}
