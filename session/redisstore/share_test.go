package redisstore_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/internal/syncbuf"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
	"github.com/weftgo/weft/session/redisstore"
	"github.com/weftgo/weft/session/redisstore/redistest"
)

// counter is a persistent component: the seed's session counter.
type counter interface{ Inc() int }

type count struct {
	mu sync.Mutex
	n  int
}

func (c *count) Inc() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.n
}

// countCodec stores a counter as its decimal value.
type countCodec struct{}

func (countCodec) Encode(c counter) ([]byte, error) {
	cc := c.(*count)
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return strconv.AppendInt(nil, int64(cc.n), 10), nil
}

func (countCodec) Decode(b []byte) (counter, error) {
	n, err := strconv.Atoi(string(b))
	return &count{n: n}, err
}

func init() {
	components.RegisterAdapter(func(*session.Session) counter { return &count{} })
}

// page renders fn.
type page struct {
	resource.Base
	fn func(req *resource.Request) ([]byte, error)
}

func (p *page) RenderGET(req *resource.Request) ([]byte, error) { return p.fn(req) }

// app is one weft process: a Site on a redisstore.Store, served over HTTP.
type app struct {
	site *server.Site
	st   *redisstore.Store
	url  string
	log  *syncbuf.Buffer

	mu     sync.Mutex
	logged map[*session.Session]bool
	ended  map[string]int // by the uid the session had when /logme saw it
}

// newApp starts a process on the Redis at url; timeout, if positive, is
// its sessions' SessionTimeout.
func newApp(t *testing.T, url string, timeout time.Duration, o redisstore.Options) *app {
	t.Helper()
	a := &app{log: &syncbuf.Buffer{}, logged: map[*session.Session]bool{}, ended: map[string]int{}}
	logger := slog.New(slog.NewTextHandler(a.log, nil))
	o.Logger = logger
	if o.ReconcileInterval == 0 {
		o.ReconcileInterval = 200 * time.Millisecond
	}
	st, err := redisstore.Open(url, o)
	if err != nil {
		t.Fatal(err)
	}
	redisstore.Persist[counter](st, "counter", countCodec{})
	a.st = st
	root := resource.New()
	root.PutChild("", &page{fn: func(req *resource.Request) ([]byte, error) {
		return []byte(req.GetSession().UID()), nil
	}})
	root.PutChild("count", &page{fn: func(req *resource.Request) ([]byte, error) {
		s := req.GetSession()
		c, err := components.Adapt[counter](s)
		if err != nil {
			return nil, err
		}
		n := c.Inc()
		if err := st.Save(req.Context(), s); err != nil {
			return nil, err
		}
		return []byte(fmt.Sprintf("Visit #%d for you!", n)), nil
	}})
	root.PutChild("peek", &page{fn: func(req *resource.Request) ([]byte, error) {
		c, err := components.Adapt[counter](req.GetSession())
		if err != nil {
			return nil, err
		}
		return countCodec{}.Encode(c)
	}})
	root.PutChild("expire", &page{fn: func(req *resource.Request) ([]byte, error) {
		req.GetSession().Expire()
		return []byte("expired"), nil
	}})
	root.PutChild("renew", &page{fn: func(req *resource.Request) ([]byte, error) {
		s := req.GetSession()
		if err := s.Renew(); err != nil {
			return nil, err
		}
		return []byte(s.UID()), nil
	}})
	root.PutChild("logme", &page{fn: func(req *resource.Request) ([]byte, error) {
		s := req.GetSession()
		uid := s.UID()
		a.mu.Lock()
		seen := a.logged[s]
		a.logged[s] = true
		a.mu.Unlock()
		if !seen {
			s.NotifyOnExpire(func() {
				a.mu.Lock()
				a.ended[uid]++
				a.mu.Unlock()
			})
		}
		return []byte(uid), nil
	}})
	a.site = server.NewSite(root)
	a.site.Logger = logger
	a.site.Store = st
	if timeout > 0 {
		a.site.SessionFactory = func(site *server.Site, uid string) session.Interface {
			s := session.New(site, uid)
			s.SessionTimeout = timeout
			return s
		}
	}
	srv := httptest.NewServer(a.site)
	a.url = srv.URL
	t.Cleanup(func() {
		srv.Close()
		a.site.Close()
	})
	return a
}

// endedCount returns how many times the callback /logme registered for uid
// has run.
func (a *app) endedCount(uid string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.ended[uid]
}

// reply is a response, read.
type reply struct {
	status int
	body   string
	cookie string // the session cookie it set, "" for none
}

