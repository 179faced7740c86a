package bench_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/weftgo/weft/bench/servers"
	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// sessionCookie returns the session cookie ("name=value") a first request
// to /count on h sets, and fails if it sets none.
func sessionCookie(tb testing.TB, h http.Handler) string {
	tb.Helper()
	res := checkResponse(tb, h, "GET", servers.Paths.Count, "", 200, "Visit #1 for you!")
	cookies := res.Cookies()
	if len(cookies) == 0 {
		tb.Fatalf("GET %s set no cookie", servers.Paths.Count)
	}
	return cookies[0].Name + "=" + cookies[0].Value
}

// BenchmarkSession compares session requests:
//
//   - case=counter: a known session's request to /count, which reads the
//     session and bumps a counter in it: weft with Request.GetSession and
//     a cached components.Adapt; servemux and chi with scs's LoadAndSave,
//     GetInt and Put over its memory store.
//   - case=new: the same request without a cookie, which makes a session
//     and sends its cookie.
//   - case=getsession (weft only): a page that calls GetSession on a known
//     session and returns the static body; minus case=depth1 of
//     BenchmarkRoute, it is the cost of GetSession inside a request.
func BenchmarkSession(b *testing.B) {
	b.Run("case=counter", func(b *testing.B) {
		for _, im := range impls {
			b.Run("impl="+im.name, func(b *testing.B) {
				h := im.new()
				defer closeSite(h)
				cookie := sessionCookie(b, h)
				checkResponse(b, h, "GET", servers.Paths.Count, cookie, 200, "Visit #2 for you!")
				r := httptest.NewRequest("GET", servers.Paths.Count, nil)
				r.Header.Set("Cookie", cookie)
				w := serveEach(b, h, r)
				if w.code != 200 {
					b.Fatalf("status %d", w.code)
				}
				if im.name == "weft" && len(w.h["Set-Cookie"]) != 0 {
					b.Fatalf("a known session got a new cookie: %q", w.h["Set-Cookie"])
				}
			})
		}
	})
	b.Run("case=new", func(b *testing.B) {
		for _, im := range impls {
			b.Run("impl="+im.name, func(b *testing.B) {
				h := im.new()
				defer closeSite(h)
				w := serveEach(b, h, httptest.NewRequest("GET", servers.Paths.Count, nil))
				if w.code != 200 || len(w.h["Set-Cookie"]) != 1 {
					b.Fatalf("status %d, Set-Cookie %q", w.code, w.h["Set-Cookie"])
				}
			})
		}
	})
	b.Run("case=getsession", func(b *testing.B) {
		b.Run("impl=weft", func(b *testing.B) {
			site, sess := siteWithSession(b)
			r := httptest.NewRequest("GET", servers.Paths.TouchSession, nil)
			r.Header.Set("Cookie", "TWISTED_SESSION="+sess.UID())
			w := serveEach(b, site, r)
			if w.code != 200 || len(w.h["Set-Cookie"]) != 0 {
				b.Fatalf("status %d, Set-Cookie %q", w.code, w.h["Set-Cookie"])
			}
		})
	})
}

// siteWithSession returns a fresh weft site (closed when b ends) and one
// session made on it.
func siteWithSession(b *testing.B) (*server.Site, *session.Session) {
	site := servers.Weft()
	b.Cleanup(func() { site.Close() })
	sess, err := site.MakeSession()
	if err != nil {
		b.Fatal(err)
	}
	return site, sess
}

// BenchmarkSiteGetSession is Site.GetSession on a known id: the table
// lookup, without a request.
func BenchmarkSiteGetSession(b *testing.B) {
	site := servers.Weft()
	defer site.Close()
	for range 1000 { // a table that is not trivially small
		if _, err := site.MakeSession(); err != nil {
			b.Fatal(err)
		}
	}
	sess, _ := site.MakeSession()
	uid := strings.Clone(sess.UID())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.GetSession(uid); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMakeSession is Site.MakeSession: a 32-byte id from crypto/rand,
// the factory, the table and the expiry timer.
func BenchmarkMakeSession(b *testing.B) {
	site := servers.Weft()
	defer site.Close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.MakeSession(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAdaptCached is components.Adapt on a session whose counter is
// already built: the path of every request after a session's first.
func BenchmarkAdaptCached(b *testing.B) {
	_, sess := siteWithSession(b)
	first, err := components.Adapt[servers.ICounter](sess)
	if err != nil {
		b.Fatal(err)
	}
	var c servers.ICounter
	b.ReportAllocs()
	for b.Loop() {
		c, _ = components.Adapt[servers.ICounter](sess)
	}
	if c != first {
		b.Fatal("Adapt built a second counter")
	}
}

// BenchmarkTouch is Session.Touch, alone and from every P at once on one
// session (many requests of one browser).
func BenchmarkTouch(b *testing.B) {
	_, sess := siteWithSession(b)
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sess.Touch()
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				sess.Touch()
			}
		})
	})
	if sess.Expired() {
		b.Fatal("session expired")
	}
}
