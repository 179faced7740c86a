package redisstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
	"github.com/weftgo/weft/session/redisstore"
	"github.com/weftgo/weft/session/redisstore/redistest"
)

// Lifetime bounds a session however busy it is, on Redis's clock, in
// every process.
func TestLifetimeEndsABusySession(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{})
	a.site.SessionFactory = func(site *server.Site, uid string) session.Interface {
		s := session.New(site, uid)
		s.Lifetime = 400 * time.Millisecond
		return s
	}
	b := newApp(t, rs.URL, 0, redisstore.Options{})
	uid := a.get(t, "/logme", "").cookie
	b.get(t, "/logme", uid)
	eventually(t, 5*time.Second, "the session outlived its Lifetime", func() bool {
		r := b.get(t, "/", uid) // a visit every few ms: busy
		return r.body != uid
	})
	eventually(t, 5*time.Second, "callbacks did not run", func() bool {
		return a.endedCount(uid) == 1 && b.endedCount(uid) == 1
	})
}

// Close forgets this process's sessions without running their callbacks;
// the sessions live on in Redis for the other processes; later Creates
// fail with ErrClosed, lookups miss, and Close is idempotent.
func TestCloseLeavesSessionsToOthers(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{})
	b := newApp(t, rs.URL, 0, redisstore.Options{})
	uid := a.get(t, "/logme", "").cookie
	ctx := context.Background()
	if err := a.st.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.st.Close(ctx); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := a.site.MakeSession(); !errors.Is(err, session.ErrClosed) {
		t.Errorf("MakeSession after Close = %v, want ErrClosed", err)
	}
	if _, err := a.st.Get(ctx, uid, nil); err != session.ErrNotFound {
		t.Errorf("Get after Close = %v, want ErrNotFound", err)
	}
	if r := b.get(t, "/", uid); r.body != uid {
		t.Errorf("the other process lost the session: %+v", r)
	}
	if n := a.endedCount(uid); n != 0 {
		t.Errorf("Close ran %d callbacks", n)
	}
	if n, err := b.st.Len(ctx); err != nil || n != 1 {
		t.Errorf("Len = %d, %v; want 1", n, err)
	}
}

// A Redis that hangs (stopped, its connections open) costs a request at
// most about Options.Timeout before its 503; when Redis goes on, so does
// the site.
func TestRedisHangsRequestsTimeOut(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{Timeout: 300 * time.Millisecond})
	uid := a.get(t, "/count", "").cookie
	rs.Pause()
	start := time.Now()
	r := a.get(t, "/count", uid)
	took := time.Since(start)
	rs.Resume()
	if r.status != 503 {
		t.Errorf("while Redis hangs: %+v", r)
	}
	if took > 2*time.Second {
		t.Errorf("the 503 took %v with a 300 ms timeout", took)
	}
	eventually(t, 10*time.Second, "service did not resume", func() bool {
		return a.get(t, "/count", uid).status == 200
	})
}

// Save writes a persistent component only when its encoding changed: a
// Save with nothing changed makes no round trip, and a process that did
// not change it reads it once, then not again until it changes.
func TestSaveWritesOnlyChanges(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{})
	ctx := context.Background()
	s, err := a.site.MakeSession()
	if err != nil {
		t.Fatal(err)
	}
	c, err := components.Adapt[counter](s)
	if err != nil {
		t.Fatal(err)
	}
	before := a.st.RoundTrips()
	c.Inc()
	for range 3 { // the first has a change to write; the others none
		if err := a.st.Save(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if n := a.st.RoundTrips() - before; n != 1 {
		t.Errorf("%d round trips for three Saves of which one had a change, want 1", n)
	}
	b := newApp(t, rs.URL, 0, redisstore.Options{})
	if r := b.get(t, "/count", s.UID()); r.body != "Visit #2 for you!" {
		t.Errorf("b: %+v", r)
	}
	if r := a.get(t, "/count", s.UID()); r.body != "Visit #3 for you!" {
		t.Errorf("a after b's save: %+v, want the count b saved, plus one", r)
	}
}

// Two processes that answer from memory (LocalReads) hear of each other's
// saves: each process that holds the session is recorded in it, and a
// Save by one tells the others, which read the new value at their next
// lookup.
func TestLocalReadsHearOtherSaves(t *testing.T) {
	rs := redistest.Start(t)
	a := newApp(t, rs.URL, 0, redisstore.Options{LocalReads: true})
	b := newApp(t, rs.URL, 0, redisstore.Options{LocalReads: true})
	uid := a.get(t, "/count", "").cookie
	if r := b.get(t, "/count", uid); r.body != "Visit #2 for you!" {
		t.Fatalf("b: %+v", r)
	}
	eventually(t, 5*time.Second, "a never saw b's save", func() bool { return a.get(t, "/peek", uid).body == "2" })
	if r := a.get(t, "/count", uid); r.body != "Visit #3 for you!" {
		t.Fatalf("a: %+v", r)
	}
	eventually(t, 5*time.Second, "b never saw a's save", func() bool { return b.get(t, "/peek", uid).body == "3" })
}