// get requests path from a with the session cookie uid ("" for none).
func (a *app) get(t *testing.T, path, uid string) reply {
	t.Helper()
	req, err := http.NewRequest("GET", a.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if uid != "" {
		req.AddCookie(&http.Cookie{Name: "TWISTED_SESSION", Value: uid})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, body: string(b)}
	for _, c := range resp.Cookies() {
		if c.Name == "TWISTED_SESSION" {
			r.cookie = c.Value
		}
	}
	return r
}

// eventually polls cond until it holds, failing t after d.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(d)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("after %v: %s", d, what)
		}
	}
}

// settle waits for d of real time, to let anything that should not happen
// (a second callback) have its chance; assertions follow it, and none
// relies on it for something that must happen.
func settle(d time.Duration) { <-time.After(d) }

// Two Sites in one test process on one Redis: a cookie made by one works
// on the other, the persistent counter counts across both, Expire on one
// ends the session on the other, and the expiry callback each registered
// runs exactly once, in its own process.
func TestTwoSitesShareSessions(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{})
	b := newApp(t, rs.URL, 0, redisstore.Options{})

	first := a.get(t, "/count", "")
	uid := first.cookie
	if first.body != "Visit #1 for you!" || uid == "" {
		t.Fatalf("first visit: %+v", first)
	}
	for i, p := range []*app{b, a, b} {
		r := p.get(t, "/count", uid)
		if want := fmt.Sprintf("Visit #%d for you!", i+2); r.body != want || r.cookie != "" {
			t.Fatalf("visit %d = %+v, want %q and no new cookie", i+2, r, want)
		}
	}
	if r := b.get(t, "/logme", uid); r.body != uid {
		t.Fatalf("b's /logme: %+v", r)
	}
	a.get(t, "/logme", uid)
	if r := a.get(t, "/expire", uid); r.status != 200 {
		t.Fatalf("/expire: %+v", r)
	}
	eventually(t, 5*time.Second, "b's callback did not run", func() bool { return b.endedCount(uid) == 1 })
	if a.endedCount(uid) != 1 {
		t.Errorf("a's callback ran %d times, want 1", a.endedCount(uid))
	}
	if r := b.get(t, "/", uid); r.body == uid || r.cookie == "" || r.cookie == uid {
		t.Errorf("the expired session is still served by b: %+v", r)
	}
	settle(3 * 200 * time.Millisecond) // a few reconcile rounds
	if a.endedCount(uid) != 1 || b.endedCount(uid) != 1 {
		t.Errorf("callbacks ran %d and %d times, want once each", a.endedCount(uid), b.endedCount(uid))
	}
}

// Renew in one process moves the session in every process: the old id is
// dead at once, the new one finds the same session (same counter), and the
// callback another process registered does not run for the renewal but
// runs once when the session finally ends.
func TestRenewMovesEverywhere(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{})
	b := newApp(t, rs.URL, 0, redisstore.Options{})
	uid := a.get(t, "/count", "").cookie
	b.get(t, "/logme", uid)
	b.get(t, "/count", uid) // #2
	renewed := a.get(t, "/renew", uid)
	if renewed.cookie == "" || renewed.cookie == uid || renewed.body != renewed.cookie {
		t.Fatalf("/renew: %+v", renewed)
	}
	if r := b.get(t, "/", uid); r.body == uid {
		t.Error("the old id still works on b after a renewed it")
	}
	if r := b.get(t, "/count", renewed.cookie); r.body != "Visit #3 for you!" || r.cookie != "" {
		t.Errorf("the new id on b: %+v, want visit #3 of the same session", r)
	}
	if n := b.endedCount(uid); n != 0 {
		t.Errorf("b's callback ran %d times for a renewal", n)
	}
	a.get(t, "/expire", renewed.cookie)
	eventually(t, 5*time.Second, "b's callback did not run after the renewed session ended",
		func() bool { return b.endedCount(uid) == 1 })
}

// A session that times out ends in every process that holds it, each
// running its callback once, on Redis's clock.
func TestTimeoutEndsEverywhere(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 300*time.Millisecond, redisstore.Options{})
	b := newApp(t, rs.URL, 300*time.Millisecond, redisstore.Options{})
	uid := a.get(t, "/logme", "").cookie
	b.get(t, "/logme", uid)
	eventually(t, 5*time.Second, "callbacks did not run", func() bool {
		return a.endedCount(uid) == 1 && b.endedCount(uid) == 1
	})
	settle(600 * time.Millisecond)
	if a.endedCount(uid) != 1 || b.endedCount(uid) != 1 {
		t.Errorf("callbacks ran %d and %d times, want once each", a.endedCount(uid), b.endedCount(uid))
	}
}

