package vhost

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/weftgo/weft/resource"
)

// VHostMonsterResource lets a reverse proxy put the scheme, host and port
// the client used into the path (Twisted's
// twisted.web.vhost.VHostMonsterResource). Mounted at /vhost, a request
// for
//
//	/vhost/http/example.com/a/b      is served as /a/b, from example.com:80
//	/vhost/https/example.com:8443/a  is served as /a, from https://example.com:8443
//
// Traversal starts again at the site's root with what follows the host
// segment; the request reports the given host, port and security
// (Request.SetHost), its Prepath and Sitepath are emptied, and its Path and
// URI lose the prefix, so URLs built from it are the outside ones. The
// scheme segment "http" makes the request insecure and "https" secure; any
// other word keeps what the connection says, as in Twisted.
//
// A port that is not a decimal number from 0 to 65535 gets a 400 page
// (Twisted fails with a 500); a missing port is the scheme's default, 443
// for https (Twisted uses 80 for both). See docs/differences.md.
type VHostMonsterResource struct{ resource.Base }

var _ resource.Resource = (*VHostMonsterResource)(nil)

// GetChild takes the scheme segment and returns the resource that reads
// the host segment after it (Twisted's VHostMonsterResource.getChild).
func (*VHostMonsterResource) GetChild(path string, req *resource.Request) resource.Resource {
	switch path {
	case "http":
		return &hostResource{scheme: schemeHTTP}
	case "https":
		return &hostResource{scheme: schemeHTTPS}
	}
	return &hostResource{}
}

// The scheme a hostResource applies.
const (
	schemeAsIs = iota
	schemeHTTP
	schemeHTTPS
)

// hostResource reads the host segment (Twisted's _HostResource). Rendered
// itself, as for /vhost/http, it is a bare resource.
type hostResource struct {
	resource.Base
	scheme int
}

// GetChild applies the host segment and restarts traversal at the root.
func (h *hostResource) GetChild(path string, req *resource.Request) resource.Resource {
	secure := req.IsSecure()
	switch h.scheme {
	case schemeHTTP:
		secure = false
	case schemeHTTPS:
		secure = true
	}
	host, port, ok := splitHostSegment(path, secure)
	if !ok {
		return resource.NewErrorPage(http.StatusBadRequest, "Bad Request",
			"The virtual host path has an invalid port.")
	}
	req.SetHost(host, port, secure)
	dropPrefix(req)
	if root := req.Root(); root != nil {
		return root
	}
	return resource.NoResource("")
}

// splitHostSegment splits "host" or "host:port" at its first ":", as
// Twisted does; a missing port is the scheme's default, and a port must be
// decimal digits, at most 65535.
func splitHostSegment(seg string, secure bool) (host string, port int, ok bool) {
	host, p, found := strings.Cut(seg, ":")
	if !found {
		if secure {
			return host, 443, true
		}
		return host, 80, true
	}
	if p == "" || len(p) > 5 || strings.Trim(p, "0123456789") != "" {
		return "", 0, false
	}
	port, _ = strconv.Atoi(p)
	return host, port, port <= 65535
}

// dropPrefix forgets every segment consumed so far, as Twisted's
// _HostResource does (it drops three: the mount point, scheme and host):
// Prepath and Sitepath become empty, and Path and URI keep only the
// segments still to traverse, escaped as the client sent them, and the
// query.
func dropPrefix(req *resource.Request) {
	consumed := len(req.Prepath)
	rest := req.Path
	for i := 0; i < consumed && rest != ""; i++ {
		if j := strings.IndexByte(rest[1:], '/'); j >= 0 {
			rest = rest[1+j:]
		} else {
			rest = ""
		}
	}
	_, query, hasQuery := strings.Cut(req.URI, "?")
	req.URI = rest
	if hasQuery {
		req.URI += "?" + query
	}
	if rest == "" {
		rest = "/" // as Twisted: the path is "/", the URI may be empty
	}
	req.Path = rest
	req.Prepath = req.Prepath[:0]
	req.Sitepath = nil
}
