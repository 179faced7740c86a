package resource

import (
	"net"
	"net/http"
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
	if _, port := r.GetHost(); port != def && port != 0 {
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

// URLPath returns the URL of the resource being rendered, PrePathURL, as
// a URLPath to build links from (Twisted's request.URLPath()). It is made
// from the request's parts, so a hostile Host header cannot change its
// shape: what a URL cannot carry is percent-encoded, and an IPv6 literal
// is put in brackets.
func (r *Request) URLPath() *URLPath {
	scheme, def := "http", 80
	if r.IsSecure() {
		scheme, def = "https", 443
	}
	netloc := r.RequestHostname()
	if strings.Contains(netloc, ":") && net.ParseIP(netloc) != nil {
		netloc = "[" + netloc + "]" // an IPv6 literal, which PrePathURL leaves bare
	}
	if _, port := r.GetHost(); port != def && port != 0 {
		netloc += ":" + strconv.Itoa(port)
	}
	var path strings.Builder
	for _, seg := range r.Prepath {
		path.WriteByte('/')
		path.WriteString(quoteSegment(seg))
	}
	return (&URLPath{Scheme: scheme, Netloc: netloc, Path: path.String()}).normalized()
}

// RequestHostname returns the host the client asked for: the Host header
// (as SetHost may have replaced it) without its port and without the
// brackets of an IPv6 literal, or the server's own address when there is
// no Host (Twisted's getRequestHostname). As Twisted, only a ":" followed
// by decimal digits counts as a port.
func (r *Request) RequestHostname() string {
	if host := r.hostHeader(); host != "" {
		return hostnameOf(host)
	}
	host, _ := r.localAddr()
	return host
}

// hostnameOf cuts the port and brackets off a Host header value as
// Twisted's pattern ^\[?(?P<host>.*?)\]?(:\d+)?$ does.
func hostnameOf(h string) string {
	h = strings.TrimPrefix(h, "[")
	end := len(h)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && i+1 < len(h) && allDigits(h[i+1:]) {
		end = i
	}
	if end > 0 && h[end-1] == ']' {
		end--
	}
	return h[:end]
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// hostHeader is the Host header as the request sees it: what SetHost set,
// or what the client sent.
func (r *Request) hostHeader() string {
	if r.override != nil {
		return r.override.header
	}
	return r.r.Host
}

// GetHost returns the host and port the request arrived on: the server's
// own address, or what SetHost set (Twisted's getHost()). When the
// connection is not known, as for a handler called directly in a test,
// the host is "" and the port is the Host header's, or 0.
func (r *Request) GetHost() (host string, port int) {
	if o := r.override; o != nil {
		return o.host, o.port
	}
	host, port = r.localAddr()
	if port == 0 {
		if _, p, err := net.SplitHostPort(r.r.Host); err == nil {
			port, _ = strconv.Atoi(p)
		}
	}
	return host, port
}

// localAddr is the address of the connection's local end, if known.
func (r *Request) localAddr() (host string, port int) {
	if a, ok := r.r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if h, p, err := net.SplitHostPort(a.String()); err == nil {
			port, _ = strconv.Atoi(p)
			return h, port
		}
	}
	return "", 0
}

// hostOverride is what SetHost set.
type hostOverride struct {
	host   string
	port   int
	secure bool
	header string // the Host header it implies
}

// SetHost changes the host, port and security the request reports, for
// when a reverse proxy or VHostMonsterResource knows better than the
// connection (Twisted's setHost(host, port, ssl)). Afterwards
// RequestHostname returns host, GetHost returns host and port, IsSecure
// returns secure, and GetHeader("Host") returns host, with ":port" unless
// port is the default for the scheme; PrePathURL and URLPath are built
// from them. Call it while traversing or rendering, not concurrently with
// other methods.
//
// Unlike Twisted, secure false makes IsSecure false even over TLS (Twisted
// leaves a TLS request secure, which is why its VHostMonsterResource
// replaces isSecure instead).
func (r *Request) SetHost(host string, port int, secure bool) {
	header, def := host, 80
	if secure {
		def = 443
	}
	if port != def {
		header += ":" + strconv.Itoa(port)
	}
	r.override = &hostOverride{host: host, port: port, secure: secure, header: header}
}

// RememberRootURL notes the URL of the resource being traversed, up to
// the segment before the last one consumed, for GetRootURL (Twisted's
// rememberRootURL). Call it from GetChild to remember where an
// application is mounted.
func (r *Request) RememberRootURL() {
	prepath := r.Prepath
	if len(prepath) > 0 {
		prepath = prepath[:len(prepath)-1]
	}
	r.rootURL = r.prePathURL(prepath)
}

// GetRootURL returns the URL noted by RememberRootURL, or "" if it was
// never called (Twisted's getRootURL, which raises then).
func (r *Request) GetRootURL() string { return r.rootURL }

// Root returns the resource the site serves this request from, the root
// of its tree (Twisted's request.site.resource), or nil when the request
// is not being processed by a site. VHostMonsterResource restarts
// traversal there.
func (r *Request) Root() Resource { return r.root }

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
