package resource_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
)

// Resources with different sets of render methods.
type (
	postOnly  struct{ resource.Base }
	headOnly  struct{ resource.Base }
	headPost  struct{ resource.Base }
	getPutHeh struct{ resource.Base } // Twisted's NewRenderResource, plus PUT
	catchAll  struct{ resource.Base }
	// getPost adds RenderPOST to a type that already has RenderGET through
	// embedding: both must be found on the outermost value.
	getPost struct{ text }
	// oddRenderers has methods that look like render methods but are not.
	oddRenderers struct{ resource.Base }
)

func (*postOnly) RenderPOST(*resource.Request) ([]byte, error)    { return []byte("posted"), nil }
func (*headOnly) RenderHEAD(*resource.Request) ([]byte, error)    { return []byte("head body"), nil }
func (*headPost) RenderHEAD(*resource.Request) ([]byte, error)    { return nil, nil }
func (*headPost) RenderPOST(*resource.Request) ([]byte, error)    { return nil, nil }
func (*getPutHeh) RenderGET(*resource.Request) ([]byte, error)    { return []byte("hi hi"), nil }
func (*getPutHeh) RenderPUT(*resource.Request) ([]byte, error)    { return []byte("put"), nil }
func (*getPutHeh) RenderHEH(*resource.Request) ([]byte, error)    { return []byte("ho ho"), nil }
func (*getPost) RenderPOST(*resource.Request) ([]byte, error)     { return []byte("posted"), nil }
func (*oddRenderers) RenderGET(*resource.Request) ([]byte, error) { return []byte("got"), nil }
func (*oddRenderers) RenderFOO(*resource.Request) string          { return "wrong results" }
func (*oddRenderers) RenderBAR(string) ([]byte, error)            { return nil, nil }
func (*oddRenderers) RenderBAZ(*resource.Request, int) ([]byte, error) {
	return nil, nil
}

func (*catchAll) Render(req *resource.Request) ([]byte, error) {
	return []byte("render " + req.Method), nil
}

// notAllowedPage is the 405 page weft sends: Twisted's text, with the
// methods in Allow's order (D4).
func notAllowedPage(uri, method, allowed string) string {
	plural := ""
	if strings.Contains(allowed, ",") {
		plural = "s"
	}
	tail := "I only allow the method" + plural + " " + allowed + " here."
	if allowed == "" {
		tail = "I allow no methods here."
	}
	return "\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n" +
		"    <h1>Method Not Allowed</h1>\n    <p>Your browser approached me (at " + uri +
		") with the method \"" + method + "\".  " + tail + "</p>\n  </body>\n</html>\n"
}

// notImplementedPage is the 501 page, method already escaped.
func notImplementedPage(method string) string {
	return "\n<html>\n  <head><title>501 - Huh?</title></head>\n  <body>\n    <h1>Huh?</h1>\n" +
		"    <p>I don't know how to treat a " + method + " request.</p>\n  </body>\n</html>\n"
}

// D4: Allow lists HEAD only where GET or RenderHEAD exists, HEAD first and
// the rest in alphabetical order, and the 405 page lists them the same
// way, with "method" or "methods" as Twisted.
func TestAllowHeaderAndNotAllowedPage(t *testing.T) {
	tests := []struct {
		name   string
		res    resource.Resource
		method string // one the resource lacks
		allow  string
	}{
		{"get only", &text{body: "x"}, "POST", "HEAD, GET"},
		{"post only: no HEAD", &postOnly{}, "GET", "POST"},
		{"post only, asked HEAD", &postOnly{}, "HEAD", "POST"}, // Twisted: 500 (D4)
		{"head only", &headOnly{}, "GET", "HEAD"},
		{"head and post", &headPost{}, "PUT", "HEAD, POST"},
		{"GET PUT HEH: alphabetical after HEAD", &getPutHeh{}, "POST", "HEAD, GET, HEH, PUT"},
		{"GET through embedding, POST on the outer type", &getPost{}, "DELETE", "HEAD, GET, POST"},
		{"wrong signatures are not render methods", &oddRenderers{}, "PUT", "HEAD, GET"},
		{"no render methods at all", resource.New(), "GET", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := serve(t, mount("r", tt.res), tt.method, "/r")
			body := bodyOf(t, resp)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Fatalf("%s /r = %d, want 405", tt.method, resp.StatusCode)
			}
			if got := resp.Header.Values("Allow"); len(got) != 1 || got[0] != tt.allow {
				t.Errorf("Allow = %q, want [%q]", got, tt.allow)
			}
			page := notAllowedPage("/r", tt.method, tt.allow)
			if got, want := resp.Header.Get("Content-Length"), strconv.Itoa(len(page)); got != want {
				t.Errorf("Content-Length = %q, want %q", got, want)
			}
			if tt.method == "HEAD" {
				page = "" // the length stays, the body goes
			}
			if body != page {
				t.Errorf("405 page:\n got %q\nwant %q", body, page)
			}
			if got := resp.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q, want Twisted's error page type", got)
			}
		})
	}
}

