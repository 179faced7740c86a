package server_test

import (
	"bytes"
	"crypto/tls"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/internal/syncbuf"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// sessPage is a leaf that renders every method with fn.
type sessPage struct {
	resource.Base
	fn func(req *resource.Request) ([]byte, error)
}

func (p *sessPage) IsLeaf() bool { return true }

func (p *sessPage) Render(req *resource.Request) ([]byte, error) { return p.fn(req) }

// sessSite returns a site whose root renders with fn, logging to log (nil:
// discard).
func sessSite(fn func(req *resource.Request) ([]byte, error), log *syncbuf.Buffer) *server.Site {
	site := server.NewSite(&sessPage{fn: fn})
	if log != nil {
		site.Logger = slog.New(slog.NewTextHandler(log, nil))
	} else {
		site.Logger = slog.New(slog.DiscardHandler)
	}
	return site
}

// showUID renders the request's session id.
func showUID(req *resource.Request) ([]byte, error) {
	return []byte(req.GetSession().UID()), nil
}

// sessGet serves GET / on site. cookie, if not "", is sent as the Cookie
// header; secure makes it a TLS request.
func sessGet(site *server.Site, cookie string, secure bool) *http.Response {
	r := httptest.NewRequest("GET", "/", nil)
	if secure {
		r.TLS = &tls.ConnectionState{}
	}
	if cookie != "" {
		r.Header.Set("Cookie", cookie)
	}
	w := httptest.NewRecorder()
	site.ServeHTTP(w, r)
	return w.Result()
}

func sessBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// setCookies parses the response's Set-Cookie headers.
func setCookies(t *testing.T, resp *http.Response) []*http.Cookie {
	t.Helper()
	var out []*http.Cookie
	for _, line := range resp.Header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			t.Fatalf("bad Set-Cookie %q: %v", line, err)
		}
		out = append(out, c)
	}
	return out
}

var hexID = regexp.MustCompile(`^[0-9a-f]{64}$`)

// sessCounter is per-session state hung on sessions through an adapter.
type sessCounter interface{ Inc() int }

type lockedCounter struct {
	mu sync.Mutex
	n  int
}

func (c *lockedCounter) Inc() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.n
}

// Twisted's SiteTest.test_makeSession and test_getSessionExistent.
func TestMakeSessionAndGetSession(t *testing.T) {
	site := sessSite(showUID, nil)
	site.Clock = clock.NewMock()
	s, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	if !hexID.MatchString(s.UID()) {
		t.Errorf("UID %q is not 64 lowercase hex characters", s.UID())
	}
	got, err := site.GetSession(s.UID())
	if err != nil || got != s {
		t.Errorf("GetSession(uid) = %p, %v; want the session made", got, err)
	}
	if n := site.SessionCount(); n != 1 {
		t.Errorf("SessionCount = %d, want 1", n)
	}
	if s.Site() != any(site) {
		t.Error("the session's Site() is not the site that made it")
	}
	s2, err := site.MakeSession()
	if err != nil || s2.UID() == s.UID() {
		t.Errorf("second MakeSession = %v, %v; want a new id", s2, err)
	}
}

// Twisted's SiteTest.test_getSessionNonExistent (KeyError there).
func TestGetSessionUnknownWrapsErrNoSession(t *testing.T) {
	site := sessSite(showUID, nil)
	s, err := site.GetSession("no-such-uid")
	if s != nil || !errors.Is(err, server.ErrNoSession) {
		t.Errorf("GetSession(unknown) = %v, %v; want nil and ErrNoSession", s, err)
	}
}

// D6: the id format, from the default source.
func TestSessionIDFormat(t *testing.T) {
	site := sessSite(showUID, nil)
	site.Clock = clock.NewMock()
	seen := map[string]bool{}
	for range 2000 {
		s, err := site.MakeSession()
		if err != nil {
			t.Fatal(err)
		}
		if !hexID.MatchString(s.UID()) {
			t.Fatalf("UID %q is not 64 lowercase hex characters", s.UID())
		}
		if seen[s.UID()] {
			t.Fatalf("id %q made twice", s.UID())
		}
		seen[s.UID()] = true
	}
	if site.SessionCount() != 2000 {
		t.Errorf("SessionCount = %d, want 2000", site.SessionCount())
	}
}

// D6: a failing id source fails the request (the 500 page) and stores no
// session; it is never papered over.
func TestNewSessionIDErrorGives500(t *testing.T) {
	var log syncbuf.Buffer
	site := sessSite(showUID, &log)
	errEntropy := errors.New("entropy exhausted")
	site.NewSessionID = func() (string, error) { return "", errEntropy }

	if s, err := site.MakeSession(); s != nil || !errors.Is(err, errEntropy) {
		t.Errorf("MakeSession = %v, %v; want nil and an error wrapping the source's", s, err)
	}
	resp := sessGet(site, "", false)
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", resp.StatusCode)
	}
	if body := sessBody(t, resp); !strings.Contains(body, "Processing Failed") {
		t.Errorf("body %q, want the Processing Failed page", body)
	}
	if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
		t.Errorf("Set-Cookie %q on a failed session", sc)
	}
	if n := site.SessionCount(); n != 0 {
		t.Errorf("SessionCount = %d, want 0", n)
	}
	if !strings.Contains(log.String(), "entropy exhausted") {
		t.Errorf("the failure was not logged:\n%s", log.String())
	}
}

