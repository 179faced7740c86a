package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// Twisted's error pages, byte for byte.
const (
	notFoundPage = "\n<html>\n  <head><title>404 - No Such Resource</title></head>\n  <body>\n" +
		"    <h1>No Such Resource</h1>\n    <p>Sorry. No luck finding that resource.</p>\n  </body>\n</html>\n"
	forbiddenPage = "\n<html>\n  <head><title>403 - Forbidden Resource</title></head>\n  <body>\n" +
		"    <h1>Forbidden Resource</h1>\n    <p>Sorry, resource is forbidden.</p>\n  </body>\n</html>\n"
	failedPage = "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>"
)

// postOnlyPage answers POST only.
type postOnlyPage struct{ resource.Base }

func (*postOnlyPage) RenderPOST(*resource.Request) ([]byte, error) { return []byte("posted"), nil }

// putPage answers GET, PUT and the made-up HEH, as Twisted's
// NewRenderResource.
type putPage struct{ resource.Base }

func (*putPage) RenderGET(*resource.Request) ([]byte, error) { return []byte("got"), nil }
func (*putPage) RenderPUT(*resource.Request) ([]byte, error) { return []byte("put"), nil }
func (*putPage) RenderHEH(*resource.Request) ([]byte, error) { return []byte("heh"), nil }

// conformanceSite serves the tree the expected responses below were taken
// from: the same resources under real Twisted 22.4.
func conformanceSite() *server.Site {
	page := func(fn func(req *resource.Request) ([]byte, error)) resource.Resource { return &funcPage{fn: fn} }
	root := resource.New()
	root.PutChild("show", page(func(*resource.Request) ([]byte, error) { return []byte("show"), nil }))
	root.PutChild("empty", page(func(*resource.Request) ([]byte, error) { return nil, nil }))
	root.PutChild("nocontent", page(func(req *resource.Request) ([]byte, error) {
		req.SetResponseCode(http.StatusNoContent)
		return nil, nil
	}))
	root.PutChild("json", page(func(req *resource.Request) ([]byte, error) {
		req.SetHeader("Content-Type", "application/json")
		return []byte("{}"), nil
	}))
	root.PutChild("redir", page(func(req *resource.Request) ([]byte, error) {
		req.Redirect("/elsewhere")
		return nil, nil
	}))
	root.PutChild("boom", page(func(*resource.Request) ([]byte, error) { return nil, fmt.Errorf("boom") }))
	root.PutChild("postonly", &postOnlyPage{})
	root.PutChild("getput", &putPage{})
	root.PutChild("forbidden", resource.ForbiddenResource(""))
	root.PutChild("custom", resource.NewErrorPage(418, "I'm a <teapot>", "short & stout"))
	site, _ := quietSite(root)
	return site
}

