// Package resource ports twisted.web.resource and Twisted's server.Request:
// a tree of resources, traversed one path segment at a time and rendered
// by HTTP method.
//
// A resource embeds Base and adds render methods:
//
//	type Hello struct{ resource.Base }              // class Hello(Resource)
//
//	func (*Hello) RenderGET(req *resource.Request) ([]byte, error) { // render_GET
//		return []byte("hello"), nil
//	}
//
//	root := resource.New()                           // Resource()
//	root.PutChild("hello", &Hello{})                 // putChild(b"hello", Hello())
//
// Traversal (GetChildForRequest) moves the first segment of
// Request.Postpath to Request.Prepath, takes the static child of that name
// (PutChild) or else asks GetChild, and stops at a leaf (IsLeaf) or when
// the path is used up. Segments are unquoted one by one, so "%2F" stays
// inside its segment, and "." and ".." are not normalised. A trailing
// slash is the "" child.
//
// The resource found renders with its Render<METHOD> method (RenderGET,
// RenderPOST, ..., any method name), or with Render for every method. HEAD
// without RenderHEAD renders GET and drops the body. A missing standard
// method is answered 405 with an Allow header, an unknown method 501 (see
// docs/differences.md, D4). A render returns the body, or NotDoneYet and
// calls Request.Write and Request.Finish later, from any goroutine.
//
// Twisted names and their weft counterparts: Resource → Base (and the
// Resource interface), putChild → PutChild, getChild → GetChild, isLeaf →
// IsLeaf, render_GET → RenderGET, NOT_DONE_YET → NotDoneYet, NoResource,
// ForbiddenResource and ErrorPage keep their names; on the request,
// getSession → GetSession, write → Write, finish → Finish, notifyFinish →
// NotifyFinish, args → Args, prepath/postpath → Prepath/Postpath.
//
// Work that answers later runs through Request.Go (a Deferred's callbacks
// and errbacks, as sequential code returning an error) or Request.Later
// (deferLater, reactor.callLater on the site's clock). A failure there is
// recovered, as in a render: the 500 page, or a logged error and a closed
// connection once the response has started. The server never dies of it.
package resource
