package resource

import (
	"net/url"
	"slices"
	"strings"
)

// splitTarget fills Prepath and Postpath from the escaped target path. A
// handler above the site may have cut a mount prefix from u's path
// (http.StripPrefix under a ServeMux or chi, or a HandlerResource of
// another site): then the segments it cut start Prepath, and Sitepath,
// so that URLs built from Prepath are right and session cookies are named
// for the mount point, as with a Twisted site served below another
// (twisted.web.distrib). Traversal starts below the mount point.
func (r *Request) splitTarget(u *url.URL, path string) {
	r.Prepath = r.prebuf[:0]
	rest := path
	if b := mountBoundary(u, path); b > 0 {
		r.Prepath = splitPath(r.Prepath, path[:b])
		// A copy: resources that rewrite Prepath in place
		// (VHostMonsterResource) must not change the cookie's name.
		r.Sitepath = slices.Clone(r.Prepath)
		rest = path[b:]
	}
	if rest == "" && path != "" { // "/app" served at "/app": the root itself
		r.Postpath = r.postbuf[:0]
		return
	}
	r.Postpath = splitPath(r.postbuf[:0], rest)
}

// mountBoundary returns the index in the escaped target path where the
// part still in u begins, when something above the site cut the path before
// it at a segment boundary; otherwise 0. What is left is path[b:], empty or
// starting with "/".
func mountBoundary(u *url.URL, path string) int {
	if u == nil || u.RawPath == "" && u.Path == path || u.RawPath == path {
		return 0
	}
	left := u.EscapedPath()
	if left == path || len(left) >= len(path) || !strings.HasSuffix(path, left) {
		return 0
	}
	b := len(path) - len(left)
	if (left == "" || left[0] != '/') && path[b-1] == '/' {
		b-- // StripPrefix("/app/") leaves "x" of "/app/x": keep the "/" below the mount
	}
	if b <= 0 || path[0] != '/' || b < len(path) && path[b] != '/' {
		return 0
	}
	return b
}
