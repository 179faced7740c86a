package resource_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
)

// Twisted's 500 page when tracebacks are off, byte for byte.
const processingFailedPage = "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>"

// serveLogged is serve with a host whose logger writes text to the
// returned buffer, read once the request is done.
func serveLogged(t *testing.T, root resource.Resource, method, target string, tracebacks bool) (*http.Response, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	host := &stubHost{logger: slog.New(slog.NewTextHandler(&log, nil)), tracebacks: tracebacks}
	w := httptest.NewRecorder()
	req, err := resource.NewRequest(w, newHTTPRequest(method, target, nil), host)
	if err != nil {
		t.Fatal(err)
	}
	req.Process(root)
	return w.Result(), &log
}

// failing returns an error from GET, with markup in its text.
type failing struct{ resource.Base }

func (*failing) RenderGET(*resource.Request) ([]byte, error) {
	return nil, errors.New(`boom <&> 'x'`)
}

// Twisted's test_processingFailedNoTraceback(ByDefault): a render error is
// logged and answered with the generic 500 page, typed text/html, its
// length given; nothing of the error reaches the client.
func TestRenderErrorIsProcessingFailed(t *testing.T) {
	resp, log := serveLogged(t, mount("boom", &failing{}), "GET", "/boom", false)
	body := bodyOf(t, resp)
	if resp.StatusCode != http.StatusInternalServerError || body != processingFailedPage {
		t.Errorf("GET /boom = %d %q, want 500 %q", resp.StatusCode, body, processingFailedPage)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/html" {
		t.Errorf("Content-Type = %q, want text/html", got)
	}
	if got := resp.Header.Get("Content-Length"); got != "95" {
		t.Errorf("Content-Length = %q, want 95", got)
	}
	if !strings.Contains(log.String(), "boom <&> 'x'") {
		t.Errorf("log does not name the error:\n%s", log)
	}
}

// The 500 page is text/html even when the render had set another type
// before failing, as Twisted's processingFailed sets it.
func TestRenderErrorResetsContentType(t *testing.T) {
	root := mount("json", &renderFunc{get: func(req *resource.Request) ([]byte, error) {
		req.SetHeader("Content-Type", "application/json")
		return nil, errors.New("no JSON today")
	}})
	resp, _ := serveLogged(t, root, "GET", "/json", false)
	if got := bodyOf(t, resp); resp.StatusCode != 500 || got != processingFailedPage {
		t.Errorf("status %d body %q, want the 500 page", resp.StatusCode, got)
	}
	if got := resp.Header.Values("Content-Type"); len(got) != 1 || got[0] != "text/html" {
		t.Errorf("Content-Type = %q, want [text/html]", got)
	}
}

// HEAD gets the same status and length, without the body.
func TestRenderErrorOnHead(t *testing.T) {
	resp, _ := serveLogged(t, mount("boom", &failing{}), "HEAD", "/boom", false)
	if got := bodyOf(t, resp); resp.StatusCode != 500 || got != "" || resp.Header.Get("Content-Length") != "95" {
		t.Errorf("HEAD /boom = %d %q Content-Length %q, want 500, no body, 95",
			resp.StatusCode, got, resp.Header.Get("Content-Length"))
	}
}

// Twisted's test_processingFailedDisplayTraceback: with tracebacks on, the
// page shows the error, escaped.
func TestRenderErrorWithTraceback(t *testing.T) {
	resp, _ := serveLogged(t, mount("boom", &failing{}), "GET", "/boom", true)
	body := bodyOf(t, resp)
	if resp.StatusCode != 500 {
		t.Errorf("status = %d, want 500", resp.StatusCode)
	}
	const top = "<html><head><title>web.Server Traceback (most recent call last)</title></head>" +
		"<body><b>web.Server Traceback (most recent call last):</b>\n\n"
	if !strings.HasPrefix(body, top) || !strings.HasSuffix(body, "\n\n</body></html>\n") {
		t.Errorf("traceback page is not framed as Twisted's:\n%s", body)
	}
	if !strings.Contains(body, "boom &lt;&amp;&gt; &#x27;x&#x27;") || strings.Contains(body, "<&>") {
		t.Errorf("traceback page does not hold the escaped error:\n%s", body)
	}
	if got := resp.Header.Get("Content-Length"); got != fmt.Sprint(len(body)) {
		t.Errorf("Content-Length = %q, body has %d bytes", got, len(body))
	}
}

