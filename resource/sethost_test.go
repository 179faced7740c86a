package resource_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// report renders what the request says about its host and URL.
func report(req *resource.Request) ([]byte, error) {
	host, port := req.GetHost()
	return fmt.Appendf(nil, "%s|%s|%s|%s|%d|%t|%s", req.PrePathURL(), req.URLPath(), req.RequestHostname(),
		host, port, req.IsSecure(), req.GetHeader("Host")), nil
}

// RequestHostname cuts the Host header as Twisted's getRequestHostname
// does, and no Host header, however odd, breaks PrePathURL or URLPath: the
// answers here are Twisted 22.4's, except that for an IPv6 literal
// Twisted's URLPath raises, where weft's puts it in brackets.
func TestHostileHostHeaders(t *testing.T) {
	tests := []struct{ host, hostname, urlpath string }{
		{"Ex.COM:81", "Ex.COM", "http://ex.com:P/info"},
		{"[::1]:80", "::1", "http://[::1]:P/info"},
		{"[::1]", "::1", "http://[::1]:P/info"},
		{"::1", ":", "http://::P/info"},
		{"h:x", "h:x", "http://h:x:P/info"},
		{"h:", "h:", "http://h::P/info"},
		{"a]:1", "a", "http://a:P/info"},
		{"a%20b", "a%20b", "http://a%20b:P/info"},
	}
	for _, tt := range tests {
		root := resource.New()
		root.PutChild("info", leafFunc(report))
		r := fetch(t, root, "GET", "/info", tt.host)
		parts := strings.Split(r.body, "|")
		p := strconv.Itoa(r.port)
		if r.StatusCode != http.StatusOK || len(parts) != 7 {
			t.Errorf("Host %q: %d %q", tt.host, r.StatusCode, r.body)
			continue
		}
		if parts[2] != tt.hostname || parts[1] != strings.Replace(tt.urlpath, "P", p, 1) || parts[6] != tt.host ||
			parts[0] != "http://"+tt.hostname+":"+p+"/info" {
			t.Errorf("Host %q: %q", tt.host, r.body)
		}
	}
}

// Twisted's getRequestHostname falls back to the server's address when
// there is no Host header (HTTP/1.0); weft does the same for an empty one,
// where Twisted says "" (docs/differences.md). net/http refuses a Host
// header with a byte no host may carry with its own 400 before any
// Handler runs (D13).
func TestRawHostHeaders(t *testing.T) {
	root := resource.New()
	root.PutChild("info", leafFunc(report))
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	tests := []struct{ request, status, body string }{
		{"GET /info HTTP/1.0\r\n\r\n", "HTTP/1.0 200 OK",
			"http://127.0.0.1:" + port + "/info|http://127.0.0.1:" + port + "/info|127.0.0.1|127.0.0.1|" + port + "|false|"},
		{"GET /info HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n", "HTTP/1.1 400 Bad Request: malformed Host header", ""},
		{"GET /info HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK",
			"http://127.0.0.1:" + port + "/info|http://127.0.0.1:" + port + "/info|127.0.0.1|127.0.0.1|" + port + "|false|"},
	}
	for _, tt := range tests {
		status, body := rawExchange(t, srv.Listener.Addr().String(), tt.request)
		if status != tt.status || tt.body != "" && body != tt.body {
			t.Errorf("%q: %q %q, want %q %q", tt.request, status, body, tt.status, tt.body)
		}
	}
}

// rawExchange sends request as is and returns the status line and body.
func rawExchange(t *testing.T, addr, request string) (status, body string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(request)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	return resp.Proto + " " + resp.Status, b.String()
}

// Ported from Twisted's test_setHost, test_setHostSSL,
// test_setHostNonDefaultPort and test_setHostSSLNonDefaultPort: the Host
// header carries the port unless it is the scheme's default, and the URL
// the request builds follows.
func TestSetHost(t *testing.T) {
	tests := []struct {
		host   string
		port   int
		secure bool
		header string
		url    string
	}{
		{"example.com", 80, false, "example.com", "http://example.com/info"},
		{"example.com", 443, true, "example.com", "https://example.com/info"},
		{"example.com", 81, false, "example.com:81", "http://example.com:81/info"},
		{"example.com", 81, true, "example.com:81", "https://example.com:81/info"},
		{"example.com", 443, false, "example.com:443", "http://example.com:443/info"},
		{"example.com", 80, true, "example.com:80", "https://example.com:80/info"},
	}
	for _, tt := range tests {
		root := resource.New()
		root.PutChild("info", leafFunc(func(req *resource.Request) ([]byte, error) {
			req.SetHost(tt.host, tt.port, tt.secure)
			return report(req)
		}))
		r := fetch(t, root, "GET", "/info", "")
		want := fmt.Sprintf("%s|%s|%s|%s|%d|%t|%s", tt.url, tt.url, tt.host, tt.host, tt.port, tt.secure, tt.header)
		if r.body != want {
			t.Errorf("SetHost(%q, %d, %t): %q, want %q", tt.host, tt.port, tt.secure, r.body, want)
		}
	}
}

