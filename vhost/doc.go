// Package vhost serves several sites from one tree, chosen by the Host
// header or by the URL: Twisted's twisted.web.vhost.
//
// A NameVirtualHost picks a resource by the Host header, case-insensitively
// and ignoring the port, and falls back to its Default or to a 404 page:
//
//	hosts := vhost.NewNameVirtualHost()
//	hosts.AddHost("example.com", exampleRoot)
//	hosts.AddHost("www.example.com", exampleRoot)
//	hosts.Default = otherRoot
//	site := server.NewSite(hosts)
//
// A VHostMonsterResource lets a reverse proxy say, in the path, which
// scheme, host and port the client used. Mounted at /vhost, a request for
// /vhost/https/example.com:8443/a/b is served as /a/b from the site's
// root, and the request reports https, example.com and 8443 (through
// resource.Request.SetHost), so PrePathURL, URLPath, redirects and secure
// session cookies all use the outside address:
//
//	root.PutChild("vhost", &vhost.VHostMonsterResource{})
//
// Both are safe for concurrent use; AddHost and RemoveHost may be called
// while the site serves. docs/differences.md lists where they differ from
// Twisted.
package vhost