// Twisted's test_processingFailedDisplayTracebackHandlesUnicode: non-ASCII
// text in the traceback page becomes character references, &#9731; for a
// snowman, as Twisted writes it, so the page reads the same whatever
// charset a browser guesses for its bare text/html.
func TestTracebackEscapesNonASCII(t *testing.T) {
	root := mount("snow", &renderFunc{get: func(*resource.Request) ([]byte, error) {
		return nil, errors.New("snow \u2603 <b> \xff")
	}})
	resp, _ := serveLogged(t, root, "GET", "/snow", true)
	body := bodyOf(t, resp)
	if !strings.Contains(body, "snow &#9731; &lt;b&gt; &#65533;") {
		t.Errorf("traceback page does not escape the snowman as Twisted does:\n%s", body)
	}
	for i := 0; i < len(body); i++ {
		if body[i] >= 0x80 {
			t.Fatalf("traceback page has the non-ASCII byte %#x at %d", body[i], i)
		}
	}
}

// panicky panics in GetChild or in RenderGET, as told.
type panicky struct {
	resource.Base
	inGetChild bool
}

func (p *panicky) GetChild(name string, req *resource.Request) resource.Resource {
	if p.inGetChild {
		panicInGetChild()
	}
	return &panicky{}
}

func (p *panicky) RenderGET(*resource.Request) ([]byte, error) {
	panicInRender()
	return nil, nil
}

func panicInGetChild() { panic("kaboom in GetChild") }
func panicInRender()   { panic(fmt.Errorf("kaboom in render")) }

// A panic in traversal or in a render is a 500 page, and the log has the
// panic and the stack that led to it.
func TestPanicIsProcessingFailed(t *testing.T) {
	tests := []struct {
		name, target, msg, frame string
		res                      *panicky
	}{
		{"GetChild", "/p/child", "kaboom in GetChild", "panicInGetChild", &panicky{inGetChild: true}},
		{"render", "/p", "kaboom in render", "panicInRender", &panicky{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, log := serveLogged(t, mount("p", tt.res), "GET", tt.target, false)
			if body := bodyOf(t, resp); resp.StatusCode != 500 || body != processingFailedPage {
				t.Errorf("status %d body %q, want the 500 page", resp.StatusCode, body)
			}
			if !strings.Contains(log.String(), tt.msg) || !strings.Contains(log.String(), "resource_test."+tt.frame) {
				t.Errorf("log lacks the panic %q or the frame %s:\n%s", tt.msg, tt.frame, log)
			}
		})
	}
}

// http.ErrAbortHandler keeps its meaning: it is not turned into a page.
func TestAbortHandlerPanicPropagates(t *testing.T) {
	root := mount("abort", &renderFunc{get: func(*resource.Request) ([]byte, error) {
		panic(http.ErrAbortHandler)
	}})
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler", v)
		}
	}()
	serve(t, root, "GET", "/abort")
	t.Error("Process returned normally after an ErrAbortHandler panic")
}

// A failure after the body has started is appended to what was sent, the
// status already gone, as Twisted 22.4 ("partial<html>...Processing
// Failed...").
func TestFailureAfterWriteAppendsPage(t *testing.T) {
	root := mount("wtr", &renderFunc{get: func(req *resource.Request) ([]byte, error) {
		req.Write([]byte("partial"))
		return nil, errors.New("late")
	}})
	resp, _ := serveLogged(t, root, "GET", "/wtr", false)
	if got := bodyOf(t, resp); resp.StatusCode != 200 || got != "partial"+processingFailedPage {
		t.Errorf("status %d body %q, want 200 %q", resp.StatusCode, got, "partial"+processingFailedPage)
	}
}

