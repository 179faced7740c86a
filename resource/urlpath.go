package resource

import (
	"strings"

	"github.com/weftgo/weft/internal/pyquote"
)

// URLPath is an absolute URL split into its parts, for building links
// relative to it: Twisted's twisted.python.urlpath.URLPath. Request.URLPath
// returns the URL of the resource being rendered.
//
// The parts hold URI text, percent-encoded: URLPathFromString and the
// methods below encode what a URI cannot carry (spaces, quotes, non-ASCII
// bytes, ...) and leave existing %XX escapes alone, as Twisted does. The
// fields may be changed; String encodes them again. An empty Scheme means
// "http" and an empty Path means "/".
//
// The methods never change u: each returns a new URLPath. As in Twisted,
// Child, Sibling, Parent and Here drop the fragment, and drop the query
// unless keepQuery is true.
type URLPath struct {
	Scheme   string // "http" or "https", usually
	Netloc   string // host and optional port, host in lower case
	Path     string // starts with "/"
	Query    string // without the "?"
	Fragment string // without the "#"
}

// URLPathFromString parses an absolute URL (Twisted's URLPath.fromString
// and fromBytes). Parsing is lenient and never fails: bytes a URI cannot
// carry are percent-encoded, and a missing path becomes "/".
func URLPathFromString(rawURL string) *URLPath {
	ref := splitURL(rawURL)
	u := &URLPath{Scheme: ref.scheme, Netloc: ref.netloc, Path: ref.path, Query: ref.query, Fragment: ref.fragment}
	return u.normalized()
}

// String returns the URL as text (Twisted's str(urlpath)).
func (u *URLPath) String() string {
	u = u.normalized()
	var b strings.Builder
	b.Grow(len(u.Scheme) + len(u.Netloc) + len(u.Path) + len(u.Query) + len(u.Fragment) + 5)
	b.WriteString(u.Scheme)
	b.WriteByte(':')
	if u.Netloc != "" || strings.HasPrefix(u.Path, "/") {
		b.WriteString("//")
		b.WriteString(u.Netloc)
	}
	b.WriteString(u.Path)
	if u.Query != "" {
		b.WriteByte('?')
		b.WriteString(u.Query)
	}
	if u.Fragment != "" {
		b.WriteByte('#')
		b.WriteString(u.Fragment)
	}
	return b.String()
}

// PathList returns the path's segments after a leading "" for the root, so
// "/foo/bar" gives ["", "foo", "bar"] and "/" gives ["", ""] (Twisted's
// pathList). With unquoted, %XX escapes are decoded; otherwise segments
// are as in the URL.
func (u *URLPath) PathList(unquoted bool) []string {
	segs := pathSegments(u.normalized().Path)
	list := make([]string, 0, 1+len(segs))
	list = append(list, "")
	for _, s := range segs {
		if unquoted {
			s = unquote(s)
		}
		list = append(list, s)
	}
	return list
}

// Child returns the URL of segment below u (Twisted's child): appended to
// the path, or replacing its empty last segment when the path ends in
// "/". Reserved characters in segment ("/", "?", "#", ...) are
// percent-encoded; "%" is kept, so an escaped segment stays as it is.
func (u *URLPath) Child(segment string, keepQuery bool) *URLPath {
	segs := pathSegments(u.normalized().Path)
	if segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1]
	}
	segs = append(segs, encodeURLPart(segment, segmentSafe))
	return u.modified(joinSegments(segs), keepQuery)
}

// Sibling returns the URL of segment beside u (Twisted's sibling): the
// last segment of the path is replaced. A URL ending in "/" has an empty
// last segment, so its sibling lies below it. segment is encoded as in
// Child.
func (u *URLPath) Sibling(segment string, keepQuery bool) *URLPath {
	segs := pathSegments(u.normalized().Path)
	segs[len(segs)-1] = encodeURLPart(segment, segmentSafe)
	return u.modified(joinSegments(segs), keepQuery)
}

// Parent returns the URL of u's parent directory, the link ".." resolved
// against u (Twisted's parent): "/foo/bar" gives "/", "/foo/bar/" gives
// "/foo/". The root is its own parent.
func (u *URLPath) Parent(keepQuery bool) *URLPath {
	return u.modified(u.Click("..").Path, keepQuery)
}

// Here returns the URL of u's directory, the link "." resolved against u
// (Twisted's here): "/foo/bar" gives "/foo/", "/foo/bar/" itself.
func (u *URLPath) Here(keepQuery bool) *URLPath {
	return u.modified(u.Click(".").Path, keepQuery)
}

