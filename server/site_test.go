package server_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/weftgo/weft/internal/syncbuf"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// serveSite sends one request to site through a recorder and returns the
// response as a client would see it. Each hdr is "Name: value". The method
// is set after parsing, so methods net/http would not parse still reach
// the site.
func serveSite(t testing.TB, site *server.Site, method, target string, body io.Reader, hdr ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, body)
	r.Method = method
	for _, h := range hdr {
		k, v, _ := strings.Cut(h, ":")
		r.Header.Add(k, strings.TrimSpace(v))
	}
	w := httptest.NewRecorder()
	site.ServeHTTP(w, r)
	return w.Result()
}

// siteBody reads and closes resp's body.
func siteBody(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return string(b)
}

// funcPage answers GET with fn.
type funcPage struct {
	resource.Base
	fn func(req *resource.Request) ([]byte, error)
}

func (p *funcPage) RenderGET(req *resource.Request) ([]byte, error) { return p.fn(req) }

// formPage answers POST with what it found in Args and Content.
type formPage struct {
	resource.Base
	calls int
}

func (p *formPage) RenderPOST(req *resource.Request) ([]byte, error) {
	p.calls++
	content, err := io.ReadAll(req.Content)
	if err != nil {
		return nil, err
	}
	return []byte("a=" + strings.Join(req.Args["a"], ",") + " content=" + string(content)), nil
}

// quietSite returns a site for root whose log goes to the returned buffer.
func quietSite(root resource.Resource) (*server.Site, *syncbuf.Buffer) {
	site := server.NewSite(root)
	log := new(syncbuf.Buffer)
	site.Logger = slog.New(slog.NewTextHandler(log, nil))
	return site, log
}

// A POST form within Site.MaxFormBytes reaches the resource, Args parsed
// and Content still readable; one byte more is answered 413 before
// traversal, and the connection is closed.
func TestSiteMaxFormBytes(t *testing.T) {
	page := &formPage{}
	root := resource.New()
	root.PutChild("form", page)
	site, _ := quietSite(root)
	site.MaxFormBytes = 16

	const form = "application/x-www-form-urlencoded"
	ok := strings.Repeat("x", 14)
	resp := serveSite(t, site, "POST", "/form?a=q", strings.NewReader("a="+ok), "Content-Type: "+form)
	if got, want := siteBody(t, resp), "a="+ok+" content=a="+ok; resp.StatusCode != 200 || got != want {
		t.Errorf("a form of exactly MaxFormBytes = %d %q, want 200 %q", resp.StatusCode, got, want)
	}

	resp = serveSite(t, site, "POST", "/form", strings.NewReader("a="+ok+"x"), "Content-Type: "+form)
	want := "\n<html>\n  <head><title>413 - Request Entity Too Large</title></head>\n  <body>\n" +
		"    <h1>Request Entity Too Large</h1>\n    <p>The request body is larger than this site accepts.</p>\n" +
		"  </body>\n</html>\n"
	if got := siteBody(t, resp); resp.StatusCode != http.StatusRequestEntityTooLarge || got != want {
		t.Errorf("a form over MaxFormBytes = %d %q, want 413 %q", resp.StatusCode, got, want)
	}
	if got := resp.Header.Get("Connection"); got != "close" {
		t.Errorf("Connection = %q, want close", got)
	}
	if page.calls != 1 {
		t.Errorf("the resource rendered %d times, want once (not for the 413)", page.calls)
	}

	// A body that is not a form is not bounded by MaxFormBytes.
	big := strings.Repeat("y", 100)
	resp = serveSite(t, site, "POST", "/form", strings.NewReader(big), "Content-Type: text/plain")
	if got := siteBody(t, resp); resp.StatusCode != 200 || got != "a= content="+big {
		t.Errorf("a large non-form body = %d %q", resp.StatusCode, got)
	}
}

// A multipart body with no boundary is a bare 400 with the connection
// closed, as Twisted's _respondToBadRequestAndDisconnect.
func TestSiteBadFormIs400(t *testing.T) {
	page := &formPage{}
	root := resource.New()
	root.PutChild("form", page)
	site, log := quietSite(root)
	resp := serveSite(t, site, "POST", "/form", strings.NewReader("--XX\r\n"), "Content-Type: multipart/form-data")
	if got := siteBody(t, resp); resp.StatusCode != http.StatusBadRequest || got != "" {
		t.Errorf("status %d body %q, want 400 and no body", resp.StatusCode, got)
	}
	if resp.Header.Get("Connection") != "close" || resp.Header.Get("Content-Length") != "0" {
		t.Errorf("headers %v, want Connection: close and Content-Length: 0", resp.Header)
	}
	if page.calls != 0 {
		t.Errorf("the resource rendered %d times, want 0", page.calls)
	}
	if !strings.Contains(log.String(), "bad request body") {
		t.Errorf("the site did not log the bad body:\n%s", log)
	}
}

