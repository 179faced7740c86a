package resource

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Errors from writing a response.
var (
	// ErrFinished is returned by Write and Finish once Finish has been
	// called (Twisted raises RuntimeError).
	ErrFinished = errors.New("resource: request already finished")
	// ErrConnectionLost is what NotifyFinish reports, and what Write and
	// Finish return, when the client went away before Finish (Twisted's
	// ConnectionLost).
	ErrConnectionLost = errors.New("resource: connection lost")
)

// textHTML is Twisted's default Content-Type. One slice serves every
// response, sparing an allocation per request; nothing modifies it in place.
var textHTML = []string{"text/html"}

// SetResponseCode sets the final response status (Twisted's
// setResponseCode). It has no effect once the response has started.
//
// A final status is 200 to 999 here: net/http can send nothing else as
// one. Any other code (99, 1000, or a 1xx, which HTTP only allows as an
// interim response) makes the response a 500 and is logged: a render that
// returns its body gets the "Processing Failed" page instead, and one that
// writes later sends what it writes with status 500. Twisted would send
// such a code as the status line, "99 Unknown Status"; an interim 1xx can
// be sent before the response with ResponseWriter().WriteHeader.
func (r *Request) SetResponseCode(code int) {
	r.mu.Lock()
	r.code, r.codeErr = code, nil
	if !finalStatus(code) {
		r.code, r.codeErr = http.StatusInternalServerError, errBadCode(code)
	}
	r.mu.Unlock()
}

// finalStatus reports whether net/http can send code as a final status.
func finalStatus(code int) bool { return 200 <= code && code <= 999 }

// errBadCode is the error a bad SetResponseCode makes of a render.
func errBadCode(code int) error {
	return fmt.Errorf("resource: SetResponseCode(%d): a final status is 200 to 999", code)
}

// Code returns the response status set so far (Twisted's code).
func (r *Request) Code() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.code
}

// SetHeader sets a response header, replacing its values (Twisted's
// setHeader). CR and LF in the value become spaces, so a value can never
// add a header line.
func (r *Request) SetHeader(name, value string) {
	value = sanitizeHeaderValue(value)
	r.mu.Lock()
	r.w.Header().Set(name, value)
	r.mu.Unlock()
}

// sanitizeHeaderValue replaces CR, LF and CRLF with one space, as Twisted's
// header sanitising does.
func sanitizeHeaderValue(v string) string {
	if !strings.ContainsAny(v, "\r\n") {
		return v
	}
	return lineBreaks.Replace(v)
}

// lineBreaks turns CRLF, CR and LF each into one space (a Replacer tries
// its old strings in order, so CRLF is matched before CR).
var lineBreaks = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

// AddCookie adds a Set-Cookie header for c to the response (Twisted's
// addCookie), with its attributes in Twisted's order: Expires, Domain,
// Path, Max-Age, Secure, HttpOnly, SameSite (then Partitioned). The cookie
// is checked and cleaned as net/http's http.SetCookie does: a cookie with
// an invalid name is not sent, and bytes RFC 6265 does not allow in a
// value or path (";", '"', control characters) are dropped, so no value
// can add an attribute; a value with a space or comma is quoted. Twisted
// writes '"' and spaces through and turns ";" into a space. SameSite is
// spelled Lax, Strict or None (Twisted writes lax or strict), and there is
// no Comment attribute, which RFC 6265 dropped.
func (r *Request) AddCookie(c *http.Cookie) {
	v := setCookieValue(c)
	if v == "" {
		return
	}
	r.mu.Lock()
	r.w.Header().Add("Set-Cookie", v)
	r.mu.Unlock()
}

// Redirect sets the status to 302 Found and the Location header to url
// (Twisted's redirect). The render still returns a body, often empty.
func (r *Request) Redirect(url string) {
	r.SetResponseCode(http.StatusFound)
	r.SetHeader("Location", url)
}

// Write sends p as part of the response body, starting the response if it
// has not started (Twisted's write). For a HEAD request the body is
// dropped. It returns ErrFinished after Finish and ErrConnectionLost once
// the client has gone.
func (r *Request) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.writable(); err != nil {
		return 0, err
	}
	r.start()
	if r.Method == "HEAD" || len(p) == 0 {
		return len(p), nil
	}
	n, err := r.w.Write(p)
	r.sent += int64(n)
	if errors.Is(err, http.ErrBodyNotAllowed) {
		return len(p), nil // a 204 or 304: Twisted drops the body too
	}
	if r.done != nil { // streaming after NotDoneYet: let the client see it
		http.NewResponseController(r.w).Flush()
	}
	return n, err
}

// Finish ends the response (Twisted's finish). A second call returns
// ErrFinished; after the client has gone it returns ErrConnectionLost.
func (r *Request) Finish() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.writable(); err != nil {
		return err
	}
	r.start()
	r.closeEncoder()
	r.finished = true
	if r.done != nil {
		close(r.done)
	}
	r.deliver(nil)
	return nil
}

// NotifyFinish returns a channel that receives one value when the response
// ends: nil once Finish has been called, or an error wrapping
// ErrConnectionLost if the client went away first (Twisted's notifyFinish
// Deferred). Each call returns a new channel, buffered, so nobody has to
// wait on it.
func (r *Request) NotifyFinish() <-chan error {
	ch := make(chan error, 1)
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.finished:
		ch <- nil
	case r.gone:
		ch <- r.lostError()
	case r.aborted:
		ch <- errAborted
	default:
		r.notify = append(r.notify, ch)
	}
	return ch
}

// SentLength returns how many body bytes the response has written so
// far: none for HEAD, 204 and 304 (Twisted's sentLength, which the access
// log shows).
func (r *Request) SentLength() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent
}

// Finished reports whether Finish has been called.
func (r *Request) Finished() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.finished
}

func (r *Request) writable() error {
	switch {
	case r.finished:
		return ErrFinished
	case r.gone:
		return r.lostError()
	case r.aborted:
		return errAborted
	}
	return nil
}

func (r *Request) lostError() error {
	return fmt.Errorf("%w: %w", ErrConnectionLost, context.Cause(r.r.Context()))
}

// deliver sends err to every NotifyFinish channel; the caller holds mu.
func (r *Request) deliver(err error) {
	for _, ch := range r.notify {
		ch <- err
	}
	r.notify = nil
}

// start commits the status and headers on first use, as Twisted does on the
// first write: session cookies go out, and Content-Type defaults to
// text/html except for 204, 304 and a zero Content-Length. The caller
// holds mu.
func (r *Request) start() {
	if r.started {
		return
	}
	r.started = true
	if r.codeErr != nil { // a bad SetResponseCode on a streamed response
		r.logger().Error("processing failed", "method", r.Method, "path", r.Path,
			"error", r.codeErr.Error())
		r.codeErr = nil
	}
	h := r.w.Header()
	r.writeSessionCookies(h)
	if _, set := h["Content-Type"]; !set {
		cl := h["Content-Length"]
		if r.code != http.StatusNoContent && r.code != http.StatusNotModified &&
			!(len(cl) > 0 && cl[0] == "0") {
			h["Content-Type"] = textHTML
		} else {
			h["Content-Type"] = nil // no sniffing either
		}
	}
	r.w.WriteHeader(r.code)
}
