package guard_test

import (
	"bufio"
	"io"
	"net"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/weftgo/weft/guard"
	"github.com/weftgo/weft/server"
)

// rawGet sends a GET for target with extra header lines to srv and returns
// the response's bytes.
func rawGet(t *testing.T, srv *httptest.Server, target string, headers ...string) string {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := "GET " + target + " HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n"
	for _, h := range headers {
		req += h + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(bufio.NewReader(conn))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The 401 response carries the lines Twisted 22.4 sends for the same tree
// (captured from a Twisted server on loopback), in the order net/http
// writes headers: status, Content-Length, Content-Type, one
// WWW-Authenticate line per factory with Twisted's spelling of the name,
// and the body. Only Server and Date, which differ anyway, are left out.
func TestUnauthorizedBytesMatchTwisted(t *testing.T) {
	root := newFixture(guard.NewBasicCredentialFactory("example.com"), guard.NewDigestCredentialFactory("md5", "example.com")).root
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	got := rawGet(t, srv, "/w")
	head, body, _ := strings.Cut(got, "\r\n\r\n")
	lines := strings.Split(head, "\r\n")
	if lines[0] != "HTTP/1.1 401 Unauthorized" {
		t.Errorf("status line %q", lines[0])
	}
	want := []*regexp.Regexp{
		regexp.MustCompile(`^Content-Length: 12$`),
		regexp.MustCompile(`^Content-Type: text/html$`),
		regexp.MustCompile(`^WWW-Authenticate: basic realm="example\.com"$`),
		regexp.MustCompile(`^WWW-Authenticate: digest nonce="[0-9a-f]{24}", opaque="[0-9a-f]{32}-[A-Za-z0-9+/]+=*", qop="auth", algorithm="md5", realm="example\.com"$`),
	}
	found := 0
	for _, line := range lines[1:] {
		if strings.HasPrefix(line, "Date: ") || line == "Connection: close" {
			continue
		}
		if found < len(want) && want[found].MatchString(line) {
			found++
			continue
		}
		t.Errorf("unexpected header line %q", line)
	}
	if found != len(want) {
		t.Errorf("matched %d of %d header lines in:\n%s", found, len(want), head)
	}
	if body != "Unauthorized" {
		t.Errorf("body %q, want Unauthorized", body)
	}
}
