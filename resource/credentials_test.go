package resource_test

import (
	"net/http"
	"testing"

	"github.com/weftgo/weft/resource"
)

// GetUser and GetPassword parse the Authorization header as Twisted's
// Request._authorize: the expected values are what Twisted 22.4 gives for
// the same headers.
func TestGetUserGetPassword(t *testing.T) {
	for _, c := range []struct{ header, user, password string }{
		{"", "", ""},
		{"Basic YWxpY2U6d29uZGVybGFuZA==", "alice", "wonderland"},
		{"basic YWxpY2U6d29uZGVybGFuZA==", "alice", "wonderland"},
		{"BASIC YWxpY2U6d29uZGVybGFuZA", "", ""}, // padding is required here
		{"Basic  YWxpY2U6d29uZGVybGFuZA==", "alice", "wonderland"},
		{"Basic\tYWxpY2U6d29uZGVybGFuZA==", "alice", "wonderland"},
		{"Basic YWxpY2U6d29uZGVybGFuZA== extra", "", ""},
		{"Basic", "", ""},
		{"Digest YWxpY2U6d29uZGVybGFuZA==", "", ""},
		{"Basic YWxpY2V3b25kZXJsYW5k", "", ""}, // no colon
		{"Basic OnBhc3M=", "", "pass"},
		{"Basic dTphOmI=", "u", "a:b"},
		{"Basic Y!W(x)pY2U6d29uZGVybGFuZA==", "alice", "wonderland"}, // junk skipped
		{"Basic ====", "", ""},
		{"Basic Og==", "", ""},
		{"Ba\u017fic YWxpY2U6d29uZGVybGFuZA==", "", ""}, // "ſ" is not "s" to Python's bytes.lower
	} {
		var user, password string
		resp := get(t, func(req *resource.Request) ([]byte, error) {
			user, password = req.GetUser(), req.GetPassword()
			return nil, nil
		}, "Authorization: "+c.header)
		if resp.StatusCode != http.StatusOK || user != c.user || password != c.password {
			t.Errorf("%q: %d user %q password %q, want %q %q", c.header, resp.StatusCode, user, password, c.user, c.password)
		}
	}
}

// With two Authorization headers, the last one counts, as Twisted's
// getHeader returns the last.
func TestGetUserLastHeader(t *testing.T) {
	var user string
	get(t, func(req *resource.Request) ([]byte, error) {
		user = req.GetUser()
		return nil, nil
	}, "Authorization: Basic Ym9iOmJ1aWxkZXI=", "Authorization: Basic YWxpY2U6d29uZGVybGFuZA==")
	if user != "alice" {
		t.Errorf("GetUser = %q, want alice", user)
	}
}
