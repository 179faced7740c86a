package static

import (
	"os"
	"strings"
	"testing"

	"github.com/weftgo/weft/resource"
)

// TestListingGolden compares the listing with Twisted 22.4's page for the
// same tree (testdata/gen_listing.py), byte for byte: order (directories
// first, then files by name), row classes, escaping of text and links,
// sizes, types and encodings, and the heading from the request URI.
func TestListingGolden(t *testing.T) {
	root := makeTree(t)
	tests := []struct {
		golden, target string
	}{
		{"testdata/listing-root.golden", "/"},
		{"testdata/listing-dir.golden", "/d%26ir/?x=%3Cy%3E"},
	}
	for _, tt := range tests {
		want, err := os.ReadFile(tt.golden)
		must(t, err)
		f := NewFile(root)
		f.FollowSymlinks = true // Twisted follows links, and lists them
		w := get(t, f, "GET", tt.target)
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("%s: %d %q", tt.target, w.Code, w.Header().Get("Content-Type"))
		}
		if got := w.Body.String(); got != string(want) {
			t.Errorf("%s: listing differs from Twisted's\n got: %q\nwant: %q", tt.target, got, want)
		}
	}
}

// TestListingHidesLinksOut: by default, links that leave the tree are not
// listed (Twisted lists them); links inside are.
func TestListingHidesLinksOut(t *testing.T) {
	body := get(t, NewFile(makeTree(t)), "GET", "/").Body.String()
	for _, name := range []string{"link-out.txt", "linkdir", "broken"} {
		if strings.Contains(body, name) {
			t.Errorf("listing shows %s", name)
		}
	}
	if !strings.Contains(body, `<a href="link-in.txt">`) {
		t.Error("listing hides link-in.txt")
	}
}

func TestFormatFileSize(t *testing.T) {
	for size, want := range map[int64]string{
		0: "0B", 1023: "1023B", 1024: "1K", 1<<20 - 1: "1023K", 1 << 20: "1M", 5<<30 + 7: "5G", 3000 << 30: "3000G",
	} {
		if got := formatFileSize(size); got != want {
			t.Errorf("formatFileSize(%d) = %q; want %q", size, got, want)
		}
	}
}

func TestDirectoryListerDirs(t *testing.T) {
	d := NewDirectoryLister(makeTree(t))
	d.Dirs = []string{"a.txt", "sub"}
	r := resource.New()
	r.PutChild("x", d)
	body := get(t, r, "GET", "/x").Body.String()
	if !strings.Contains(body, `<tr class="odd">
    <td><a href="sub/">sub/</a></td>`) || !strings.Contains(body, `<tr class="even">
    <td><a href="a.txt">a.txt</a></td>`) || strings.Contains(body, "kilo") {
		t.Errorf("got %s", body)
	}
}
