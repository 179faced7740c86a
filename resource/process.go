package resource

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"unicode/utf8"

	"github.com/weftgo/weft/internal/serving"
	"github.com/weftgo/weft/session"
)

func init() {
	serving.Serve = serve
}

// serve serves r from root for the site h, as server.Site.ServeHTTP: it
// builds the Request, answers a form body it cannot read (413 for one too
// large, a bare 400 for a malformed one, as Twisted), and otherwise
// processes the request. It returns the Request and, for the bare 400,
// that status (serving.Serve).
func serve(w http.ResponseWriter, hr *http.Request, root any, h serving.Host) (any, int) {
	req, err := newRequest(w, hr, h)
	if err != nil {
		return req, req.rejectBody(err)
	}
	req.process(root.(Resource))
	return req, 0
}

// rejectBody answers a request whose form body could not be read, and
// returns the status of a response sent without a page, or 0.
func (r *Request) rejectBody(err error) int {
	h := r.w.Header()
	// The body may be left half read: end the connection after this.
	h.Set("Connection", "close")
	var page *ErrorPage
	switch {
	case errors.Is(err, errURITooLong):
		page = NewErrorPage(http.StatusRequestURITooLong,
			"Request-URI Too Long", "The request target is longer than this site accepts.")
	case errors.Is(err, errTooManyFields):
		page = NewErrorPage(http.StatusRequestEntityTooLarge,
			"Request Entity Too Large", "The form has more fields than this site accepts.")
	case errors.Is(err, errBodyTooLarge):
		page = NewErrorPage(http.StatusRequestEntityTooLarge,
			"Request Entity Too Large", "The request body is larger than this site accepts.")
	}
	if page != nil {
		r.render(page)
		return 0
	}
	// Twisted answers a bad form with a bare 400 and drops the connection.
	r.logger().Info("bad request body", "method", r.Method, "path", r.Path, "error", err.Error())
	h.Set("Content-Length", "0")
	r.w.WriteHeader(http.StatusBadRequest)
	return http.StatusBadRequest
}

// retryAfter is the Retry-After of a 503 for a full session store, in
// seconds: sessions free room only as they expire, which takes minutes.
const retryAfter = "60"

// sessionsFull answers 503 with Retry-After: the page needed a new session
// and the site's store holds as many as it may (ErrFull). Sessions that
// exist keep working; none is evicted. The site logs it, once per
// interval.
func (r *Request) sessionsFull() {
	r.serviceUnavailable(retryAfter, "The site has as many sessions as it can hold. Please try again later.")
}

// retryAfterUnavailable is the Retry-After of a 503 for a session store
// that cannot be reached, in seconds: a restarted Redis is back in seconds.
const retryAfterUnavailable = "5"

// sessionsUnavailable answers 503 with Retry-After: the page needed a
// session and the site's store cannot be reached (ErrUnavailable). No
// session is made in place of the one the cookie names. The site logs it,
// once per interval.
func (r *Request) sessionsUnavailable() {
	r.serviceUnavailable(retryAfterUnavailable, "The site cannot reach its session store. Please try again in a few seconds.")
}

// serviceUnavailable renders the 503 page with msg and Retry-After, unless
// the response is already finished.
func (r *Request) serviceUnavailable(retry, msg string) {
	if r.Finished() {
		return
	}
	r.SetHeader("Retry-After", retry)
	r.render(NewErrorPage(http.StatusServiceUnavailable, "Service Unavailable", msg))
}

// process serves the request from root, as Twisted's Request.process: it
// traverses the tree, renders the resource it finds and, for a render that
// returned NotDoneYet, waits until Finish is called or the client goes
// away. A "*" target is answered as Twisted does (200 to OPTIONS, 405
// otherwise). A render error or a panic anywhere in traversal or render
// becomes the 500 "Processing Failed" page and is logged with its stack.
// process returns when the response is done. A response that background
// work (Go, Later) aborted after it had started is cut off instead:
// process panics with http.ErrAbortHandler, which makes net/http close the
// connection.
func (r *Request) process(root Resource) {
	r.root = root
	if r.Path == "*" {
		r.handleStar()
		return
	}
	if r.renderTree(root) {
		r.wait()
	}
	r.expireDetached()
	r.closeIfAborted()
}

// renderTree traverses and renders, and reports whether the response was
// left open (NotDoneYet).
func (r *Request) renderTree(root Resource) (open bool) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			if err, ok := v.(error); ok && errors.Is(err, session.ErrFull) {
				r.sessionsFull()
				open = false
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, session.ErrUnavailable) {
				r.sessionsUnavailable()
				open = false
				return
			}
			r.processingFailed(panicError(v), debug.Stack())
			open = false
		}
	}()
	return r.render(GetChildForRequest(root, r))
}

// render asks res to render the request and sends what it returns, as
// Twisted's Request.render: a missing method gets the 405 page with Allow
// (or 501 for an unknown method, D4); HEAD falls back to RenderGET with
// the body dropped and Content-Length kept; a returned body is sent with
// its Content-Length and the response finished; NotDoneYet leaves it open
// and render reports true. Any other error gives the 500 page.
func (r *Request) render(res Resource) (open bool) {
	body, ok, err := callRender(res, r.Method, r)
	if !ok {
		body, err = r.renderMissing(res)
	}
	if err == NotDoneYet {
		return true
	}
	if err == nil {
		err = r.takeCodeErr()
	}
	if err != nil {
		r.processingFailed(err, nil)
		return false
	}
	if r.Method != "HEAD" || len(body) > 0 {
		r.setContentLength(len(body))
	}
	r.Write(body) // for HEAD, only the headers go out
	r.Finish()
	return false
}

