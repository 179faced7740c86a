package vhost

import (
	"maps"
	"strings"
	"sync"

	"github.com/weftgo/weft/internal/pybytes"
	"github.com/weftgo/weft/resource"
)

// NameVirtualHost serves each request with the resource registered for the
// host the client asked for: Twisted's twisted.web.vhost.NameVirtualHost.
// The Host header is compared in lower case, without anything from its
// first ":" on (as Twisted does, so the port never matters).
//
// A host with no resource is served by Default, or, when Default is nil,
// by a 404 page, Twisted's: "No Such Resource" when the request has no
// Host header (or an empty one), "host 'name' not in vhost map" otherwise.
//
// A NameVirtualHost is safe for concurrent use: AddHost and RemoveHost may
// run while it serves. Set Default before serving. As in Twisted, its own
// static children (PutChild) come before any host's.
type NameVirtualHost struct {
	resource.Base

	// Default serves requests for hosts not added (Twisted's default);
	// nil means the 404 page.
	Default resource.Resource

	mu    sync.RWMutex
	hosts map[string]resource.Resource
}

var (
	_ resource.Resource = (*NameVirtualHost)(nil)
	_ resource.Renderer = (*NameVirtualHost)(nil)
)

// NewNameVirtualHost returns a NameVirtualHost with no hosts (Twisted's
// NameVirtualHost()). The zero value is ready to use too.
func NewNameVirtualHost() *NameVirtualHost { return &NameVirtualHost{} }

// AddHost serves requests for name with res, replacing any earlier
// resource for it (Twisted's addHost). name is a host name without a
// port; it is matched case-insensitively.
func (n *NameVirtualHost) AddHost(name string, res resource.Resource) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.hosts == nil {
		n.hosts = make(map[string]resource.Resource)
	}
	n.hosts[pybytes.Lower(name)] = res
}

// RemoveHost stops serving name (Twisted's removeHost) and reports whether
// it was served; Twisted raises KeyError where it was not.
func (n *NameVirtualHost) RemoveHost(name string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	key := pybytes.Lower(name)
	_, ok := n.hosts[key]
	delete(n.hosts, key)
	return ok
}

// Hosts returns a copy of the host table, names in lower case (Twisted's
// hosts, and its VirtualHostCollection's listing).
func (n *NameVirtualHost) Hosts() map[string]resource.Resource {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return maps.Clone(n.hosts)
}

// Render renders the request with the resource for its host (Twisted's
// NameVirtualHost.render).
func (n *NameVirtualHost) Render(req *resource.Request) ([]byte, error) {
	return resource.RenderWith(n.resourceFor(req), req)
}

// GetChild hands the segment back to the resource for the request's host,
// so that traversal goes on from there as if that resource stood here
// (Twisted's NameVirtualHost.getChild). A leaf then sees the segment in
// its Postpath.
func (n *NameVirtualHost) GetChild(path string, req *resource.Request) resource.Resource {
	res := n.resourceFor(req)
	if k := len(req.Prepath); k > 0 {
		req.Prepath = req.Prepath[:k-1]
	}
	req.Postpath = append([]string{path}, req.Postpath...)
	return res
}

// resourceFor picks the resource for req's Host header (Twisted's
// _getResourceForRequest).
func (n *NameVirtualHost) resourceFor(req *resource.Request) resource.Resource {
	header, present := hostHeader(req)
	if !present {
		if n.Default != nil {
			return n.Default
		}
		return resource.NotFoundPage("", "")
	}
	host := hostKey(header)
	n.mu.RLock()
	res := n.hosts[host]
	n.mu.RUnlock()
	if res != nil {
		return res
	}
	if n.Default != nil {
		return n.Default
	}
	return resource.NotFoundPage("Not Found", "host "+pyRepr(host)+" not in vhost map")
}

// hostHeader returns the request's Host header and whether it has one. An
// empty Host counts as none, as for Request.RequestHostname: net/http
// does not keep the two apart over HTTP/1.0, nor for a request made in
// process.
func hostHeader(req *resource.Request) (string, bool) {
	h := req.GetHeader("Host")
	return h, h != ""
}

// hostKey is the table key for a Host header value, as Twisted computes
// it: lower case, cut at the first ":".
func hostKey(header string) string {
	host, _, _ := strings.Cut(header, ":")
	return pybytes.Lower(host)
}
