package server

import (
	"net/http"
	"time"
)

// CookieSettings configures the session cookie (D5). Twisted sends
// "TWISTED_SESSION=<uid>; Path=/" (Secure, and TWISTED_SECURE_SESSION, over
// TLS) and offers no settings; weft keeps those names and adds HttpOnly and
// SameSite=Lax by default, per the OWASP session management cheat sheet.
type CookieSettings struct {
	// Name is the cookie of sessions over plain HTTP. Default
	// "TWISTED_SESSION". As in Twisted, "_" and each sitepath segment are
	// appended.
	Name string
	// SecureName is the cookie of sessions over TLS. Default
	// "TWISTED_SECURE_SESSION".
	SecureName string
	// Path is the cookie's Path. Default "/", also when empty.
	Path string
	// Domain is the cookie's Domain; empty (the default) sends none, so the
	// cookie stays with the host that set it.
	Domain string
	// MaxAge, when positive, makes the cookie persistent for that long
	// (rounded down to whole seconds, at least one). Zero (the default) makes it a browser
	// session cookie, as Twisted's.
	MaxAge time.Duration
	// HTTPOnly hides the cookie from scripts. Default true: a script
	// injected into a page cannot steal the session.
	HTTPOnly bool
	// SameSite limits cross-site sending. Default http.SameSiteLaxMode,
	// which blunts cross-site request forgery; 0 sends no attribute.
	SameSite http.SameSite
	// AlwaysSecure marks the cookie Secure even on plain HTTP, for sites
	// behind a TLS-terminating proxy. Over TLS it is Secure regardless.
	AlwaysSecure bool
	// Partitioned adds the Partitioned attribute (CHIPS), for sites
	// embedded in others' pages.
	Partitioned bool
}

// defaultCookieSettings returns the settings NewSite uses.
func defaultCookieSettings() CookieSettings {
	return CookieSettings{
		Name:       "TWISTED_SESSION",
		SecureName: "TWISTED_SECURE_SESSION",
		Path:       "/",
		HTTPOnly:   true,
		SameSite:   http.SameSiteLaxMode,
	}
}

// name returns the base cookie name for secure or insecure sessions.
func (c *CookieSettings) name(secure bool) string {
	if secure {
		if c.SecureName != "" {
			return c.SecureName
		}
		return "TWISTED_SECURE_SESSION"
	}
	if c.Name != "" {
		return c.Name
	}
	return "TWISTED_SESSION"
}

// cookie returns the cookie carrying uid under name, or deleting the
// cookie when uid is "".
func (c *CookieSettings) cookie(name, uid string, secure bool) *http.Cookie {
	path := c.Path
	if path == "" { // as Twisted: never scoped to the page that made it
		path = "/"
	}
	ck := &http.Cookie{
		Name:        name,
		Value:       uid,
		Path:        path,
		Domain:      c.Domain,
		Secure:      secure || c.AlwaysSecure,
		HttpOnly:    c.HTTPOnly,
		SameSite:    c.SameSite,
		Partitioned: c.Partitioned,
	}
	switch {
	case uid == "":
		ck.MaxAge = -1 // "Max-Age=0": delete it now
	case c.MaxAge > 0:
		ck.MaxAge = max(1, int(c.MaxAge/time.Second))
	}
	return ck
}
