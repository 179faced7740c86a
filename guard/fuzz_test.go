package guard

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// whoami renders the avatar ID and what Request.GetUser and GetPassword
// parse, so that the fuzzer runs that parser too.
type whoami struct {
	resource.Base
	id string
}

func (w *whoami) IsLeaf() bool { return true }

func (w *whoami) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte(w.id + " " + req.GetUser() + ":" + req.GetPassword()), nil
}

// fuzzSite serves a wrapper at /private with Basic and Digest factories
// sharing a fixed key and clock, over a checker where alice's password is
// password.
func fuzzSite(password string, mock *clock.Mock) *server.Site {
	digest := &DigestCredentialFactory{Algorithm: "md5", Realm: "example.com", Clock: mock, key: []byte("fuzz key")}
	realm := RealmFunc(func(ctx context.Context, id string) (resource.Resource, func(), error) {
		return &whoami{id: id}, func() {}, nil
	})
	portal := NewPortal(realm, NewInMemoryChecker(map[string]string{"alice": password}))
	root := resource.New()
	root.PutChild("private", NewHTTPAuthSessionWrapper(portal, NewBasicCredentialFactory("example.com"), digest))
	site := server.NewSite(root)
	site.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return site
}

// goodHeaders returns a Basic and a Digest header that get into
// fuzzSite("wonderland", mock), from 192.0.2.1 (httptest's client).
func goodHeaders(mock *clock.Mock) []string {
	digest := &DigestCredentialFactory{Algorithm: "md5", Realm: "example.com", Clock: mock, key: []byte("fuzz key")}
	nonce := "0123456789abcdef01234567"
	opaque := digest.opaque(nonce, "192.0.2.1")
	ha1 := md5hex("alice:example.com:wonderland")
	response := md5hex(ha1 + ":" + nonce + ":00000001:c:auth:" + md5hex("GET:/private"))
	return []string{
		`Digest username="alice", realm="example.com", nonce="` + nonce + `", uri="/private", qop=auth, nc=00000001, cnonce="c", response="` + response + `", opaque="` + opaque + `"`,
		"Basic " + base64.StdEncoding.EncodeToString([]byte("alice:wonderland")),
	}
}

// The fuzzer's good seeds get into the right site and not into the wrong
// one, so FuzzAuthorization's property is not vacuous.
func TestFuzzSeedsGetIn(t *testing.T) {
	mock := clock.NewMock()
	mock.Add(1000 * time.Hour)
	for _, h := range goodHeaders(mock) {
		for password, want := range map[string]int{"wonderland": 200, "not wonderland": 401} {
			r := httptest.NewRequest("GET", "/private", nil)
			r.Header.Set("Authorization", h)
			w := httptest.NewRecorder()
			fuzzSite(password, mock).ServeHTTP(w, r)
			if w.Code != want {
				t.Errorf("%q with password %q: %d %s, want %d", h, password, w.Code, w.Body, want)
			}
		}
	}
}

// FuzzAuthorization sends any Authorization header, Basic, Digest or
// neither, through a Site to a guarded resource. Whatever the header, the
// answer is 200 or 401 (never a 500, and so never a panic, which the Site
// would turn into one), and the same header never gets into an otherwise
// identical site where alice has another password: no header
// authenticates without the right password.
func FuzzAuthorization(f *testing.F) {
	mock := clock.NewMock()
	mock.Add(1000 * time.Hour)
	right, wrong := fuzzSite("wonderland", mock), fuzzSite("not wonderland", mock)

	for _, h := range goodHeaders(mock) {
		f.Add(h)
	}
	f.Add("basic YWxpY2U6d29uZGVybGFuZA")
	f.Add("Basic decode should fail")
	f.Add(`Digest username="alice", nonce="abc", opaque="x-y"`)
	f.Add(`Digest ====,,,""""`)
	f.Add("")
	f.Fuzz(func(t *testing.T, header string) {
		for _, site := range []*server.Site{right, wrong} {
			r := httptest.NewRequest("GET", "/private", nil)
			r.Header.Set("Authorization", header)
			w := httptest.NewRecorder()
			site.ServeHTTP(w, r)
			switch {
			case w.Code != 200 && w.Code != 401:
				t.Fatalf("%q: status %d: %s", header, w.Code, w.Body)
			case w.Code == 200 && site == wrong:
				t.Fatalf("%q got in without the right password: %s", header, w.Body)
			}
		}
	})
}
