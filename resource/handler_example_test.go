package resource_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// ExampleWrapHandler mounts a ServeMux at /app, as Twisted mounts a WSGI
// application with WSGIResource: the mux routes on the rest of the path.
func ExampleWrapHandler() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello/{name}", func(w http.ResponseWriter, r *http.Request) {
		mount := resource.RequestFromContext(r.Context()).Prepath
		fmt.Fprintf(w, "hello %s, from /%s", r.PathValue("name"), strings.Join(mount, "/"))
	})
	root := resource.New()
	root.PutChild("app", resource.WrapHandler(mux))

	w := httptest.NewRecorder()
	server.NewSite(root).ServeHTTP(w, httptest.NewRequest("GET", "/app/hello/alice", nil))
	fmt.Println(w.Body.String())
	// Output: hello alice, from /app
}

// A resource tree served under a prefix of a ServeMux (or chi) through
// http.StripPrefix: Prepath starts with the mount point, so URLs built
// from it are right.
func Example_stripPrefix() {
	root := resource.New()
	root.PutChild("page", &Page{})
	mux := http.NewServeMux()
	mux.Handle("/site/", http.StripPrefix("/site", server.NewSite(root)))

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/site/page", nil))
	fmt.Println(w.Body.String())
	// Output: prepath=site/page postpath=
}

// ExampleNewEncodingResourceWrapper compresses a page for clients that
// accept gzip, as Twisted's EncodingResourceWrapper(page,
// [GzipEncoderFactory()]).
func ExampleNewEncodingResourceWrapper() {
	root := resource.New()
	root.PutChild("page", resource.NewEncodingResourceWrapper(&Page{}, &resource.GzipEncoderFactory{}))

	r := httptest.NewRequest("GET", "/page", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	server.NewSite(root).ServeHTTP(w, r)
	zr, _ := gzip.NewReader(w.Body)
	body, _ := io.ReadAll(zr)
	fmt.Println(w.Header().Get("Content-Encoding"), w.Header().Get("Vary"))
	fmt.Println(string(body))
	// Output:
	// gzip Accept-Encoding
	// prepath=page postpath=
}
