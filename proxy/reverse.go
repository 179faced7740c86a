package proxy

import (
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"

	"github.com/weftgo/weft/internal/pyquote"
	"github.com/weftgo/weft/internal/serving"
	"github.com/weftgo/weft/resource"
)

// ReverseProxyResource relays requests to another HTTP server: Twisted's
// twisted.web.proxy.ReverseProxyResource. Make one with
// NewReverseProxyResource; set Transport before serving, if at all. It is
// safe for concurrent use by multiple goroutines.
type ReverseProxyResource struct {
	resource.Base

	// Host and Port name the upstream server.
	Host string
	Port int
	// Path is the upstream path this resource stands for, already escaped
	// and without a trailing slash: a request below the resource is
	// relayed to Path followed by its own segments.
	Path string

	// Transport makes the upstream requests; nil means
	// http.DefaultTransport. Children made by GetChild share it.
	Transport http.RoundTripper
}

var _ resource.Resource = (*ReverseProxyResource)(nil)

// NewReverseProxyResource returns a resource that relays requests to the
// server at host and port, under path (Twisted's
// ReverseProxyResource(host, port, path)). Path is escaped already and has
// no trailing slash: with "/foo", a request for the child "bar" goes to
// "/foo/bar".
func NewReverseProxyResource(host string, port int, path string) *ReverseProxyResource {
	return &ReverseProxyResource{Host: host, Port: port, Path: path}
}

// GetChild returns a resource for the same server whose path has the
// segment appended, quoted again so that "/", "%" and the like stay inside
// it (Twisted's getChild, which quotes with no safe characters).
func (p *ReverseProxyResource) GetChild(segment string, req *resource.Request) resource.Resource {
	return &ReverseProxyResource{
		Host:      p.Host,
		Port:      p.Port,
		Path:      p.Path + "/" + pyquote.Quote(segment),
		Transport: p.Transport,
	}
}

// Render relays the request, whatever its method, and sends back the
// upstream response: its status, headers and body, streamed (Twisted's
// render). The query string is kept; the Host header names the upstream
// server, without the port when it is 80, as Twisted sets it; the
// client's address is appended to X-Forwarded-For (Twisted adds nothing).
// If the upstream server cannot be reached, or fails before it answers,
// the response is 502 with Twisted's "Could not connect" page.
func (p *ReverseProxyResource) Render(req *resource.Request) ([]byte, error) {
	rp := &httputil.ReverseProxy{
		Rewrite:      p.rewrite,
		Transport:    p.Transport,
		ErrorHandler: couldNotConnect,
	}
	return resource.WrapHandler(rp).Render(req)
}

// rewrite points the outgoing request at the upstream server.
func (p *ReverseProxyResource) rewrite(pr *httputil.ProxyRequest) {
	out := pr.Out
	out.URL.Scheme = "http"
	out.URL.Host = net.JoinHostPort(p.Host, strconv.Itoa(p.Port))
	out.URL.RawPath = p.Path
	if path, err := url.PathUnescape(p.Path); err == nil {
		out.URL.Path = path
	} else {
		out.URL.Path, out.URL.RawPath = p.Path, ""
	}
	out.URL.RawQuery = pr.In.URL.RawQuery
	out.URL.ForceQuery = false // Twisted drops an empty query's "?"
	out.Host = out.URL.Host
	if p.Port == 80 {
		out.Host = p.Host
	}
	forwarded := serving.PeerIP(pr.In)
	if prior := pr.In.Header["X-Forwarded-For"]; len(prior) > 0 {
		forwarded = strings.Join(prior, ", ") + ", " + forwarded
	}
	out.Header.Set("X-Forwarded-For", forwarded)
}

// couldNotConnectPage is the body Twisted's ProxyClientFactory sends when
// it cannot connect.
const couldNotConnectPage = "<H1>Could not connect</H1>"

// couldNotConnect answers a request the upstream server did not answer.
// Twisted says 501 Gateway error; 502 Bad Gateway is what RFC 9110 §15.6.3
// names for it.
func couldNotConnect(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	io.WriteString(w, couldNotConnectPage)
}
