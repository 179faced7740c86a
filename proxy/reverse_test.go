package proxy_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/weftgo/weft/proxy"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// upstream is a real server that answers with what it received.
func upstream(t *testing.T) (*httptest.Server, string, int) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Upstream", "yes")
		w.Header().Set("Content-Type", "text/plain")
		if r.URL.Path == "/path/missing" {
			w.WriteHeader(http.StatusNotFound)
		}
		fmt.Fprintf(w, "%s %s host=%s xff=%s foo=%s body=%s",
			r.Method, r.RequestURI, r.Host, r.Header.Get("X-Forwarded-For"), strings.Join(r.Header.Values("Foo"), "|"), body)
	}))
	t.Cleanup(srv.Close)
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	n, _ := strconv.Atoi(port)
	return srv, host, n
}

func do(t *testing.T, h http.Handler, method, target, body string, header ...string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.RemoteAddr = "192.0.2.9:4000"
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Result(), string(b)
}

// Twisted's test_getChild and test_getChildWithSpecial: a child keeps the
// server and appends the segment, quoted with no safe characters.
func TestGetChild(t *testing.T) {
	p := proxy.NewReverseProxyResource("127.0.0.1", 1234, "/path")
	for seg, want := range map[string]string{
		"foo":      "/path/foo",
		" /%":      "/path/%20%2F%25",
		"a~b_c.d-": "/path/a~b_c.d-",
		"é?#;":     "/path/%C3%A9%3F%23%3B",
		"":         "/path/",
	} {
		child := p.GetChild(seg, nil).(*proxy.ReverseProxyResource)
		if child.Path != want || child.Host != "127.0.0.1" || child.Port != 1234 {
			t.Errorf("GetChild(%q) = %s:%d %s, want %s", seg, child.Host, child.Port, child.Path, want)
		}
	}
}

// Twisted's test_render, test_renderWithQuery and the breadth oracle: the
// request goes to the upstream path with the children appended and the
// query kept, Host naming the upstream server; method, headers (every
// value) and body go along; the upstream status, headers and body come
// back. X-Forwarded-For gets the client appended (Twisted adds nothing).
func TestRender(t *testing.T) {
	_, host, port := upstream(t)
	root := resource.New()
	root.PutChild("index", proxy.NewReverseProxyResource(host, port, "/path"))
	site := server.NewSite(root)
	hostHeader := host + ":" + strconv.Itoa(port)
	for _, tc := range []struct {
		method, target, body string
		header               []string
		code                 int
		want                 string
	}{
		{"GET", "/index", "", nil, 200,
			"GET /path host=" + hostHeader + " xff=192.0.2.9 foo= body="},
		{"GET", "/index?foo=bar&x=%20", "", nil, 200,
			"GET /path?foo=bar&x=%20 host=" + hostHeader + " xff=192.0.2.9 foo= body="},
		{"GET", "/index?", "", nil, 200,
			"GET /path host=" + hostHeader + " xff=192.0.2.9 foo= body="},
		{"GET", "/index/a%20b/c%2fd/", "", nil, 200,
			"GET /path/a%20b/c%2Fd/ host=" + hostHeader + " xff=192.0.2.9 foo= body="},
		{"POST", "/index/form", "a=1", []string{"Content-Type", "application/x-www-form-urlencoded", "Foo", "1", "Foo", "2"}, 200,
			"POST /path/form host=" + hostHeader + " xff=192.0.2.9 foo=1|2 body=a=1"},
		{"GET", "/index", "", []string{"X-Forwarded-For", "203.0.113.1"}, 200,
			"GET /path host=" + hostHeader + " xff=203.0.113.1, 192.0.2.9 foo= body="},
		{"GET", "/index/missing", "", nil, 404,
			"GET /path/missing host=" + hostHeader + " xff=192.0.2.9 foo= body="},
	} {
		resp, body := do(t, site, tc.method, tc.target, tc.body, tc.header...)
		if resp.StatusCode != tc.code || body != tc.want {
			t.Errorf("%s %s = %d %q\nwant %d %q", tc.method, tc.target, resp.StatusCode, body, tc.code, tc.want)
		}
		if resp.Header.Get("X-Upstream") != "yes" || resp.Header.Get("Content-Type") != "text/plain" {
			t.Errorf("%s %s: upstream headers lost: %v", tc.method, tc.target, resp.Header)
		}
	}
}

// Twisted omits the port from Host when it is 80.
func TestHostHeaderOmitsPort80(t *testing.T) {
	var host string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		host = r.Host
		return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
	})
	p := proxy.NewReverseProxyResource("example.com", 80, "/")
	p.Transport = rt
	do(t, server.NewSite(p), "GET", "/", "")
	if host != "example.com" {
		t.Errorf("Host = %q, want example.com", host)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Twisted's test_connectionFailed: an unreachable upstream gets the
// "Could not connect" page, with 502 where Twisted says 501.
func TestUpstreamDownIs502(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	root := resource.New()
	root.PutChild("down", proxy.NewReverseProxyResource("127.0.0.1", port, "/x"))
	resp, body := do(t, server.NewSite(root), "GET", "/down", "")
	if resp.StatusCode != http.StatusBadGateway || body != "<H1>Could not connect</H1>" ||
		resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("GET /down = %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// The relayed response goes through the Request: a gzip wrapper above the
// proxy compresses it.
func TestProxyUnderGzip(t *testing.T) {
	_, host, port := upstream(t)
	root := resource.New()
	root.PutChild("gz", resource.NewEncodingResourceWrapper(proxy.NewReverseProxyResource(host, port, "/path"), &resource.GzipEncoderFactory{}))
	resp, _ := do(t, server.NewSite(root), "GET", "/gz", "", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Content-Encoding %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
}

// Hop-by-hop headers, and any header the client names in Connection, stay
// on the client's side of the proxy.
func TestHopByHopHeadersDropped(t *testing.T) {
	var seen http.Header
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Header
		return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{"Connection": {"X-Back"}, "X-Back": {"1"}}}, nil
	})
	p := proxy.NewReverseProxyResource("example.com", 8080, "/")
	p.Transport = rt
	resp, _ := do(t, server.NewSite(p), "GET", "/", "", "Connection", "X-Secret", "X-Secret", "1", "Keep-Alive", "300", "Proxy-Connection", "keep-alive")
	for _, h := range []string{"X-Secret", "Keep-Alive", "Proxy-Connection", "Connection"} {
		if v := seen.Get(h); v != "" {
			t.Errorf("upstream got %s: %q", h, v)
		}
	}
	if v := resp.Header.Get("X-Back"); v != "" {
		t.Errorf("client got X-Back: %q", v)
	}
}
