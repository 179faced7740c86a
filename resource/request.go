package resource

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/weftgo/weft/internal/serving"
)

// Request is one HTTP request as a resource sees it: Twisted's
// twisted.web.server.Request. The site makes it, traverses the tree with
// it and hands it to the render method.
//
// A Request is used by the goroutine that renders it; after a render
// returns NotDoneYet, Write, Finish and the header methods may be called
// from any goroutine, one at a time or concurrently.
type Request struct {
	// Method is the request method as the client sent it, case kept.
	Method string
	// URI is the request target as received, query included (Twisted's
	// uri).
	URI string
	// Path is URI without its query, still escaped (Twisted's path).
	Path string
	// Prepath holds the unquoted segments traversal has consumed.
	Prepath []string
	// Postpath holds the unquoted segments still to traverse; a leaf
	// sees what it was not asked to traverse.
	Postpath []string
	// Sitepath is Prepath at the site's root; it is appended to session
	// cookie names, as Twisted does.
	Sitepath []string
	// Args holds the query arguments, plus the fields of a POST form body
	// (urlencoded or multipart), whose keys replace the query's: Twisted's
	// request.args. Values are raw bytes as Go strings. It is nil when the
	// request has none.
	Args url.Values
	// Content is the request body. For a POST form it has been read
	// already and Content reads it again from the start.
	Content io.Reader

	r    *http.Request
	w    http.ResponseWriter
	host serving.Host

	// Small paths live in these arrays, so traversal does not allocate.
	prebuf, postbuf [8]string
	// contentLength backs the Content-Length header, sparing an allocation.
	contentLength [1]string

	// override is what SetHost set, or nil; rootURL is what
	// RememberRootURL noted; root is the resource Process serves from.
	// None costs newRequest anything.
	override  *hostOverride
	rootURL   string
	root      Resource
	message   string // guarded by mu: SetResponseCodeMessage's message
	messageOf int    // guarded by mu: the code message was given with

	mu       sync.Mutex
	code     int
	codeErr  error // a code SetResponseCode refused, until it is reported
	started  bool  // the status line and headers are committed
	finished bool  // Finish was called
	gone     bool  // the client left before Finish
	aborted  bool  // background work failed after the response started
	sent     int64 // body bytes written, for the access log
	done     chan struct{}
	notify   []chan error
	sessions [2]sessionSlot // [0] insecure, [1] secure
}

// newRequest returns the Request for r, answered through w, served by host
// (nil for none). It splits and unquotes the path and parses Args; for a
// POST form it reads the body, within host's limits. An error wraps
// errURITooLong, errBodyTooLarge, errTooManyFields or errBadForm, or is
// the body's read error.
func newRequest(w http.ResponseWriter, r *http.Request, host serving.Host) (*Request, error) {
	uri := r.RequestURI
	target := uri
	if target == "" || target[0] != '/' && target != "*" {
		// An absolute-form target ("http://host/path", RFC 9112 §3.2.2),
		// or a request made in process without one: traverse its path.
		// Twisted would traverse the whole URL and answer 404.
		target = r.URL.RequestURI()
		if uri == "" {
			uri = target
		}
	}
	path, query, _ := strings.Cut(target, "?")
	req := &Request{
		Method:  r.Method,
		URI:     uri,
		Path:    path,
		Content: r.Body,
		r:       r,
		w:       w,
		host:    host,
		code:    http.StatusOK,
	}
	req.Prepath = req.prebuf[:0]
	return req, req.readTarget(path, query)
}

// HTTPRequest returns the underlying *http.Request.
func (r *Request) HTTPRequest() *http.Request { return r.r }

// ResponseWriter returns the underlying http.ResponseWriter. Writing to it
// directly bypasses the Request's bookkeeping (default Content-Type,
// session cookies, Finish); prefer the Request's methods.
func (r *Request) ResponseWriter() http.ResponseWriter { return r.w }

// Context returns the request's context, which is cancelled when the
// client goes away or the response is done.
func (r *Request) Context() context.Context { return r.r.Context() }

// GetHeader returns the first value of the named request header, or ""
// (Twisted's getHeader). "Host" gives the Host header, as SetHost may have
// replaced it, although net/http keeps it out of the header map.
func (r *Request) GetHeader(name string) string {
	if len(name) == 4 && strings.EqualFold(name, "Host") {
		return r.hostHeader()
	}
	return r.r.Header.Get(name)
}

// RequestHeaders returns the request headers (Twisted's requestHeaders).
func (r *Request) RequestHeaders() http.Header { return r.r.Header }

// ResponseHeaders returns the response headers, to read or change before
// the response starts (Twisted's responseHeaders).
func (r *Request) ResponseHeaders() http.Header { return r.w.Header() }

// IsSecure reports whether the request came over TLS, or what SetHost
// said (Twisted's isSecure).
func (r *Request) IsSecure() bool {
	if r.override != nil {
		return r.override.secure
	}
	return r.r.TLS != nil
}

// ClientAddress returns the client's IP address (Twisted's getClientIP):
// the connection's peer, unless the site trusts the proxy it came through.
func (r *Request) ClientAddress() string {
	if r.host != nil {
		return r.host.ClientIP(r.r)
	}
	return serving.PeerIP(r.r)
}

// GetCookie returns the value of the named request cookie, or "" (Twisted's
// getCookie). As Twisted, the value is taken as sent, and when a name comes
// more than once the last one counts.
func (r *Request) GetCookie(name string) string {
	v, _ := cookieValue(r.r.Header["Cookie"], name)
	return v
}

// cookieValue finds a cookie in Cookie header lines as Twisted's
// parseCookies: pairs split at ";", leading blanks dropped, a pair without
// "=" skipped, the last match wins. It does not allocate.
func cookieValue(lines []string, name string) (value string, ok bool) {
	for _, line := range lines {
		for line != "" {
			var pair string
			if i := strings.IndexByte(line, ';'); i >= 0 {
				pair, line = line[:i], line[i+1:]
			} else {
				pair, line = line, ""
			}
			pair = trimLeftSpace(pair)
			k, v, found := strings.Cut(pair, "=")
			if found && k == name {
				value, ok = v, true
			}
		}
	}
	return value, ok
}

// trimLeftSpace drops leading ASCII white space, as Python's bytes.lstrip.
func trimLeftSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || '\t' <= s[0] && s[0] <= '\r') {
		s = s[1:]
	}
	return s
}

func (r *Request) logger() *slog.Logger {
	if r.host != nil {
		if l := r.host.Logger(); l != nil {
			return l
		}
	}
	return slog.Default()
}
