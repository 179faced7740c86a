package guard_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/weftgo/weft/guard"
	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// text is a page answering GET with its text, followed by the request's
// prepath and postpath, so tests see where traversal left them.
type text struct {
	resource.Base
	body string
	leaf bool
}

func (p *text) IsLeaf() bool { return p.leaf }

func (p *text) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte(p.body + " pre=" + strings.Join(req.Prepath, "/") + " post=" + strings.Join(req.Postpath, "/")), nil
}

// testRealm gives out the avatars in its map and counts logins and
// logouts, as the Realm of Twisted's test_httpauth.
type testRealm struct {
	avatars map[string]resource.Resource

	mu        sync.Mutex
	loggedIn  int
	loggedOut int
	logouts   chan struct{} // receives one value per logout
}

func newTestRealm() *testRealm {
	return &testRealm{avatars: map[string]resource.Resource{}, logouts: make(chan struct{}, 16)}
}

func (r *testRealm) RequestAvatar(ctx context.Context, id string) (resource.Resource, func(), error) {
	avatar, ok := r.avatars[id]
	if !ok {
		return nil, nil, errors.New("no avatar for " + id)
	}
	r.mu.Lock()
	r.loggedIn++
	r.mu.Unlock()
	return avatar, func() {
		r.mu.Lock()
		r.loggedOut++
		r.mu.Unlock()
		r.logouts <- struct{}{}
	}, nil
}

func (r *testRealm) counts() (in, out int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.loggedIn, r.loggedOut
}

// The fixture of Twisted's HTTPAuthHeaderTests.
const (
	username      = "foo bar"
	password      = "bar baz"
	avatarContent = "contents of the avatar resource itself"
	childName     = "foo-child"
	childContent  = "contents of the foo child of the avatar"
)

type fixture struct {
	realm   *testRealm
	checker *guard.InMemoryChecker
	portal  *guard.Portal
	avatar  *text
	root    *resource.Base
	log     *syncbuf.Buffer
}

// newFixture mounts a wrapper with factories at /w, over a realm whose
// avatar for username has the child childName.
func newFixture(factories ...guard.CredentialFactory) *fixture {
	f := &fixture{realm: newTestRealm(), checker: new(guard.InMemoryChecker), log: new(syncbuf.Buffer)}
	f.checker.AddUser(username, password)
	f.avatar = &text{body: avatarContent}
	f.avatar.PutChild(childName, &text{body: childContent})
	f.realm.avatars[username] = f.avatar
	f.portal = guard.NewPortal(f.realm, f.checker)
	w := guard.NewHTTPAuthSessionWrapper(f.portal, factories...)
	w.Logger = slog.New(slog.NewTextHandler(f.log, nil))
	f.root = resource.New()
	f.root.PutChild("w", w)
	return f
}

// do serves one request through a Site; each hdr is "Name: value".
func do(t testing.TB, root resource.Resource, method, target string, hdr ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for _, h := range hdr {
		k, v, _ := strings.Cut(h, ":")
		r.Header.Add(k, strings.TrimSpace(v))
	}
	w := httptest.NewRecorder()
	site := server.NewSite(root)
	site.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	site.ServeHTTP(w, r)
	return w.Result()
}