func TestNewSessionIDRepeatRejected(t *testing.T) {
	site := sessSite(showUID, nil)
	site.Clock = clock.NewMock()
	site.NewSessionID = func() (string, error) { return "always-the-same", nil }
	first, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	if s, err := site.MakeSession(); err == nil {
		t.Fatalf("a repeated id was accepted: %v", s)
	}
	if got, _ := site.GetSession("always-the-same"); got != first {
		t.Error("a repeated id replaced the live session")
	}
}

func TestSessionFactoryReturningNil(t *testing.T) {
	site := sessSite(showUID, nil)
	site.SessionFactory = func(*server.Site, string) session.Interface { return nil }
	if s, err := site.MakeSession(); err == nil {
		t.Errorf("MakeSession with a nil-returning factory = %v, nil; want an error", s)
	}
	if n := site.SessionCount(); n != 0 {
		t.Errorf("SessionCount = %d, want 0", n)
	}
}

// ShortSession is the Go form of "class ShortSession(Session):
// sessionTimeout = 60".
type ShortSession struct{ *session.Session }

// The subclass-like factory: its timeout is used, and an adapter registered from *session.Session works on its
// sessions, cached.
func TestShortSessionFactory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		reg := components.NewRegistry()
		var built atomic.Int32
		var gotOriginal atomic.Pointer[session.Session]
		components.RegisterAdapterIn(reg, func(s *session.Session) sessCounter {
			built.Add(1)
			gotOriginal.Store(s)
			return &lockedCounter{}
		})
		site := sessSite(func(req *resource.Request) ([]byte, error) {
			c, err := components.Adapt[sessCounter](req.GetSession())
			if err != nil {
				return nil, err
			}
			c.Inc()
			return []byte(req.GetSession().UID()), nil
		}, nil)
		var made atomic.Pointer[ShortSession]
		site.SessionFactory = func(site *server.Site, uid string) session.Interface {
			s := ShortSession{session.New(site, uid)}
			s.SessionTimeout = 60 * time.Second
			s.SetRegistry(reg)
			made.Store(&s)
			return s
		}

		resp := sessGet(site, "", false)
		uid := sessBody(t, resp)
		got, err := site.GetSession(uid)
		if err != nil {
			t.Fatal("the factory's session is not in the table")
		}
		short := *made.Load()
		if got != short.Session {
			t.Fatal("the session in the table is not the one the factory made")
		}
		if gotOriginal.Load() != short.Session {
			t.Error("the adapter did not get the ShortSession's *session.Session")
		}
		c1, err := components.Adapt[sessCounter](short)
		if err != nil {
			t.Fatal(err)
		}
		c2, _ := components.Adapt[sessCounter](short.Session)
		if c1 != c2 || built.Load() != 1 {
			t.Errorf("adapter not cached: %p vs %p, built %d times", c1, c2, built.Load())
		}
		if n := c1.Inc(); n != 2 {
			t.Errorf("counter = %d after the request and this Inc, want 2", n)
		}

		time.Sleep(59 * time.Second)
		synctest.Wait()
		if _, err := site.GetSession(uid); err != nil {
			t.Fatalf("ShortSession gone at 59 s: %v", err)
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if _, err := site.GetSession(uid); !errors.Is(err, server.ErrNoSession) {
			t.Fatalf("ShortSession still live at 60 s (err %v)", err)
		}
	})
}

// Twisted's RequestTests.test_sessionCaching: one session per request, one
// cookie.
func TestGetSessionTwiceSameSessionOneCookie(t *testing.T) {
	var first, second *session.Session
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		if req.Session() != nil {
			t.Error("Request.Session() is set before GetSession")
		}
		first = req.GetSession()
		second = req.GetSession()
		if req.Session() != first {
			t.Error("Request.Session() is not the session GetSession returned")
		}
		return nil, nil
	}, nil)
	resp := sessGet(site, "", false)
	if first == nil || first != second {
		t.Fatalf("GetSession twice: %p and %p", first, second)
	}
	cookies := setCookies(t, resp)
	if len(cookies) != 1 || cookies[0].Name != "TWISTED_SESSION" || cookies[0].Value != first.UID() {
		t.Errorf("Set-Cookie %q, want one TWISTED_SESSION=%s", resp.Header.Values("Set-Cookie"), first.UID())
	}
	if site.SessionCount() != 1 {
		t.Errorf("SessionCount = %d, want 1", site.SessionCount())
	}
}

