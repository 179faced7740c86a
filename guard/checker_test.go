package guard_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/weftgo/weft/guard"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// InMemoryChecker lets in a known user with the right password, for Basic
// and Digest credentials alike, and refuses everything else: an unknown
// user, a wrong password, credentials it cannot check, and the empty user
// name even when it has a password, so that no named login becomes
// AnonymousID.
func TestInMemoryChecker(t *testing.T) {
	c := guard.NewInMemoryChecker(map[string]string{"alice": "wonderland"})
	c.AddUser("", "nobody")
	ctx := context.Background()
	if id, err := c.Check(ctx, guard.UsernamePassword{Name: "alice", Password: "wonderland"}); err != nil || id != "alice" {
		t.Errorf("alice: %q, %v", id, err)
	}
	for _, creds := range []guard.Credentials{
		guard.UsernamePassword{Name: "alice", Password: "wrong"},
		guard.UsernamePassword{Name: "bob", Password: "wonderland"},
		guard.UsernamePassword{Name: "", Password: "nobody"},
	} {
		if id, err := c.Check(ctx, creds); !errors.Is(err, guard.ErrLoginFailed) || id != "" {
			t.Errorf("%#v: %q, %v; want ErrLoginFailed", creds, id, err)
		}
	}
	if _, err := c.Check(ctx, guard.Anonymous{}); !errors.Is(err, guard.ErrUnhandledCredentials) {
		t.Errorf("Anonymous: %v, want ErrUnhandledCredentials", err)
	}
	var zero guard.InMemoryChecker
	zero.AddUser("carol", "pw")
	if id, err := zero.Check(ctx, guard.UsernamePassword{Name: "carol", Password: "pw"}); err != nil || id != "carol" {
		t.Errorf("zero value after AddUser: %q, %v", id, err)
	}
}

// A Portal with no Checker for the credentials' kind refuses them as a
// login failure (Twisted's UnhandledCredentials), so the wrapper answers
// 401.
func TestPortalUnhandledCredentials(t *testing.T) {
	p := guard.NewPortal(secretRealm, guard.AllowAnonymousAccess{})
	if _, _, err := p.Login(context.Background(), guard.UsernamePassword{Name: "a", Password: "b"}); !errors.Is(err, guard.ErrUnhandledCredentials) || !errors.Is(err, guard.ErrLoginFailed) {
		t.Errorf("Login: %v, want ErrUnhandledCredentials wrapping ErrLoginFailed", err)
	}
	avatar, _, err := p.Login(context.Background(), guard.Anonymous{})
	if err != nil || avatar == nil {
		t.Errorf("anonymous Login: %v, %v", avatar, err)
	}
}

// Logins run concurrently with each other and with AddUser (run with
// -race): every good login gets in and every bad one gets the 401 page.
func TestConcurrentLogins(t *testing.T) {
	checker := guard.NewInMemoryChecker(map[string]string{"alice": "wonderland"})
	digest := guard.NewDigestCredentialFactory("md5", "example.com")
	root := resource.New()
	root.PutChild("private", guard.NewHTTPAuthSessionWrapper(guard.NewPortal(secretRealm, checker),
		guard.NewBasicCredentialFactory("example.com"), digest))
	auth := digestLogin(t, root, "/private", "md5", "alice", "wonderland")
	site := server.NewSite(root)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			checker.AddUser("user"+strconv.Itoa(i), "pw")
			for j, c := range []struct {
				header string
				code   int
			}{
				{basicAuth("alice", "wonderland"), 200},
				{basicAuth("alice", "wrong"), 401},
				{auth, 200},
				{basicAuth("user"+strconv.Itoa(i), "pw"), 200},
			} {
				r := httptest.NewRequest("GET", "/private", nil)
				k, v, _ := strings.Cut(c.header, ": ")
				r.Header.Set(k, v)
				w := httptest.NewRecorder()
				site.ServeHTTP(w, r)
				if w.Code != c.code {
					t.Errorf("goroutine %d, request %d: %d, want %d", i, j, w.Code, c.code)
				}
			}
		}()
	}
	wg.Wait()
}
