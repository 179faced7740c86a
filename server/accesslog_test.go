package server_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// logTime is the mock clock's time in these tests; Twisted shows it as
// [27/Nov/2026:13:59:28 +0000].
var logTime = time.Date(2026, 11, 27, 13, 59, 28, 0, time.UTC)

// loggedSite serves "hello" at /a, an empty body at /empty and a streamed
// "abcde" at /stream, logging requests into the returned buffer.
func loggedSite() (*server.Site, *syncbuf.Buffer) {
	root := resource.New()
	root.PutChild("a", &funcPage{fn: func(*resource.Request) ([]byte, error) { return []byte("hello"), nil }})
	root.PutChild("empty", &funcPage{fn: func(*resource.Request) ([]byte, error) { return nil, nil }})
	root.PutChild("stream", &funcPage{fn: func(req *resource.Request) ([]byte, error) {
		req.Write([]byte("abc"))
		go func() {
			req.Write([]byte("de"))
			req.Finish()
		}()
		return nil, resource.NotDoneYet
	}})
	site := server.NewSite(root)
	mock := clock.NewMock()
	mock.Set(logTime)
	site.Clock = mock
	var log syncbuf.Buffer
	site.AccessLog = &log
	return site, &log
}

// TestAccessLogCombinedFormat checks lines against what Twisted 22.4's
// Site(logPath=...) wrote for the same requests (its escaping is Python's
// repr of the bytes, as if in double quotes).
func TestAccessLogCombinedFormat(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method string
		target string   // sent as is, as the request's RequestURI
		hdr    []string // "Name: value"
		want   string
	}{
		{"query", "GET", "/a?x=1", []string{"User-Agent: curl/7.88.1"},
			`"192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "GET /a?x=1 HTTP/1.1" 200 5 "-" "curl/7.88.1"`},
		{"HEAD has no length", "HEAD", "/a", []string{"User-Agent: curl/7.88.1"},
			`"192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "HEAD /a HTTP/1.1" 200 - "-" "curl/7.88.1"`},
		{"stream, escaped referrer and agent", "GET", "/stream",
			[]string{`Referer: http://x/"q"`, "User-Agent: ag\\ent\t\"1\"\x01é"},
			`"192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "GET /stream HTTP/1.1" 200 5 "http://x/\"q\"" "ag\\ent\t\"1\"\x01\xc3\xa9"`},
		{"empty body", "GET", "/empty", nil,
			`"192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "GET /empty HTTP/1.1" 200 - "-" "-"`},
		{"escaped request line", "GET", "/p%22\"\\x\xff\x7f'q", []string{`User-Agent: "`},
			`"192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "GET /p%22\"\\x\xff\x7f'q HTTP/1.1" 404 167 "-" "\""`},
		{"the last of repeated headers, as getHeader", "GET", "/a", []string{"User-Agent: one", "User-Agent: two"},
			`"192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "GET /a HTTP/1.1" 200 5 "-" "two"`},
		{"a line break cannot forge a line", "GET", "/a", []string{"User-Agent: x\r\n\"1.2.3.4\" - - forged"},
			`"192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "GET /a HTTP/1.1" 200 5 "-" "x\r\n\"1.2.3.4\" - - forged"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, log := loggedSite()
			r := httptest.NewRequest("GET", "/", nil)
			r.Method = tc.method
			r.RequestURI = tc.target
			for _, h := range tc.hdr {
				k, v, _ := strings.Cut(h, ":")
				r.Header[k] = append(r.Header[k], strings.TrimPrefix(v, " "))
			}
			site.ServeHTTP(httptest.NewRecorder(), r)
			if got := log.String(); got != tc.want+"\n" {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// The length is the body as sent, e.g. the 405 page.
func TestAccessLogErrorPageLength(t *testing.T) {
	site, log := loggedSite()
	resp := serveSite(t, site, "POST", "/a", nil)
	body := siteBody(t, resp)
	want := fmt.Sprintf(`"POST /a HTTP/1.1" 405 %d "-" "-"`, len(body))
	if !strings.Contains(log.String(), want) {
		t.Errorf("got %s, want %s", log, want)
	}
}

// The client address honours TrustedProxies, as Request.ClientAddress
// does: Twisted's proxiedLogFormatter, without trusting any client.
func TestAccessLogClientAddressHonoursTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		trusted []netip.Prefix
		want    string
	}{
		{nil, `"192.0.2.1" - - `},
		{[]netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}, `"203.0.113.9" - - `},
	} {
		site, log := loggedSite()
		site.TrustedProxies = tc.trusted
		serveSite(t, site, "GET", "/a", nil, "X-Forwarded-For: 203.0.113.9")
		if !strings.HasPrefix(log.String(), tc.want) {
			t.Errorf("trusted %v: got %s, want prefix %s", tc.trusted, log, tc.want)
		}
	}
}

// A response the client left before it finished gets no line, as in
// Twisted (whose Request.finish writes the line).
func TestAccessLogClientGoneNoLine(t *testing.T) {
	site, log := loggedSite()
	started := make(chan struct{})
	site.Resource.PutChild("hang", &funcPage{fn: func(req *resource.Request) ([]byte, error) {
		req.Write([]byte("abc"))
		close(started)
		return nil, resource.NotDoneYet
	}})
	ctx, leave := context.WithCancel(context.Background())
	go func() { <-started; leave() }()
	site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/hang", nil).WithContext(ctx))
	serveSite(t, site, "GET", "/a", nil)
	if got := log.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "GET /a ") {
		t.Errorf("got %q, want only the /a line", got)
	}
}

// The time comes from the site's clock and follows it.
func TestAccessLogTimeFollowsClock(t *testing.T) {
	site, log := loggedSite()
	serveSite(t, site, "GET", "/a", nil)
	site.Clock.(*clock.Mock).Add(time.Hour + 2*time.Second)
	serveSite(t, site, "GET", "/a", nil)
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "[27/Nov/2026:13:59:28 +0000]") ||
		!strings.Contains(lines[1], "[27/Nov/2026:14:59:30 +0000]") {
		t.Errorf("got %q", lines)
	}
}

// exclusiveWriter fails the test if Write is called concurrently.
type exclusiveWriter struct {
	t       *testing.T
	w       io.Writer
	writing atomic.Bool
	writes  atomic.Int64
}

func (e *exclusiveWriter) Write(p []byte) (int, error) {
	if !e.writing.CompareAndSwap(false, true) {
		e.t.Error("concurrent Write")
	}
	defer e.writing.Store(false)
	e.writes.Add(1)
	return e.w.Write(p)
}

// Concurrent requests each get one whole line, and the Site never calls
// Write concurrently.
func TestAccessLogConcurrent(t *testing.T) {
	site, log := loggedSite()
	ew := &exclusiveWriter{t: t, w: log}
	site.AccessLog = ew
	srv := httptest.NewServer(site)
	defer srv.Close()
	const n = 64
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range []string{"/a", "/stream"} {
				resp, err := http.Get(srv.URL + p)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	srv.Close() // every handler has returned, and so every line is written
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	if len(lines) != 2*n {
		t.Fatalf("%d lines, want %d", len(lines), 2*n)
	}
	t.Logf("%d lines in %d writes", len(lines), ew.writes.Load())
	for _, l := range lines {
		if !strings.HasPrefix(l, `"127.0.0.1" - - [27/Nov/2026:13:59:28 +0000] "GET /`) ||
			!strings.HasSuffix(l, ` 200 5 "-" "Go-http-client/1.1"`) {
			t.Errorf("bad line %q", l)
		}
	}
}

