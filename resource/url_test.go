package resource_test

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weftgo/weft/resource"
)

// traversedRequest returns the Request for GET target, arriving on local
// port (0: unknown, as for a handler called directly) with the given Host
// header, over TLS if secure, after traversing a bare root: every segment
// ends up in Prepath, as in Twisted's tests, where the dummy site's root
// has no children.
func traversedRequest(t *testing.T, target, host string, port int, secure bool) *resource.Request {
	t.Helper()
	r := newHTTPRequest("GET", target, nil)
	r.Host = host
	if port != 0 {
		addr := &net.TCPAddr{IP: net.IPv4(10, 0, 0, 1), Port: port}
		r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, addr))
	}
	if secure {
		r.TLS = &tls.ConnectionState{}
	}
	req, err := resource.NewRequest(httptest.NewRecorder(), r, &stubHost{})
	if err != nil {
		t.Fatal(err)
	}
	resource.GetChildForRequest(resource.New(), req)
	return req
}

// Ported from Twisted's testPrePathURL* tests and test_prePathURLQuoting:
// the port is the one the connection arrived on, shown unless it is the
// scheme's default; the host comes from the Host header without its port;
// each segment is quoted with nothing safe but letters, digits and "_.-~".
func TestPrePathURL(t *testing.T) {
	tests := []struct {
		name   string
		target string
		host   string
		port   int
		secure bool
		want   string
	}{
		{"simple", "/foo/bar", "example.com", 80, false, "http://example.com/foo/bar"},
		{"non-default port", "/foo/bar", "example.com:81", 81, false, "http://example.com:81/foo/bar"},
		{"SSL port without SSL", "/foo/bar", "example.com:443", 443, false, "http://example.com:443/foo/bar"},
		{"SSL port and SSL", "/foo/bar", "example.com", 443, true, "https://example.com/foo/bar"},
		{"HTTP port and SSL", "/foo/bar", "example.com:80", 80, true, "https://example.com:80/foo/bar"},
		{"SSL non-default", "/foo/bar", "example.com:81", 81, true, "https://example.com:81/foo/bar"},
		{"set SSL host", "/foo/bar", "foo.com:81", 81, true, "https://foo.com:81/foo/bar"},
		{"quoting keeps %2F", "/foo%2Fbar", "example.com", 80, false, "http://example.com/foo%2Fbar"},
		{"quoting", "/a%20b/c~d_e.f-g/%C3%A9/a+b/%3F%23%25", "example.com", 80, false,
			"http://example.com/a%20b/c~d_e.f-g/%C3%A9/a%2Bb/%3F%23%25"},
		{"root", "/", "example.com", 80, false, "http://example.com/"},
		{"trailing slash", "/foo/", "example.com", 80, false, "http://example.com/foo/"},
		// Twisted takes the port from the connection, not the Host header
		// (a real Twisted server on 18081 asked for "Host:
		// example.com:8080" answers http://example.com:18081/...).
		{"Host port ignored", "/foo", "example.com:8080", 80, false, "http://example.com/foo"},
		{"connection port shown", "/foo", "example.com", 18081, false, "http://example.com:18081/foo"},
		// Without a connection (a handler called directly), the Host
		// header's port stands in for it.
		{"no connection: Host port", "/foo", "example.com:8080", 0, false, "http://example.com:8080/foo"},
		{"no connection: no port", "/foo", "example.com", 0, false, "http://example.com/foo"},
		// Twisted's host regex drops the brackets of an IPv6 literal, and
		// so does weft (Twisted 22.4: "http://::1:18081/links").
		{"IPv6 literal, as Twisted", "/foo", "[::1]:99", 99, false, "http://::1:99/foo"},
		// No Host header: the connection's own address.
		{"no Host header", "/foo", "", 8000, false, "http://10.0.0.1:8000/foo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := traversedRequest(t, tt.target, tt.host, tt.port, tt.secure)
			if got := req.PrePathURL(); got != tt.want {
				t.Errorf("PrePathURL() = %q, want %q", got, tt.want)
			}
		})
	}
}