// Twisted's RequestTests.test_retrieveExistingSession: the cookie finds
// the session, and the response sends no cookie and no cache headers.
func TestExistingCookieSameSessionNoSetCookie(t *testing.T) {
	var got *session.Session
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		got = req.GetSession()
		return nil, nil
	}, nil)
	s, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, cookie := range []string{
		"TWISTED_SESSION=" + s.UID(),
		"other=1; TWISTED_SESSION=" + s.UID() + "; more=2",
		"TWISTED_SESSION=stale; TWISTED_SESSION=" + s.UID(), // the last one wins, as Twisted's parseCookies
	} {
		resp := sessGet(site, cookie, false)
		if got != s {
			t.Errorf("Cookie %q: got session %p, want %p", cookie, got, s)
		}
		if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
			t.Errorf("Cookie %q: Set-Cookie %q for a session the client has", cookie, sc)
		}
		// Issue 14 (3): a page of an existing session is still kept out of
		// shared caches, and says that it depends on the cookie.
		if cc := strings.Join(resp.Header.Values("Cache-Control"), ", "); cc != "private" {
			t.Errorf("Cookie %q: Cache-Control %q, want private", cookie, cc)
		}
		if v := resp.Header.Values("Vary"); len(v) != 1 || v[0] != "Cookie" {
			t.Errorf("Cookie %q: Vary %q, want Cookie", cookie, v)
		}
	}
	if site.SessionCount() != 1 {
		t.Errorf("SessionCount = %d, want 1", site.SessionCount())
	}
}

// Twisted's RequestTests.test_retrieveNonExistentSession: an unknown or
// forged id gets a new server-made id, and the forged one never enters
// the table.
func TestForgedCookieNotAdopted(t *testing.T) {
	var got *session.Session
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		got = req.GetSession()
		return nil, nil
	}, nil)
	for _, forged := range []string{
		"does-not-exist",
		strings.Repeat("a", 64), // well-formed, but not issued
		"",
	} {
		resp := sessGet(site, "TWISTED_SESSION="+forged, false)
		if got == nil || got.UID() == forged || !hexID.MatchString(got.UID()) {
			t.Fatalf("forged %q: session %v", forged, got)
		}
		cookies := setCookies(t, resp)
		if len(cookies) != 1 || cookies[0].Value != got.UID() {
			t.Errorf("forged %q: Set-Cookie %q, want the new id", forged, resp.Header.Values("Set-Cookie"))
		}
		if _, err := site.GetSession(forged); err == nil {
			t.Errorf("forged id %q is a key in the table", forged)
		}
		for _, s := range site.Sessions() {
			if s.UID() == forged {
				t.Errorf("forged id %q is in Sessions()", forged)
			}
		}
	}
}

// Twisted's test_sessionDifferentFromSecureSession and
// test_sessionAttribute: over TLS, GetSession and GetSessionForceNotSecure
// give two sessions with their own cookies, and Request.Session is the
// secure one.
func TestSecureAndInsecureSessionsApart(t *testing.T) {
	var secure, insecure *session.Session
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		if !req.IsSecure() {
			insecure = req.GetSession()
			return nil, nil
		}
		if req.Session() != nil {
			t.Error("Request.Session() set before GetSession")
		}
		insecure = req.GetSessionForceNotSecure()
		if req.Session() != nil {
			t.Error("Request.Session() on a TLS request is the insecure session")
		}
		secure = req.GetSession()
		if req.Session() != secure {
			t.Error("Request.Session() is not the secure session")
		}
		if req.GetSessionForceNotSecure() != insecure {
			t.Error("GetSessionForceNotSecure changed within the request")
		}
		return nil, nil
	}, nil)

	resp := sessGet(site, "", true)
	if secure == nil || insecure == nil || secure == insecure || secure.UID() == insecure.UID() {
		t.Fatalf("secure %v, insecure %v; want two sessions", secure, insecure)
	}
	byName := map[string]*http.Cookie{}
	for _, c := range setCookies(t, resp) {
		byName[c.Name] = c
	}
	if len(byName) != 2 {
		t.Fatalf("Set-Cookie %q, want two cookies", resp.Header.Values("Set-Cookie"))
	}
	if c := byName["TWISTED_SECURE_SESSION"]; c == nil || c.Value != secure.UID() || !c.Secure {
		t.Errorf("secure cookie %v, want TWISTED_SECURE_SESSION=%s; Secure", c, secure.UID())
	}
	// Twisted: the forced insecure cookie is not Secure, even over TLS.
	if c := byName["TWISTED_SESSION"]; c == nil || c.Value != insecure.UID() || c.Secure {
		t.Errorf("insecure cookie %v, want TWISTED_SESSION=%s without Secure", c, insecure.UID())
	}

	// Both cookies back: both sessions found, nothing set.
	oldSecure, oldInsecure := secure, insecure
	both := "TWISTED_SESSION=" + insecure.UID() + "; TWISTED_SECURE_SESSION=" + secure.UID()
	resp = sessGet(site, both, true)
	if secure != oldSecure || insecure != oldInsecure {
		t.Error("the cookies did not find their sessions again")
	}
	if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
		t.Errorf("Set-Cookie %q for sessions the client has", sc)
	}

	// Each name is read only for its own kind of session.
	sessGet(site, "TWISTED_SESSION="+oldInsecure.UID(), true)
	if secure == oldSecure || secure == oldInsecure {
		t.Error("a TLS request with only TWISTED_SESSION got an existing session as its secure one")
	}
	resp = sessGet(site, "TWISTED_SECURE_SESSION="+oldSecure.UID(), false)
	if insecure == oldSecure || insecure == oldInsecure {
		t.Error("a plain request with only TWISTED_SECURE_SESSION got an existing session")
	}
	if c := setCookies(t, resp); len(c) != 1 || c[0].Name != "TWISTED_SESSION" || c[0].Secure {
		t.Errorf("plain request: Set-Cookie %q, want a new TWISTED_SESSION", resp.Header.Values("Set-Cookie"))
	}
}

