package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/weftgo/weft/internal/syncbuf"
)

// combined matches one line of the combined log format, as the page shows:
//
//	"127.0.0.1" - - [30/Jan/2014:00:13:35 +0000] "GET / HTTP/1.1" 200 2753 "-" "Mozilla/5.0 ..."
var combined = regexp.MustCompile(`^"[^"]*" - - \[\d\d/[A-Z][a-z][a-z]/\d{4}:\d\d:\d\d:\d\d \+0000\] "[^"]*" \d{3} (\d+|-) "[^"]*" "[^"]*"$`)

// The server "will produce a log file containing lines like" the page's:
// one line per request, in the combined log format, with the client
// address from X-Forwarded-For when the proxy is trusted.
func TestAccessLog(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	trusted, err := parsePrefixes("127.0.0.1/32, ::1/128")
	if err != nil {
		t.Fatal(err)
	}
	var log syncbuf.Buffer
	site := newSite(dir, &log, trusted)
	defer site.Close()
	mock := clock.NewMock()
	mock.Set(time.Date(2014, 1, 30, 0, 13, 35, 0, time.UTC)) // the page's time
	site.Clock = mock

	tests := []struct {
		path, remote, forwardedFor, referer, agent string
		want                                       string // the line, with LEN for the body's length
	}{
		{"/hello.txt", "127.0.0.1:50000", "", "", "Mozilla/5.0 ...",
			`"127.0.0.1" - - [30/Jan/2014:00:13:35 +0000] "GET /hello.txt HTTP/1.1" 200 LEN "-" "Mozilla/5.0 ..."`},
		{"/", "127.0.0.1:50001", "", "http://example.com/", "curl/8.5.0",
			`"127.0.0.1" - - [30/Jan/2014:00:13:35 +0000] "GET / HTTP/1.1" 200 LEN "http://example.com/" "curl/8.5.0"`},
		{"/missing", "127.0.0.1:50002", "", "", "",
			`"127.0.0.1" - - [30/Jan/2014:00:13:35 +0000] "GET /missing HTTP/1.1" 404 LEN "-" "-"`},
		// proxiedLogFormatter: the proxy on 127.0.0.1 says who the client is.
		{"/hello.txt", "127.0.0.1:50003", "203.0.113.7", "", "",
			`"203.0.113.7" - - [30/Jan/2014:00:13:35 +0000] "GET /hello.txt HTTP/1.1" 200 LEN "-" "-"`},
		// ... but a client that is not a trusted proxy cannot.
		{"/hello.txt", "192.0.2.1:50004", "203.0.113.7", "", "",
			`"192.0.2.1" - - [30/Jan/2014:00:13:35 +0000] "GET /hello.txt HTTP/1.1" 200 LEN "-" "-"`},
	}
	var want []string
	for _, tt := range tests {
		r := httptest.NewRequest("GET", tt.path, nil)
		r.RemoteAddr = tt.remote
		for k, v := range map[string]string{"X-Forwarded-For": tt.forwardedFor, "Referer": tt.referer, "User-Agent": tt.agent} {
			if v != "" {
				r.Header.Set(k, v)
			}
		}
		w := httptest.NewRecorder()
		site.ServeHTTP(w, r)
		want = append(want, strings.Replace(tt.want, "LEN", strconv.Itoa(w.Body.Len()), 1))
	}

	got := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d lines for %d requests:\n%s", len(got), len(want), log.String())
	}
	for i := range want {
		if !combined.MatchString(got[i]) {
			t.Errorf("line %d is not in the combined log format: %s", i+1, got[i])
		}
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
}

func TestParsePrefixesRefusesGarbage(t *testing.T) {
	if _, err := parsePrefixes("127.0.0.1/32,not-a-network"); err == nil {
		t.Error("no error for a bad network")
	}
}
