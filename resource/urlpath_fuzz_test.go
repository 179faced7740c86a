package resource_test

import (
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
)

// FuzzURLPath checks that no URL or link breaks URLPath: parsing never
// fails, String is stable when parsed again, a child is the last segment
// of its path, and resolving a link never panics and gives a rooted path.
func FuzzURLPath(f *testing.F) {
	for _, s := range [][2]string{
		{"http://example.com/foo/bar?yes=no#f", "../x"}, {"http://h", "//h2/p"}, {"https://h:1/a/", "?q"},
		{"http://h/%zz/", "mailto:x"}, {"http://[::1]:80/a b", "a/./b/../../.."}, {"", ""}, {"x", "#"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, raw, ref string) {
		u := resource.URLPathFromString(raw)
		s := u.String()
		if again := resource.URLPathFromString(s).String(); again != s {
			t.Fatalf("%q: String %q parses back to %q", raw, s, again)
		}
		// A segment without escapes comes back whole from the child's path.
		if list := u.Child(ref, true).PathList(true); !strings.Contains(ref, "%") && list[len(list)-1] != ref {
			t.Fatalf("child %q of %q: path list %q", ref, raw, list)
		}
		if p := u.Click(ref).Path; p != "" && p[0] != '/' && u.Click(ref).Netloc != "" {
			t.Fatalf("Click(%q) on %q: path %q", ref, raw, p)
		}
		u.Here(true)
		u.Parent(false)
		u.Sibling(ref, false)
	})
}