// D5: a response that sets the cookie is kept out of shared caches
// (private, the default of any response that used a session) and tells
// caches not to reuse its Set-Cookie.
func TestSetCookieResponseCacheHeaders(t *testing.T) {
	site := sessSite(showUID, nil)
	resp := sessGet(site, "", false)
	if got := strings.Join(resp.Header.Values("Cache-Control"), ", "); got != `private, no-cache="Set-Cookie"` {
		t.Errorf(`Cache-Control %q, want private, no-cache="Set-Cookie"`, got)
	}
	if got := resp.Header.Values("Vary"); len(got) != 1 || got[0] != "Cookie" {
		t.Errorf("Vary %q, want Cookie", got)
	}
	// No session, no cookie, no cache headers.
	plain := sessSite(func(*resource.Request) ([]byte, error) { return []byte("hi"), nil }, nil)
	resp = sessGet(plain, "", false)
	for _, h := range []string{"Set-Cookie", "Cache-Control", "Vary"} {
		if v := resp.Header.Values(h); len(v) != 0 {
			t.Errorf("a response without a session has %s %q", h, v)
		}
	}
}

// D3 (Twisted #9385): GetSession after Expire in the same request gives a
// fresh session, and the response carries exactly one Set-Cookie, the new
// one.
func TestTwisted9385GetSessionAfterExpireIsFresh(t *testing.T) {
	for _, fromCookie := range []bool{true, false} {
		name := map[bool]string{true: "session from cookie", false: "session new in the request"}[fromCookie]
		t.Run(name, func(t *testing.T) {
			var old, fresh *session.Session
			var callbacks atomic.Int32
			site := sessSite(func(req *resource.Request) ([]byte, error) {
				old = req.GetSession()
				old.NotifyOnExpire(func() { callbacks.Add(1) })
				old.Expire()
				fresh = req.GetSession()
				if again := req.GetSession(); again != fresh {
					t.Error("GetSession after the fresh one changed again")
				}
				if req.Session() != fresh {
					t.Error("Request.Session() is not the fresh session")
				}
				return nil, nil
			}, nil)
			cookie := ""
			if fromCookie {
				s, err := site.MakeSession()
				if err != nil {
					t.Fatal(err)
				}
				cookie = "TWISTED_SESSION=" + s.UID()
			}
			resp := sessGet(site, cookie, false)
			if fresh == old || fresh.UID() == old.UID() || fresh.Expired() {
				t.Fatalf("after Expire, GetSession gave %v (old %v)", fresh, old)
			}
			if callbacks.Load() != 1 {
				t.Errorf("the old session's callbacks ran %d times, want 1", callbacks.Load())
			}
			if _, err := site.GetSession(old.UID()); !errors.Is(err, server.ErrNoSession) {
				t.Error("the expired session is still in the table")
			}
			if got, _ := site.GetSession(fresh.UID()); got != fresh {
				t.Error("the fresh session is not in the table")
			}
			sc := resp.Header.Values("Set-Cookie")
			if len(sc) != 1 {
				t.Fatalf("Set-Cookie %q, want exactly one", sc)
			}
			if c := setCookies(t, resp)[0]; c.Value != fresh.UID() || c.MaxAge != 0 {
				t.Errorf("Set-Cookie %q, want the fresh id", sc[0])
			}
		})
	}
}

// D11: a session expired in a request and not replaced has its cookie
// deleted by the response.
func TestExpiredSessionCookieDeleted(t *testing.T) {
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		req.GetSession().Expire()
		return []byte("logged out"), nil
	}, nil)
	s, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	resp := sessGet(site, "TWISTED_SESSION="+s.UID(), false)
	sc := resp.Header.Values("Set-Cookie")
	if len(sc) != 1 {
		t.Fatalf("Set-Cookie %q, want one deletion", sc)
	}
	c := setCookies(t, resp)[0]
	if c.Name != "TWISTED_SESSION" || c.Value != "" || c.MaxAge >= 0 || !strings.Contains(sc[0], "Max-Age=0") || c.Path != "/" {
		t.Errorf("Set-Cookie %q, want TWISTED_SESSION=; Path=/; Max-Age=0", sc[0])
	}
	if strings.Contains(sc[0], s.UID()) {
		t.Errorf("the deletion carries the old id: %q", sc[0])
	}
	if got := strings.Join(resp.Header.Values("Cache-Control"), ", "); got != `private, no-cache="Set-Cookie"` {
		t.Errorf("Cache-Control %q on the deletion", got)
	}
	if !s.Expired() || site.SessionCount() != 0 {
		t.Errorf("Expired %v, SessionCount %d", s.Expired(), site.SessionCount())
	}
}

