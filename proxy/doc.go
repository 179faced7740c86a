// Package proxy ports twisted.web.proxy's ReverseProxyResource: a resource
// that relays the requests reaching it to another HTTP server and sends
// back what that server answers.
//
//	root.PutChild("api", proxy.NewReverseProxyResource("127.0.0.1", 8080, "/v1"))
//
// A request for /api/users?active=1 is relayed as /v1/users?active=1, with
// the Host header naming the upstream server, as in Twisted. Each path
// segment below the resource is appended to the upstream path, quoted
// again, by GetChild (Twisted's getChild), so static children added with
// PutChild are served here instead of being relayed.
//
// The relaying is net/http/httputil.ReverseProxy's, served through a
// resource.HandlerResource, so the response passes through the Request:
// an EncodingResourceWrapper above it compresses it, and HEAD drops the
// body. Where this differs from Twisted's ProxyClient (HTTP/1.1 with
// pooled connections instead of HTTP/1.0 with "Connection: close", every
// value of a repeated header kept, X-Forwarded-For appended, 502 instead
// of 501 when the upstream server cannot be reached) is listed in
// docs/differences.md.
//
// Twisted's ProxyClient and ProxyClientFactory are httputil.ReverseProxy
// and its Transport here. Its proxies that take over a whole HTTP channel
// (Proxy, ProxyRequest, ReverseProxy, ReverseProxyRequest) have no port:
// serve an httputil.ReverseProxy as the server's http.Handler instead, or
// put it in a tree with resource.WrapHandler.
package proxy
