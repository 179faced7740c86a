package resource_test

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// siteDo serves one request through h, with header given as name, value
// pairs, and returns the recorded response.
func siteDo(t *testing.T, h http.Handler, method, target string, body io.Reader, header ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pathEcho reports what a wrapped handler sees of its path.
var pathEcho = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	mount := "/" + strings.Join(resource.RequestFromContext(r.Context()).Prepath, "/")
	fmt.Fprintf(w, "mount=%s path=%s raw=%s query=%s uri=%s", mount, r.URL.Path, r.URL.RawPath, r.URL.RawQuery, r.RequestURI)
})

// Twisted's test_wsgi (test_scriptNameAndPathInfo, test_queryString): the
// mount point is the prepath, the handler's path the postpath, "" when
// there is none and "/" for a trailing slash; the query is kept.
func TestWrapHandlerPaths(t *testing.T) {
	root := resource.New()
	root.PutChild("wsgi", resource.WrapHandler(pathEcho))
	deep := resource.New()
	root.PutChild("a", deep)
	deep.PutChild("b", resource.WrapHandler(pathEcho))
	site := server.NewSite(root)
	for _, tc := range []struct{ target, want string }{
		{"/wsgi", "mount=/wsgi path= raw= query= uri=/wsgi"},
		{"/wsgi/", "mount=/wsgi path=/ raw= query= uri=/wsgi/"},
		{"/wsgi/a/b?q=1", "mount=/wsgi path=/a/b raw= query=q=1 uri=/wsgi/a/b?q=1"},
		{"/wsgi//x", "mount=/wsgi path=//x raw= query= uri=/wsgi//x"},
		// A %2F stays inside its segment; RawPath keeps it apart from "/".
		{"/wsgi/a%2fb/c%20d/?q=%20", "mount=/wsgi path=/a/b/c d/ raw=/a%2Fb/c%20d/ query=q=%20 uri=/wsgi/a%2fb/c%20d/?q=%20"},
		{"/a/b/c", "mount=/a/b path=/c raw= query= uri=/a/b/c"},
	} {
		if got := readBody(t, siteDo(t, site, "GET", tc.target, nil)); got != tc.want {
			t.Errorf("GET %s:\n got %s\nwant %s", tc.target, got, tc.want)
		}
	}
}

// The handler gets the client's method, headers, body, RemoteAddr and
// context; a POST form read into Args is readable again.
func TestWrapHandlerRequestIntact(t *testing.T) {
	var seen *http.Request
	var body string
	root := resource.New()
	root.PutChild("h", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		req := resource.RequestFromContext(r.Context())
		fmt.Fprintf(w, "args=%v", req.Args["a"])
	})))
	r := httptest.NewRequest("POST", "/h/x?q=1", strings.NewReader("a=1&b=2"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Thing", "yes")
	r.RemoteAddr = "192.0.2.7:1234"
	r = r.WithContext(t.Context())
	w := httptest.NewRecorder()
	server.NewSite(root).ServeHTTP(w, r)
	if got := w.Body.String(); got != "args=[1]" {
		t.Errorf("body = %q", got)
	}
	if seen.Method != "POST" || seen.Header.Get("X-Thing") != "yes" || seen.RemoteAddr != "192.0.2.7:1234" {
		t.Errorf("request changed: %s %v %s", seen.Method, seen.Header, seen.RemoteAddr)
	}
	if body != "a=1&b=2" {
		t.Errorf("handler read body %q, want the form again", body)
	}
	if seen.Context().Done() != t.Context().Done() {
		t.Error("handler's context does not derive from the client's")
	}
}

// Session cookies made through the Request reach the client; after
// ServeHTTP the Request is finished.
func TestWrapHandlerSessionAndFinish(t *testing.T) {
	var req *resource.Request
	root := resource.New()
	root.PutChild("h", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req = resource.RequestFromContext(r.Context())
		io.WriteString(w, req.GetSession().UID())
	})))
	resp := siteDo(t, server.NewSite(root), "GET", "/h", nil)
	uid := readBody(t, resp)
	if c := resp.Header.Get("Set-Cookie"); !strings.HasPrefix(c, "TWISTED_SESSION="+uid) {
		t.Errorf("Set-Cookie = %q, want the session %s", c, uid)
	}
	if !req.Finished() {
		t.Error("request not finished after the handler returned")
	}
}

// Content-Type as net/http gives it: sniffed from the first write, none
// for an empty body; status and headers kept; HEAD drops the body.
func TestWrapHandlerResponses(t *testing.T) {
	root := resource.New()
	root.PutChild("text", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "plain words")
	})))
	root.PutChild("empty", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	root.PutChild("created", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/new")
		w.WriteHeader(http.StatusCreated)
		w.Header().Set("X-Late", "1") // before the first write, still sent
		io.WriteString(w, "<p>made</p>")
	})))
	site := server.NewSite(root)
	for _, tc := range []struct {
		method, target string
		code           int
		ctype, body    string
		header         string // name=value that must be present
	}{
		{"GET", "/text", 200, "text/plain; charset=utf-8", "plain words", ""},
		{"HEAD", "/text", 200, "text/plain; charset=utf-8", "", ""},
		{"GET", "/empty", 200, "", "", ""},
		{"GET", "/created", 201, "text/html; charset=utf-8", "<p>made</p>", "Location=/new"},
	} {
		resp := siteDo(t, site, tc.method, tc.target, nil)
		body := readBody(t, resp)
		if resp.StatusCode != tc.code || resp.Header.Get("Content-Type") != tc.ctype || body != tc.body {
			t.Errorf("%s %s = %d %q %q, want %d %q %q", tc.method, tc.target,
				resp.StatusCode, resp.Header.Get("Content-Type"), body, tc.code, tc.ctype, tc.body)
		}
		if name, value, ok := strings.Cut(tc.header, "="); ok && resp.Header.Get(name) != value {
			t.Errorf("%s %s: %s = %q, want %q", tc.method, tc.target, name, resp.Header.Get(name), value)
		}
	}
}

