package resource

import (
	"errors"
	"io"
	"net/http"
)

var _ io.ReaderFrom = (*Request)(nil)

// ReadFrom copies src into the response body until EOF, starting the
// response first as Write does (status, default headers, session
// cookies). It makes Request an io.ReaderFrom, so io.Copy(req, f) hands
// an *os.File straight to the connection and the kernel sends it
// (sendfile) without passing through user memory. For a HEAD request
// nothing is read. Like Write, it returns ErrFinished after Finish and an
// error wrapping ErrConnectionLost once the client has gone; the body of
// a 204 or 304 is dropped silently.
//
// ReadFrom holds the request's lock while it copies, as Write does, so
// concurrent writers cannot interleave their bytes with src's.
func (r *Request) ReadFrom(src io.Reader) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.writable(); err != nil {
		return 0, err
	}
	r.start()
	if r.Method == "HEAD" {
		return 0, nil
	}
	n, err := io.Copy(r.w, src)
	r.sent += n
	if errors.Is(err, http.ErrBodyNotAllowed) {
		return n, nil
	}
	if r.done != nil {
		http.NewResponseController(r.w).Flush()
	}
	return n, err
}
