package resource_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/weftgo/weft/resource"
)

// errorPage fills Twisted's ErrorPage template with already-escaped parts.
func errorPage(code int, brief, detail string) string {
	c := strconv.Itoa(code)
	return "\n<html>\n  <head><title>" + c + " - " + brief + "</title></head>\n  <body>\n    <h1>" +
		brief + "</h1>\n    <p>" + detail + "</p>\n  </body>\n</html>\n"
}

// Ported from Twisted's ErrorPageTests: Render returns the template filled
// with code, brief and detail, sets the status, and sets exactly
// Twisted's Content-Type.
func TestErrorPageRendering(t *testing.T) {
	tests := []struct {
		name                string
		page                *resource.ErrorPage
		code                int
		brief, detail, want string
	}{
		{"ErrorPage", resource.NewErrorPage(321, "brief description text", "much longer text might go here"),
			321, "brief description text", "much longer text might go here", ""},
		{"NoResource", resource.NoResource("long message"), 404, "No Such Resource", "long message", ""},
		{"ForbiddenResource", resource.ForbiddenResource("longer message"), 403, "Forbidden Resource", "longer message", ""},
		{"NoResource default", resource.NoResource(""), 404, "No Such Resource", "", noResourcePage},
		{"ForbiddenResource default", resource.ForbiddenResource(""), 403, "Forbidden Resource", "",
			"\n<html>\n  <head><title>403 - Forbidden Resource</title></head>\n  <body>\n    <h1>Forbidden Resource</h1>\n" +
				"    <p>Sorry, resource is forbidden.</p>\n  </body>\n</html>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, "GET", "/")
			body, err := tt.page.Render(req)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			want := tt.want
			if want == "" {
				want = errorPage(tt.code, tt.brief, tt.detail)
			}
			if string(body) != want {
				t.Errorf("Render:\n got %q\nwant %q", body, want)
			}
			if req.Code() != tt.code {
				t.Errorf("response code = %d, want %d", req.Code(), tt.code)
			}
			h := req.ResponseHeaders()
			if len(h) != 1 || len(h["Content-Type"]) != 1 || h.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("response headers = %v, want only Content-Type: text/html; charset=utf-8", h)
			}
		})
	}
}

// D8: every part of an ErrorPage is HTML-escaped as Python's html.escape
// does. Twisted 22.4 sends the text as it is: "<title>418 - I'm a
// <teapot></title>".
func TestErrorPageEscapesGHSAvg462rrj3647(t *testing.T) {
	page := resource.NewErrorPage(418, `I'm a <teapot>`, `short & "stout"`)
	resp := serve(t, mount("custom", page), "GET", "/custom")
	want := errorPage(418, "I&#x27;m a &lt;teapot&gt;", "short &amp; &quot;stout&quot;")
	if got := bodyOf(t, resp); resp.StatusCode != 418 || got != want {
		t.Errorf("GET /custom = %d\n got %q\nwant %d %q", resp.StatusCode, got, 418, want)
	}
	forbidden := resource.ForbiddenResource("go <away> & 'stay'")
	want = errorPage(403, "Forbidden Resource", "go &lt;away&gt; &amp; &#x27;stay&#x27;")
	if got := bodyOf(t, serve(t, mount("f", forbidden), "GET", "/f")); got != want {
		t.Errorf("ForbiddenResource with markup:\n got %q\nwant %q", got, want)
	}
}

// Ported from test_getChild: an ErrorPage is its own child, so every path
// below it is the same error, consumed whole.
func TestErrorPageGetChildReturnsItself(t *testing.T) {
	page := resource.NewErrorPage(321, "foo", "bar")
	if got := page.GetChild("name", nil); got != page {
		t.Errorf("GetChild = %v, want the page itself", got)
	}
	req := newRequest(t, "GET", "/custom/x/y")
	root := mount("custom", page)
	if got := resource.GetChildForRequest(root, req); got != page {
		t.Errorf("GetChildForRequest(/custom/x/y) = %v, want the page", got)
	}
	if len(req.Postpath) != 0 || len(req.Prepath) != 3 {
		t.Errorf("prepath %s postpath %s, want all three segments consumed",
			quoteList(req.Prepath), quoteList(req.Postpath))
	}
}

// An error page answers every method with its page; HEAD keeps the
// length and drops the body, as Twisted ("HEAD /nope" gives 404 with
// Content-Length: 167 and no body).
func TestErrorPageAnswersEveryMethod(t *testing.T) {
	root := resource.New()
	for _, method := range []string{"GET", "POST", "DELETE", "FOO"} {
		resp := serve(t, root, method, "/nope")
		if got := bodyOf(t, resp); resp.StatusCode != 404 || got != noResourcePage {
			t.Errorf("%s /nope = %d %q, want the 404 page", method, resp.StatusCode, got)
		}
	}
	resp := serve(t, root, "HEAD", "/nope")
	if got := bodyOf(t, resp); resp.StatusCode != 404 || got != "" {
		t.Errorf("HEAD /nope = %d %q, want 404 and no body", resp.StatusCode, got)
	}
	if got := resp.Header.Get("Content-Length"); got != "167" {
		t.Errorf("HEAD /nope Content-Length = %q, want 167", got)
	}
}

// Twisted's test_notAllowedQuoting, extended to quotes: the URI in the 405
// page is escaped exactly as Twisted escapes it (html.escape), and nothing
// from it survives as markup.
func TestNotAllowedPageEscapesURI(t *testing.T) {
	tests := []struct{ target, shown string }{
		{"/gettable?value=<script>bad", "/gettable?value=&lt;script&gt;bad"},
		{`/gettable?v=<script>"x'`, "/gettable?v=&lt;script&gt;&quot;x&#x27;"}, // byte for byte Twisted 22.4
		{"/gettable?a=1&b=2", "/gettable?a=1&amp;b=2"},
	}
	root := mount("gettable", &text{body: "x"})
	for _, tt := range tests {
		resp := serve(t, root, "POST", tt.target)
		if got, want := bodyOf(t, resp), notAllowedPage(tt.shown, "POST", "HEAD, GET"); resp.StatusCode != http.StatusMethodNotAllowed || got != want {
			t.Errorf("POST %s = %d\n got %q\nwant %q", tt.target, resp.StatusCode, got, want)
		}
	}
}