// A panic in the handler is answered as Twisted's WSGIResource answers an
// exception in the application: an empty 500 before the response has
// started, and a dropped connection after.
func TestWrapHandlerPanic(t *testing.T) {
	root := resource.New()
	root.PutChild("boom", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		panic("boom")
	})))
	root.PutChild("late", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial ")
		w.(http.Flusher).Flush()
		panic("late")
	})))
	var log strings.Builder
	site := server.NewSite(root)
	site.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: &log}, nil))
	srv := httptest.NewServer(site)
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != 500 || body != "" || resp.Header.Get("Content-Type") != "" {
		t.Errorf("GET /boom = %d %q %q, want an empty 500", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, err = http.Get(srv.URL + "/late")
	if err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(rest) != "partial " || err == nil {
		t.Errorf("GET /late = %d %q, %v; want the partial body, then a cut connection", resp.StatusCode, rest, err)
	}
	srv.Close() // the handlers have returned; the log is complete
	if got := log.String(); !strings.Contains(got, "boom") || !strings.Contains(got, "late") {
		t.Errorf("log does not name both panics:\n%s", got)
	}
}

// syncWriter serialises writes to w.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// Flush through http.ResponseController reaches the client while the
// handler still runs; Hijack hands over the connection.
func TestWrapHandlerFlushAndHijack(t *testing.T) {
	release := make(chan struct{})
	root := resource.New()
	root.PutChild("stream", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
		<-release
		io.WriteString(w, "second\n")
	})))
	root.PutChild("hijack", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		buf.Flush()
	})))
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(resp.Body)
	if line, err := br.ReadString('\n'); line != "first\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	close(release)
	if rest, _ := io.ReadAll(br); string(rest) != "second\n" {
		t.Errorf("rest %q", rest)
	}
	resp.Body.Close()

	resp, err = http.Get(srv.URL + "/hijack")
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); body != "hijacked" {
		t.Errorf("hijacked body %q", body)
	}
	resp.Body.Close()
}

// A Site served under http.StripPrefix, as under a ServeMux or chi prefix,
// shows the mount point in Prepath and names its session cookie for it.
func TestSiteUnderStripPrefix(t *testing.T) {
	root := resource.New()
	root.PutChild("", resource.WrapHandler(pathEcho))
	root.PutChild("h", resource.WrapHandler(pathEcho))
	sess := resource.New()
	root.PutChild("session", sess)
	sess.PutChild("", resource.WrapHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resource.RequestFromContext(r.Context()).GetSession()
	})))
	root.PutChild("url", &prePathURL{})
	site := server.NewSite(root)
	mux := http.NewServeMux()
	mux.Handle("/app/", http.StripPrefix("/app", site))
	mux.Handle("/slash/", http.StripPrefix("/slash/", site))
	for _, tc := range []struct{ target, want string }{
		{"/app/h/x?y=1", "mount=/app/h path=/x raw= query=y=1 uri=/app/h/x?y=1"},
		{"/app/", "mount=/app/ path= raw= query= uri=/app/"},
		{"/slash/h/x", "mount=/slash/h path=/x raw= query= uri=/slash/h/x"},
	} {
		got := readBody(t, siteDo(t, mux, "GET", tc.target, nil))
		if got != tc.want {
			t.Errorf("GET %s:\n got %s\nwant %s", tc.target, got, tc.want)
		}
	}
	if got := readBody(t, siteDo(t, mux, "GET", "/app/url", nil)); got != "http://example.com/app/url" {
		t.Errorf("PrePathURL under the mount = %s", got)
	}
	resp := siteDo(t, mux, "GET", "/app/session/", nil)
	if c := resp.Header.Get("Set-Cookie"); !strings.HasPrefix(c, "TWISTED_SESSION_app=") {
		t.Errorf("Set-Cookie = %q, want the cookie named for the mount point", c)
	}
}

// prePathURL answers with the request's PrePathURL.
type prePathURL struct{ resource.Base }

func (*prePathURL) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte(req.PrePathURL()), nil
}

// A Site inside a HandlerResource of another site is mounted where the
// outer tree put it.
func TestSiteInsideHandlerResource(t *testing.T) {
	inner := resource.New()
	inner.PutChild("page", resource.WrapHandler(pathEcho))
	outer := resource.New()
	outer.PutChild("inner", resource.WrapHandler(server.NewSite(inner)))
	got := readBody(t, siteDo(t, server.NewSite(outer), "GET", "/inner/page/x", nil))
	if want := "mount=/inner/page path=/x raw= query= uri=/inner/page/x"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// Twisted's WSGIResource.putChild raises: nothing below a handler can be
// reached through the tree.
func TestWrapHandlerPutChildPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("PutChild on a HandlerResource did not panic")
		}
	}()
	resource.WrapHandler(http.NotFoundHandler()).PutChild("x", resource.New())
}