func body(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func basicAuth(user, password string) string {
	return "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// Without an Authorization header, traversal through the wrapper ends at
// the 401 page (test_getChildWithDefault).
func TestGetChildWithDefault(t *testing.T) {
	f := newFixture(guard.NewBasicCredentialFactory("example.com"))
	resp := do(t, f.root, "GET", "/w/"+childName)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", resp.StatusCode)
	}
}

// A 401 has Twisted's body, headers and challenge (test_render,
// test_renderHEAD): the header name is written as Twisted writes it.
func TestUnauthorizedPage(t *testing.T) {
	f := newFixture(guard.NewBasicCredentialFactory("example.com"))
	for _, target := range []string{"/w", "/w/", "/w/" + childName, "/w/a/b/c"} {
		resp := do(t, f.root, "GET", target)
		if got := body(t, resp); resp.StatusCode != 401 || got != "Unauthorized" {
			t.Errorf("GET %s: %d %q, want 401 \"Unauthorized\"", target, resp.StatusCode, got)
		}
		if got := resp.Header["WWW-Authenticate"]; len(got) != 1 || got[0] != `basic realm="example.com"` {
			t.Errorf("GET %s: WWW-Authenticate = %q", target, got)
		}
		if got := resp.Header.Get("Content-Type"); got != "text/html" {
			t.Errorf("GET %s: Content-Type = %q, want text/html", target, got)
		}
		if got := resp.Header.Get("Content-Length"); got != "12" {
			t.Errorf("GET %s: Content-Length = %q, want 12", target, got)
		}
		head := do(t, f.root, "HEAD", target)
		if got := body(t, head); head.StatusCode != 401 || got != "" || head.Header.Get("Content-Length") != "" {
			t.Errorf("HEAD %s: %d %q Content-Length %q, want 401, no body, no length",
				target, head.StatusCode, got, head.Header.Get("Content-Length"))
		}
		if got := head.Header["WWW-Authenticate"]; len(got) != 1 {
			t.Errorf("HEAD %s: WWW-Authenticate = %q", target, got)
		}
	}
}

// Backslashes and double quotes in the realm are escaped in the challenge
// (test_renderQuotesRealm, test_renderQuotesDigest).
func TestChallengeQuotesRealm(t *testing.T) {
	f := newFixture(guard.NewBasicCredentialFactory(`example\"foo`), guard.NewDigestCredentialFactory("md5", `example\"foo`))
	got := do(t, f.root, "GET", "/w").Header["WWW-Authenticate"]
	if len(got) != 2 {
		t.Fatalf("WWW-Authenticate = %q, want two challenges", got)
	}
	if want := `basic realm="example\\\"foo"`; got[0] != want {
		t.Errorf("basic challenge %q, want %q", got[0], want)
	}
	if !strings.Contains(got[1], `realm="example\\\"foo"`) || !strings.Contains(got[1], `algorithm="md5"`) {
		t.Errorf("digest challenge %q lacks the quoted realm or the algorithm", got[1])
	}
}

// With two factories the 401 carries both challenges, in order, as
// Twisted does: the Basic one, then the Digest one with Twisted's
// parameters in Twisted's order.
func TestTwoChallenges(t *testing.T) {
	f := newFixture(guard.NewBasicCredentialFactory("example.com"), guard.NewDigestCredentialFactory("md5", "example.com"))
	got := do(t, f.root, "GET", "/w").Header["WWW-Authenticate"]
	if len(got) != 2 || got[0] != `basic realm="example.com"` {
		t.Fatalf("WWW-Authenticate = %q", got)
	}
	params := []string{`digest nonce="`, `", opaque="`, `", qop="auth", algorithm="md5", realm="example.com"`}
	rest := got[1]
	for _, p := range params {
		i := strings.Index(rest, p)
		if i < 0 {
			t.Fatalf("digest challenge %q: no %q in order", got[1], p)
		}
		rest = rest[i+len(p):]
	}
}

// Credentials of an unknown user, a wrong password, an unknown scheme and
// a header Basic cannot decode all get the 401 page
// (test_getChildWithDefaultUnauthorizedUser, ...UnauthorizedPassword,
// ...UnrecognizedScheme, test_decodeRaises).
func TestInvalidAuthorization(t *testing.T) {
	for _, header := range []string{
		basicAuth("foo", "bar"),
		basicAuth(username, "bar"),
		"Authorization: Quux foo bar baz",
		"Authorization: Basic decode should fail",
	} {
		f := newFixture(guard.NewBasicCredentialFactory("example.com"))
		resp := do(t, f.root, "GET", "/w/"+childName, header)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", header, resp.StatusCode)
		}
		if in, _ := f.realm.counts(); in != 0 {
			t.Errorf("%s: %d logins, want none", header, in)
		}
	}
}

// Valid credentials reach the avatar's child (test_getChildWithDefaultAuthorized)
// and the avatar itself (test_renderAuthorized).
func TestAuthorized(t *testing.T) {
	f := newFixture(guard.NewBasicCredentialFactory("example.com"))
	for target, want := range map[string]string{
		"/w/" + childName: childContent + " pre=w/" + childName + " post=",
		"/w":              avatarContent + " pre=w post=",
	} {
		resp := do(t, f.root, "GET", target, basicAuth(username, password))
		if got := body(t, resp); resp.StatusCode != 200 || got != want {
			t.Errorf("GET %s: %d %q, want 200 %q", target, resp.StatusCode, got, want)
		}
	}
}