// rememberer notes the root URL at each GetChild, as an application
// mounted below it would.
type rememberer struct{ resource.Base }

func (m *rememberer) GetChild(path string, req *resource.Request) resource.Resource {
	req.RememberRootURL()
	return leafFunc(func(req *resource.Request) ([]byte, error) { return []byte(req.GetRootURL()), nil })
}

// Ported from Twisted's test_rememberRootURL and test_getRootURL: the URL
// up to the segment before the one being consumed.
func TestRememberRootURL(t *testing.T) {
	root := resource.New()
	root.PutChild("foo", &rememberer{})
	r := fetch(t, root, "GET", "/foo/bar/baz", "example.com")
	if want := "http://example.com:" + strconv.Itoa(r.port) + "/foo"; r.body != want {
		t.Errorf("GetRootURL() = %q, want %q", r.body, want)
	}
	r = fetch(t, leafFunc(func(req *resource.Request) ([]byte, error) { return []byte(req.GetRootURL()), nil }), "GET", "/", "")
	if r.body != "" {
		t.Errorf("GetRootURL() before RememberRootURL = %q, want \"\"", r.body)
	}
}

// Twisted sends the message given to setResponseCode on the status line.
// net/http cannot: weft sends Go's text for the code, and CodeMessage
// reports the message (docs/differences.md).
func TestSetResponseCodeMessage(t *testing.T) {
	tests := []struct {
		code            int
		message         string
		status, reports string
	}{
		{299, "Custom Thing", "HTTP/1.1 299 status code 299", "Custom Thing"},
		{404, "Nope", "HTTP/1.1 404 Not Found", "Nope"},
		{418, "Short and stout", "HTTP/1.1 418 I'm a teapot", "Short and stout"},
		{200, "", "HTTP/1.1 200 OK", "OK"},
		{599, "", "HTTP/1.1 599 status code 599", "status code 599"},
	}
	for _, tt := range tests {
		page := leafFunc(func(req *resource.Request) ([]byte, error) {
			req.SetResponseCodeMessage(tt.code, tt.message)
			return []byte(req.CodeMessage()), nil
		})
		srv := httptest.NewServer(server.NewSite(page))
		status, body := rawExchange(t, srv.Listener.Addr().String(), "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
		srv.Close()
		if status != tt.status || body != tt.reports {
			t.Errorf("SetResponseCodeMessage(%d, %q): %q, CodeMessage %q; want %q, %q", tt.code, tt.message, status, body, tt.status, tt.reports)
		}
	}
	// The message belongs to its code: a later SetResponseCode drops it.
	page := leafFunc(func(req *resource.Request) ([]byte, error) {
		req.SetResponseCodeMessage(299, "Custom")
		req.SetResponseCode(404)
		return []byte(req.CodeMessage()), nil
	})
	if r := fetch(t, page, "GET", "/", ""); r.body != "Not Found" {
		t.Errorf("CodeMessage after SetResponseCode(404) = %q", r.body)
	}
}

// SetHost's secure flag is what IsSecure reports, even over TLS, where
// Twisted's setHost(ssl=False) leaves a TLS request secure
// (docs/differences.md).
func TestSetHostInsecureOverTLS(t *testing.T) {
	page := leafFunc(func(req *resource.Request) ([]byte, error) {
		before := req.IsSecure()
		req.SetHost("example.com", 80, false)
		return fmt.Appendf(nil, "%t %t %s", before, req.IsSecure(), req.PrePathURL()), nil
	})
	srv := httptest.NewTLSServer(server.NewSite(page))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	if want := "true false http://example.com/"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// Ported from Twisted's test_getRequestHostname.
func TestRequestHostnameTwisted(t *testing.T) {
	page := leafFunc(func(req *resource.Request) ([]byte, error) { return []byte(req.RequestHostname()), nil })
	for host, want := range map[string]string{
		"example.com":            "example.com",
		"example.com:8443":       "example.com",
		"192.168.1.1":            "192.168.1.1",
		"192.168.1.1:19289":      "192.168.1.1",
		"[2607:f0d0:1002:51::4]": "2607:f0d0:1002:51::4",
		"[2607:f0d0:1002:0051:0000:0000:0000:0004]": "2607:f0d0:1002:0051:0000:0000:0000:0004",
		"[::1]":                       "::1",
		"[::1]:8080":                  "::1",
		"[2607:f0d0:1002:51::4]:9443": "2607:f0d0:1002:51::4",
	} {
		if r := fetch(t, page, "GET", "/", host); r.body != want {
			t.Errorf("Host %q: RequestHostname() = %q, want %q", host, r.body, want)
		}
	}
}
