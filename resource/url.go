package resource

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// PrePathURL returns the absolute URL of the resource being rendered: the
// scheme, the host the client asked for, the port unless it is the
// scheme's default, and the quoted Prepath (Twisted's prePathURL).
func (r *Request) PrePathURL() string {
	return r.prePathURL(r.Prepath)
}

func (r *Request) prePathURL(prepath []string) string {
	var b strings.Builder
	scheme, def := "http", 80
	if r.IsSecure() {
		scheme, def = "https", 443
	}
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(r.RequestHostname())
	if port := r.localPort(); port != def && port != 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(port))
	}
	b.WriteByte('/')
	for i, seg := range prepath {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(quoteSegment(seg))
	}
	return b.String()
}

// URLPath returns PrePathURL parsed, for building links relative to it
// (Twisted's URLPath).
func (r *Request) URLPath() *url.URL {
	u, err := url.Parse(r.PrePathURL())
	if err != nil { // cannot happen: every part is quoted
		return &url.URL{}
	}
	return u
}

// RequestHostname returns the host the client asked for, from the Host
// header without its port, or the server's own address (Twisted's
// getRequestHostname).
func (r *Request) RequestHostname() string {
	if host := r.r.Host; host != "" {
		if h, _, err := net.SplitHostPort(host); err == nil {
			return h
		}
		return strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if a, ok := r.r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if h, _, err := net.SplitHostPort(a.String()); err == nil {
			return h
		}
	}
	return ""
}

// localPort is the port the connection arrived on (Twisted's
// getHost().port), or the Host header's port when the connection is not
// known, as in tests.
func (r *Request) localPort() int {
	if a, ok := r.r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, p, err := net.SplitHostPort(a.String()); err == nil {
			n, _ := strconv.Atoi(p)
			return n
		}
	}
	if _, p, err := net.SplitHostPort(r.r.Host); err == nil {
		n, _ := strconv.Atoi(p)
		return n
	}
	return 0
}

// ChildLink returns a relative URL to the child name of the resource being
// rendered (Twisted's childLink).
func (r *Request) ChildLink(name string) string {
	switch lpp := len(r.Postpath); {
	case lpp > 1:
		return strings.Repeat("../", lpp-1) + name
	case lpp == 1:
		return name
	}
	if n := len(r.Prepath); n > 0 && r.Prepath[n-1] != "" {
		return r.Prepath[n-1] + "/" + name
	}
	return name
}

// SibLink returns a relative URL to the sibling name of the resource being
// rendered (Twisted's sibLink).
func (r *Request) SibLink(name string) string {
	if len(r.Postpath) > 0 {
		return strings.Repeat("../", len(r.Postpath)) + name
	}
	return name
}