// The site over a real connection, request by request against what Twisted
// 22.4 sends for the same tree: status, Content-Type, Content-Length,
// Allow, Location and body, byte for byte. Rows marked D4 and D8 are the
// deliberate differences, with Twisted's answer in the comment.
func TestRenderMatchesTwisted(t *testing.T) {
	const none = "<none>"
	tests := []struct {
		method, target string
		code           int
		ctype, length  string // none: the header is absent
		allow          string
		body           string
	}{
		{"GET", "/nope", 404, "text/html; charset=utf-8", "167", none, notFoundPage},
		{"GET", "/nope/deeper/", 404, "text/html; charset=utf-8", "167", none, notFoundPage},
		{"HEAD", "/nope", 404, "text/html; charset=utf-8", "167", none, ""},
		{"GET", "/forbidden", 403, "text/html; charset=utf-8", "163", none, forbiddenPage},
		{"GET", "/show", 200, "text/html", "4", none, "show"},
		{"GET", "/show/", 404, "text/html; charset=utf-8", "167", none, notFoundPage},
		{"HEAD", "/show", 200, "text/html", "4", none, ""},
		{"GET", "/empty", 200, none, "0", none, ""},
		{"HEAD", "/empty", 200, "text/html", none, none, ""},
		{"GET", "/nocontent", 204, none, none, none, ""},
		{"GET", "/json", 200, "application/json", "2", none, "{}"},
		{"GET", "/redir", 302, none, "0", none, ""},
		{"GET", "/boom", 500, "text/html", "95", none, failedPage},
		{"HEAD", "/boom", 500, "text/html", "95", none, ""},
		{"HEH", "/getput", 200, "text/html", "3", none, "heh"},
		// Twisted: Allow: HEAD, GET, PUT, HEH and the same order in the page (D4).
		{"POST", "/getput", 405, "text/html; charset=utf-8", "249", "HEAD, GET, HEH, PUT",
			"\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n    <h1>Method Not Allowed</h1>\n" +
				"    <p>Your browser approached me (at /getput) with the method \"POST\".  I only allow the methods HEAD, GET, HEH, PUT here.</p>\n" +
				"  </body>\n</html>\n"},
		// Twisted: Allow: HEAD, POST, "the methods HEAD, POST" (D4).
		{"GET", "/postonly", 405, "text/html; charset=utf-8", "234", "POST",
			"\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n    <h1>Method Not Allowed</h1>\n" +
				"    <p>Your browser approached me (at /postonly) with the method \"GET\".  I only allow the method POST here.</p>\n" +
				"  </body>\n</html>\n"},
		// Twisted: 500 Processing Failed, Content-Length: 95 (D4).
		{"HEAD", "/postonly", 405, "text/html; charset=utf-8", "235", "POST", ""},
		// Twisted: 501 "I don't know how to treat a PUT request." (D4, #3683).
		{"PUT", "/show", 405, "text/html; charset=utf-8", "236", "HEAD, GET",
			"\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n    <h1>Method Not Allowed</h1>\n" +
				"    <p>Your browser approached me (at /show) with the method \"PUT\".  I only allow the methods HEAD, GET here.</p>\n" +
				"  </body>\n</html>\n"},
		{"POST", `/show?v=<script>"x'`, 405, "text/html; charset=utf-8", "267", "HEAD, GET",
			"\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n    <h1>Method Not Allowed</h1>\n" +
				"    <p>Your browser approached me (at /show?v=&lt;script&gt;&quot;x&#x27;) with the method \"POST\".  I only allow the methods HEAD, GET here.</p>\n" +
				"  </body>\n</html>\n"},
		{"FOO", "/show", 501, "text/html; charset=utf-8", "146", none,
			"\n<html>\n  <head><title>501 - Huh?</title></head>\n  <body>\n    <h1>Huh?</h1>\n" +
				"    <p>I don't know how to treat a FOO request.</p>\n  </body>\n</html>\n"},
		{"get", "/show", 501, "text/html; charset=utf-8", "146", none,
			"\n<html>\n  <head><title>501 - Huh?</title></head>\n  <body>\n    <h1>Huh?</h1>\n" +
				"    <p>I don't know how to treat a get request.</p>\n  </body>\n</html>\n"},
		// Twisted: "<title>418 - I'm a <teapot></title>" ... "<p>short & stout</p>", unescaped (D8).
		{"GET", "/custom/x/y", 418, "text/html; charset=utf-8", "165", none,
			"\n<html>\n  <head><title>418 - I&#x27;m a &lt;teapot&gt;</title></head>\n  <body>\n" +
				"    <h1>I&#x27;m a &lt;teapot&gt;</h1>\n    <p>short &amp; stout</p>\n  </body>\n</html>\n"},
	}

	ts := httptest.NewServer(conformanceSite())
	defer ts.Close()
	client := ts.Client()
	client.Timeout = hangGuard
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	header := func(h http.Header, name string) string {
		if v := h.Values(name); len(v) > 0 {
			return strings.Join(v, "|")
		}
		return none
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, ts.URL+tt.target, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.code {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.code)
			}
			for _, h := range []struct{ name, want string }{
				{"Content-Type", tt.ctype}, {"Content-Length", tt.length}, {"Allow", tt.allow},
			} {
				if got := header(resp.Header, h.name); got != h.want {
					t.Errorf("%s = %q, want %q", h.name, got, h.want)
				}
			}
			if tt.target == "/redir" && resp.Header.Get("Location") != "/elsewhere" {
				t.Errorf("Location = %q, want /elsewhere", resp.Header.Get("Location"))
			}
			if string(body) != tt.body {
				t.Errorf("body:\n got %q\nwant %q", body, tt.body)
			}
		})
	}
}

