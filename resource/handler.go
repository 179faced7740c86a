package resource

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
)

// HandlerResource is a leaf that serves its part of the tree with an
// http.Handler: Go's counterpart of Twisted's WSGIResource. Make one with
// WrapHandler.
type HandlerResource struct {
	h http.Handler
}

var (
	_ Resource = (*HandlerResource)(nil)
	_ Renderer = (*HandlerResource)(nil)
)

// WrapHandler returns a leaf resource that hands every request reaching
// it, whatever its method, to h, as Twisted's WSGIResource hands it to a
// WSGI application.
//
// The handler sees the resource's place in the tree as its mount point and
// the rest of the path as its own, as WSGI's SCRIPT_NAME and PATH_INFO:
// r.URL.Path is "/" followed by Request.Postpath joined with "/", or ""
// when Postpath is empty (so a request for "/app" gives "" and one for
// "/app/" gives "/", as http.StripPrefix would). r.URL.RawPath keeps a
// "%2F" inside a segment distinct from a "/" between segments. The query,
// method, headers, body (for a POST form, the body again from its start),
// context, RemoteAddr and RequestURI are the client's. Within the handler,
// RequestFromContext(r.Context()) returns the Request, whose Prepath is
// the mount point and whose GetSession gives the visitor's session.
//
// The handler writes through the Request, so session cookies, HEAD (the
// body is dropped), an EncodingResourceWrapper above it, and the Request's
// Finish bookkeeping all apply; when ServeHTTP returns, the response is
// finished. A body written without a Content-Type gets one sniffed from
// its first bytes, as net/http does, rather than Twisted's text/html. The
// ResponseWriter implements http.Flusher and http.Hijacker and unwraps to
// the connection's writer, so http.ResponseController works. A panic in
// the handler is logged and answered as Twisted answers an exception in a
// WSGI application: an empty 500 if nothing has been sent yet, else the
// connection is dropped.
func WrapHandler(h http.Handler) *HandlerResource { return &HandlerResource{h: h} }

// PutChild panics: the handler owns everything below its mount point, so
// a child could never be reached (Twisted's WSGIResource.putChild raises
// RuntimeError).
func (*HandlerResource) PutChild(path string, _ Resource) {
	panic("resource: PutChild(" + strconv.Quote(path) + ") on a HandlerResource, whose handler owns every path below it")
}

// GetChild is never called, since a HandlerResource is a leaf; it returns
// the 404 page.
func (*HandlerResource) GetChild(string, *Request) Resource { return NoResource("") }

// IsLeaf reports true: the rest of the path is the handler's.
func (*HandlerResource) IsLeaf() bool { return true }

// Render serves req with the handler and finishes the response. It
// returns NotDoneYet, with the response already finished.
func (h *HandlerResource) Render(req *Request) ([]byte, error) {
	w := &handlerWriter{req: req}
	defer w.recoverPanic()
	h.h.ServeHTTP(w, req.handlerRequest())
	w.finish()
	return nil, NotDoneYet
}

