package resource_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// served is a response from fetch, with its body read.
type served struct {
	*http.Response
	body string
	port int // the server's port
}

// fetch serves one request for target through a server.Site rooted at root,
// over loopback, with Host set to host unless host is "".
func fetch(t *testing.T, root resource.Resource, method, target, host string) served {
	t.Helper()
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	req, err := http.NewRequest(method, srv.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	_, p, _ := net.SplitHostPort(srv.Listener.Addr().String())
	port, _ := strconv.Atoi(p)
	return served{resp, string(b), port}
}

// redirectPage is Twisted's redirectTo body for an already-escaped URL.
func redirectPage(escaped string) string {
	return "\n<html>\n    <head>\n        <meta http-equiv=\"refresh\" content=\"0;URL=" + escaped +
		"\">\n    </head>\n    <body bgcolor=\"#FFFFFF\" text=\"#000000\">\n    <a href=\"" + escaped +
		"\">click here</a>\n    </body>\n</html>\n"
}

// Ported from Twisted's RedirectToTests (test_headersAndCode,
// test_legitimateRedirect, test_maliciousRedirect) and checked against
// Twisted 22.4's bytes: 302, Location as given, Content-Type with charset,
// and the meta-refresh page with the URL escaped as html.escape does.
func TestRedirectTo(t *testing.T) {
	tests := []struct {
		name, url, escaped string
	}{
		{"legitimate", "https://twisted.org/", "https://twisted.org/"},
		{"target", "http://target.example.com/4321", "http://target.example.com/4321"},
		{"malicious", `https://twisted.org/"><script>alert(document.location)</script>`,
			"https://twisted.org/&quot;&gt;&lt;script&gt;alert(document.location)&lt;/script&gt;"},
		{"query and quotes", `http://example.com/target?x=1&y=<'">`,
			"http://example.com/target?x=1&amp;y=&lt;&#x27;&quot;&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := leafFunc(func(req *resource.Request) ([]byte, error) {
				return resource.RedirectTo(tt.url, req), nil
			})
			r := fetch(t, page, "GET", "/", "")
			if r.StatusCode != http.StatusFound {
				t.Errorf("status %d, want 302", r.StatusCode)
			}
			if got := r.Header.Get("Location"); got != tt.url {
				t.Errorf("Location %q, want %q", got, tt.url)
			}
			if got := r.Header.Values("Content-Type"); len(got) != 1 || got[0] != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", got)
			}
			if want := redirectPage(tt.escaped); r.body != want {
				t.Errorf("body\n%q\nwant\n%q", r.body, want)
			}
		})
	}
}

// leafFunc is a leaf resource rendering every method with a function.
type leafFunc func(req *resource.Request) ([]byte, error)

func (leafFunc) PutChild(string, resource.Resource)                     {}
func (f leafFunc) GetChild(string, *resource.Request) resource.Resource { return f }
func (leafFunc) IsLeaf() bool                                           { return true }
func (f leafFunc) Render(req *resource.Request) ([]byte, error)         { return f(req) }

// A Redirect answers every method and every path below it with the same
// redirect, as Twisted's Redirect (a leaf whose getChild is itself).
func TestRedirectResource(t *testing.T) {
	root := resource.New()
	root.PutChild("redir", resource.NewRedirect("http://example.com/target?x=1"))
	for _, target := range []string{"/redir", "/redir/", "/redir/a/b?c=d"} {
		for _, method := range []string{"GET", "POST", "DELETE", "HEAD"} {
			r := fetch(t, root, method, target, "")
			want := redirectPage("http://example.com/target?x=1")
			if method == "HEAD" {
				want = ""
			}
			if r.StatusCode != http.StatusFound || r.Header.Get("Location") != "http://example.com/target?x=1" || r.body != want {
				t.Errorf("%s %s: %d %q %q", method, target, r.StatusCode, r.Header.Get("Location"), r.body)
			}
			if r.Header.Get("Content-Length") != "236" { // as Twisted, HEAD included
				t.Errorf("%s %s: Content-Length %q, want 236", method, target, r.Header.Get("Content-Length"))
			}
		}
	}
}

// deepParent is a ParentRedirect that consumes the whole path, so that its
// Prepath is the request's path, as in Twisted's ParentRedirectTests,
// which set prepath by hand.
type deepParent struct{ resource.ParentRedirect }

func (*deepParent) IsLeaf() bool                                           { return false }
func (d *deepParent) GetChild(string, *resource.Request) resource.Resource { return d }

// Ported from Twisted's ParentRedirectTests: the redirect goes to the
// nearest directory, absolute, without the query.
func TestParentRedirect(t *testing.T) {
	tests := []struct{ target, wantPath string }{
		{"/", "/"},
		{"/?biff=baff", "/"},
		{"/foo", "/"},
		{"/foo?bar=sproiiing", "/"},
		{"/foo/", "/foo/"},
		{"/foo/bar", "/foo/"},
		{"/foo/bar?biz=baz", "/foo/"},
	}
	for _, tt := range tests {
		r := fetch(t, &deepParent{}, "GET", tt.target, "10.0.0.1")
		want := "http://10.0.0.1:" + strconv.Itoa(r.port) + tt.wantPath
		if r.StatusCode != http.StatusFound || r.Header.Get("Location") != want || r.body != redirectPage(want) {
			t.Errorf("GET %s: %d Location %q, want %q", tt.target, r.StatusCode, r.Header.Get("Location"), want)
		}
	}
}

// Request.Redirect is Twisted's request.redirect: 302 and Location, and
// nothing else: the body and Content-Type are the render's.
func TestRequestRedirect(t *testing.T) {
	page := leafFunc(func(req *resource.Request) ([]byte, error) {
		req.Redirect("/elsewhere")
		return []byte("moved"), nil
	})
	r := fetch(t, page, "GET", "/", "")
	if r.StatusCode != http.StatusFound || r.Header.Get("Location") != "/elsewhere" ||
		r.Header.Get("Content-Type") != "text/html" || r.body != "moved" {
		t.Errorf("got %d %q %q %q", r.StatusCode, r.Header.Get("Location"), r.Header.Get("Content-Type"), r.body)
	}
	// A header value cannot add a header line.
	page = leafFunc(func(req *resource.Request) ([]byte, error) {
		return resource.RedirectTo("/x\r\nSet-Cookie: a=b", req), nil
	})
	r = fetch(t, page, "GET", "/", "")
	if r.Header.Get("Set-Cookie") != "" || !strings.HasPrefix(r.Header.Get("Location"), "/x ") {
		t.Errorf("CRLF in the URL: Location %q, Set-Cookie %q", r.Header.Get("Location"), r.Header.Get("Set-Cookie"))
	}
}