// Twisted's OPTIONS * fast path, through the site: 200 to OPTIONS, 405
// Allow: OPTIONS to anything else, empty either way.
func TestSiteStarTarget(t *testing.T) {
	site := conformanceSite()
	for _, tt := range []struct {
		method string
		code   int
		allow  string
	}{{"OPTIONS", 200, ""}, {"GET", 405, "OPTIONS"}, {"DELETE", 405, "OPTIONS"}} {
		resp := serveSite(t, site, tt.method, "*", nil)
		body := siteBody(t, resp)
		if resp.StatusCode != tt.code || body != "" || resp.Header.Get("Allow") != tt.allow ||
			resp.Header.Get("Content-Length") != "0" || resp.Header.Get("Content-Type") != "" {
			t.Errorf("%s * = %d %q, headers %v; want %d, empty, Allow %q, Content-Length 0, no Content-Type",
				tt.method, resp.StatusCode, body, resp.Header, tt.code, tt.allow)
		}
	}
}

// discardWriter is a ResponseWriter that keeps nothing but its headers,
// cleared between iterations, so benchmarks measure the site.
type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
func (w *discardWriter) reset()                      { clear(w.h); w.code = 0 }

// benchTree returns a root with a chain of static children a/b/c/d/e/f/g/h,
// each answering GET, and a dynamic /dyn.
func benchTree() resource.Resource {
	hello := func(*resource.Request) ([]byte, error) { return []byte("hello"), nil }
	root := resource.New()
	var parent resource.Resource = root
	for _, name := range strings.Split("a/b/c/d/e/f/g/h", "/") {
		child := &funcPage{fn: hello}
		parent.PutChild(name, child)
		parent = child
	}
	root.PutChild("dyn", &benchDynamic{})
	return root
}

// benchDynamic makes a leaf for every name.
type benchDynamic struct{ resource.Base }

func (*benchDynamic) GetChild(name string, req *resource.Request) resource.Resource {
	return &funcPage{fn: func(*resource.Request) ([]byte, error) { return []byte("dyn " + name), nil }}
}

// BenchmarkSiteServeHTTP measures a whole request through Site.ServeHTTP:
// traversal of static children at depths 1, 3 and 8, a dynamic child,
// HEAD rendered from GET, and a 405.
func BenchmarkSiteServeHTTP(b *testing.B) {
	site := server.NewSite(benchTree())
	cases := []struct {
		name, method, target string
		code                 int
	}{
		{"static/depth1", "GET", "/a", 200},
		{"static/depth3", "GET", "/a/b/c", 200},
		{"static/depth8", "GET", "/a/b/c/d/e/f/g/h", 200},
		{"dynamic", "GET", "/dyn/42", 200},
		{"HEAD", "HEAD", "/a/b/c", 200},
		{"405", "POST", "/a/b/c", 405},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			r := httptest.NewRequest(c.method, c.target, nil)
			w := &discardWriter{h: http.Header{}}
			site.ServeHTTP(w, r)
			if w.code != c.code { // the case serves what its name says
				b.Fatalf("%s %s = %d, want %d", c.method, c.target, w.code, c.code)
			}
			b.ReportAllocs()
			for b.Loop() {
				w.reset()
				site.ServeHTTP(w, r)
			}
		})
	}
}