// A failure after Finish is only logged.
func TestFailureAfterFinishIsLogged(t *testing.T) {
	root := mount("ftr", &renderFunc{get: func(req *resource.Request) ([]byte, error) {
		req.Write([]byte("done"))
		req.Finish()
		return nil, errors.New("after finish")
	}})
	resp, log := serveLogged(t, root, "GET", "/ftr", false)
	if got := bodyOf(t, resp); resp.StatusCode != 200 || got != "done" {
		t.Errorf("status %d body %q, want 200 done", resp.StatusCode, got)
	}
	if !strings.Contains(log.String(), "after finish") {
		t.Errorf("log lacks the error:\n%s", log)
	}
}

// Twisted's test_OPTIONSStar and test_rejectNonOPTIONSStar: a "*" target is
// answered before traversal, 200 to OPTIONS and 405 Allow: OPTIONS to any
// other method, both empty.
func TestStarTarget(t *testing.T) {
	tests := []struct {
		method string
		code   int
		allow  string
	}{
		{"OPTIONS", 200, ""},
		{"GET", 405, "OPTIONS"},
		{"POST", 405, "OPTIONS"},
		{"FOO", 405, "OPTIONS"},
	}
	root := &catchAll{} // would answer anything it were asked
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			r := newHTTPRequest(tt.method, "*", nil)
			if r.RequestURI != "*" {
				t.Fatalf("RequestURI = %q, want *", r.RequestURI)
			}
			resp := serveRequest(t, root, r)
			if got := bodyOf(t, resp); resp.StatusCode != tt.code || got != "" {
				t.Errorf("%s * = %d %q, want %d and no body", tt.method, resp.StatusCode, got, tt.code)
			}
			if got := resp.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			if got := resp.Header.Get("Content-Length"); got != "0" {
				t.Errorf("Content-Length = %q, want 0", got)
			}
			if got := resp.Header.Values("Content-Type"); got != nil {
				t.Errorf("Content-Type = %q, want none", got)
			}
		})
	}
}

// Content-Type is text/html by default, except on 204, 304 and empty
// bodies (Twisted's test_noDefaultContentTypeOn204Response and
// OnZeroLengthResponse); a type the resource sets is kept. Expected
// headers are Twisted 22.4's for the same resources.
func TestDefaultContentType(t *testing.T) {
	tests := []struct {
		name   string
		render func(req *resource.Request) ([]byte, error)
		code   int
		ctype  []string
		length string
	}{
		{"body", func(*resource.Request) ([]byte, error) { return []byte("hi"), nil }, 200, []string{"text/html"}, "2"},
		{"empty body", func(*resource.Request) ([]byte, error) { return nil, nil }, 200, nil, "0"},
		{"204", func(req *resource.Request) ([]byte, error) {
			req.SetResponseCode(http.StatusNoContent)
			return nil, nil
		}, 204, nil, "0"},
		{"304", func(req *resource.Request) ([]byte, error) {
			req.SetResponseCode(http.StatusNotModified)
			return nil, nil
		}, 304, nil, "0"},
		{"set type kept", func(req *resource.Request) ([]byte, error) {
			req.SetHeader("Content-Type", "application/json")
			return []byte("{}"), nil
		}, 200, []string{"application/json"}, "2"},
		{"set type kept on empty body", func(req *resource.Request) ([]byte, error) {
			req.SetHeader("Content-Type", "application/json")
			return nil, nil
		}, 200, []string{"application/json"}, "0"},
		{"201 with body", func(req *resource.Request) ([]byte, error) {
			req.SetResponseCode(http.StatusCreated)
			req.SetHeader("X-Made", "yes")
			return []byte("made"), nil
		}, 201, []string{"text/html"}, "4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(t, tt.render)
			bodyOf(t, resp)
			if resp.StatusCode != tt.code {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.code)
			}
			if got := resp.Header.Values("Content-Type"); fmt.Sprint(got) != fmt.Sprint(tt.ctype) {
				t.Errorf("Content-Type = %q, want %q", got, tt.ctype)
			}
			if got := resp.Header.Get("Content-Length"); got != tt.length {
				t.Errorf("Content-Length = %q, want %q", got, tt.length)
			}
		})
	}
}

