package resource

import (
	"fmt"
	"net/http"
	"reflect"
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

// SessionComponent returns the component of the request's session for the
// interface type iface, as Twisted's getSession(sessionInterface). Use
// components.Adapt for a typed result.
func (r *Request) SessionComponent(iface reflect.Type) any {
	s := r.GetSession()
	return s.GetComponent(iface, nil)
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
	if slot.s != nil && slot.s.KeepAlive() {
		return slot.s
	}
	if !slot.looked {
		slot.looked = true
		uid, _ := cookieValue(r.r.Header["Cookie"], r.sessionCookieName(secure))
		slot.clientUID = uid
		if uid != "" {
			if s := r.host.LookupSession(uid); s != nil && s.KeepAlive() {
				slot.s = s
				return s
			}
		}
	}
	register := !r.started
	s, err := r.host.NewSession(register)
	if err != nil {
		panic(fmt.Errorf("resource: making a session: %w", err))
	}
	if !register {
		r.logger().Warn("session made after the response started: its cookie cannot be sent, so it is kept out of the site",
			"method", r.Method, "path", r.Path)
	}
	slot.s, slot.detached = s, !register
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
// client's cookie when its session was expired here (D11). Any response
// that sets one is kept out of shared caches. The caller holds mu.
func (r *Request) writeSessionCookies(h http.Header) {
	set := false
	for i := range r.sessions {
		slot := &r.sessions[i]
		var c *http.Cookie
		switch {
		case slot.s == nil:
			continue
		case !slot.s.Expired():
			if slot.s.UID != slot.clientUID {
				c = r.host.SessionCookie(r.sessionCookieName(i == 1), slot.s.UID, i == 1)
			}
		case slot.clientUID != "":
			c = r.host.SessionCookie(r.sessionCookieName(i == 1), "", i == 1)
		}
		if c != nil {
			h.Add("Set-Cookie", c.String())
			set = true
		}
	}
	if set {
		// Add, not Set: a page's own Cache-Control (no-store, private)
		// must survive; the directive only narrows what caches may do.
		h.Add("Cache-Control", `no-cache="Set-Cookie"`)
		h.Add("Vary", "Cookie")
	}
}