// recoverPanic answers a panic in the handler as Twisted's WSGIResource
// answers an exception in the application: it is logged with its stack;
// before the response has started, the answer is an empty 500; after, the
// connection is dropped (http.ErrAbortHandler), so that the client sees a
// cut response rather than an error page glued to half a body.
func (w *handlerWriter) recoverPanic() {
	v := recover()
	if v == nil || w.hijacked {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	req := w.req
	req.logger().Error("handler panicked", "method", req.Method, "path", req.Path,
		"error", panicError(v).Error(), "stack", string(debug.Stack()))
	req.mu.Lock()
	started := req.started
	if !started {
		req.code = http.StatusInternalServerError
		h := req.w.Header()
		h["Content-Length"] = []string{"0"}
		delete(h, "Content-Type")
	}
	req.mu.Unlock()
	if started {
		panic(http.ErrAbortHandler)
	}
	req.Finish()
}

type requestKey struct{}

// RequestFromContext returns the Request being served by the handler of a
// HandlerResource whose request context is ctx, or nil outside one.
func RequestFromContext(ctx context.Context) *Request {
	req, _ := ctx.Value(requestKey{}).(*Request)
	return req
}

// handlerRequest returns the *http.Request a wrapped handler sees: the
// client's request with its path cut to Postpath and the Request in its
// context.
func (r *Request) handlerRequest() *http.Request {
	hr := r.r.WithContext(context.WithValue(r.r.Context(), requestKey{}, r))
	u := *r.r.URL
	u.Path, u.RawPath = postpathURL(r.Postpath)
	hr.URL = &u
	switch body := r.Content.(type) {
	case *bytes.Reader, *strings.Reader:
		// The form body was read to fill Args; give the handler the copy.
		hr.Body = io.NopCloser(body)
	}
	return hr
}

// postpathURL returns the path a wrapped handler sees for postpath, and
// its escaped form when a segment holds a "/" (which the plain path cannot
// tell from a separator), else "".
func postpathURL(postpath []string) (path, rawPath string) {
	if len(postpath) == 0 {
		return "", ""
	}
	path = "/" + strings.Join(postpath, "/")
	for _, seg := range postpath {
		if strings.Contains(seg, "/") {
			var b strings.Builder
			for _, s := range postpath {
				b.WriteByte('/')
				b.WriteString(url.PathEscape(s))
			}
			return path, b.String()
		}
	}
	return path, ""
}

// handlerWriter is the http.ResponseWriter a wrapped handler writes to. As
// net/http's own, it commits the status and headers at the first Write or
// Flush, not at WriteHeader, so that a missing Content-Type can be sniffed
// from the first bytes.
type handlerWriter struct {
	req         *Request
	wroteHeader bool // WriteHeader has set the final status
	committed   bool // the Request has started the response
	wroteBody   bool // the handler wrote body bytes (kept or, for HEAD, dropped)
	hijacked    bool
}

var (
	_ http.Flusher  = (*handlerWriter)(nil)
	_ http.Hijacker = (*handlerWriter)(nil)
)

func (w *handlerWriter) Header() http.Header { return w.req.w.Header() }

func (w *handlerWriter) WriteHeader(code int) {
	if w.wroteHeader || w.hijacked {
		return
	}
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		w.req.w.WriteHeader(code) // informational (103 Early Hints): not final
		return
	}
	w.wroteHeader = true
	w.req.SetResponseCode(code)
}

func (w *handlerWriter) Write(p []byte) (int, error) {
	if w.hijacked {
		return 0, http.ErrHijacked
	}
	w.WriteHeader(http.StatusOK)
	if !w.committed && len(p) > 0 {
		if _, typed := w.Header()["Content-Type"]; !typed {
			w.Header().Set("Content-Type", http.DetectContentType(p))
		}
	}
	w.committed = true
	w.wroteBody = w.wroteBody || len(p) > 0
	return w.req.Write(p)
}

// Flush sends the status, the headers and what has been written so far.
func (w *handlerWriter) Flush() {
	if w.hijacked {
		return
	}
	w.WriteHeader(http.StatusOK)
	w.committed = true
	w.req.flush()
}

// Hijack takes over the connection, as http.Hijacker; the Request then
// counts as finished and writes nothing more.
func (w *handlerWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(w.req.w).Hijack()
	if err == nil {
		w.hijacked = true
		w.req.abandon()
	}
	return conn, rw, err
}

// Unwrap returns the writer below the Request, for http.ResponseController.
func (w *handlerWriter) Unwrap() http.ResponseWriter { return w.req.w }

// finish ends the response once the handler has returned. A handler that
// wrote no body gets no Content-Type, as under net/http, rather than the
// Request's text/html default.
func (w *handlerWriter) finish() {
	if w.hijacked {
		return
	}
	if !w.wroteBody {
		h := w.Header()
		if _, typed := h["Content-Type"]; !typed {
			h["Content-Type"] = nil
		}
	}
	w.req.Finish()
}

// flush starts the response if needed and pushes what has been written to
// the client, through any encoder.
func (r *Request) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.writable() != nil {
		return
	}
	r.start()
	http.NewResponseController(r.w).Flush()
}

// abandon marks the response as done without writing anything more: the
// connection was hijacked.
func (r *Request) abandon() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started, r.finished = true, true
	r.dropEncoder()
	if r.done != nil {
		close(r.done)
	}
	r.deliver(nil)
}
