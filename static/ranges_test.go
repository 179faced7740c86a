package static

import (
	"fmt"
	"regexp"
	"testing"
)

// TestParseRange ports test_static's RangeTests of _parseRangeHeader.
func TestParseRange(t *testing.T) {
	tests := []struct {
		in   string
		want []byteRange // nil: malformed
	}{
		{"bytes=0-4", []byteRange{{0, 4}}},
		{"bytes=-5", []byteRange{{noValue, 5}}},
		{"bytes=3-", []byteRange{{3, noValue}}},
		{" bytes = 1 - 2 ", []byteRange{{1, 2}}},
		{"bytes=,,0-1,", []byteRange{{0, 1}}},
		{"bytes=0-1,4-5", []byteRange{{0, 1}, {4, 5}}},
		{"bytes=+1-2", []byteRange{{1, 2}}},
		{"bytes=1_0-20", []byteRange{{10, 20}}},
		{"bytes=--5", []byteRange{{noValue, -5}}},
		{"bytes=,", nil},
		{"bytes=", nil},
		{"bytes=5-2", nil},
		{"bytes=-", nil},
		{"bytes=0x1-2", nil},
		{"bytes=1", nil},
		{"items=0-1", nil},
		{"junk", nil},
		{"bytes=1--5", nil},
	}
	for _, tt := range tests {
		got, err := parseRange(tt.in)
		if tt.want == nil {
			if err == nil {
				t.Errorf("parseRange(%q) = %v; want an error", tt.in, got)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("parseRange(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestRangeResponses pins the answers Twisted 22.4 gives for a 12-byte
// file, and weft's where Twisted fails with 500 (docs/differences.md).
func TestRangeResponses(t *testing.T) {
	f := NewFile(makeTree(t))
	tests := []struct {
		rng, contentRange, body string
		code                    int
	}{
		{"bytes=0-4", "bytes 0-4/12", "hello", 206},
		{"bytes=-5", "bytes 7-11/12", "orld\n", 206},
		{"bytes=3-", "bytes 3-11/12", "lo world\n", 206},
		{"bytes=0-100", "bytes 0-11/12", "hello world\n", 206},
		{"bytes=0-0", "bytes 0-0/12", "h", 206},
		{"bytes=20-", "bytes */12", "", 416},
		{"bytes=-0", "bytes */12", "", 416},
		{"bytes=5-2", "", "hello world\n", 200},
		{"junk", "", "hello world\n", 200},
		{"items=0-1", "", "hello world\n", 200},
		// Twisted: 500 for these four.
		{"bytes=-100", "bytes 0-11/12", "hello world\n", 206},
		{"bytes=20-30,40-", "bytes */12", "", 416},
		{"bytes=,", "", "hello world\n", 200},
		{"bytes=", "", "hello world\n", 200},
	}
	for _, tt := range tests {
		w := get(t, f, "GET", "/a.txt", "Range", tt.rng)
		if w.Code != tt.code || w.Header().Get("Content-Range") != tt.contentRange || w.Body.String() != tt.body ||
			w.Header().Get("Content-Length") != fmt.Sprint(len(tt.body)) {
			t.Errorf("Range %q: got %d %q %q (Content-Length %s); want %d %q %q", tt.rng, w.Code,
				w.Header().Get("Content-Range"), w.Body.String(), w.Header().Get("Content-Length"),
				tt.code, tt.contentRange, tt.body)
		}
	}
}

// TestMultipleRanges pins Twisted's multipart/byteranges layout.
func TestMultipleRanges(t *testing.T) {
	f := NewFile(makeTree(t))
	w := get(t, f, "GET", "/a.txt", "Range", "bytes=0-1,4-5,30-40")
	m := regexp.MustCompile(`^multipart/byteranges; boundary="([0-9a-f]+)"$`).FindStringSubmatch(w.Header().Get("Content-Type"))
	if w.Code != 206 || m == nil {
		t.Fatalf("got %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	b := m[1]
	want := "\r\n--" + b + "\r\nContent-type: text/plain\r\nContent-range: bytes 0-1/12\r\n\r\nhe" +
		"\r\n--" + b + "\r\nContent-type: text/plain\r\nContent-range: bytes 4-5/12\r\n\r\no " +
		"\r\n--" + b + "--\r\n"
	if w.Body.String() != want || w.Header().Get("Content-Length") != fmt.Sprint(len(want)) {
		t.Errorf("got %q (Content-Length %s); want %q", w.Body.String(), w.Header().Get("Content-Length"), want)
	}
}

func TestOffsetAndSize(t *testing.T) {
	tests := []struct {
		r         byteRange
		off, size int64
	}{
		{byteRange{0, 4}, 0, 5},
		{byteRange{noValue, 5}, 7, 5},
		{byteRange{noValue, 100}, 0, 12},
		{byteRange{noValue, -5}, 0, 0},
		{byteRange{12, noValue}, 0, 0},
		{byteRange{11, 12}, 11, 1},
		{byteRange{noValue, 1 << 62}, 0, 12},
	}
	for _, tt := range tests {
		if off, size := tt.r.offsetAndSize(12); off != tt.off || size != tt.size {
			t.Errorf("%v: got %d, %d; want %d, %d", tt.r, off, size, tt.off, tt.size)
		}
	}
}