// The avatar is traversed for the rest of the path as Twisted traverses it
// (the prepath and postpath are Twisted's, from its answers to the same
// tree): a leaf avatar sees the whole rest of the path in its postpath, a
// tree avatar looks the segments up, "" included.
func TestAvatarTraversal(t *testing.T) {
	tree := &text{body: "tree"}
	tree.PutChild("kid", &text{body: "secret", leaf: true})
	tree.PutChild("", &text{body: "secret", leaf: true})
	realm := guard.RealmFunc(func(ctx context.Context, id string) (resource.Resource, func(), error) {
		if id == "bob" {
			return tree, nil, nil
		}
		return &text{body: "secret", leaf: true}, nil, nil
	})
	checker := guard.NewInMemoryChecker(map[string]string{"alice": "wonderland", "bob": "builder"})
	root := resource.New()
	root.PutChild("private", guard.NewHTTPAuthSessionWrapper(guard.NewPortal(realm, checker), guard.NewBasicCredentialFactory("example.com")))
	for _, c := range []struct {
		user, target string
		code         int
		body         string // a prefix for the 404 page
	}{
		{"alice", "/private", 200, "secret pre=private post="},
		{"alice", "/private/", 200, "secret pre=private post="},
		{"alice", "/private/a/b", 200, "secret pre=private post=a/b"},
		{"bob", "/private", 200, "tree pre=private post="},
		{"bob", "/private/", 200, "secret pre=private/ post="},
		{"bob", "/private/kid/x", 200, "secret pre=private/kid post=x"},
		{"bob", "/private/nokid", 404, "\n<html>\n  <head><title>404 - No Such Resource</title></head>"},
	} {
		pw := map[string]string{"alice": "wonderland", "bob": "builder"}[c.user]
		resp := do(t, root, "GET", c.target, basicAuth(c.user, pw))
		if got := body(t, resp); resp.StatusCode != c.code || !strings.HasPrefix(got, c.body) {
			t.Errorf("%s GET %s: %d %q, want %d %q", c.user, c.target, resp.StatusCode, got, c.code, c.body)
		}
	}
}

// dumbFactory records the requests it is asked to challenge.
type dumbFactory struct {
	mu       sync.Mutex
	requests []*resource.Request
}

func (d *dumbFactory) Scheme() string { return "dumb" }
func (d *dumbFactory) Challenge(req *resource.Request) []guard.Param {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.requests = append(d.requests, req)
	return nil
}
func (d *dumbFactory) Decode(string, *resource.Request) (guard.Credentials, error) {
	return nil, errors.New("unexpected")
}

// Challenge is called with the request, and an empty challenge is the
// scheme and a space, as Twisted writes it (test_getChallengeCalledWithRequest).
func TestChallengeCalledWithRequest(t *testing.T) {
	d := new(dumbFactory)
	f := newFixture(d)
	resp := do(t, f.root, "GET", "/w/"+childName)
	if len(d.requests) != 1 || d.requests[0] == nil {
		t.Errorf("Challenge called with %v, want the request once", d.requests)
	}
	if got := resp.Header["WWW-Authenticate"]; len(got) != 1 || got[0] != "dumb " {
		t.Errorf("WWW-Authenticate = %q, want [\"dumb \"]", got)
	}
}

// slower answers later: its render returns NotDoneYet and hands the
// request to the test.
type slower struct {
	resource.Base
	reqs chan *resource.Request
}

func (s *slower) Render(req *resource.Request) ([]byte, error) {
	s.reqs <- req
	return nil, resource.NotDoneYet
}

// The realm's logout runs when the request finishes, not before (test_logout),
// and also when the client goes away first (test_logoutOnError).
func TestLogout(t *testing.T) {
	for _, finish := range []bool{true, false} {
		f := newFixture(guard.NewBasicCredentialFactory("example.com"))
		s := &slower{reqs: make(chan *resource.Request, 1)}
		f.avatar.PutChild(childName, s)
		ctx, cancel := context.WithCancel(context.Background())
		r := httptest.NewRequest("GET", "/w/"+childName, nil).WithContext(ctx)
		r.Header.Set("Authorization", strings.TrimPrefix(basicAuth(username, password), "Authorization: "))
		done := make(chan struct{})
		go func() {
			defer close(done)
			server.NewSite(f.root).ServeHTTP(httptest.NewRecorder(), r)
		}()
		req := <-s.reqs
		if in, out := f.realm.counts(); in != 1 || out != 0 {
			t.Fatalf("before the end: %d logins, %d logouts; want 1, 0", in, out)
		}
		if finish {
			req.Finish()
		} else {
			cancel()
		}
		<-done
		<-f.realm.logouts
		if _, out := f.realm.counts(); out != 1 {
			t.Errorf("finish=%v: %d logouts, want 1", finish, out)
		}
		cancel()
	}
}

// badFactory fails to decode with an error that is not a login failure.
type badFactory struct{}

var errUnexpected = errors.New("unexpected failure")

func (badFactory) Scheme() string                            { return "bad" }
func (badFactory) Challenge(*resource.Request) []guard.Param { return nil }
func (badFactory) Decode(string, *resource.Request) (guard.Credentials, error) {
	return nil, errUnexpected
}

// brokenChecker fails with an error that is not a login failure.
type brokenChecker struct{}

func (brokenChecker) Check(context.Context, guard.Credentials) (string, error) {
	return "", errUnexpected
}

const internalErrorPage = "\n<html>\n  <head><title>500 - Internal Error</title></head>\n  <body>\n" +
	"    <h1>Internal Error</h1>\n    <p></p>\n  </body>\n</html>\n"