// Click returns the URL a browser would go to when following the link ref
// from u (Twisted's click): ref resolved against u as RFC 3986 §5.2 says.
// An absolute ref (with scheme and host) is returned as it is; "" returns
// u with its "." and ".." segments resolved. The query of u is kept only when ref has neither a path nor
// a query; the fragment is ref's.
//
// Two corners differ from Twisted, whose URL library does not quite follow
// the RFC: a ref with a scheme and a relative path ("mailto:x") is
// returned as it is where Twisted raises NotImplementedError, and a
// network-path ref ("//host/p") takes its port from ref, never from u.
func (u *URLPath) Click(ref string) *URLPath {
	base := u.normalized()
	if ref == "" {
		base.Path = joinSegments(resolveDotSegments(pathSegments(base.Path)))
		return base
	}
	r := splitURL(ref)
	if r.scheme != "" && (r.netloc != "" || !strings.HasPrefix(r.path, "/")) {
		return (&URLPath{Scheme: r.scheme, Netloc: r.netloc, Path: r.path, Query: r.query, Fragment: r.fragment}).normalized()
	}
	out := &URLPath{Scheme: base.Scheme, Netloc: base.Netloc, Query: r.query, Fragment: r.fragment}
	if r.scheme != "" {
		out.Scheme = r.scheme
	}
	if r.netloc != "" {
		out.Netloc = r.netloc
	}
	var segs []string
	switch {
	case r.netloc != "" || strings.HasPrefix(r.path, "/"):
		segs = pathSegments(r.path)
	case r.path != "":
		segs = pathSegments(base.Path)
		segs = append(segs[:len(segs)-1], strings.Split(r.path, "/")...)
	default:
		segs = pathSegments(base.Path)
		if r.query == "" {
			out.Query = base.Query
		}
	}
	out.Path = joinSegments(resolveDotSegments(segs))
	return out.normalized()
}

// modified returns u with path, no fragment, and its query only if
// keepQuery (Twisted's URLPath._mod).
func (u *URLPath) modified(path string, keepQuery bool) *URLPath {
	out := &URLPath{Scheme: u.Scheme, Netloc: u.Netloc, Path: path}
	if keepQuery {
		out.Query = u.Query
	}
	return out.normalized()
}

// normalized returns a copy of u with its defaults filled in and every
// part percent-encoded.
func (u *URLPath) normalized() *URLPath {
	out := &URLPath{
		Scheme:   u.Scheme,
		Netloc:   lowerHost(encodeURLPart(u.Netloc, netlocSafe)),
		Path:     encodeURLPart(u.Path, pathSafe),
		Query:    encodeURLPart(u.Query, querySafe),
		Fragment: encodeURLPart(u.Fragment, querySafe),
	}
	if out.Scheme == "" {
		out.Scheme = "http"
	}
	if out.Path == "" {
		out.Path = "/"
	}
	return out
}

// urlParts is a URL or reference split as Python's urlsplit splits it.
type urlParts struct {
	scheme, netloc, path, query, fragment string
}

// splitURL splits s into its five parts without decoding anything.
func splitURL(s string) urlParts {
	var p urlParts
	if i := strings.IndexByte(s, ':'); i > 0 && validScheme(s[:i]) {
		p.scheme, s = s[:i], s[i+1:]
	}
	s, p.fragment, _ = strings.Cut(s, "#")
	s, p.query, _ = strings.Cut(s, "?")
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		i := strings.IndexByte(s, '/')
		if i < 0 {
			i = len(s)
		}
		p.netloc, s = s[:i], s[i:]
	}
	p.path = s
	return p
}

// validScheme reports whether s is an RFC 3986 scheme.
func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

// pathSegments splits a rooted path into its segments: "/" is [""].
func pathSegments(path string) []string {
	return strings.Split(strings.TrimPrefix(path, "/"), "/")
}

// joinSegments is the rooted path of segs.
func joinSegments(segs []string) string { return "/" + strings.Join(segs, "/") }

// resolveDotSegments removes "." and ".." segments as Twisted's URL
// library does (RFC 3986 §5.2.4): ".." above the root stays at the root,
// and a path ending in "." or ".." ends in "/".
func resolveDotSegments(segs []string) []string {
	out := make([]string, 0, len(segs))
	for _, s := range segs {
		switch s {
		case ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	if last := segs[len(segs)-1]; last == "." || last == ".." {
		out = append(out, "")
	}
	return out
}

// lowerHost lowers the case of the host in netloc, leaving any user
// information as it is.
func lowerHost(netloc string) string {
	i := strings.LastIndexByte(netloc, '@') + 1
	return netloc[:i] + strings.ToLower(netloc[i:])
}

// The bytes each part of a URLPath keeps as they are; encodeURLPart
// percent-encodes every other byte. All keep "%", so encoding is
// idempotent, and the unreserved characters of RFC 3986.
var (
	segmentSafe = safeSet("!$&'()*+,;=:@")
	pathSafe    = safeSet("!$&'()*+,;=:@/")
	querySafe   = safeSet("!$&'()*+,;=:@/?")
	netlocSafe  = safeSet("!$&'()*+,;=:@[]")
)

// safeSet returns the table of bytes kept: unreserved, "%", and extra.
func safeSet(extra string) *[256]bool {
	var t [256]bool
	for c := 0; c < 256; c++ {
		t[c] = pyquote.Unreserved(byte(c))
	}
	t['%'] = true
	for i := 0; i < len(extra); i++ {
		t[extra[i]] = true
	}
	return &t
}

// encodeURLPart percent-encodes, in upper-case hex, every byte of s that
// safe does not keep. It allocates only when something needs encoding.
func encodeURLPart(s string, safe *[256]bool) string {
	for i := 0; i < len(s); i++ {
		if !safe[s[i]] {
			return encodeURLPartFrom(s, i, safe)
		}
	}
	return s
}

// encodeURLPartFrom encodes s from its first unsafe byte, at i.
func encodeURLPartFrom(s string, i int, safe *[256]bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if c := s[i]; !safe[c] {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
