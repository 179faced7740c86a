package bench_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weftgo/weft/bench/servers"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// impl is one of the routers under comparison.
type impl struct {
	name string
	// new returns a fresh handler. Each run of a benchmark makes its own
	// (with -count, the testing package runs the same closure again).
	new func() http.Handler
}

// impls are weft, net/http's ServeMux and chi serving the same routes
// (package servers); ServeMux and chi keep sessions in scs's memory store.
var impls = []impl{
	{"weft", func() http.Handler { return servers.Weft() }},
	{"servemux", func() http.Handler {
		return servers.ServeMux(servers.NewSessionManager(servers.NewMemStore(0)))
	}},
	{"chi", func() http.Handler {
		return servers.Chi(servers.NewSessionManager(servers.NewMemStore(0)))
	}},
}

// closeSite lets the sessions of a weft site go at the end of a run.
func closeSite(h http.Handler) {
	if site, ok := h.(*server.Site); ok {
		site.Close()
	}
}

// routeCases are the requests of BenchmarkRoute.
var routeCases = []struct {
	name   string // the case=… part of the benchmark name
	method string
	path   string
	status int    // the status every impl must answer
	body   string // the body every impl must answer, when checked
}{
	{"depth1", "GET", servers.Paths.Depth1, 200, servers.StaticBody},
	{"depth3", "GET", servers.Paths.Depth3, 200, servers.StaticBody},
	{"depth8", "GET", servers.Paths.Depth8, 200, servers.StaticBody},
	{"dynamic", "GET", servers.Paths.Dynamic, 200, "dyn anything"},
	{"head", "HEAD", servers.Paths.Depth1, 200, ""},
	{"405", "POST", servers.Paths.Depth1, 405, ""},
}

// BenchmarkRoute serves one request per iteration through ServeHTTP, no
// network, on a reused ResponseWriter and a reused *http.Request. Names are
// case=…/impl=…, so `benchstat -col /impl` puts weft, servemux and chi side
// by side.
func BenchmarkRoute(b *testing.B) {
	for _, c := range routeCases {
		b.Run("case="+c.name, func(b *testing.B) {
			for _, im := range impls {
				b.Run("impl="+im.name, func(b *testing.B) {
					h := im.new()
					defer closeSite(h)
					checkResponse(b, h, c.method, c.path, "", c.status, c.body)
					w := serveEach(b, h, httptest.NewRequest(c.method, c.path, nil))
					if w.code != c.status {
						b.Fatalf("%s %s: status %d, want %d", c.method, c.path, w.code, c.status)
					}
				})
			}
		})
	}
}

// BenchmarkTraverse is weft's traversal alone (GetChildForRequest) on
// static children, resetting Prepath and Postpath between iterations; it
// reports the cost per traversed segment.
func BenchmarkTraverse(b *testing.B) {
	root := servers.WeftTree()
	for _, c := range []struct {
		name  string
		path  string
		depth int
	}{
		{"depth=1", servers.Paths.Depth1, 1},
		{"depth=3", servers.Paths.Depth3, 3},
		{"depth=8", servers.Paths.Depth8, 8},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := captureRequest(c.path)
			pre, post := req.Prepath[:0], req.Postpath
			if len(post) != c.depth {
				b.Fatalf("postpath %q, want %d segments", post, c.depth)
			}
			var res resource.Resource
			b.ReportAllocs()
			for b.Loop() {
				req.Prepath, req.Postpath = pre[:0], post
				res = resource.GetChildForRequest(root, req)
			}
			if _, ok := res.(*servers.Page); !ok {
				b.Fatalf("traversal of %s found %T", c.path, res)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(c.depth), "ns/segment")
		})
	}
}

// capture is a leaf that keeps the request it renders.
type capture struct {
	resource.Base
	req *resource.Request
}

func (*capture) IsLeaf() bool { return true }

func (c *capture) Render(req *resource.Request) ([]byte, error) {
	c.req = req
	return nil, nil
}

// captureRequest returns the Request a site makes for GET path, with the
// whole path still in Postpath: the root that rendered it is a leaf.
func captureRequest(path string) *resource.Request {
	c := &capture{}
	server.NewSite(c).ServeHTTP(newRecorder(), httptest.NewRequest("GET", path, nil))
	return c.req
}

// checkResponse serves one request through an httptest recorder and fails
// unless it gets status (and body, when body is not empty). It returns the
// response.
func checkResponse(tb testing.TB, h http.Handler, method, path, cookie string, status int, body string) *http.Response {
	tb.Helper()
	r := httptest.NewRequest(method, path, nil)
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	got, _ := io.ReadAll(res.Body)
	if res.StatusCode != status || body != "" && string(got) != body {
		tb.Fatalf("%s %s: %d %q, want %d %q", method, path, res.StatusCode, got, status, body)
	}
	return res
}