// Without AccessLog nothing is written and nothing breaks.
func TestAccessLogOffByDefault(t *testing.T) {
	site := server.NewSite(resource.New())
	if site.AccessLog != nil {
		t.Fatal("AccessLog is set by default")
	}
	serveSite(t, site, "GET", "/", nil)
}

// A writer with a Flush method (a bufio.Writer) gathers many lines per
// write(2); the Site flushes it a second after a line went in, never while
// it writes to it, and FlushAccessLog flushes it at once.
func TestAccessLogBufferedWriter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site, log := loggedSite()
		site.Clock = clock.New() // time inside the bubble is fake
		bw := bufio.NewWriter(log)
		site.AccessLog = bw
		for range 3 {
			serveSite(t, site, "GET", "/a", nil)
		}
		synctest.Wait()
		if got := log.String(); got != "" {
			t.Fatalf("written before the flush: %q", got)
		}
		time.Sleep(time.Second - time.Nanosecond)
		synctest.Wait()
		if got := log.String(); got != "" {
			t.Fatalf("flushed before a second: %q", got)
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if n := strings.Count(log.String(), "GET /a "); n != 3 {
			t.Fatalf("%d lines after a second: %q", n, log)
		}
		serveSite(t, site, "GET", "/a", nil)
		if err := site.FlushAccessLog(); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(log.String(), "GET /a "); n != 4 {
			t.Fatalf("%d lines after FlushAccessLog: %q", n, log)
		}
		time.Sleep(time.Minute) // let the armed timer run and find nothing
	})
}
