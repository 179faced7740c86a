package resource_test

import (
	"bufio"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// someData is Twisted's test fixture, Data(b"Some data", "text/plain").
type someData struct{ resource.Base }

func (*someData) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetHeader("Content-Type", "text/plain")
	return []byte("Some data"), nil
}

// coded answers GET with a status and no body.
type coded struct {
	resource.Base
	code int
}

func (c *coded) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetResponseCode(c.code)
	return nil, nil
}

func gunzip(t *testing.T, s string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(s))
	if err != nil {
		t.Fatalf("not gzip: %v (%q)", err, s)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("bad gzip: %v", err)
	}
	return string(b)
}

func gzipSite() http.Handler {
	root := resource.New()
	root.PutChild("foo", resource.NewEncodingResourceWrapper(&someData{}, &resource.GzipEncoderFactory{}))
	return server.NewSite(root)
}

// Twisted's GzipEncoderTests, through a Site: each Accept-Encoding form
// that mentions gzip gets the body compressed, without Content-Length,
// with gzip appended to any Content-Encoding already set.
func TestGzipEncoderTwistedTests(t *testing.T) {
	for _, tc := range []struct {
		name     string
		accept   []string
		prior    []string // Content-Encoding set before the render
		encoding string   // want; "" for an identity response
	}{
		{"test_encoding", []string{"gzip,deflate"}, nil, "gzip"},
		{"test_whitespaceInAcceptEncoding", []string{"deflate, gzip"}, nil, "gzip"},
		{"test_nonEncoding", []string{"foo,bar"}, nil, ""},
		{"test_multipleAccept", []string{"deflate", "gzip"}, nil, "gzip"},
		{"test_alreadyEncoded", []string{"deflate", "gzip"}, []string{"deflate"}, "deflate,gzip"},
		{"test_multipleEncodingLines", []string{"deflate", "gzip"}, []string{"foo", "bar"}, "foo,bar,gzip"},
	} {
		site := gzipSite()
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Encoding"] = tc.prior
			site.ServeHTTP(w, r)
		})
		var header []string
		for _, a := range tc.accept {
			header = append(header, "Accept-Encoding", a)
		}
		resp := siteDo(t, h, "GET", "/foo", nil, header...)
		body := readBody(t, resp)
		if got := strings.Join(resp.Header.Values("Content-Encoding"), ","); got != tc.encoding {
			t.Errorf("%s: Content-Encoding %q, want %q", tc.name, got, tc.encoding)
		}
		if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%s: Vary %q, want Accept-Encoding", tc.name, got)
		}
		if tc.encoding == "" {
			if body != "Some data" || resp.Header.Get("Content-Length") != "9" {
				t.Errorf("%s: %q, Content-Length %q", tc.name, body, resp.Header.Get("Content-Length"))
			}
			continue
		}
		if _, ok := resp.Header["Content-Length"]; ok {
			t.Errorf("%s: Content-Length kept on a compressed body", tc.name)
		}
		if got := gunzip(t, body); got != "Some data" {
			t.Errorf("%s: body %q", tc.name, got)
		}
	}
}

// Accept-Encoding forms beyond Twisted's tests, read by RFC 9110 (see
// docs/differences.md for where Twisted decides otherwise).
func TestGzipAcceptEncodingForms(t *testing.T) {
	site := gzipSite()
	for _, tc := range []struct {
		accept string
		gzip   bool
	}{
		{"gzip", true}, {"gzip;q=0", false}, {"gzip ; q=0", false}, {"GZIP", true},
		{"x-gzip", true}, {"identity", false}, {"deflate, gzip", true}, {"*", true}, {"", false},
	} {
		resp := siteDo(t, site, "GET", "/foo", nil, "Accept-Encoding", tc.accept)
		if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tc.gzip {
			t.Errorf("Accept-Encoding %q: gzip = %v, want %v", tc.accept, got, tc.gzip)
		}
	}
}

// HEAD, 204 and 304 get Twisted's headers (Content-Encoding: gzip, no
// Content-Length) but no body: Twisted sends a stray gzip trailer there.
func TestGzipResponsesWithoutBody(t *testing.T) {
	root := resource.New()
	gz := &resource.GzipEncoderFactory{}
	root.PutChild("data", resource.NewEncodingResourceWrapper(&someData{}, gz))
	root.PutChild("204", resource.NewEncodingResourceWrapper(&coded{code: 204}, gz))
	root.PutChild("304", resource.NewEncodingResourceWrapper(&coded{code: 304}, gz))
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	for _, tc := range []struct {
		method, path string
		code         int
	}{{"HEAD", "/data", 200}, {"GET", "/204", 204}, {"GET", "/304", 304}} {
		// A raw exchange, so stray bytes after the head would show.
		conn := dialRaw(t, srv.URL)
		io.WriteString(conn, tc.method+" "+tc.path+" HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
		raw, _ := io.ReadAll(conn)
		conn.Close()
		resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(string(raw))), &http.Request{Method: tc.method})
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tc.code || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s %s = %d, Content-Encoding %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		if _, ok := resp.Header["Content-Length"]; ok && tc.code == 200 {
			t.Errorf("%s %s kept Content-Length", tc.method, tc.path)
		}
		if _, tail, _ := strings.Cut(string(raw), "\r\n\r\n"); tail != "" {
			t.Errorf("%s %s sent bytes after the head: %q", tc.method, tc.path, tail)
		}
	}
}

// gzipStreamer writes a part, returns NotDoneYet, and finishes when told.
type gzipStreamer struct {
	resource.Base
	release chan struct{}
}