// URLPath is PrePathURL parsed, for resolving links against it.
func TestURLPath(t *testing.T) {
	req := traversedRequest(t, "/a%20b/c", "example.com:81", 81, true)
	u := req.URLPath()
	if u.String() != "https://example.com:81/a%20b/c" || u.Path != "/a%20b/c" {
		t.Errorf("URLPath() = %q (path %q), want https://example.com:81/a%%20b/c (path \"/a%%20b/c\")", u, u.Path)
	}
	if got := u.Click("d").String(); got != "https://example.com:81/a%20b/d" {
		t.Errorf("resolving d against URLPath() = %q", got)
	}
}

// PrePathURL follows traversal: a resource half-way down sees only the
// segments consumed so far.
func TestPrePathURLDuringTraversal(t *testing.T) {
	var seen []string
	root := &urlRecorder{seen: &seen}
	traversedRequestFrom(t, root, "/a/b%2Fc/d")
	want := []string{"http://example.com/a", "http://example.com/a/b%2Fc", "http://example.com/a/b%2Fc/d"}
	if len(seen) != len(want) {
		t.Fatalf("saw %q, want %q", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("GetChild %d saw PrePathURL %q, want %q", i, seen[i], want[i])
		}
	}
}

// urlRecorder notes PrePathURL at each GetChild.
type urlRecorder struct {
	resource.Base
	seen *[]string
}

func (u *urlRecorder) GetChild(name string, req *resource.Request) resource.Resource {
	*u.seen = append(*u.seen, req.PrePathURL())
	return u
}

func traversedRequestFrom(t *testing.T, root resource.Resource, target string) *resource.Request {
	t.Helper()
	r := newHTTPRequest("GET", target, nil)
	r.Host = "example.com"
	req, err := resource.NewRequest(httptest.NewRecorder(), r, &stubHost{})
	if err != nil {
		t.Fatal(err)
	}
	resource.GetChildForRequest(root, req)
	return req
}

// Ported from Twisted's testChildLink: after traversal through a root
// with no children, /foo/bar links its child baz as "bar/baz", and
// /foo/bar/ as "baz".
func TestChildLinkAfterTraversal(t *testing.T) {
	for target, want := range map[string]string{"/foo/bar": "bar/baz", "/foo/bar/": "baz"} {
		req := traversedRequest(t, target, "example.com", 80, false)
		if got := req.ChildLink("baz"); got != want {
			t.Errorf("%s: ChildLink(baz) = %q, want %q", target, got, want)
		}
	}
}

// ChildLink and SibLink for each shape of Prepath and Postpath, following
// Twisted's childLink and sibLink.
func TestChildLinkAndSibLink(t *testing.T) {
	tests := []struct {
		name              string
		prepath, postpath []string
		child, sib        string
	}{
		{"leaf with three left", []string{"links"}, []string{"a", "b", "c"}, "../../baz", "../../../baz"},
		{"leaf with two left", []string{"links"}, []string{"a b", "c"}, "../baz", "../../baz"},
		{"one left", []string{"links"}, []string{"a"}, "baz", "../baz"},
		{"trailing slash left", []string{"links"}, []string{""}, "baz", "../baz"},
		{"nothing left", []string{"x", "links"}, nil, "links/baz", "baz"},
		{"nothing left, after a slash", []string{"links", ""}, nil, "baz", "baz"},
		{"nothing at all", nil, nil, "baz", "baz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, "GET", "/")
			req.Prepath, req.Postpath = tt.prepath, tt.postpath
			if got := req.ChildLink("baz"); got != tt.child {
				t.Errorf("ChildLink(baz) = %q, want %q", got, tt.child)
			}
			if got := req.SibLink("baz"); got != tt.sib {
				t.Errorf("SibLink(baz) = %q, want %q", got, tt.sib)
			}
		})
	}
}

// RequestHostname is the Host header without its port, as Twisted's
// getRequestHostname.
func TestRequestHostname(t *testing.T) {
	for host, want := range map[string]string{
		"example.com":      "example.com",
		"example.com:8080": "example.com",
		"[::1]:99":         "::1",
		"[::1]":            "::1",
		"127.0.0.1:80":     "127.0.0.1",
	} {
		r := newHTTPRequest("GET", "/", nil)
		r.Host = host
		req, err := resource.NewRequest(httptest.NewRecorder(), r, &stubHost{})
		if err != nil {
			t.Fatal(err)
		}
		if got := req.RequestHostname(); got != want {
			t.Errorf("Host %q: RequestHostname() = %q, want %q", host, got, want)
		}
	}
}
