package static

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPathEscapeRefused pins each way of climbing out of the root to the
// answer Twisted 22.4 gives for it (a 404 "File not found." page), except
// NUL, where Twisted fails with 500 and weft answers the same 404, and
// links out of the tree, which Twisted follows (docs/differences.md).
func TestPathEscapeRefused(t *testing.T) {
	root := makeTree(t)
	f := NewFile(root)
	for _, target := range []string{
		"/..", "/%2e%2e", "/%2E%2E", "/sub/..", "/sub/%2e%2e", "/sub/../a.txt",
		"/sub/%2e%2e/a.txt", "/..%2f", "/..%2fa.txt", "/%2e%2e%2foutside%2fsecret.txt",
		"/sub/%2e%2e%2f%2e%2e%2foutside", "/%2froot%2fa.txt", "/sub%2Findex.html",
		"/a%00.txt", "/%00", "/%ff", "/%c0%ae%c0%ae", "/link-out.txt", "/linkdir/secret.txt",
		"/linkdir", "/linkdir/", "/a.txt/", "/a.txt/x", "/broken", "/..%5c", "/%5c..%5c",
	} {
		t.Run(target, func(t *testing.T) {
			w := get(t, f, "GET", target)
			assertNotFound(t, w)
			if strings.Contains(w.Body.String(), "secret") {
				t.Error("served a file outside the root")
			}
		})
	}
}

// TestEncodedSlashInsideRoot pins Twisted's FilePath.child: a segment with
// encoded slashes is normalised, and served when it stays inside.
func TestEncodedSlashInsideRoot(t *testing.T) {
	w := get(t, NewFile(makeTree(t)), "GET", "/sub%2f..%2fa.txt")
	if w.Code != 200 || w.Body.String() != "hello world\n" {
		t.Errorf("got %d %q; want 200 hello world", w.Code, w.Body.String())
	}
}

// TestFollowSymlinks: with the option, links are followed as in Twisted.
func TestFollowSymlinks(t *testing.T) {
	f := NewFile(makeTree(t))
	f.FollowSymlinks = true
	for target, want := range map[string]string{
		"/link-out.txt":       "secret\n",
		"/linkdir/secret.txt": "secret\n",
		"/link-in.txt":        "hello world\n",
	} {
		if w := get(t, f, "GET", target); w.Code != 200 || w.Body.String() != want {
			t.Errorf("%s: got %d %q; want 200 %q", target, w.Code, w.Body.String(), want)
		}
	}
}

// TestSymlinkInsideRoot: a link that stays inside is served by default.
func TestSymlinkInsideRoot(t *testing.T) {
	w := get(t, NewFile(makeTree(t)), "GET", "/link-in.txt")
	if w.Code != 200 || w.Body.String() != "hello world\n" {
		t.Errorf("got %d %q", w.Code, w.Body.String())
	}
}

func TestCleanSegment(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"a.txt", "a.txt", true},
		{".", ".", true},
		{"..", "", false},
		{"a/..", ".", true},
		{"a/../b", "b", true},
		{"a/b", "", false},
		{"/etc", "", false},
		{"../x", "", false},
		{"a\x00", "", false},
		{"\xff", "", false},
		{"a\\..", "a\\..", true}, // a backslash is a name byte on POSIX
	}
	for _, tt := range tests {
		got, ok := cleanSegment(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cleanSegment(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestDirectoryMadeLater: a File for a directory that does not exist yet
// serves it once it does, as Twisted's (which looks at the disk on every
// request).
func TestDirectoryMadeLater(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "later")
	f := NewFile(dir)
	assertNotFound(t, get(t, f, "GET", "/a.txt"))
	must(t, os.Mkdir(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("now"), 0o644))
	if w := get(t, f, "GET", "/a.txt"); w.Body.String() != "now" {
		t.Errorf("got %d %q", w.Code, w.Body.String())
	}
}

// TestUnicodeFileName ports test_staticFileUnicodeFileName: a UTF-8 name,
// percent-encoded in the URL, is served.
func TestUnicodeFileName(t *testing.T) {
	w := get(t, NewFile(makeTree(t)), "GET", "/%C3%BCn%C3%AF.txt")
	if w.Code != 200 || w.Body.String() != "u" {
		t.Errorf("got %d %q", w.Code, w.Body.String())
	}
}
