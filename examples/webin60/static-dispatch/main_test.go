package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weftgo/weft/internal/browser"
)

// The page: /foo, /bar and /baz each serve a listing of their own
// directory; the bare root has nothing else.
func TestStaticDispatch(t *testing.T) {
	dirs := map[string]string{}
	for _, name := range []string{"foo", "bar", "baz"} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "in-"+name+".txt"), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		dirs[name] = dir
	}
	site := newSite(dirs["foo"], dirs["bar"], dirs["baz"])
	defer site.Close()
	b := browser.New(site)

	for name := range dirs {
		// http://localhost:8880/foo: File redirects a directory to its
		// URL with a slash, as Twisted's does, then lists it.
		redirect := b.Get(t, "/"+name)
		if redirect.Status != 302 || redirect.Header.Get("Location") != "http://127.0.0.1:8080/"+name+"/" {
			t.Errorf("GET /%s = %d Location %q, want 302 to /%s/",
				name, redirect.Status, redirect.Header.Get("Location"), name)
		}
		listing := b.Get(t, "/"+name+"/")
		if listing.Status != 200 || !strings.Contains(listing.Body, "in-"+name+".txt") {
			t.Errorf("GET /%s/ = %d, want the listing of its own directory:\n%s", name, listing.Status, listing.Body)
		}
		for other := range dirs {
			if other != name && strings.Contains(listing.Body, "in-"+other+".txt") {
				t.Errorf("GET /%s/ lists %s's file", name, other)
			}
		}
		if file := b.Get(t, "/"+name+"/in-"+name+".txt"); file.Body != name {
			t.Errorf("GET /%s/in-%s.txt = %q", name, name, file.Body)
		}
	}
	for _, path := range []string{"/", "/qux"} {
		if got := b.Get(t, path); got.Status != 404 {
			t.Errorf("GET %s = %d, want 404 (no such child)", path, got.Status)
		}
	}
}