// A Site made without NewSite still serves its tree with the defaults.
func TestZeroSiteServes(t *testing.T) {
	root := resource.New()
	root.PutChild("hello", &funcPage{fn: func(*resource.Request) ([]byte, error) { return []byte("hello"), nil }})
	site := &server.Site{Resource: root}
	resp := serveSite(t, site, "GET", "/hello", nil)
	if got := siteBody(t, resp); resp.StatusCode != 200 || got != "hello" {
		t.Errorf("GET /hello = %d %q, want 200 hello", resp.StatusCode, got)
	}
}

// Site.DisplayTracebacks chooses between Twisted's two 500 pages; the log
// has the error either way.
func TestSiteDisplayTracebacks(t *testing.T) {
	root := resource.New()
	root.PutChild("boom", &funcPage{fn: func(*resource.Request) ([]byte, error) {
		return nil, errors.New(`Oh no! <script>alert("x")</script>`)
	}})
	const generic = "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>"

	site, log := quietSite(root)
	resp := serveSite(t, site, "GET", "/boom", nil)
	if got := siteBody(t, resp); resp.StatusCode != 500 || got != generic {
		t.Errorf("tracebacks off: %d %q, want 500 %q", resp.StatusCode, got, generic)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/html" {
		t.Errorf("Content-Type = %q, want text/html", got)
	}
	if !strings.Contains(log.String(), "Oh no!") {
		t.Errorf("tracebacks off: log lacks the error:\n%s", log)
	}

	site, _ = quietSite(root)
	site.DisplayTracebacks = true
	resp = serveSite(t, site, "GET", "/boom", nil)
	got := siteBody(t, resp)
	if resp.StatusCode != 500 || !strings.HasPrefix(got, "<html><head><title>web.Server Traceback (most recent call last)</title></head>") {
		t.Errorf("tracebacks on: %d %q, want 500 and the traceback page", resp.StatusCode, got)
	}
	if !strings.Contains(got, "Oh no! &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") || strings.Contains(got, "<script>") {
		t.Errorf("tracebacks on: the page does not hold the escaped error:\n%s", got)
	}
}

// kaboom panics while looking up a child or while rendering.
type kaboom struct {
	resource.Base
	inGetChild bool
}

func (k *kaboom) GetChild(string, *resource.Request) resource.Resource {
	if k.inGetChild {
		explodeInGetChild()
	}
	return &kaboom{}
}

func (*kaboom) RenderGET(*resource.Request) ([]byte, error) {
	explodeInRender()
	return nil, nil
}

func explodeInGetChild() { panic("kaboom while traversing") }
func explodeInRender()   { panic(errors.New("kaboom while rendering")) }

// A panic in GetChild or in a render is the 500 page, and Site.Logger gets
// the panic with its stack.
func TestSitePanicLoggedWithStack(t *testing.T) {
	tests := []struct {
		name, target, msg, frame string
		res                      *kaboom
	}{
		{"GetChild", "/k/below", "kaboom while traversing", "server_test.explodeInGetChild", &kaboom{inGetChild: true}},
		{"render", "/k", "kaboom while rendering", "server_test.explodeInRender", &kaboom{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := resource.New()
			root.PutChild("k", tt.res)
			site, log := quietSite(root)
			resp := serveSite(t, site, "GET", tt.target, nil)
			if got := siteBody(t, resp); resp.StatusCode != 500 || !strings.Contains(got, "Processing Failed") {
				t.Errorf("status %d body %q, want the 500 page", resp.StatusCode, got)
			}
			if l := log.String(); !strings.Contains(l, tt.msg) || !strings.Contains(l, tt.frame) || !strings.Contains(l, "stack=") {
				t.Errorf("log lacks the panic %q or a stack through %s:\n%s", tt.msg, tt.frame, l)
			}
		})
	}
}

// streamPage writes head, hands the request to the test and returns
// NotDoneYet; the test finishes the response.
type streamPage struct {
	resource.Base
	head    string
	started chan *resource.Request
}

func (p *streamPage) RenderGET(req *resource.Request) ([]byte, error) {
	if _, err := req.Write([]byte(p.head)); err != nil {
		return nil, err
	}
	p.started <- req
	return nil, resource.NotDoneYet
}

