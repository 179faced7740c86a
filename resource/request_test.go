package resource_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weftgo/weft/resource"
)

// renderFunc is a resource whose GET is the given function.
type renderFunc struct {
	resource.Base
	get func(req *resource.Request) ([]byte, error)
}

func (f *renderFunc) RenderGET(req *resource.Request) ([]byte, error) { return f.get(req) }

// get mounts fn at /r and serves GET /r with the given headers.
func get(t *testing.T, fn func(req *resource.Request) ([]byte, error), hdr ...string) *http.Response {
	t.Helper()
	return serve(t, mount("r", &renderFunc{get: fn}), "GET", "/r", hdr...)
}

// Redirect is 302 with Location; an empty body gets Content-Length: 0 and
// no Content-Type, as Twisted 22.4's answer to the same resource.
func TestRedirect(t *testing.T) {
	resp := get(t, func(req *resource.Request) ([]byte, error) {
		req.Redirect("/elsewhere")
		return nil, nil
	})
	if got := bodyOf(t, resp); resp.StatusCode != http.StatusFound || got != "" {
		t.Errorf("status %d body %q, want 302 and no body", resp.StatusCode, got)
	}
	if got := resp.Header.Get("Location"); got != "/elsewhere" {
		t.Errorf("Location = %q, want /elsewhere", got)
	}
	if got := resp.Header.Get("Content-Length"); got != "0" {
		t.Errorf("Content-Length = %q, want 0", got)
	}
	if got := resp.Header.Values("Content-Type"); got != nil {
		t.Errorf("Content-Type = %q, want none", got)
	}
}

// SetHeader turns CR and LF into spaces, so a value cannot add a header
// line (Twisted's _sanitizeLinearWhitespace), and replaces earlier values.
func TestSetHeaderStripsCRLF(t *testing.T) {
	resp := get(t, func(req *resource.Request) ([]byte, error) {
		req.SetHeader("X-A", "a\r\nInjected: yes")
		req.SetHeader("X-B", "a\nb\rc\r\n\r\nd")
		req.SetHeader("X-C", "first")
		req.SetHeader("X-C", "second")
		return []byte("ok"), nil
	})
	if got := resp.Header.Values("X-A"); len(got) != 1 || got[0] != "a Injected: yes" {
		t.Errorf("X-A = %q, want [\"a Injected: yes\"]", got)
	}
	if got := resp.Header.Get("Injected"); got != "" {
		t.Errorf("an injected header arrived: Injected: %q", got)
	}
	if got := resp.Header.Get("X-B"); got != "a b c  d" {
		t.Errorf("X-B = %q, want %q", got, "a b c  d")
	}
	if got := resp.Header.Values("X-C"); len(got) != 1 || got[0] != "second" {
		t.Errorf("X-C = %q, want [second]", got)
	}
}

// GetCookie parses Cookie headers as Twisted's parseCookies: pairs split
// at ";", leading blanks dropped, the value taken raw after the first
// "=", a pair without "=" skipped, and the last of duplicate names wins.
func TestGetCookie(t *testing.T) {
	tests := []struct {
		name    string
		cookies []string // one Cookie header line each
		get     string
		want    string
	}{
		{"last duplicate wins", []string{"a=1; b=2; a=3"}, "a", "3"},
		{"across header lines", []string{"a=1", "a=2"}, "a", "2"},
		{"raw value, quotes and escapes kept", []string{`a="quoted%20v"`}, "a", `"quoted%20v"`},
		{"value after the first =", []string{"a=b=c"}, "a", "b=c"},
		{"pair without = skipped", []string{"flag; a=1"}, "a", "1"},
		{"leading blanks dropped", []string{"   a=1"}, "a", "1"},
		{"trailing blanks kept", []string{"a=1 ;b=2"}, "a", "1 "},
		{"names are case sensitive", []string{"A=1"}, "a", ""},
		{"empty value", []string{"a=; b=2"}, "a", ""},
		{"missing", []string{"b=2"}, "a", ""},
		{"no Cookie header", nil, "a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newHTTPRequest("GET", "/", nil)
			for _, c := range tt.cookies {
				r.Header.Add("Cookie", c)
			}
			req, err := resource.NewRequest(httptest.NewRecorder(), r, &stubHost{})
			if err != nil {
				t.Fatal(err)
			}
			if got := req.GetCookie(tt.get); got != tt.want {
				t.Errorf("GetCookie(%q) = %q, want %q", tt.get, got, tt.want)
			}
		})
	}
}

// Request carries what Twisted's request has, as the render sees it.
func TestRequestFields(t *testing.T) {
	r := newHTTPRequest("PUT", "/a%20b/c?x=1", nil, "X-Thing: yes")
	r.RemoteAddr = "192.0.2.7:5555"
	req, err := resource.NewRequest(httptest.NewRecorder(), r, &stubHost{})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ what, got, want string }{
		{"Method", req.Method, "PUT"},
		{"URI", req.URI, "/a%20b/c?x=1"},
		{"Path", req.Path, "/a%20b/c"},
		{"Postpath", quoteList(req.Postpath), `["a b" "c"]`},
		{"GetHeader", req.GetHeader("x-thing"), "yes"},
		{"ClientAddress", req.ClientAddress(), "192.0.2.7"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if req.HTTPRequest() != r {
		t.Error("HTTPRequest() is not the request served")
	}
	if req.IsSecure() {
		t.Error("IsSecure() on plain HTTP")
	}
	if req.Code() != http.StatusOK {
		t.Errorf("Code() = %d before any SetResponseCode, want 200", req.Code())
	}
	r.TLS = &tls.ConnectionState{}
	if !req.IsSecure() {
		t.Error("IsSecure() false over TLS")
	}
}

// AddCookie adds a Set-Cookie header per cookie.
func TestAddCookie(t *testing.T) {
	resp := get(t, func(req *resource.Request) ([]byte, error) {
		req.AddCookie(&http.Cookie{Name: "a", Value: "1", Path: "/"})
		req.AddCookie(&http.Cookie{Name: "b", Value: "2"})
		return []byte("ok"), nil
	})
	if got := resp.Header.Values("Set-Cookie"); len(got) != 2 || got[0] != "a=1; Path=/" || got[1] != "b=2" {
		t.Errorf("Set-Cookie = %q, want [\"a=1; Path=/\" \"b=2\"]", got)
	}
}
