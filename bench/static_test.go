package bench_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/weftgo/weft/bench/servers"
)

// staticFiles are the files of BenchmarkStatic: a small page and a large
// download.
var staticFiles = []struct {
	name string
	size int
}{
	{"1k.bin", 1 << 10},
	{"1m.bin", 1 << 20},
}

// staticImpls are the file servers under comparison.
var staticImpls = []struct {
	name string
	new  func(dir string) http.Handler
}{
	{"weft", func(dir string) http.Handler { return servers.WeftFiles(dir) }},
	{"fileserver", servers.FileServer},
	{"chi", servers.ChiFiles},
}

// makeStaticDir writes the staticFiles into a new temporary directory.
func makeStaticDir(b *testing.B) string {
	dir := b.TempDir()
	for _, f := range staticFiles {
		if err := os.WriteFile(filepath.Join(dir, f.name), bytes.Repeat([]byte{'x'}, f.size), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// fileRecorder is a recorder that, like net/http's response, is an
// io.ReaderFrom copying through one reused buffer (net/http pools its
// buffers and hands *os.File to sendfile), so allocs/op and B/op show what
// the handler allocates, not what io.Copy would.
type fileRecorder struct {
	*recorder
	buf []byte
}

func (w *fileRecorder) ReadFrom(r io.Reader) (int64, error) {
	return io.CopyBuffer(struct{ io.Writer }{w.recorder}, r, w.buf)
}

// BenchmarkStatic serves a 1 KB and a 1 MB file per iteration with weft's
// static.File, http.FileServer and chi + http.FileServer, in process. B/op
// and allocs/op must not grow with the file: no server reads the file into
// memory.
func BenchmarkStatic(b *testing.B) {
	dir := makeStaticDir(b)
	for _, f := range staticFiles {
		b.Run("file="+f.name, func(b *testing.B) {
			for _, im := range staticImpls {
				b.Run("impl="+im.name, func(b *testing.B) {
					h := im.new(dir)
					defer closeSite(h)
					check := httptest.NewRecorder()
					h.ServeHTTP(check, httptest.NewRequest("GET", "/"+f.name, nil))
					if check.Code != 200 || check.Body.Len() != f.size {
						b.Fatalf("GET /%s: %d, %d bytes", f.name, check.Code, check.Body.Len())
					}
					w := &fileRecorder{recorder: newRecorder(), buf: make([]byte, 32<<10)}
					r := httptest.NewRequest("GET", "/"+f.name, nil)
					b.SetBytes(int64(f.size))
					b.ReportAllocs()
					for b.Loop() {
						w.reset()
						h.ServeHTTP(w, r)
					}
					if w.code != 200 || w.n != f.size {
						b.Fatalf("status %d, %d bytes", w.code, w.n)
					}
				})
			}
		})
	}
}
