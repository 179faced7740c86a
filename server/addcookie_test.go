package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/weftgo/weft/resource"
)

// setCookieOf serves a page that adds c and returns the Set-Cookie values.
func setCookieOf(t *testing.T, c *http.Cookie) []string {
	t.Helper()
	root := resource.New()
	root.PutChild("c", &funcPage{fn: func(req *resource.Request) ([]byte, error) {
		req.AddCookie(c)
		return nil, nil
	}})
	site, _ := quietSite(root)
	resp := serveSite(t, site, "GET", "/c", nil)
	siteBody(t, resp)
	return resp.Header.Values("Set-Cookie")
}

// Issue 14 (c), (d), (e): AddCookie against Twisted's addCookie, whose
// bytes are given for each case (Twisted 22.4, captured from a server).
// The attribute order and a Domain's leading dot match; the differences
// are documented in docs/differences.md.
func TestAddCookieAgainstTwisted(t *testing.T) {
	expires := time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC)
	tests := []struct {
		name    string
		cookie  *http.Cookie
		want    string
		twisted string
	}{
		{
			name: "every attribute: Twisted's order, the leading dot kept",
			cookie: &http.Cookie{Name: "a", Value: "v", Expires: expires, Domain: ".example.com",
				Path: "/p", MaxAge: 10, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode},
			want: "a=v; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Domain=.example.com; Path=/p; " +
				"Max-Age=10; Secure; HttpOnly; SameSite=Lax",
			twisted: "a=v; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Domain=.example.com; Path=/p; " +
				"Max-Age=10; Secure; HttpOnly; SameSite=lax",
		},
		{
			name: "(d) ';', '\"' and space: dropped or quoted, never an attribute",
			cookie: &http.Cookie{Name: "a", Value: `v;x y"z`, Path: "/p;Domain=evil",
				SameSite: http.SameSiteStrictMode},
			want:    `a="vx yz"; Path=/pDomain=evil; SameSite=Strict`,
			twisted: `a=v x y"z; Path=/p Domain=evil; SameSite=strict`,
		},
		{
			name:    "(e) SameSite=None, which Twisted refuses (ValueError)",
			cookie:  &http.Cookie{Name: "a", Value: "v", Secure: true, SameSite: http.SameSiteNoneMode},
			want:    "a=v; Secure; SameSite=None",
			twisted: "",
		},
		{
			name:   "an invalid name: no cookie at all",
			cookie: &http.Cookie{Name: "a b", Value: "v"},
			want:   "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := setCookieOf(t, tt.cookie)
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("Set-Cookie = %q, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("Set-Cookie = %q\nwant %q\n(Twisted: %q)", got, tt.want, tt.twisted)
			}
		})
	}
}
