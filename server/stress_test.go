package server

import (
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/session"
)

// stressCounter is the component the stress test hangs on sessions.
type stressCounter interface{ bump() }

type stressCount struct{ n atomic.Int64 }

func (c *stressCount) bump() { c.n.Add(1) }

// touchPage gets the request's session, as a page would.
type touchPage struct{ resource.Base }

func (*touchPage) RenderGET(req *resource.Request) ([]byte, error) {
	req.GetSession()
	return nil, nil
}

// TestStressSessions runs 64 goroutines over 10,000 sessions, getting,
// touching, adapting, renewing and expiring them, over HTTP and directly,
// while fake time moves and idle sessions time out. Afterwards every
// session that ended has run each of its two callbacks exactly once, none
// that lives has run any, and the table holds exactly the live ones.
func TestStressSessions(t *testing.T) {
	const (
		workers  = 64
		sessions = 10_000
		ops      = 400 // per worker
	)
	synctest.Test(t, func(t *testing.T) {
		reg := components.NewRegistry()
		components.RegisterAdapterIn(reg, func(*session.Session) stressCounter { return &stressCount{} })

		site := NewSite(&touchPage{})
		site.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
		site.SessionFactory = func(s *Site, uid string) session.Interface {
			sess := session.New(s, uid)
			sess.SessionTimeout = 200 * time.Millisecond
			sess.SetRegistry(reg)
			return sess
		}

		type tracked struct {
			s     *session.Session
			calls [2]atomic.Int32
		}
		all := make([]*tracked, sessions)
		for i := range all {
			s, err := site.MakeSession()
			if err != nil {
				t.Fatal(err)
			}
			tr := &tracked{s: s}
			s.NotifyOnExpire(func() { tr.calls[0].Add(1) })
			s.NotifyOnExpire(func() { tr.calls[1].Add(1) })
			all[i] = tr
		}

		start := time.Now()
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), 1))
				for range ops {
					tr := all[rng.IntN(sessions)]
					switch op := rng.IntN(100); {
					case op < 30: // a request carrying the session's cookie
						req := httptest.NewRequest("GET", "/", nil)
						if uid, ok := liveUID(site, tr.s); ok {
							req.AddCookie(&http.Cookie{Name: "TWISTED_SESSION", Value: uid})
						}
						site.ServeHTTP(httptest.NewRecorder(), req)
					case op < 55:
						tr.s.Touch()
					case op < 80:
						if c, err := components.AdaptIn[stressCounter](reg, tr.s); err == nil {
							c.bump()
						}
					case op < 88:
						tr.s.Renew() // may race with expiry: ErrExpired is fine
					case op < 93:
						tr.s.Expire()
					default:
						time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
					}
				}
			}()
		}
		wg.Wait()
		synctest.Wait()

		live := 0
		for i, tr := range all {
			ended := tr.s.Expired()
			for j := range tr.calls {
				n := tr.calls[j].Load()
				if ended && n != 1 || !ended && n != 0 {
					t.Fatalf("session %d (ended %v): callback %d ran %d times", i, ended, j, n)
				}
			}
			got, err := site.GetSession(tr.s.UID())
			switch {
			case ended && err == nil:
				t.Fatalf("session %d ended but is still in the table", i)
			case !ended && got != tr.s:
				t.Fatalf("session %d is live but the table has %v, %v", i, got, err)
			}
			if !ended {
				live++
			}
		}
		t.Logf("%d of %d sessions live after %v of fake time", live, sessions, time.Since(start))
		if live == 0 || live == sessions {
			t.Fatalf("%d of %d sessions live: the run did not mix expiry and use", live, sessions)
		}
		// Requests without a cookie made sessions of their own: those are
		// live too, or ended with nobody watching.
		extra := 0
		for _, s := range site.Sessions() {
			if !s.Expired() {
				extra++
			}
		}
		if extra < live {
			t.Fatalf("table holds %d live sessions, fewer than the %d tracked", extra, live)
		}
		for _, s := range site.Sessions() {
			if s.Expired() {
				t.Fatal("the table holds an expired session")
			}
		}
		site.Close()
	})
}

// liveUID reads a session's current id, which UID reads safely while
// Renew changes it.
func liveUID(_ *Site, s *session.Session) (string, bool) {
	return s.UID(), !s.Expired()
}
