package servers_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weftgo/weft/bench/servers"
)

// TestSameSite checks that weft, ServeMux and chi answer every benchmarked
// request alike, so the benchmarks compare the same work.
func TestSameSite(t *testing.T) {
	handlers := map[string]http.Handler{
		"weft":     servers.Weft(),
		"servemux": servers.ServeMux(servers.NewSessionManager(servers.NewMemStore(0))),
		"chi":      servers.Chi(servers.NewSessionManager(servers.NewMemStore(0))),
	}
	tests := []struct {
		method, path string
		status       int
		body         string // "" for HEAD and error pages, whose bodies differ
	}{
		{"GET", servers.Paths.Static, 200, servers.StaticBody},
		{"GET", servers.Paths.Depth1, 200, servers.StaticBody},
		{"GET", servers.Paths.Depth3, 200, servers.StaticBody},
		{"GET", servers.Paths.Depth8, 200, servers.StaticBody},
		{"GET", servers.Paths.Dynamic, 200, "dyn anything"},
		{"HEAD", servers.Paths.Depth1, 200, ""},
		{"POST", servers.Paths.Depth1, 405, ""},
	}
	for name, h := range handlers {
		t.Run(name, func(t *testing.T) {
			for _, tt := range tests {
				res := serve(h, tt.method, tt.path, nil)
				got, _ := io.ReadAll(res.Body)
				if res.StatusCode != tt.status || tt.body != "" && string(got) != tt.body {
					t.Errorf("%s %s: %d %q, want %d %q", tt.method, tt.path, res.StatusCode, got, tt.status, tt.body)
				}
				if tt.status == 405 && res.Header.Get("Allow") == "" {
					t.Errorf("%s %s: 405 without Allow", tt.method, tt.path)
				}
			}
			first := serve(h, "GET", servers.Paths.Count, nil)
			cookies := first.Cookies()
			if len(cookies) != 1 {
				t.Fatalf("first visit set cookies %v, want one", cookies)
			}
			for i, want := range []string{"Visit #2 for you!", "Visit #3 for you!"} {
				res := serve(h, "GET", servers.Paths.Count, cookies[0])
				if got, _ := io.ReadAll(res.Body); string(got) != want {
					t.Errorf("visit %d with the cookie: %q, want %q", i+2, got, want)
				}
			}
		})
	}
}

func serve(h http.Handler, method, path string, c *http.Cookie) *http.Response {
	r := httptest.NewRequest(method, path, nil)
	if c != nil {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}
