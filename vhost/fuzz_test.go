package vhost

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/weftgo/weft/internal/pybytes"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// FuzzHostKey checks the Host parsing of NameVirtualHost and the quoting
// of its 404 message for any header value: a key without ":" or capitals,
// and a message quoted once, in valid UTF-8, without control characters.
func FuzzHostKey(f *testing.F) {
	for _, s := range []string{"example.com", "Ex.COM:8080", "[::1]:80", "", "it's", "a\"b'c", "\xff\x00\\", "a\tb\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		key := hostKey(header)
		if strings.ContainsRune(key, ':') || key != pybytes.Lower(key) || !strings.HasPrefix(pybytes.Lower(header), key) {
			t.Fatalf("hostKey(%q) = %q", header, key)
		}
		r := pyRepr(key)
		if len(r) < 2 || r[0] != r[len(r)-1] || (r[0] != '\'' && r[0] != '"') || !utf8.ValidString(r) {
			t.Fatalf("pyRepr(%q) = %q", key, r)
		}
		for _, c := range r {
			if c < ' ' || c == 0x7f {
				t.Fatalf("pyRepr(%q) = %q has a control character", key, r)
			}
		}
	})
}

// FuzzHostSegment checks VHostMonsterResource's host segment parsing: a
// port it accepts is in range, and the host never holds a ":".
func FuzzHostSegment(f *testing.F) {
	for _, s := range []string{"example.com", "h:8080", "h:", "h:-5", "h:99999", ":80", "a:b:c", "h:0080"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, seg string, secure bool) {
		host, port, ok := splitHostSegment(seg, secure)
		if ok && (port < 0 || port > 65535 || strings.ContainsRune(host, ':')) {
			t.Fatalf("splitHostSegment(%q) = %q, %d", seg, host, port)
		}
	})
}

// FuzzVirtualHosts serves any Host header and path through a tree with a
// NameVirtualHost and a VHostMonsterResource: never a 500, never a panic.
func FuzzVirtualHosts(f *testing.F) {
	for _, s := range [][2]string{
		{"a.example", "/vhost/x"}, {"", "/vm/http/h:81/vhost"}, {"[::1]:80", "/vm/https/a.example/vhost/y"},
		{"A.EXAMPLE:1", "/vm/http/h:99999/"}, {"x", "/vm/ftp/%3A/vm/http"}, {"x", "/vm/http/h:0/vm/https/:/"},
	} {
		f.Add(s[0], s[1])
	}
	hosts := NewNameVirtualHost()
	hosts.AddHost("a.example", resource.NewRedirect("/elsewhere"))
	root := resource.New()
	root.PutChild("vhost", hosts)
	root.PutChild("vm", &VHostMonsterResource{})
	root.PutChild("", &resource.ParentRedirect{})
	site := server.NewSite(root)
	f.Fuzz(func(t *testing.T, host, path string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		u, err := url.Parse("http://x" + path)
		if err != nil {
			return
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.URL, r.RequestURI, r.Host = u, u.RequestURI(), host
		w := httptest.NewRecorder()
		site.ServeHTTP(w, r)
		if w.Code >= http.StatusInternalServerError {
			t.Fatalf("Host %q, path %q: %d %s", host, path, w.Code, w.Body)
		}
	})
}