// D11: a session made and expired within one request, for a client that
// sent no cookie, needs no cookie at all: in particular not the dead id.
func TestSessionMadeAndExpiredInRequestSendsNoCookie(t *testing.T) {
	var s *session.Session
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		s = req.GetSession()
		s.Expire()
		return nil, nil
	}, nil)
	resp := sessGet(site, "", false)
	for _, line := range resp.Header.Values("Set-Cookie") {
		if strings.Contains(line, s.UID()) {
			t.Errorf("Set-Cookie %q sends an expired session's id", line)
		}
	}
	if site.SessionCount() != 0 {
		t.Errorf("SessionCount = %d, want 0", site.SessionCount())
	}
}

// D10: GetSession after the response started cannot send a cookie: the
// site warns, the session is kept out of the table, and it ends with the
// request, running its callbacks.
func TestGetSessionAfterResponseStarted(t *testing.T) {
	var log syncbuf.Buffer
	var s *session.Session
	ended := 0
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		if _, err := req.Write([]byte("started")); err != nil {
			return nil, err
		}
		s = req.GetSession()
		if req.GetSession() != s {
			t.Error("a second GetSession in the request gave another session")
		}
		s.NotifyOnExpire(func() { ended++ })
		return nil, nil
	}, &log)
	resp := sessGet(site, "", false)
	if resp.StatusCode != http.StatusOK || sessBody(t, resp) != "started" {
		t.Errorf("status %d", resp.StatusCode)
	}
	if s == nil {
		t.Fatal("GetSession returned nil after the response started")
	}
	if _, err := site.GetSession(s.UID()); !errors.Is(err, server.ErrNoSession) {
		t.Error("the unreachable session is in the table")
	}
	if n := site.SessionCount(); n != 0 {
		t.Errorf("SessionCount = %d, want 0", n)
	}
	if !s.Expired() || ended != 1 {
		t.Errorf("after the request the unreachable session: expired %v, callbacks run %d; want true, 1",
			s.Expired(), ended)
	}
	if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
		t.Errorf("Set-Cookie %q after the response started", sc)
	}
	l := log.String()
	if !strings.Contains(l, "level=WARN") || !strings.Contains(l, "session") {
		t.Errorf("no warning logged:\n%s", l)
	}
	if strings.Contains(l, s.UID()) {
		t.Errorf("the warning carries the session id:\n%s", l)
	}

	// With a cookie for a live session, the session is found: no warning.
	live, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	before := strings.Count(log.String(), "level=WARN")
	sessGet(site, "TWISTED_SESSION="+live.UID(), false)
	if s != live {
		t.Error("after the response started, the cookie's live session was not found")
	}
	if after := strings.Count(log.String(), "level=WARN"); after != before {
		t.Errorf("a warning for a session found by its cookie:\n%s", log.String())
	}
}

// A session that expires (by its clock) while its request is still
// rendering: the request keeps working; a later GetSession in it gets a
// fresh session, as after Expire (D3); without one, the cookie is
// deleted (D11).
func TestSessionExpiresDuringRequest(t *testing.T) {
	for _, again := range []bool{false, true} {
		name := map[bool]string{false: "no GetSession after", true: "GetSession after"}[again]
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				entered, proceed := make(chan struct{}), make(chan struct{})
				var held, fresh *session.Session
				site := sessSite(func(req *resource.Request) ([]byte, error) {
					held = req.GetSession()
					close(entered)
					<-proceed
					held.Touch()
					held.SetComponent(counterType, &lockedCounter{})
					held.NotifyOnExpire(func() {})
					if again {
						fresh = req.GetSession()
					}
					return []byte("still fine"), nil
				}, nil)
				s, err := site.MakeSession()
				if err != nil {
					t.Fatal(err)
				}
				var resp *http.Response
				done := make(chan struct{})
				go func() {
					defer close(done)
					resp = sessGet(site, "TWISTED_SESSION="+s.UID(), false)
				}()
				<-entered
				time.Sleep(s.SessionTimeout)
				synctest.Wait()
				if !s.Expired() || site.SessionCount() != 0 {
					t.Fatalf("session did not expire while its request rendered")
				}
				close(proceed)
				<-done
				if resp.StatusCode != http.StatusOK || sessBody(t, resp) != "still fine" {
					t.Fatalf("status %d", resp.StatusCode)
				}
				if held != s {
					t.Fatal("the request did not get the cookie's session")
				}
				cookies := setCookies(t, resp)
				if len(cookies) != 1 {
					t.Fatalf("Set-Cookie %q, want one", resp.Header.Values("Set-Cookie"))
				}
				if again {
					if fresh == nil || fresh == s || cookies[0].Value != fresh.UID() {
						t.Errorf("fresh %v, Set-Cookie %q; want the fresh session's cookie", fresh, resp.Header.Values("Set-Cookie"))
					}
				} else if cookies[0].Value != "" || cookies[0].MaxAge >= 0 {
					t.Errorf("Set-Cookie %q, want the cookie deleted", resp.Header.Values("Set-Cookie"))
				}
			})
		})
	}
}

