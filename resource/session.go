package resource

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/weftgo/weft/session"
)

// sessionSlot is what a request knows of its secure or insecure session.
type sessionSlot struct {
	s         *session.Session
	detached  bool   // s was made after the response started (D10)
	looked    bool   // the cookie has been read
	clientUID string // the uid the client's cookie carried, if any
}

// GetSession returns the session of the browser that sent the request,
// making one if the session cookie is missing, unknown or names an
// expired session (Twisted's getSession). The session is touched on every
// call (D1) and cached for the rest of the request; a session expired
// during the request is replaced by a fresh one (D3). The cookie is
// TWISTED_SESSION, or TWISTED_SECURE_SESSION over TLS, with "_" and the
// sitepath appended as in Twisted; the response sends it when the session
// is new or renewed, and deletes it when the session was expired and not
// replaced (D11). A client-chosen id is never adopted.
//
// A session made after the response has started cannot reach the client:
// the site logs a warning and the session is kept out of its table (D10).
//
// GetSession panics if the site cannot make a session (its id source
// failed); the site turns the panic into a 500 page, as any other.
func (r *Request) GetSession() *session.Session { return r.getSession(false) }

// GetSessionForceNotSecure is GetSession(forceNotSecure=True) in Twisted:
// on a TLS request it returns the insecure session, cookie
// TWISTED_SESSION.
func (r *Request) GetSessionForceNotSecure() *session.Session { return r.getSession(true) }

// Session returns the session GetSession found or made for this request,
// matching its security, or nil if it has not been called (Twisted's
// request.session).
func (r *Request) Session() *session.Session {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sessions[slotIndex(r.IsSecure())].s
}

func slotIndex(secure bool) int {
	if secure {
		return 1
	}
	return 0
}

func (r *Request) getSession(forceNotSecure bool) *session.Session {
	if r.host == nil {
		panic("resource: GetSession on a request with no site")
	}
	secure := r.IsSecure() && !forceNotSecure
	r.mu.Lock()
	defer r.mu.Unlock()
	slot := &r.sessions[slotIndex(secure)]
	if s := slot.s; s != nil {
		// Touched and still live: found again in the site's store (which
		// refuses a session past its deadline), or a detached one not
		// yet expired.
		if slot.detached && !s.Expired() || !slot.detached && r.lookupSession(s.UID()) == s {
			return s
		}
	}
	if !slot.looked {
		slot.looked = true
		uid, _ := cookieValue(r.r.Header["Cookie"], r.sessionCookieName(secure))
		slot.clientUID = uid
		if uid != "" {
			if s := r.lookupSession(uid); s != nil {
				slot.s = s
				return s
			}
		}
	}
	register := !r.started
	s, err := r.host.NewSession(r.Context(), register)
	if err != nil {
		// A full store (session.ErrFull) or one that cannot be reached
		// (session.ErrUnavailable) becomes a 503, anything else the 500
		// page.
		panic(fmt.Errorf("resource: making a session: %w", err))
	}
	if !register {
		r.logger().Warn("session made after the response started: its cookie cannot be sent, so it is kept out of the site",
			"method", r.Method, "path", r.Path)
	}
	slot.s, slot.detached = s, !register
	return s
}

// lookupSession returns the live session with uid, or nil. A store that
// fails panics, as GetSession's making a session does: the request gets a
// 503 (or 500) page, never a fresh session in place of one that may exist.
func (r *Request) lookupSession(uid string) *session.Session {
	s, err := r.host.LookupSession(r.Context(), uid)
	if err != nil {
		panic(fmt.Errorf("resource: looking up a session: %w", err))
	}
	return s
}

// expireDetached ends the sessions this request made after its response had
// started: nobody can reach them once the request is over (D10), and
// expiring them runs their callbacks.
func (r *Request) expireDetached() {
	r.mu.Lock()
	var ended []*session.Session
	for i := range r.sessions {
		if slot := &r.sessions[i]; slot.detached {
			ended = append(ended, slot.s)
		}
	}
	r.mu.Unlock()
	for _, s := range ended {
		s.Expire()
	}
}

// sessionCookieName is Twisted's cookie name: the base name, then "_" and
// each sitepath segment.
func (r *Request) sessionCookieName(secure bool) string {
	name := r.host.SessionCookieName(secure)
	if len(r.Sitepath) == 0 {
		return name
	}
	return name + "_" + strings.Join(r.Sitepath, "_")
}

// writeSessionCookies adds the session cookies this response owes: one for
// a session whose uid the client does not have yet, one deleting the
// client's cookie when its session was expired here (D11). The caller
// holds mu.
//
// Any response of a request that used a session depends on the cookie, so
// it says so (Vary: Cookie) and, unless the page chose its own
// Cache-Control, is kept out of shared caches (Cache-Control: private): a
// page that shows its owner their data must never be served to another
// client by a proxy. A response that sets a cookie also tells caches not
// to reuse that header (no-cache="Set-Cookie").
func (r *Request) writeSessionCookies(h http.Header) {
	used, set := false, false
	for i := range r.sessions {
		slot := &r.sessions[i]
		if slot.s == nil {
			continue
		}
		used = true
		var c *http.Cookie
		switch {
		case !slot.s.Expired():
			if uid := slot.s.UID(); uid != slot.clientUID {
				c = r.host.SessionCookie(r.sessionCookieName(i == 1), uid, i == 1)
			}
		case slot.clientUID != "":
			c = r.host.SessionCookie(r.sessionCookieName(i == 1), "", i == 1)
		}
		if c != nil {
			h.Add("Set-Cookie", c.String())
			set = true
		}
	}
	if !used {
		return
	}
	if _, own := h["Cache-Control"]; !own {
		h["Cache-Control"] = cacheControlPrivate
	}
	if set {
		// Add, not Set: a page's own Cache-Control (no-store, private)
		// must survive; the directive only narrows what caches may do.
		h.Add("Cache-Control", `no-cache="Set-Cookie"`)
	}
	switch {
	case len(h["Vary"]) == 0:
		h["Vary"] = varyCookie
	case !varies(h, "Cookie"):
		h.Add("Vary", "Cookie")
	}
}

// cacheControlPrivate is the default Cache-Control of a response that used
// a session; one shared slice, never modified in place.
var cacheControlPrivate = []string{"private"}

// varyCookie is "Vary: Cookie", shared in the same way.
var varyCookie = []string{"Cookie"}

// varies reports whether h's Vary header names field already.
func varies(h http.Header, field string) bool {
	for _, v := range h["Vary"] {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, field) {
				return true
			}
		}
	}
	return false
}
