package main

import (
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// TestBreadth sends a few requests of each kind through the breadth site,
// over a loopback connection, since the reverse proxies point back at the
// site's own port. The conformance suite (conformance/breadth.json) checks
// every path against Twisted; this checks that the example is wired up.
func TestBreadth(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	site := newSite(ln.Addr().(*net.TCPAddr).Port, "../../conformance/breadth/fixtures")
	defer site.Close()
	srv := httptest.NewUnstartedServer(site)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	defer srv.Close()
	host := ln.Addr().String()

	tests := []struct {
		name    string
		method  string
		path    string
		header  http.Header
		status  int
		body    string            // the body, or its start when prefix is set
		prefix  bool              // body is only the start of the body
		headers map[string]string // headers the response must carry
	}{
		{name: "static file", path: "/static/hello.txt", status: 200,
			body: "Hello from the breadth fixtures.\n", headers: map[string]string{"Content-Type": "text/plain"}},
		{name: "tuned: ignoreExt and contentTypes", path: "/files/notes", status: 200,
			body: "found as /files/notes through ignoreExt('.txt')\n", headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
		{name: "tuned: processor", path: "/files/loud.shout", status: 200, body: "SERVED THROUGH A PROCESSOR, IN CAPITALS\n"},
		{name: "tuned: childNotFound", path: "/files/nothing", status: 404, prefix: true, body: "<!DOCTYPE html>"},
		{name: "data", path: "/data", status: 200, body: "some data"},
		{name: "virtual host", path: "/vhost", header: http.Header{"Host": {"a.example"}}, status: 200, body: "site a"},
		{name: "redirect", path: "/redir", status: 302, prefix: true, body: "\n<html>",
			headers: map[string]string{"Location": "http://example.com/target?x=1"}},
		{name: "parent redirect", path: "/redirect/parent/x?q=1", status: 302,
			headers: map[string]string{"Location": "http://" + host + "/redirect/"}},
		{name: "status with message", path: "/status/404/Nope", status: 404, body: "status 404"},
		{name: "basic auth challenge", path: "/private", status: 401, body: "Unauthorized",
			headers: map[string]string{"WWW-Authenticate": `basic realm="example.com"`}},
		{name: "basic auth login", path: "/private/x", header: http.Header{"Authorization": {"Basic YWxpY2U6d29uZGVybGFuZA=="}},
			status: 200, body: "secret for alice"},
		{name: "gzip", path: "/gzip", header: http.Header{"Accept-Encoding": {"gzip"}}, status: 200,
			body: strings.Repeat("squeeze me ", 50), headers: map[string]string{"Content-Encoding": "gzip"}},
		{name: "reverse proxy", path: "/proxy/a?b=1", status: 200, body: "hello from /hello/a?b=1"},
		{name: "proxy upstream down", path: "/proxy-down", status: 502, body: "<H1>Could not connect</H1>"},
		{name: "handler leaf", path: "/mount/wsgi/a/b?q=1", status: 200, body: "script=/mount/wsgi path=/a/b query=q=1 method=GET"},
		{name: "handler leaf status", method: "POST", path: "/wsgi-more", status: 201, prefix: true, body: "script=/wsgi-more\n",
			headers: map[string]string{"X-Made": "wsgi"}},
		{name: "etag match", path: "/etag", header: http.Header{"If-None-Match": {`"v1"`}}, status: 304},
		{name: "etag on POST", method: "POST", path: "/etag", header: http.Header{"If-None-Match": {`"v1"`}}, status: 412},
		{name: "last modified", path: "/lastmod", header: http.Header{"If-Modified-Since": {"Fri, 02 Jan 2026 03:04:05 GMT"}}, status: 304},
		{name: "root URL", path: "/app/urls/x", status: 200, prefix: true,
			body: "root=http://" + host + "/app\nprePathURL=http://" + host + "/app/urls\n"},
	}
	client := &http.Client{
		Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	defer client.CloseIdleConnections()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = "GET"
			}
			req, err := http.NewRequest(method, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header[k] = v
			}
			req.Host = req.Header.Get("Host")
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := readBody(t, resp)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d (body %q)", resp.StatusCode, tt.status, body)
			}
			if tt.prefix && !strings.HasPrefix(body, tt.body) || !tt.prefix && tt.body != "" && body != tt.body {
				t.Errorf("body = %q, want %q (prefix %v)", body, tt.body, tt.prefix)
			}
			for k, v := range tt.headers {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

// TestStream streams /gzip-stream's three parts 10 ms apart on the
// site's clock: time is the bubble's, so the test takes none.
func TestStream(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newSite(0, "../../conformance/breadth/fixtures")
		defer site.Close()
		req := httptest.NewRequest("GET", "/gzip-stream", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		start := time.Now()
		site.ServeHTTP(rec, req)
		if took := time.Since(start); took != 20*time.Millisecond {
			t.Errorf("the page took %v, want 20ms", took)
		}
		resp := rec.Result()
		if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
			t.Errorf("Content-Encoding = %q, want gzip", got)
		}
		want := string(streamPart(1)) + string(streamPart(2)) + string(streamPart(3))
		if got := readBody(t, resp); got != want {
			t.Errorf("body = %q, want %q", got, want)
		}
	})
}

// readBody reads a response body, decompressing a gzip one.
func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestUpperASCII(t *testing.T) {
	in := "mixed Case, café 123\xff"
	want := "MIXED CASE, CAFé 123\xff"
	if got := string(upperASCII([]byte(in))); got != want {
		t.Errorf("upperASCII(%q) = %q, want %q", in, got, want)
	}
}

func TestLatin1ToUTF8(t *testing.T) {
	for in, want := range map[string]string{"plain": "plain", "caf\xc3\xa9": "cafÃ©", "\xff": "ÿ"} {
		if got := latin1ToUTF8(in); got != want {
			t.Errorf("latin1ToUTF8(%q) = %q, want %q", in, got, want)
		}
	}
}