// D1: every request that uses the session pushes its expiry back, over
// HTTP; Twisted would end it sessionTimeout after creation.
func TestSlidingExpiryOverHTTP(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sessSite(showUID, nil)
		resp := sessGet(site, "", false)
		uid := sessBody(t, resp)
		cookie := "TWISTED_SESSION=" + uid
		timeout := session.DefaultTimeout
		for i := range 12 { // 2 hours, a request every 10 minutes
			time.Sleep(10 * time.Minute)
			resp = sessGet(site, cookie, false)
			if got := sessBody(t, resp); got != uid {
				t.Fatalf("request %d, %v after the previous one: session %q, want %q", i, 10*time.Minute, got, uid)
			}
			if sc := resp.Header.Values("Set-Cookie"); len(sc) != 0 {
				t.Fatalf("request %d: Set-Cookie %q", i, sc)
			}
		}
		time.Sleep(timeout - time.Nanosecond)
		synctest.Wait()
		if _, err := site.GetSession(uid); err != nil {
			t.Fatal("gone a tick before a timeout since the last request")
		}
		resp = sessGet(site, cookie, false) // idle a timeout minus a tick: still there, and touched
		if got := sessBody(t, resp); got != uid {
			t.Fatalf("session %q, want %q", got, uid)
		}
		time.Sleep(timeout)
		synctest.Wait()
		if _, err := site.GetSession(uid); !errors.Is(err, server.ErrNoSession) {
			t.Fatal("still live a timeout after the last request")
		}
		resp = sessGet(site, cookie, false)
		newUID := sessBody(t, resp)
		if newUID == uid {
			t.Fatal("the expired session came back")
		}
		if c := setCookies(t, resp); len(c) != 1 || c[0].Value != newUID {
			t.Errorf("Set-Cookie %q, want the new session's", resp.Header.Values("Set-Cookie"))
		}
	})
}

// Site.GetSession, as Twisted's site.getSession, does not touch.
func TestSiteGetSessionDoesNotTouch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sessSite(showUID, nil)
		s, err := site.MakeSession()
		if err != nil {
			t.Fatal(err)
		}
		created := s.LastModified()
		time.Sleep(s.SessionTimeout - time.Minute)
		if _, err := site.GetSession(s.UID()); err != nil {
			t.Fatal(err)
		}
		site.Sessions()
		if !s.LastModified().Equal(created) {
			t.Error("Site.GetSession touched the session")
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if !s.Expired() {
			t.Error("the session outlived its timeout after Site.GetSession")
		}
	})
}

// D9: many concurrent requests on one session; the session's component is
// built once and every increment counts.
func TestConcurrentRequestsOneSession(t *testing.T) {
	const goroutines, perGoroutine = 32, 50
	reg := components.NewRegistry()
	var built atomic.Int32
	components.RegisterAdapterIn(reg, func(*session.Session) sessCounter {
		built.Add(1)
		return &lockedCounter{}
	})
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		c, err := components.AdaptIn[sessCounter](reg, req.GetSession())
		if err != nil {
			return nil, err
		}
		c.Inc()
		return []byte(req.GetSession().UID()), nil
	}, nil)
	resp := sessGet(site, "", false)
	uid := sessBody(t, resp)
	cookie := "TWISTED_SESSION=" + uid

	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range perGoroutine {
				resp := sessGet(site, cookie, false)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("status %d", resp.StatusCode)
					return
				}
				if len(resp.Header.Values("Set-Cookie")) != 0 {
					t.Error("a concurrent request got a new cookie")
					return
				}
			}
		})
	}
	wg.Wait()
	s, err := site.GetSession(uid)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := components.AdaptIn[sessCounter](reg, s)
	if got, want := c.Inc()-1, 1+goroutines*perGoroutine; got != want {
		t.Errorf("count %d, want %d", got, want)
	}
	if built.Load() != 1 {
		t.Errorf("the counter was built %d times, want 1", built.Load())
	}
	if site.SessionCount() != 1 {
		t.Errorf("SessionCount = %d, want 1", site.SessionCount())
	}
}

