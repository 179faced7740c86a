package bench_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weftgo/weft/bench/servers"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// naiveGzip is the unpooled way: a new level-9 gzip.Writer per response,
// what a handler that does not pool pays.
func naiveGzip(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Add("Vary", "Accept-Encoding")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		io.WriteString(zw, body)
		zw.Close()
	})
}

// BenchmarkGzip: one response of the gzip site, in process. impl=weft is
// EncodingResourceWrapper + GzipEncoderFactory with a client that accepts
// gzip; impl=weft-identity the same page to a client that does not;
// impl=naive a net/http handler that makes a gzip.Writer per response.
// allocs/op and B/op show what pooling saves: they do not grow with the
// body.
func BenchmarkGzip(b *testing.B) {
	for _, tc := range []struct{ name, path, body string }{
		{"550B", servers.GzipPaths.Small, servers.GzipSmallBody},
		{"550B-level1", servers.GzipPaths.SmallFast, servers.GzipSmallBody},
		{"64KiB", servers.GzipPaths.Large, servers.GzipLargeBody},
	} {
		site := servers.Gzip()
		gz := httptest.NewRequest("GET", tc.path, nil)
		gz.Header.Set("Accept-Encoding", "gzip")
		plain := httptest.NewRequest("GET", tc.path, nil)
		checkGzip(b, site, gz, tc.body)
		checkGzip(b, naiveGzip(tc.body), gz, tc.body)
		b.Run("case="+tc.name+"/impl=weft", func(b *testing.B) { serveEach(b, site, gz) })
		b.Run("case="+tc.name+"/impl=weft-identity", func(b *testing.B) { serveEach(b, site, plain) })
		b.Run("case="+tc.name+"/impl=naive", func(b *testing.B) { serveEach(b, naiveGzip(tc.body), gz) })
		site.Close()
	}
}

// checkGzip fails the benchmark unless h answers r with body, gzipped.
func checkGzip(b *testing.B, h http.Handler, r *http.Request, body string) {
	b.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		b.Fatalf("%s: not gzip: %v", r.URL.Path, err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || string(got) != body || w.Header().Get("Content-Encoding") != "gzip" {
		b.Fatalf("%s: %d bytes, %v, Content-Encoding %q", r.URL.Path, len(got), err, w.Header().Get("Content-Encoding"))
	}
}

// BenchmarkHandlerLeaf: an http.Handler served bare (impl=bare) and as a
// leaf of a weft tree (impl=leaf, resource.WrapHandler under /app): the
// difference is what the leaf costs, traversal included.
func BenchmarkHandlerLeaf(b *testing.B) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, servers.StaticBody)
	})
	root := resource.New()
	root.PutChild("app", resource.WrapHandler(h))
	site := server.NewSite(root)
	defer site.Close()
	for _, tc := range []struct {
		name string
		h    http.Handler
		path string
	}{
		{"bare", h, "/hello/x"},
		{"leaf", site, "/app/hello/x"},
	} {
		r := httptest.NewRequest("GET", tc.path, nil)
		b.Run("case=hello/impl="+tc.name, func(b *testing.B) {
			w := serveEach(b, tc.h, r)
			if w.code != 200 || w.n != len(servers.StaticBody) {
				b.Fatalf("%s: %d, %d bytes", tc.name, w.code, w.n)
			}
		})
	}
}