// A subscriber that misses every message (paused, cut off: Redis's
// pub/sub is at-most-once) still learns that a session ended elsewhere, by
// reconcile, within its ReconcileInterval, and runs the callback once.
func TestPausedSubscriberReconciles(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{})
	b := newApp(t, rs.URL, 0, redisstore.Options{ReconcileInterval: 500 * time.Millisecond})
	expired := a.get(t, "/logme", "").cookie
	b.get(t, "/logme", expired)
	renewed := a.get(t, "/logme", "").cookie
	b.get(t, "/logme", renewed)
	redisstore.DropEvents(b.st, true)
	start := time.Now()
	a.get(t, "/expire", expired)
	newID := a.get(t, "/renew", renewed).cookie
	eventually(t, 5*time.Second, "b never learned of the end", func() bool { return b.endedCount(expired) == 1 })
	if d := time.Since(start); d > 500*time.Millisecond+time.Second {
		t.Errorf("b learned after %v, more than ReconcileInterval and a round trip", d)
	}
	// The renewal b missed is found through the note Renew left: the
	// session is moved, not ended.
	settle(time.Second)
	if n := b.endedCount(renewed); n != 0 {
		t.Errorf("b ended a session that was renewed, not ended (%d)", n)
	}
	if r := b.get(t, "/", newID); r.body != newID {
		t.Errorf("b with the new id: %+v", r)
	}
	redisstore.DropEvents(b.st, false)
	a.get(t, "/expire", newID)
	eventually(t, 5*time.Second, "the renewed session's callback did not run on b", func() bool { return b.endedCount(renewed) == 1 })
	if b.endedCount(expired) != 1 {
		t.Errorf("b's callback ran %d times", b.endedCount(expired))
	}
}

// Redis killed and restarted mid-test: while it is down, a request that
// needs a session gets a 503 page (logged once), no session is made in
// place of the one the cookie names, and no callback runs; once it is
// back, the same cookie finds the same session with every count it
// acknowledged, without restarting the process.
func TestRedisKilledAndRestarted(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{})
	uid := a.get(t, "/count", "").cookie
	a.get(t, "/logme", uid)
	a.get(t, "/count", uid) // #2, acknowledged

	rs.Kill()
	for _, c := range []string{uid, "", uid} {
		r := a.get(t, "/count", c)
		if r.status != http.StatusServiceUnavailable || r.cookie != "" || !strings.Contains(r.body, "session store") {
			t.Fatalf("while Redis is down: %+v", r)
		}
	}
	if n := strings.Count(a.log.String(), "session store unavailable"); n != 1 {
		t.Errorf("%d log lines for the outage, want 1:\n%s", n, a.log.String())
	}
	rs.Restart(t)
	var r reply
	eventually(t, 10*time.Second, "service did not resume", func() bool {
		r = a.get(t, "/count", uid)
		return r.status == 200
	})
	if r.body != "Visit #3 for you!" || r.cookie != "" {
		t.Errorf("after the restart: %+v, want visit #3 of the same session", r)
	}
	if n := a.endedCount(uid); n != 0 {
		t.Errorf("the callback ran %d times for an outage", n)
	}
	if strings.Contains(a.log.String(), uid) {
		t.Error("the log carries the session id")
	}
}

// 10,000 sessions held by one process expire on Redis's clock, and every
// callback runs exactly once.
func TestManySessionsExpireOnce(t *testing.T) {
	rs := redistest.Start(t)
	const n = 10_000
	a := newApp(t, rs.URL, time.Second, redisstore.Options{ReconcileInterval: 500 * time.Millisecond})
	counts := make([]int, n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < n; i += 8 {
				s, err := a.site.MakeSession()
				if err != nil {
					t.Error(err)
					return
				}
				s.NotifyOnExpire(func() {
					mu.Lock()
					counts[i]++
					mu.Unlock()
				})
			}
		})
	}
	wg.Wait()
	done := func() int {
		mu.Lock()
		defer mu.Unlock()
		k := 0
		for _, c := range counts {
			if c > 0 {
				k++
			}
		}
		return k
	}
	eventually(t, 60*time.Second, "not every session ended", func() bool { return done() == n })
	settle(time.Second) // two reconcile rounds more
	mu.Lock()
	defer mu.Unlock()
	for i, c := range counts {
		if c != 1 {
			t.Fatalf("session %d: callback ran %d times", i, c)
		}
	}
	if k, err := a.st.Len(context.Background()); err != nil || k != 0 {
		t.Errorf("Len = %d, %v after every session ended", k, err)
	}
}