// D12: Renew gives a new id at once, keeps components, callbacks and the
// timer, and the response re-issues the cookie; nothing expires.
func TestRenew(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var renewErr error
		site := sessSite(func(req *resource.Request) ([]byte, error) {
			s := req.GetSession()
			if req.GetHeader("X-Renew") != "" {
				renewErr = s.Renew()
			}
			return []byte(s.UID()), nil
		}, nil)
		s, err := site.MakeSession()
		if err != nil {
			t.Fatal(err)
		}
		oldUID := s.UID()
		counter := &lockedCounter{}
		s.SetComponent(counterType, counter)
		var expired atomic.Int32
		s.NotifyOnExpire(func() { expired.Add(1) })

		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", "TWISTED_SESSION="+oldUID)
		r.Header.Set("X-Renew", "1")
		w := httptest.NewRecorder()
		site.ServeHTTP(w, r)
		resp := w.Result()
		if renewErr != nil {
			t.Fatalf("Renew: %v", renewErr)
		}
		newUID := sessBody(t, resp)
		if newUID == oldUID || s.UID() != newUID || !hexID.MatchString(newUID) {
			t.Fatalf("after Renew: UID %q (old %q, body %q)", s.UID(), oldUID, newUID)
		}
		if c := setCookies(t, resp); len(c) != 1 || c[0].Value != newUID || c[0].Name != "TWISTED_SESSION" {
			t.Errorf("Set-Cookie %q, want TWISTED_SESSION=%s", resp.Header.Values("Set-Cookie"), newUID)
		}
		if _, err := site.GetSession(oldUID); !errors.Is(err, server.ErrNoSession) {
			t.Error("the old id still finds the session")
		}
		if got, _ := site.GetSession(newUID); got != s {
			t.Error("the new id does not find the session")
		}
		if site.SessionCount() != 1 {
			t.Errorf("SessionCount = %d, want 1", site.SessionCount())
		}
		if s.GetComponent(counterType, nil) != counter {
			t.Error("Renew lost the session's components")
		}
		synctest.Wait()
		if expired.Load() != 0 || s.Expired() {
			t.Error("Renew expired the session")
		}

		// The old cookie gets a new session; the new one finds this one.
		if got := sessBody(t, sessGet(site, "TWISTED_SESSION="+oldUID, false)); got == oldUID || got == newUID {
			t.Errorf("old cookie got session %q", got)
		}
		resp = sessGet(site, "TWISTED_SESSION="+newUID, false)
		if got := sessBody(t, resp); got != newUID || len(resp.Header.Values("Set-Cookie")) != 0 {
			t.Errorf("new cookie got session %q, Set-Cookie %q", got, resp.Header.Values("Set-Cookie"))
		}

		// The timer and the callbacks came along.
		time.Sleep(s.SessionTimeout)
		synctest.Wait()
		if !s.Expired() || expired.Load() != 1 {
			t.Errorf("a timeout after the last request: Expired %v, callbacks %d", s.Expired(), expired.Load())
		}
		if _, err := site.GetSession(newUID); err == nil {
			t.Error("the renewed session is still in the table after expiry")
		}
		if err := s.Renew(); !errors.Is(err, session.ErrExpired) {
			t.Errorf("Renew after expiry = %v, want ErrExpired", err)
		}
	})
}

var counterType = reflect.TypeFor[sessCounter]()

// Renew with a failing id source fails and changes nothing.
func TestRenewFailingIDSource(t *testing.T) {
	site := sessSite(showUID, nil)
	site.Clock = clock.NewMock()
	s, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	uid := s.UID()
	errEntropy := errors.New("entropy exhausted")
	site.NewSessionID = func() (string, error) { return "", errEntropy }
	if err := s.Renew(); !errors.Is(err, errEntropy) {
		t.Errorf("Renew = %v, want the source's error", err)
	}
	if s.UID() != uid {
		t.Error("a failed Renew changed the id")
	}
	if got, _ := site.GetSession(uid); got != s {
		t.Error("a failed Renew took the session out of the table")
	}
}

// D12: an absolute Lifetime ends a session used every minute, at creation
// + Lifetime and not a tick before.
func TestLifetimeOverHTTP(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sessSite(showUID, nil)
		site.SessionFactory = func(site *server.Site, uid string) session.Interface {
			s := session.New(site, uid)
			s.Lifetime = time.Hour
			return s
		}
		created := time.Now()
		uid := sessBody(t, sessGet(site, "", false))
		cookie := "TWISTED_SESSION=" + uid
		for time.Since(created) < time.Hour-time.Minute {
			time.Sleep(time.Minute)
			if got := sessBody(t, sessGet(site, cookie, false)); got != uid {
				t.Fatalf("session replaced at creation+%v, Lifetime 1h", time.Since(created))
			}
		}
		time.Sleep(time.Until(created.Add(time.Hour)) - time.Nanosecond)
		synctest.Wait()
		if _, err := site.GetSession(uid); err != nil {
			t.Fatal("ended a tick before creation+Lifetime")
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if _, err := site.GetSession(uid); !errors.Is(err, server.ErrNoSession) {
			t.Fatal("still live at creation+Lifetime")
		}
		if got := sessBody(t, sessGet(site, cookie, false)); got == uid {
			t.Error("the cookie still finds the ended session")
		}
	})
}

// Site.Close is idempotent, stops every timer without running callbacks,
// refuses new sessions and leaves no goroutine behind (synctest fails the
// test on one).
func TestSiteClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sessSite(showUID, nil)
		var calls atomic.Int32
		for range 10 {
			s, err := site.MakeSession()
			if err != nil {
				t.Fatal(err)
			}
			s.NotifyOnExpire(func() { calls.Add(1) })
		}
		sessGet(site, "", false)
		if site.SessionCount() != 11 {
			t.Fatalf("SessionCount = %d, want 11", site.SessionCount())
		}
		if err := site.Close(); err != nil {
			t.Errorf("Close = %v", err)
		}
		if err := site.Close(); err != nil {
			t.Errorf("second Close = %v", err)
		}
		if site.SessionCount() != 0 || len(site.Sessions()) != 0 {
			t.Errorf("after Close: SessionCount %d", site.SessionCount())
		}
		time.Sleep(10 * session.DefaultTimeout)
		synctest.Wait()
		if calls.Load() != 0 {
			t.Errorf("%d expiry callbacks ran after Close", calls.Load())
		}
		if s, err := site.MakeSession(); !errors.Is(err, session.ErrClosed) {
			t.Errorf("MakeSession after Close = %v, %v; want ErrClosed", s, err)
		}
	})
}

