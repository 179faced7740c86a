package main

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

const (
	twistedID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	otherID   = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
	uuidID    = "123e4567-e89b-12d3-a456-426614174000"
)

func TestIdsPlaceholdersInOrderOfFirstSight(t *testing.T) {
	var d ids
	got := d.norm("old=" + twistedID + " new=" + uuidID + " old again " + twistedID)
	if want := "old=<SID1> new=<SID2> old again <SID1>"; got != want {
		t.Errorf("norm = %q, want %q", got, want)
	}
	d.add(otherID)
	d.add("") // an empty cookie value is no session
	if got, want := d.norm(otherID+" "+uuidID), "<SID3> <SID2>"; got != want {
		t.Errorf("norm after add = %q, want %q", got, want)
	}
	if got := d.norm("no ids, 0123"); got != "no ids, 0123" {
		t.Errorf("norm changed text without ids: %q", got)
	}
}

func TestIdsLongestFirst(t *testing.T) {
	// A cookie value that contains a shorter id must not be cut by it.
	var d ids
	short := "abc"
	d.add(short)
	d.add(short + "def")
	if got, want := d.norm("abcdef abc"), "<SID2> <SID1>"; got != want {
		t.Errorf("norm = %q, want %q", got, want)
	}
}

func TestCookieShape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"TWISTED_SESSION=" + twistedID + "; Path=/", "TWISTED_SESSION;<SID1>;path=/"},
		{"TWISTED_SESSION=" + twistedID + "; Path=/; HttpOnly; SameSite=Lax", "TWISTED_SESSION;<SID1>;path=/"},
		{"TWISTED_SESSION=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "TWISTED_SESSION;;path=/"},
		{"TWISTED_SECURE_SESSION=" + otherID + "; Secure; path=/x", "TWISTED_SECURE_SESSION;<SID2>;path=/x;secure"},
	}
	var d ids
	for _, tt := range tests {
		if got := cookieShape(tt.in, &d); got != tt.want {
			t.Errorf("cookieShape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeaderValue(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"content-type", []string{"text/html; charset=UTF-8"}, "text/html;charset=utf-8"},
		{"allow", []string{"HEAD, GET,POST"}, "GET, HEAD, POST"},
		{"allow", []string{"PUT", "GET"}, "GET, PUT"},
		{"allow", []string{""}, ""},
		{"vary", []string{"Accept-Encoding, Cookie"}, "Accept-Encoding"},
		{"vary", []string{"cookie"}, ""},
		{"vary", []string{"Accept-Encoding", "Cookie"}, "Accept-Encoding"},
		{"location", []string{"/a/"}, "/a/"},
		{"content-range", []string{"bytes 0-4/3000"}, "bytes 0-4/3000"},
	}
	for _, tt := range tests {
		if got := headerValue(tt.name, tt.values); got != tt.want {
			t.Errorf("headerValue(%s, %q) = %q, want %q", tt.name, tt.values, got, tt.want)
		}
	}
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestObserve(t *testing.T) {
	h := http.Header{
		"Content-Type":     {"text/html; charset=utf-8"},
		"Content-Length":   {"999"},
		"Content-Encoding": {"gzip"},
		"Date":             {"Fri, 27 Nov 2026 00:00:00 GMT"},
		"Server":           {"TwistedWeb/22.4.0"},
		"Cache-Control":    {`no-cache="Set-Cookie"`},
		"Vary":             {"Cookie"},
		"Set-Cookie":       {"TWISTED_SESSION=" + twistedID + "; Path=/; HttpOnly"},
	}
	var d ids
	var j jar
	body := gzipped(t, "id "+twistedID+" at http://127.0.0.1:8080/x and http://a.example:8080/")
	got := observe(Step{Method: "GET", Path: "/"}, "127.0.0.1:8080", response{200, "OK", h, body}, &j, &d)
	want := Result{
		Status: 200,
		Reason: "OK",
		Headers: map[string]Values{
			"content-type":     {"text/html;charset=utf-8"},
			"content-encoding": {"gzip"},
			"set-cookie":       {"TWISTED_SESSION;<SID1>;path=/"},
		},
		Body: "id <SID1> at http://<ADDR>/x and http://a.example:<PORT>/",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("observe =\n %s\nwant\n %s", got, want)
	}
	if c := j.header(); c != "TWISTED_SESSION="+twistedID {
		t.Errorf("jar sends %q", c)
	}
}

func TestObserveHeadKeepsContentLength(t *testing.T) {
	h := http.Header{"Content-Length": {"12"}}
	var d ids
	got := observe(Step{Method: "HEAD", Path: "/"}, "h:1", response{200, "OK", h, nil}, &jar{}, &d)
	if !reflect.DeepEqual(got.Headers, map[string]Values{"content-length": {"12"}}) {
		t.Errorf("HEAD headers = %v, want content-length 12 only", got.Headers)
	}
	got = observe(Step{Method: "GET", Path: "/"}, "h:1", response{200, "OK", h, []byte("twelve bytes")}, &jar{}, &d)
	if len(got.Headers) != 0 {
		t.Errorf("GET headers = %v, want none (the body is compared itself)", got.Headers)
	}
}

func TestObserveBodyContains(t *testing.T) {
	var d ids
	step := Step{Method: "GET", Path: "/", BodyContains: []string{"listing", "absent"}}
	got := observe(step, "h:1", response{200, "OK", http.Header{}, []byte("a listing")}, &jar{}, &d)
	if want := "<has listing>\n<lacks absent>"; got.Body != want {
		t.Errorf("body = %q, want %q", got.Body, want)
	}
}

func TestDecodeBodyBadGzip(t *testing.T) {
	got := decodeBody(200, http.Header{"Content-Encoding": {"gzip"}}, []byte("plain"))
	if !strings.HasPrefix(got, "<bad gzip") {
		t.Errorf("decodeBody of a body that is not gzip = %q", got)
	}
	if got := decodeBody(200, http.Header{}, []byte("\x00\xff")); got != "\x00\xff" {
		t.Errorf("decodeBody changed a binary body: %q", got)
	}
	if got := decodeBody(206, http.Header{"Content-Encoding": {"gzip"}}, []byte("\x1f\x8b")); got != "\x1f\x8b" {
		t.Errorf("decodeBody decompressed a range of a gzip file: %q", got)
	}
}

func TestOwnAddress(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:4242/a", "http://<ADDR>/a"},
		{"http://example.com:4242/", "http://example.com:<PORT>/"},
		{"port :42424 is another", "port :42424 is another"},
		{"http://127.0.0.1:80/", "http://127.0.0.1:80/"},
	}
	for _, tt := range tests {
		if got := ownAddress("127.0.0.1:4242", tt.in); got != tt.want {
			t.Errorf("ownAddress(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestObserveMultipartBoundary(t *testing.T) {
	h := http.Header{"Content-Type": {`multipart/byteranges; boundary="Ab12"`}}
	body := "\r\n--Ab12\r\nContent-Range: bytes 0-1/9\r\n\r\nab\r\n--Ab12--\r\n"
	var d ids
	got := observe(Step{Method: "GET", Path: "/"}, "h:1", response{206, "Partial Content", h, []byte(body)}, &jar{}, &d)
	if ct := got.Headers["content-type"][0]; ct != `multipart/byteranges;boundary="<BOUNDARY>"` {
		t.Errorf("content-type = %q", ct)
	}
	if want := strings.ReplaceAll(body, "Ab12", "<BOUNDARY>"); got.Body != want {
		t.Errorf("body = %q, want %q", got.Body, want)
	}
}

func TestResultStringShowsBinaryBytes(t *testing.T) {
	r := Result{Status: 206, Headers: map[string]Values{"content-range": {"bytes 0-1/9"}}, Body: "\x00\xff"}
	if got, want := r.String(), `{"status":206,"reason":"","headers":{"content-range":"bytes 0-1/9"},"body":"<2 bytes: \"\\x00\\xff\">"}`; got != want {
		t.Errorf("String = %s, want %s", got, want)
	}
}