// takeCodeErr returns the error of a code SetResponseCode refused, once.
func (r *Request) takeCodeErr() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.codeErr
	r.codeErr = nil
	return err
}

// renderMissing answers a method the resource has no render method for.
// HEAD renders GET: Write drops the body of a HEAD response.
func (r *Request) renderMissing(res Resource) ([]byte, error) {
	if r.Method == "HEAD" {
		if body, ok, err := callRender(res, "GET", r); ok {
			return body, err
		}
	}
	if !standardMethods[r.Method] {
		return notImplementedPage(r.Method).Render(r)
	}
	return r.notAllowed(methodsOf(res)), nil
}

// notAllowed answers 405 with the Allow header and page of Twisted's
// UnsupportedMethod handling (in D4's order). The per-type parts come
// ready-made from the method table, so the page costs one allocation.
func (r *Request) notAllowed(m *methodTable) []byte {
	uri, method := escapeHTML(r.URI), escapeHTML(r.Method)
	body := make([]byte, 0, len(notAllowedHead)+len(uri)+len(notAllowedMiddle)+len(method)+len(m.pageTail))
	body = append(body, notAllowedHead...)
	body = append(body, uri...)
	body = append(body, notAllowedMiddle...)
	body = append(body, method...)
	body = append(body, m.pageTail...)
	r.mu.Lock()
	r.code = http.StatusMethodNotAllowed
	h := r.w.Header()
	h["Allow"] = m.allowHeader
	h["Content-Type"] = htmlUTF8
	r.mu.Unlock()
	return body
}

func (r *Request) setContentLength(n int) {
	r.mu.Lock()
	r.contentLength[0] = strconv.Itoa(n)
	r.w.Header()["Content-Length"] = r.contentLength[:]
	r.mu.Unlock()
}

// wait blocks until Finish or until the client goes away; in the second
// case it tells NotifyFinish and makes later writes fail.
func (r *Request) wait() {
	r.mu.Lock()
	if r.finished || r.gone || r.aborted {
		r.mu.Unlock()
		return
	}
	r.done = make(chan struct{})
	if r.started {
		http.NewResponseController(r.w).Flush()
	}
	done := r.done
	r.mu.Unlock()
	select {
	case <-done:
	case <-r.r.Context().Done():
		r.mu.Lock()
		if !r.finished && !r.aborted {
			r.gone = true
			r.deliver(r.lostError())
		}
		r.mu.Unlock()
	}
}

// handleStar answers a request whose target is "*", as Twisted's
// _handleStar: OPTIONS gets an empty 200, anything else an empty 405 that
// allows OPTIONS.
func (r *Request) handleStar() {
	if r.Method != "OPTIONS" {
		r.SetResponseCode(http.StatusMethodNotAllowed)
		r.SetHeader("Allow", "OPTIONS")
	}
	r.setContentLength(0)
	r.Finish()
}

// Twisted's 500 pages.
const (
	failedPage   = "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>"
	tracebackTop = "<html><head><title>web.Server Traceback (most recent call last)</title></head>" +
		"<body><b>web.Server Traceback (most recent call last):</b>\n\n"
	tracebackEnd = "\n\n</body></html>\n"
)

// processingFailed logs err and answers the 500 page, with the error and
// stack in it only when the site displays tracebacks (Twisted's
// processingFailed). If the response has already started, the page is
// appended to what was sent, as Twisted does; if it has finished, the
// error is only logged.
func (r *Request) processingFailed(err error, stack []byte) {
	if stack == nil {
		stack = debug.Stack()
	}
	r.logger().Error("processing failed", "method", r.Method, "path", r.Path,
		"error", err.Error(), "stack", string(stack))
	if r.Finished() {
		return
	}
	body := []byte(failedPage)
	if r.host != nil && r.host.DisplayTracebacks() {
		body = []byte(tracebackTop + "<pre>" + escapeASCII(escapeHTML(err.Error()+"\n\n"+string(stack))) + "</pre>" + tracebackEnd)
	}
	r.mu.Lock()
	r.code, r.codeErr = http.StatusInternalServerError, nil // the 500 answers a bad code too
	h := r.w.Header()
	h.Set("Content-Type", "text/html")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	r.mu.Unlock()
	if r.Method == "HEAD" {
		body = nil
	}
	r.Write(body)
	r.Finish()
}

// escapeASCII replaces every non-ASCII character of s with a decimal
// character reference, as Python's xmlcharrefreplace in Twisted's
// traceback page: a snowman becomes &#9731;, and a byte that is not UTF-8
// the replacement character, &#65533;. The page then needs no charset.
func escapeASCII(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s[:i])
	for _, c := range s[i:] {
		if c < utf8.RuneSelf {
			b = append(b, byte(c))
			continue
		}
		b = append(b, "&#"...)
		b = strconv.AppendInt(b, int64(c), 10)
		b = append(b, ';')
	}
	return string(b)
}

// panicError turns a recovered value into an error.
func panicError(v any) error {
	if err, ok := v.(error); ok {
		return fmt.Errorf("panic: %w", err)
	}
	return fmt.Errorf("panic: %v", v)
}