// The page itself, spelled out once without the helper: one method gives
// "method", several give "methods", none a sentence of its own.
func TestNotAllowedPageWording(t *testing.T) {
	one := bodyOf(t, serve(t, mount("postonly", &postOnly{}), "GET", "/postonly"))
	want := "\n<html>\n  <head><title>405 - Method Not Allowed</title></head>\n  <body>\n" +
		"    <h1>Method Not Allowed</h1>\n" +
		"    <p>Your browser approached me (at /postonly) with the method \"GET\".  I only allow the method POST here.</p>\n" +
		"  </body>\n</html>\n"
	if one != want {
		t.Errorf("one allowed method:\n got %q\nwant %q", one, want)
	}
	many := bodyOf(t, serve(t, mount("getput", &getPutHeh{}), "POST", "/getput"))
	if !strings.Contains(many, ".  I only allow the methods HEAD, GET, HEH, PUT here.</p>") {
		t.Errorf("several allowed methods: page %q lacks the plural list", many)
	}
	// Issue 14 (k): a container with no render methods says so in words,
	// not "I only allow the method  here." (Twisted lists HEAD, D4).
	none := bodyOf(t, serve(t, mount("a", resource.New()), "GET", "/a"))
	if !strings.Contains(none, "with the method \"GET\".  I allow no methods here.</p>") {
		t.Errorf("no allowed methods: page %q, want \"I allow no methods here.\"", none)
	}
}

// D4: every standard method a resource lacks is 405 with Allow (Twisted
// answers 501 for all but GET, HEAD and POST, #3683); HEAD on a resource
// without GET is 405 too (Twisted: 500).
func TestTwisted3683MissingStandardMethodIs405(t *testing.T) {
	getOnly := mount("hello", &text{body: "x"})
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"} {
		t.Run(method, func(t *testing.T) {
			resp := serve(t, getOnly, method, "/hello")
			body := bodyOf(t, resp)
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "HEAD, GET" {
				t.Errorf("%s on a GET-only resource = %d Allow %q, want 405 Allow %q",
					method, resp.StatusCode, resp.Header.Get("Allow"), "HEAD, GET")
			}
			if want := notAllowedPage("/hello", method, "HEAD, GET"); body != want {
				t.Errorf("page:\n got %q\nwant %q", body, want)
			}
		})
	}
	for _, method := range []string{"GET", "HEAD"} {
		t.Run(method+" on POST only", func(t *testing.T) {
			resp := serve(t, mount("postonly", &postOnly{}), method, "/postonly")
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
				t.Errorf("%s = %d Allow %q, want 405 Allow POST", method, resp.StatusCode, resp.Header.Get("Allow"))
			}
		})
	}
}

// A method nobody knows is 501 "Huh?", without Allow. Methods are case
// sensitive: "get" is unknown, as in Twisted.
func TestUnknownMethodIs501(t *testing.T) {
	tests := []struct{ method, shown string }{
		{"FOO", "FOO"},
		{"get", "get"},
		{"hlalauguG", "hlalauguG"}, // from Twisted's testBadMethods
		{"<style>bad", "&lt;style&gt;bad"},
		{`"'&`, "&quot;&#x27;&amp;"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			resp := serve(t, mount("r", &getPutHeh{}), tt.method, "/r")
			body := bodyOf(t, resp)
			if resp.StatusCode != http.StatusNotImplemented {
				t.Errorf("status = %d, want 501", resp.StatusCode)
			}
			if got := resp.Header.Values("Allow"); got != nil {
				t.Errorf("Allow = %q on a 501, want none", got)
			}
			if want := notImplementedPage(tt.shown); body != want {
				t.Errorf("page:\n got %q\nwant %q", body, want)
			}
		})
	}
}

// Twisted's testGoodMethods: any Render<METHOD> answers its method, not
// only the standard ones.
func TestCustomMethodRenders(t *testing.T) {
	for method, want := range map[string]string{"GET": "hi hi", "HEH": "ho ho", "PUT": "put"} {
		resp := serve(t, mount("newrender", &getPutHeh{}), method, "/newrender")
		if got := bodyOf(t, resp); resp.StatusCode != 200 || got != want {
			t.Errorf("%s = %d %q, want 200 %q", method, resp.StatusCode, got, want)
		}
	}
}

