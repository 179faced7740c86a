package resource

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzMountBoundary: whatever a handler above the site left of the path,
// the mount boundary is 0 or falls on a "/" (or the end) of the path, and
// what follows it is what the handler left, give or take that "/".
func FuzzMountBoundary(f *testing.F) {
	f.Add("/app/x", 4)
	f.Add("/app/x", 5)
	f.Add("/app/", 4)
	f.Add("/app", 4)
	f.Add("/a%2fb/c", 6)
	f.Add("//x", 1)
	f.Fuzz(func(t *testing.T, path string, cut int) {
		if cut < 0 || cut > len(path) {
			return
		}
		u, err := url.ParseRequestURI("/" + strings.TrimPrefix(path, "/"))
		if err != nil {
			return
		}
		path = u.EscapedPath()
		if cut > len(path) {
			return
		}
		left, err := url.Parse(path[cut:])
		if err != nil || left.Scheme != "" || left.Host != "" || left.RawQuery != "" || left.Fragment != "" {
			return
		}
		b := mountBoundary(left, path)
		if b < 0 || b > len(path) {
			t.Fatalf("boundary %d outside %q", b, path)
		}
		if b > 0 && b < len(path) && path[b] != '/' {
			t.Fatalf("boundary %d of %q is not at a /", b, path)
		}
		if b > 0 && !strings.HasSuffix(path[b:], strings.TrimPrefix(left.EscapedPath(), "/")) {
			t.Fatalf("%q cut at %d does not end with what was left, %q", path, b, left.EscapedPath())
		}
	})
}