// later answers GET with NotDoneYet and hands the request to the test.
type later struct {
	resource.Base
	head    string // written before returning
	started chan *resource.Request
}

func (l *later) RenderGET(req *resource.Request) ([]byte, error) {
	if l.head != "" {
		req.Write([]byte(l.head))
	}
	l.started <- req
	return nil, resource.NotDoneYet
}

// NotDoneYet leaves the response open: another goroutine writes and
// finishes it, Process returns only after Finish, and NotifyFinish reports
// nil. Writing or finishing again fails with ErrFinished.
func TestNotDoneYetFinishedLater(t *testing.T) {
	res := &later{head: "part1 ", started: make(chan *resource.Request, 1)}
	w := httptest.NewRecorder()
	hreq := newHTTPRequest("GET", "/later", nil)
	req, err := resource.NewRequest(w, hreq, &stubHost{})
	if err != nil {
		t.Fatal(err)
	}
	processed := make(chan struct{})
	go func() {
		req.Process(mount("later", res))
		close(processed)
	}()

	r := <-res.started
	if r != req {
		t.Fatalf("render got %p, want the request served %p", r, req)
	}
	notify := r.NotifyFinish()
	release := make(chan struct{})
	go func() {
		<-release
		r.Write([]byte("part2"))
		r.Finish()
	}()

	select {
	case <-processed:
		t.Fatal("Process returned before Finish")
	case err := <-notify:
		t.Fatalf("NotifyFinish fired (%v) before Finish", err)
	default:
	}
	close(release)
	<-processed

	if got := w.Body.String(); got != "part1 part2" {
		t.Errorf("body = %q, want %q", got, "part1 part2")
	}
	if w.Code != 200 || w.Header().Get("Content-Type") != "text/html" {
		t.Errorf("status %d Content-Type %q, want 200 text/html", w.Code, w.Header().Get("Content-Type"))
	}
	if err := <-notify; err != nil {
		t.Errorf("NotifyFinish delivered %v, want nil", err)
	}
	if err := <-r.NotifyFinish(); err != nil {
		t.Errorf("NotifyFinish after Finish delivered %v, want nil at once", err)
	}
	if !r.Finished() {
		t.Error("Finished() false after Finish")
	}
	if _, err := r.Write([]byte("late")); !errors.Is(err, resource.ErrFinished) {
		t.Errorf("Write after Finish = %v, want ErrFinished", err)
	}
	if err := r.Finish(); !errors.Is(err, resource.ErrFinished) {
		t.Errorf("second Finish = %v, want ErrFinished", err)
	}
	if got := w.Body.String(); got != "part1 part2" {
		t.Errorf("body after late writes = %q", got)
	}
}

// HEAD over a NotDoneYet GET renderer: whatever it writes later is dropped.
func TestNotDoneYetOnHead(t *testing.T) {
	res := &later{head: "part1", started: make(chan *resource.Request, 1)}
	w := httptest.NewRecorder()
	req, err := resource.NewRequest(w, newHTTPRequest("HEAD", "/later", nil), &stubHost{})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		r := <-res.started
		r.Write([]byte("part2"))
		r.Finish()
	}()
	req.Process(mount("later", res))
	if w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("HEAD = %d %q, want 200 and no body", w.Code, w.Body.String())
	}
}