func (s *gzipStreamer) RenderGET(req *resource.Request) ([]byte, error) {
	req.Write([]byte("first "))
	go func() {
		<-s.release
		req.Write([]byte("second"))
		req.Finish()
	}()
	return nil, resource.NotDoneYet
}

// A streaming (NotDoneYet) response is compressed and flushed as it is
// written: the client can read the first part before the render finishes.
// Twisted holds it all in zlib's buffer until finish.
func TestGzipStreams(t *testing.T) {
	s := &gzipStreamer{release: make(chan struct{})}
	root := resource.New()
	root.PutChild("s", resource.NewEncodingResourceWrapper(s, &resource.GzipEncoderFactory{}))
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/s", nil)
	req.Header.Set("Accept-Encoding", "gzip") // set by hand: the Transport then leaves the body alone
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := io.ReadFull(zr, buf); err != nil || string(buf) != "first " {
		t.Fatalf("first part %q, %v", buf, err)
	}
	close(s.release)
	if rest, err := io.ReadAll(zr); err != nil || string(rest) != "second" {
		t.Errorf("rest %q, %v", rest, err)
	}
}

// As in Twisted, only the wrapper's own render is encoded: its children
// are not, but its 405 page is. A wrapper inside a wrapper encodes once.
func TestGzipWrapperScope(t *testing.T) {
	gz := &resource.GzipEncoderFactory{}
	container := resource.New()
	container.PutChild("leaf", &someData{})
	root := resource.New()
	root.PutChild("c", resource.NewEncodingResourceWrapper(container, gz))
	root.PutChild("twice", resource.NewEncodingResourceWrapper(resource.NewEncodingResourceWrapper(&someData{}, gz), gz))
	site := server.NewSite(root)

	resp := siteDo(t, site, "GET", "/c/leaf", nil, "Accept-Encoding", "gzip")
	if body := readBody(t, resp); resp.Header.Get("Content-Encoding") != "" || body != "Some data" {
		t.Errorf("child of the wrapper: Content-Encoding %q, body %q", resp.Header.Get("Content-Encoding"), body)
	}
	resp = siteDo(t, site, "GET", "/c", nil, "Accept-Encoding", "gzip")
	if body := gunzip(t, readBody(t, resp)); resp.StatusCode != 405 || !strings.Contains(body, "Method Not Allowed") {
		t.Errorf("wrapped container: %d %q", resp.StatusCode, body)
	}
	resp = siteDo(t, site, "GET", "/twice", nil, "Accept-Encoding", "gzip")
	if body := gunzip(t, readBody(t, resp)); body != "Some data" || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("nested wrappers: %q, Content-Encoding %q", body, resp.Header.Get("Content-Encoding"))
	}
}

// A wrapped http.Handler is compressed too: its Content-Length goes, and
// its Content-Type is sniffed from what it wrote, not from the gzip bytes.
func TestGzipWrapsHandler(t *testing.T) {
	root := resource.New()
	root.PutChild("h", resource.NewEncodingResourceWrapper(resource.WrapHandler(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "11")
			io.WriteString(w, "hello world")
		})), &resource.GzipEncoderFactory{}))
	resp := siteDo(t, server.NewSite(root), "GET", "/h", nil, "Accept-Encoding", "gzip")
	if body := gunzip(t, readBody(t, resp)); body != "hello world" {
		t.Errorf("body %q", body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if _, ok := resp.Header["Content-Length"]; ok {
		t.Error("Content-Length kept")
	}
}

// dialRaw opens a plain TCP connection to the server at url.
func dialRaw(t *testing.T, url string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// A Range request is answered without gzip, so that the 206's
// Content-Range counts the bytes sent (Twisted compresses the part).
func TestGzipLeavesRangesAlone(t *testing.T) {
	root := resource.New()
	root.PutChild("file", resource.NewEncodingResourceWrapper(resource.WrapHandler(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			http.ServeContent(w, r, "f.txt", time.Time{}, strings.NewReader("Some data"))
		})), &resource.GzipEncoderFactory{}))
	resp := siteDo(t, server.NewSite(root), "GET", "/file", nil, "Accept-Encoding", "gzip", "Range", "bytes=0-3")
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusPartialContent || body != "Some" || resp.Header.Get("Content-Encoding") != "" ||
		resp.Header.Get("Content-Range") != "bytes 0-3/9" {
		t.Errorf("ranged GET = %d %q, Content-Encoding %q, Content-Range %q", resp.StatusCode, body,
			resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Range"))
	}
}

// fileSender sends a file with Request.ReadFrom, the sendfile path.
type fileSender struct {
	resource.Base
	path string
}

func (f *fileSender) RenderGET(req *resource.Request) ([]byte, error) {
	file, err := os.Open(f.path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	req.SetHeader("Content-Type", "text/plain")
	if _, err := req.ReadFrom(file); err != nil {
		return nil, err
	}
	req.Finish()
	return nil, resource.NotDoneYet
}

// What Request.ReadFrom sends is compressed too: the encoder wraps the
// writer it copies to.
func TestGzipCoversReadFrom(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.txt")
	want := strings.Repeat("file contents ", 100)
	if err := os.WriteFile(path, []byte(want), 0o600); err != nil {
		t.Fatal(err)
	}
	root := resource.New()
	root.PutChild("f", resource.NewEncodingResourceWrapper(&fileSender{path: path}, &resource.GzipEncoderFactory{}))
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/f", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := gunzip(t, readBody(t, resp)); body != want || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("ReadFrom through gzip: %d bytes, Content-Encoding %q", len(body), resp.Header.Get("Content-Encoding"))
	}
}
