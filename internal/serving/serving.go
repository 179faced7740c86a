// Package serving is what package server and package resource share and
// users never see: the view of a site that a request needs (Host), and the
// request machinery that serves one HTTP request (Serve), which package
// resource provides and package server calls. Keeping them here keeps both
// packages' go doc a user's API.
package serving

import (
	"context"
	"log/slog"
	"net"
	"net/http"

	"github.com/weftgo/weft/session"
)

// Host is what a request needs from the site that serves it. server.Site
// implements it with an unexported type; resource's tests with stubs.
type Host interface {
	// Logger receives render failures and warnings.
	Logger() *slog.Logger
	// DisplayTracebacks reports whether a 500 page shows the error and
	// stack (Twisted's Site.displayTracebacks).
	DisplayTracebacks() bool
	// MaxFormBytes bounds a POST form body parsed into Args.
	MaxFormBytes() int64
	// ClientIP returns the client's address for r: its peer, or what a
	// trusted proxy says.
	ClientIP(r *http.Request) string

	// LookupSession returns the live session with uid, touched; nil and
	// no error when there is none. An error (one wrapping
	// session.ErrUnavailable: the store cannot be reached) fails the
	// request with a 503: no new session replaces one that may exist.
	LookupSession(ctx context.Context, uid string) (*session.Session, error)
	// NewSession makes a session. With register false the session is kept
	// out of the site's store and no timer runs for it: the request could
	// not send its cookie, so nobody could find it again (D10). The request
	// expires such a session when it ends. An error wrapping
	// session.ErrFull means the store is full: the request gets a 503.
	NewSession(ctx context.Context, register bool) (*session.Session, error)
	// SessionCookieName returns the base cookie name for secure or
	// insecure sessions; the request appends "_" and the sitepath.
	SessionCookieName(secure bool) string
	// SessionCookie returns the cookie that carries uid under name, or
	// that deletes it when uid is "".
	SessionCookie(name, uid string, secure bool) *http.Cookie
}

// Serve serves r from root (a resource.Resource) for the site h: it builds
// the request, traverses, renders, and returns when the response is done.
// It returns the *resource.Request, for the site's access log, and the
// status of a request it rejected without a page (a malformed form: a bare
// 400), or 0. Package resource sets it when it is initialised; package
// server, which imports resource, calls it.
var Serve func(w http.ResponseWriter, r *http.Request, root any, h Host) (req any, rejected int)

// PeerIP returns the IP address of r's peer, from RemoteAddr.
func PeerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