// streamServer serves a site with a streamPage at /stream over a real
// connection; served receives once per request when ServeHTTP returns.
func streamServer(t *testing.T) (ts *httptest.Server, page *streamPage, served chan struct{}) {
	t.Helper()
	page = &streamPage{head: "part1 ", started: make(chan *resource.Request, 1)}
	root := resource.New()
	root.PutChild("stream", page)
	site, _ := quietSite(root)
	served = make(chan struct{}, 1)
	ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site.ServeHTTP(w, r)
		served <- struct{}{}
	}))
	t.Cleanup(ts.Close)
	return ts, page, served
}

// The guard against a hung test; the tests never wait on time otherwise.
const hangGuard = 10 * time.Second

// NOT_DONE_YET over a real connection: the client reads what was written
// before the render returned while the response is still open, then the
// rest once another goroutine writes and finishes; NotifyFinish reports nil.
func TestNotDoneYetStreamsOverHTTP(t *testing.T) {
	ts, page, served := streamServer(t)
	client := ts.Client()
	client.Timeout = hangGuard

	resp, err := client.Get(ts.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	req := <-page.started
	notify := req.NotifyFinish()

	first := make([]byte, len("part1 "))
	if _, err := io.ReadFull(resp.Body, first); err != nil || string(first) != "part1 " {
		t.Fatalf("first read = %q, %v; want %q before Finish", first, err, "part1 ")
	}
	select {
	case <-served:
		t.Fatal("ServeHTTP returned before Finish")
	default:
	}

	// Each later Write reaches the client at once, response still open.
	if _, err := req.Write([]byte("part2 ")); err != nil {
		t.Errorf("Write: %v", err)
	}
	second := make([]byte, len("part2 "))
	if _, err := io.ReadFull(resp.Body, second); err != nil || string(second) != "part2 " {
		t.Fatalf("second read = %q, %v; want %q before Finish", second, err, "part2 ")
	}
	if _, err := req.Write([]byte("part3")); err != nil {
		t.Errorf("Write: %v", err)
	}
	if err := req.Finish(); err != nil {
		t.Errorf("Finish: %v", err)
	}
	rest, err := io.ReadAll(resp.Body)
	if err != nil || string(rest) != "part3" {
		t.Errorf("rest of body = %q, %v; want part3", rest, err)
	}
	if resp.StatusCode != 200 || resp.ContentLength != -1 || resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("status %d length %d type %q, want 200, unknown length (streamed), text/html",
			resp.StatusCode, resp.ContentLength, resp.Header.Get("Content-Type"))
	}
	if err := <-notify; err != nil {
		t.Errorf("NotifyFinish delivered %v, want nil", err)
	}
	<-served
	if _, err := req.Write([]byte("late")); !errors.Is(err, resource.ErrFinished) {
		t.Errorf("Write after Finish = %v, want ErrFinished", err)
	}
}

// A client that goes away before Finish: NotifyFinish delivers an error
// wrapping ErrConnectionLost, ServeHTTP returns, and later writes fail the
// same way.
func TestNotDoneYetClientGoesAway(t *testing.T) {
	ts, page, served := streamServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, "GET", ts.URL+"/stream", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := ts.Client().Do(hreq)
	if err != nil {
		t.Fatal(err)
	}
	req := <-page.started
	notify := req.NotifyFinish()

	cancel() // the client transport closes the connection
	resp.Body.Close()

	select {
	case err := <-notify:
		if !errors.Is(err, resource.ErrConnectionLost) {
			t.Errorf("NotifyFinish delivered %v, want an error wrapping ErrConnectionLost", err)
		}
	case <-time.After(hangGuard):
		t.Fatal("NotifyFinish never fired after the client left")
	}
	select {
	case <-served:
	case <-time.After(hangGuard):
		t.Fatal("ServeHTTP did not return after the client left")
	}
	if _, err := req.Write([]byte("too late")); !errors.Is(err, resource.ErrConnectionLost) {
		t.Errorf("Write after the client left = %v, want ErrConnectionLost", err)
	}
	if err := req.Finish(); !errors.Is(err, resource.ErrConnectionLost) {
		t.Errorf("Finish after the client left = %v, want ErrConnectionLost", err)
	}
	if err := <-req.NotifyFinish(); !errors.Is(err, resource.ErrConnectionLost) {
		t.Errorf("NotifyFinish after the client left = %v, want ErrConnectionLost at once", err)
	}
	if req.Finished() {
		t.Error("Finished() true though Finish never succeeded")
	}
}