// Close leaves no pending timer on the site's clock.
func TestSiteCloseStopsTimers(t *testing.T) {
	mock := clock.NewMock()
	site := sessSite(showUID, nil)
	site.Clock = mock
	for range 5 {
		if _, err := site.MakeSession(); err != nil {
			t.Fatal(err)
		}
	}
	site.Close()
	before := mock.Now()
	if after := mock.WaitForAllTimers(); !after.Equal(before) {
		t.Errorf("a session timer is still pending after Close (due at %v)", after)
	}
}

// Twisted's SessionTests with a Site: expiry by timeout on a mock clock
// takes the session out of the table, after which Site.GetSession fails.
func TestExpiryOnMockClock(t *testing.T) {
	mock := clock.NewMock()
	site := sessSite(showUID, nil)
	site.Clock = mock
	s, err := site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	expired := make(chan struct{})
	s.NotifyOnExpire(func() {
		if _, err := site.GetSession(s.UID()); err == nil {
			t.Error("callback ran with the session still in the table")
		}
		close(expired)
	})
	mock.Add(s.SessionTimeout - time.Second)
	if _, err := site.GetSession(s.UID()); err != nil {
		t.Fatal("expired a second early")
	}
	mock.Add(time.Second)
	select {
	case <-expired:
	case <-time.After(10 * time.Second):
		t.Fatal("no expiry at the timeout")
	}
	if _, err := site.GetSession(s.UID()); !errors.Is(err, server.ErrNoSession) {
		t.Errorf("GetSession after expiry = %v, want ErrNoSession", err)
	}
	if site.SessionCount() != 0 {
		t.Errorf("SessionCount = %d", site.SessionCount())
	}
}

// Sessions is a snapshot: later expiries do not change it.
func TestSessionsSnapshot(t *testing.T) {
	site := sessSite(showUID, nil)
	site.Clock = clock.NewMock()
	a, _ := site.MakeSession()
	b, _ := site.MakeSession()
	snap := site.Sessions()
	a.Expire()
	if len(snap) != 2 {
		t.Fatalf("snapshot has %d sessions, want 2", len(snap))
	}
	got := map[*session.Session]bool{}
	for _, s := range snap {
		got[s] = true
	}
	if !got[a] || !got[b] {
		t.Error("snapshot lacks a session")
	}
	if n := len(site.Sessions()); n != 1 {
		t.Errorf("Sessions() after one expiry has %d, want 1", n)
	}
}

// Close racing MakeSession: a session made before Close (MakeSession
// returned it) must not be left with a running timer, or it would expire
// after Close, which stops all timers and runs no callbacks.
func TestSiteCloseRacingMakeSession(t *testing.T) {
	for round := range 200 {
		synctest.Test(t, func(t *testing.T) {
			site := sessSite(showUID, nil)
			var mu sync.Mutex
			var made []*session.Session
			var ended atomic.Int32
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					for {
						s, err := site.MakeSession()
						if errors.Is(err, session.ErrClosed) {
							return
						}
						if err != nil {
							t.Error(err)
							return
						}
						s.NotifyOnExpire(func() { ended.Add(1) })
						mu.Lock()
						made = append(made, s)
						mu.Unlock()
					}
				})
			}
			wg.Go(func() { site.Close() })
			wg.Wait()
			time.Sleep(10 * session.DefaultTimeout)
			synctest.Wait()
			if n := ended.Load(); n != 0 {
				t.Fatalf("round %d: %d sessions made before Close expired by their timer after Close", round, n)
			}
		})
		if t.Failed() {
			return
		}
	}
}

// D5: the session's cache headers add to what the page set; they never
// weaken a page's own Cache-Control (a private page stays no-store).
func TestSetCookieKeepsPageCacheControl(t *testing.T) {
	site := sessSite(func(req *resource.Request) ([]byte, error) {
		req.SetHeader("Cache-Control", "no-store")
		req.SetHeader("Vary", "Accept-Encoding")
		return []byte(req.GetSession().UID()), nil
	}, nil)
	resp := sessGet(site, "", false)
	if len(resp.Header.Values("Set-Cookie")) != 1 {
		t.Fatalf("Set-Cookie %q, want one", resp.Header.Values("Set-Cookie"))
	}
	cc := strings.Join(resp.Header.Values("Cache-Control"), ", ")
	if !strings.Contains(cc, "no-store") || !strings.Contains(cc, `no-cache="Set-Cookie"`) {
		t.Errorf(`Cache-Control %q, want the page's no-store and no-cache="Set-Cookie"`, cc)
	}
	vary := strings.Join(resp.Header.Values("Vary"), ", ")
	if !strings.Contains(vary, "Accept-Encoding") || !strings.Contains(vary, "Cookie") {
		t.Errorf("Vary %q, want Accept-Encoding and Cookie", vary)
	}
}