// An unexpected error from a factory's Decode (test_unexpectedDecodeError)
// or from a Checker (test_unexpectedLoginError) gives Twisted's 500
// "Internal Error" page and is logged.
func TestUnexpectedErrors(t *testing.T) {
	decode := newFixture(badFactory{})
	login := newFixture(guard.NewBasicCredentialFactory("example.com"))
	login.portal.Checkers = []guard.Checker{brokenChecker{}}
	for name, c := range map[string]struct {
		f      *fixture
		header string
	}{
		"decode": {decode, "Authorization: Bad abc"},
		"login":  {login, basicAuth(username, password)},
	} {
		resp := do(t, c.f.root, "GET", "/w/"+childName, c.header)
		if got := body(t, resp); resp.StatusCode != 500 || got != internalErrorPage {
			t.Errorf("%s: %d %q, want 500 and Twisted's page", name, resp.StatusCode, got)
		}
		if n := strings.Count(c.f.log.String(), `error="unexpected failure"`); n != 1 {
			t.Errorf("%s: logged %d times, want once: %s", name, n, c.f.log)
		}
	}
}

// Anonymous requests reach the anonymous avatar when the Portal has an
// AllowAnonymousAccess checker (test_anonymousAccess); without one they
// get the 401 page.
func TestAnonymousAccess(t *testing.T) {
	f := newFixture(guard.NewBasicCredentialFactory("example.com"))
	unprotected := resource.New()
	unprotected.PutChild(childName, &text{body: "contents of the unprotected child resource"})
	f.realm.avatars[guard.AnonymousID] = unprotected
	if resp := do(t, f.root, "GET", "/w/"+childName); resp.StatusCode != 401 {
		t.Errorf("without AllowAnonymousAccess: status %d, want 401", resp.StatusCode)
	}
	f.portal.Checkers = append(f.portal.Checkers, guard.AllowAnonymousAccess{})
	resp := do(t, f.root, "GET", "/w/"+childName)
	if got := body(t, resp); resp.StatusCode != 200 || !strings.HasPrefix(got, "contents of the unprotected child resource") {
		t.Errorf("anonymous: %d %q", resp.StatusCode, got)
	}
	// Credentials that fail are refused, not downgraded to anonymous.
	if resp := do(t, f.root, "GET", "/w/"+childName, basicAuth(username, "wrong")); resp.StatusCode != 401 {
		t.Errorf("wrong password with anonymous access: status %d, want 401", resp.StatusCode)
	}
}

// PutChild on the wrapper is a programmer's mistake, as in Twisted.
func TestPutChildPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("PutChild did not panic")
		}
	}()
	guard.NewHTTPAuthSessionWrapper(guard.NewPortal(nil)).PutChild("x", resource.New())
}

// At the wrapper's own path the avatar renders as the site would render
// it: HEAD from GET with the body dropped and its length kept, and a
// method it lacks answered 405 with Allow, as Twisted's avatar.render.
func TestAvatarRendersByMethod(t *testing.T) {
	f := newFixture(guard.NewBasicCredentialFactory("example.com"))
	want := avatarContent + " pre=w post="
	head := do(t, f.root, "HEAD", "/w", basicAuth(username, password))
	if got := body(t, head); head.StatusCode != 200 || got != "" || head.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
		t.Errorf("HEAD: %d %q Content-Length %q", head.StatusCode, got, head.Header.Get("Content-Length"))
	}
	post := do(t, f.root, "POST", "/w", basicAuth(username, password))
	if post.StatusCode != http.StatusMethodNotAllowed || post.Header.Get("Allow") != "HEAD, GET" {
		t.Errorf("POST: %d Allow %q, want 405 \"HEAD, GET\"", post.StatusCode, post.Header.Get("Allow"))
	}
}

// A wrapper at the root of the site guards every path, "/" included.
func TestWrapperAsRoot(t *testing.T) {
	f := newFixture(guard.NewBasicCredentialFactory("example.com"))
	f.avatar.PutChild("", &text{body: "index"})
	w := guard.NewHTTPAuthSessionWrapper(f.portal, guard.NewBasicCredentialFactory("example.com"))
	if resp := do(t, w, "GET", "/"); resp.StatusCode != 401 {
		t.Errorf("GET / without credentials: %d, want 401", resp.StatusCode)
	}
	for target, want := range map[string]string{"/": "index pre= post=", "/" + childName: childContent + " pre=" + childName + " post="} {
		resp := do(t, w, "GET", target, basicAuth(username, password))
		if got := body(t, resp); got != want {
			t.Errorf("GET %s: %d %q, want %q", target, resp.StatusCode, got, want)
		}
	}
}
