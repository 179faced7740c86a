package server_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// rawExchange sends request, as bytes, to a real server of h on a free
// loopback port and returns everything it answers until it closes the
// connection. It shows what net/http puts on the wire, which a recorder
// cannot.
func rawExchange(t *testing.T, h http.Handler, request string) string {
	t.Helper()
	ts := httptest.NewServer(h)
	defer ts.Close()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// codeSite serves /code, whose GET sets the status code and then either
// returns its body or streams it (NotDoneYet).
func codeSite(code int, stream bool) (*funcPage, *server.Site, fmt.Stringer) {
	page := &funcPage{fn: func(req *resource.Request) ([]byte, error) {
		req.SetResponseCode(code)
		if !stream {
			return []byte("body"), nil
		}
		req.Write([]byte("streamed"))
		req.Finish()
		return nil, resource.NotDoneYet
	}}
	root := resource.New()
	root.PutChild("code", page)
	site, log := quietSite(root)
	return page, site, log
}

// TestSetResponseCodeOutsideFinalRange (issue 14, item 5): a code net/http
// cannot send as a final status (under 200, over 999) makes the response a
// 500, and the log says why. A returned body becomes the "Processing
// Failed" page; a streamed one goes out with status 500. Before, the
// client got "200 OK" with the 500 page, because net/http's WriteHeader
// panicked after the status was committed. Twisted sends the code as it
// is ("99 Unknown Status", "103 Unknown Status" as a final status).
func TestSetResponseCodeOutsideFinalRange(t *testing.T) {
	for _, code := range []int{-1, 0, 99, 100, 101, 103, 199, 1000} {
		_, site, log := codeSite(code, false)
		resp := serveSite(t, site, "GET", "/code", nil)
		if got := siteBody(t, resp); resp.StatusCode != 500 || got != processingFailed {
			t.Errorf("SetResponseCode(%d), body returned = %d %q, want 500 and the Processing Failed page", code, resp.StatusCode, got)
		}
		if want := fmt.Sprintf("SetResponseCode(%d): a final status is 200 to 999", code); !strings.Contains(log.String(), want) {
			t.Errorf("SetResponseCode(%d): log %q lacks %q", code, log, want)
		}

		_, site, log = codeSite(code, true)
		resp = serveSite(t, site, "GET", "/code", nil)
		if got := siteBody(t, resp); resp.StatusCode != 500 || got != "streamed" {
			t.Errorf("SetResponseCode(%d), streamed = %d %q, want 500 %q", code, resp.StatusCode, got, "streamed")
		}
		if n := strings.Count(log.String(), "a final status is 200 to 999"); n != 1 {
			t.Errorf("SetResponseCode(%d), streamed: logged %d times, want once:\n%s", code, n, log)
		}
	}
	// A later valid code replaces a refused one, as any later call does.
	page, site, _ := codeSite(99, false)
	get := page.fn
	page.fn = func(req *resource.Request) ([]byte, error) {
		get(req)
		req.SetResponseCode(http.StatusAccepted)
		return []byte("fine"), nil
	}
	if resp := serveSite(t, site, "GET", "/code", nil); resp.StatusCode != http.StatusAccepted || siteBody(t, resp) != "fine" {
		t.Errorf("SetResponseCode(99) then 202 = %d, want 202", resp.StatusCode)
	}
}

// On the wire, a 1xx set with SetResponseCode is no interim response: the
// client gets one final 500, not "103 Early Hints" followed by "200 OK"
// (where the 103 would carry the response's headers, session cookies
// included).
func TestSetResponseCode1xxOnTheWire(t *testing.T) {
	_, site, _ := codeSite(103, false)
	got := rawExchange(t, site, "GET /code HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if !strings.HasPrefix(got, "HTTP/1.1 500 Internal Server Error\r\n") || strings.Count(got, "HTTP/1.1 ") != 1 {
		t.Errorf("SetResponseCode(103) on the wire:\n%s\nwant a single 500 response", got)
	}
}

// Twisted's 500 page, tracebacks off.
const processingFailed = "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>"

// Differences that come from net/http (docs/differences.md, "Differences
// that come from Go's net/http"), pinned on the wire.

// (f) A status code net/http has no text for goes out as "299 status code
// 299", where Twisted writes "299 Unknown Status": net/http writes the
// status line, and a Handler cannot choose its reason phrase.
func TestUnknownStatusReasonPhrase(t *testing.T) {
	_, site, _ := codeSite(299, false)
	got := rawExchange(t, site, "GET /code HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if !strings.HasPrefix(got, "HTTP/1.1 299 status code 299\r\n") || !strings.HasSuffix(got, "\r\n\r\nbody") {
		t.Errorf("status 299 on the wire:\n%s\nwant %q", got, "HTTP/1.1 299 status code 299")
	}
	_, site, _ = codeSite(http.StatusTeapot, false)
	got = rawExchange(t, site, "GET /code HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if !strings.HasPrefix(got, "HTTP/1.1 418 I'm a teapot\r\n") {
		t.Errorf("status 418 on the wire:\n%s\nwant net/http's phrase", got)
	}
}

// (g) A request whose method is not a token ("<style>bad") is answered by
// net/http with its own plain 400 before any Handler runs, where Twisted
// answers its escaped 501 "Huh?" page (or a 404 for a path it lacks).
func TestInvalidMethodTokenIsNetHTTP400(t *testing.T) {
	page, site, _ := codeSite(200, false)
	called := false
	page.fn = func(*resource.Request) ([]byte, error) { called = true; return nil, nil }
	got := rawExchange(t, site, "<style>bad /code HTTP/1.1\r\nHost: x\r\n\r\n")
	want := "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request"
	if got != want {
		t.Errorf("an invalid method token:\n got %q\nwant %q", got, want)
	}
	if called {
		t.Error("the site saw a request net/http refused")
	}
}