// A Render method takes every method, even those nobody knows.
func TestRenderTakesEveryMethod(t *testing.T) {
	for _, method := range []string{"GET", "POST", "DELETE", "FOO", "get"} {
		resp := serve(t, mount("", &catchAll{}), method, "/")
		if got := bodyOf(t, resp); resp.StatusCode != 200 || got != "render "+method {
			t.Errorf("%s = %d %q, want 200 %q", method, resp.StatusCode, got, "render "+method)
		}
	}
}

// getCounter answers GET and counts calls, noting the method it saw.
type getCounter struct {
	resource.Base
	body   string
	calls  int
	method string
}

func (g *getCounter) RenderGET(req *resource.Request) ([]byte, error) {
	g.calls++
	g.method = req.Method
	return []byte(g.body), nil
}

// Twisted's test_defaultHEAD and testImplicitHead: HEAD renders GET, drops
// the body and keeps its Content-Length.
func TestImplicitHeadFromGet(t *testing.T) {
	res := &getCounter{body: "insert response here"}
	resp := serve(t, mount("", res), "HEAD", "/")
	if got := bodyOf(t, resp); resp.StatusCode != 200 || got != "" {
		t.Errorf("HEAD = %d %q, want 200 and no body", resp.StatusCode, got)
	}
	if got := resp.Header.Get("Content-Length"); got != "20" {
		t.Errorf("Content-Length = %q, want %q (the GET body's length)", got, "20")
	}
	if got := resp.Header.Get("Content-Type"); got != "text/html" {
		t.Errorf("Content-Type = %q, want text/html", got)
	}
	// As Twisted's Resource.render_HEAD, the GET renderer sees the HEAD
	// request itself.
	if res.calls != 1 || res.method != "HEAD" {
		t.Errorf("RenderGET called %d times with method %q, want once with HEAD", res.calls, res.method)
	}
}

// HEAD over an empty GET body sends no Content-Length, and so keeps the
// default Content-Type, byte for byte what Twisted 22.4 sends.
func TestImplicitHeadOfEmptyBody(t *testing.T) {
	resp := serve(t, mount("", &text{}), "HEAD", "/")
	if got := resp.Header.Values("Content-Length"); got != nil {
		t.Errorf("Content-Length = %q, want none (Twisted sends none)", got)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/html" {
		t.Errorf("Content-Type = %q, want text/html", got)
	}
}

// headAndGet has both RenderGET (counted) and RenderHEAD.
type headAndGet struct{ getCounter }

func (*headAndGet) RenderHEAD(*resource.Request) ([]byte, error) { return []byte("head body"), nil }

// An explicit RenderHEAD is preferred to GET; its body is dropped and its
// length kept.
func TestExplicitRenderHEAD(t *testing.T) {
	res := &headAndGet{getCounter: getCounter{body: "get body"}}
	resp := serve(t, mount("", res), "HEAD", "/")
	if got := bodyOf(t, resp); got != "" || resp.StatusCode != 200 {
		t.Errorf("HEAD = %d %q, want 200 and no body", resp.StatusCode, got)
	}
	if res.calls != 0 {
		t.Errorf("RenderGET called %d times, want RenderHEAD only", res.calls)
	}
	if got := resp.Header.Get("Content-Length"); got != "9" {
		t.Errorf("Content-Length = %q, want 9 (len %q)", got, "head body")
	}
}

// headWriter writes its GET body itself instead of returning it.
type headWriter struct{ resource.Base }

func (*headWriter) RenderGET(req *resource.Request) ([]byte, error) {
	if _, err := req.Write([]byte("written")); err != nil {
		return nil, err
	}
	if err := req.Finish(); err != nil {
		return nil, err
	}
	return nil, resource.NotDoneYet
}

// Bytes written by a GET renderer answering HEAD never reach the client.
func TestImplicitHeadDropsWrittenBody(t *testing.T) {
	resp := serve(t, mount("", &headWriter{}), "HEAD", "/")
	if got := bodyOf(t, resp); got != "" || resp.StatusCode != 200 {
		t.Errorf("HEAD = %d %q, want 200 and no body", resp.StatusCode, got)
	}
	if got := bodyOf(t, serve(t, mount("", &headWriter{}), "GET", "/")); got != "written" {
		t.Errorf("GET = %q, want %q", got, "written")
	}
}
