package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weftgo/weft/resource"
)

func TestPythonBytes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "b''"},
		{"abc", "b'abc'"},
		{"it's", `b"it's"`},
		{`both ' and "`, `b'both \' and "'`},
		{"back\\slash", `b'back\\slash'`},
		{"\t\n\r", `b'\t\n\r'`},
		{"\x00\x7f\xc3\xa9", `b'\x00\x7f\xc3\xa9'`},
	}
	for _, tt := range tests {
		if got := pythonBytes(tt.in); got != tt.want {
			t.Errorf("pythonBytes(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestPythonArgs(t *testing.T) {
	req := &resource.Request{Args: url.Values{"b": {"2", ""}, "a": {"1"}}}
	want := "[(b'a', [b'1']), (b'b', [b'2', b''])]"
	if got := pythonArgs(req); got != want {
		t.Errorf("pythonArgs = %s, want %s", got, want)
	}
	if got := pythonArgs(&resource.Request{}); got != "[]" {
		t.Errorf("pythonArgs of no args = %s, want []", got)
	}
}

// The POST-only page reads at most maxEcho bytes of a body: a larger one
// is answered 413 after reading maxEcho+1 bytes, never held whole.
func TestPostOnlyBoundsBody(t *testing.T) {
	site := newSite(time.Minute)
	defer site.Close()
	post := func(body io.Reader) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		site.ServeHTTP(w, httptest.NewRequest("POST", "/postonly", body))
		return w
	}
	if w := post(strings.NewReader("hi")); w.Code != 200 || w.Body.String() != "posted hi" {
		t.Errorf("a small body = %d %q, want 200 %q", w.Code, w.Body, "posted hi")
	}
	huge := &countingZeros{left: 300 << 20}
	if w := post(huge); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 300 MB body = %d, want 413", w.Code)
	}
	if read := 300<<20 - huge.left; read > maxEcho+1 {
		t.Errorf("the page read %d bytes of a 300 MB body, want at most %d", read, maxEcho+1)
	}
}

// countingZeros is a body of left zero bytes that tracks what is read.
type countingZeros struct{ left int }

func (z *countingZeros) Read(p []byte) (int, error) {
	if z.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), z.left)
	clear(p[:n])
	z.left -= n
	return n, nil
}
