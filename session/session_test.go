package session_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/weftgo/weft/internal/syncbuf"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/session"
)

// testSite stands in for server.Site: an in-memory store on its own clock
// that counts the sessions leaving its table, so these tests see the
// session and its store alone.
type testSite struct {
	store session.Store

	mu      sync.Mutex
	next    string // the id of the next session
	removed int    // sessions that left the table
}

// newTestSite returns a site on clk (nil: the real clock, which is fake
// time inside a synctest bubble) logging to logger (nil: discard).
func newTestSite(clk clock.Clock, logger *slog.Logger) *testSite {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ts := &testSite{}
	ts.store = session.NewCountingStore(session.MemoryOptions{
		MaxSessions: -1, Clock: clk, Logger: logger, NewID: ts.nextID,
	}, func(*session.Session) {
		ts.mu.Lock()
		ts.removed++
		ts.mu.Unlock()
	})
	return ts
}

func (ts *testSite) nextID() (string, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.next, nil
}

// add makes a session with uid in the store, as server.Site.MakeSession
// does (the store starts checking its expiry), after setup, if any, has
// changed it the way a SessionFactory would.
func (ts *testSite) add(uid string, setup ...func(*session.Session)) *session.Session {
	ts.mu.Lock()
	ts.next = uid
	ts.mu.Unlock()
	s, err := ts.store.Create(context.Background(), func(uid string) session.Interface {
		s := session.New(ts, uid)
		for _, f := range setup {
			f(s)
		}
		return s
	})
	if err != nil {
		panic(err)
	}
	return s
}

// start is add: a store always checks the expiry of what it holds.
func (ts *testSite) start(uid string, setup ...func(*session.Session)) *session.Session {
	return ts.add(uid, setup...)
}

func (ts *testSite) has(uid string) bool { return session.Holds(ts.store, uid) }

func (ts *testSite) removals() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.removed
}

// keepAlive touches s through its store's Get, as a request does, and
// reports whether the store still gives it out.
func keepAlive(s *session.Session) bool {
	got, err := s.Site().(*testSite).store.Get(context.Background(), s.UID(), nil)
	return err == nil && got == s
}

// withTimeout sets SessionTimeout in the factory.
func withTimeout(d time.Duration) func(*session.Session) {
	return func(s *session.Session) { s.SessionTimeout = d }
}

// recorder records the callbacks that ran, in order.
type recorder struct {
	mu  sync.Mutex
	ran []string
}

func (r *recorder) callback(name string) func() {
	return func() {
		r.mu.Lock()
		r.ran = append(r.ran, name)
		r.mu.Unlock()
	}
}

func (r *recorder) got() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.ran, ",")
}

const uid = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestNewDefaults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		now := time.Now()
		s := session.New(ts, uid)
		if s.UID() != uid {
			t.Errorf("UID = %q, want %q", s.UID(), uid)
		}
		if s.SessionTimeout != session.DefaultTimeout || session.DefaultTimeout != 15*time.Minute {
			t.Errorf("SessionTimeout = %v (DefaultTimeout %v), want 15m as Twisted's 900 s", s.SessionTimeout, session.DefaultTimeout)
		}
		if s.Lifetime != 0 {
			t.Errorf("Lifetime = %v, want 0 (no absolute limit)", s.Lifetime)
		}
		if s.SessionNamespaces() == nil {
			t.Error("SessionNamespaces is nil, want an empty map ready for use")
		}
		if s.Site() != any(ts) {
			t.Error("Site() is not the site the session was made for")
		}
		if !s.LastModified().Equal(now) {
			t.Errorf("LastModified = %v, want creation time %v", s.LastModified(), now)
		}
		if s.Expired() {
			t.Error("a new session reports Expired")
		}
	})
}

// ShortSession is Go's form of a Twisted Session subclass.
type ShortSession struct{ *session.Session }

func TestAttachEmbeddingType(t *testing.T) {
	inner := session.New(nil, uid)
	var i session.Interface = ShortSession{inner}
	if session.Attach(i, nil, clock.NewMock(), nil) != inner {
		t.Error("Attach(ShortSession{s}) did not return s")
	}
	i = &ShortSession{inner}
	if session.Attach(i, nil, nil, nil) != inner {
		t.Error("Attach(&ShortSession{s}) did not return s")
	}
	if session.Attach(ShortSession{}, nil, nil, nil) != nil {
		t.Error("Attach of a value holding no session returned one")
	}
}

// Twisted's SessionTests.test_startCheckingExpiration: nothing happens a
// tick before the timeout, the session is gone at it.
func TestExpiresExactlyAtTimeout(t *testing.T) {
	for _, timeout := range []time.Duration{session.DefaultTimeout, 60 * time.Second, time.Nanosecond} {
		t.Run(timeout.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ts := newTestSite(nil, nil)
				s := ts.add(uid, withTimeout(timeout))
				var rec recorder
				s.NotifyOnExpire(rec.callback("expired"))
				s.StartCheckingExpiration()

				time.Sleep(timeout - time.Nanosecond)
				synctest.Wait()
				if !ts.has(uid) || s.Expired() || rec.got() != "" {
					t.Fatalf("a tick before the timeout: in table %v, Expired %v, callbacks %q; want live",
						ts.has(uid), s.Expired(), rec.got())
				}
				time.Sleep(time.Nanosecond)
				synctest.Wait()
				if ts.has(uid) || !s.Expired() || rec.got() != "expired" {
					t.Fatalf("at the timeout: in table %v, Expired %v, callbacks %q; want gone, once",
						ts.has(uid), s.Expired(), rec.got())
				}
				time.Sleep(10 * timeout)
				synctest.Wait()
				if rec.got() != "expired" || ts.removals() != 1 {
					t.Errorf("later: callbacks %q, removals %d; want one of each", rec.got(), ts.removals())
				}
			})
		})
	}
}

// Twisted's SessionTests.test_touch: Touch works before
// StartCheckingExpiration, and pushes expiry back by exactly a timeout.
func TestTouchPushesExpiryByFullTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.add(uid)
		start := time.Now()

		time.Sleep(3 * time.Second)
		s.Touch()
		if got := s.LastModified().Sub(start); got != 3*time.Second {
			t.Errorf("LastModified after Touch at 3s = start+%v, want start+3s", got)
		}

		s.StartCheckingExpiration()
		time.Sleep(s.SessionTimeout - time.Second)
		s.Touch()
		touched := time.Now()
		time.Sleep(s.SessionTimeout - time.Second)
		synctest.Wait()
		if !ts.has(uid) {
			t.Fatal("expired before a full timeout after the last Touch")
		}
		time.Sleep(time.Second - time.Nanosecond)
		synctest.Wait()
		if !ts.has(uid) {
			t.Fatal("expired a tick before a full timeout after the last Touch")
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if ts.has(uid) || !s.Expired() {
			t.Fatal("still live a full timeout after the last Touch")
		}
		if !s.LastModified().Equal(touched) {
			t.Errorf("LastModified after expiry = %v, want the last touch %v", s.LastModified(), touched)
		}
	})
}

// Many touches, one timer: expiry comes a timeout after the last touch,
// and only once, however many times the lazy timer re-armed.
func TestTouchEveryMinuteForHours(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.start(uid)
		var rec recorder
		s.NotifyOnExpire(rec.callback("expired"))
		for range 5 * 60 {
			time.Sleep(time.Minute)
			if !keepAlive(s) {
				t.Fatalf("KeepAlive false at %v after creation, touched every minute", time.Since(s.LastModified()))
			}
		}
		last := time.Now()
		time.Sleep(s.SessionTimeout - time.Nanosecond)
		synctest.Wait()
		if s.Expired() {
			t.Fatal("expired a tick before a timeout after the last touch")
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if !s.Expired() || ts.has(uid) || rec.got() != "expired" {
			t.Fatalf("a timeout after the last touch: Expired %v, in table %v, callbacks %q",
				s.Expired(), ts.has(uid), rec.got())
		}
		if !s.LastModified().Equal(last) {
			t.Errorf("LastModified = %v, want %v", s.LastModified(), last)
		}
	})
}

// Twisted's test_expire and test_expireWhileChecking: Expire takes the
// session out of the table and leaves no timer behind.
func TestExpireRemovesAndCancelsTimer(t *testing.T) {
	for _, checking := range []bool{false, true} {
		name := map[bool]string{false: "not checking", true: "while checking"}[checking]
		t.Run(name, func(t *testing.T) {
			mock := clock.NewMock()
			ts := newTestSite(mock, nil)
			s := ts.add(uid)
			if checking {
				s.StartCheckingExpiration()
			}
			mock.Add(time.Minute)
			s.Expire()
			if ts.has(uid) || !s.Expired() {
				t.Fatalf("after Expire: in table %v, Expired %v", ts.has(uid), s.Expired())
			}
			// With no pending timer, the mock has nothing to advance to.
			before := mock.Now()
			if after := mock.WaitForAllTimers(); !after.Equal(before) {
				t.Errorf("a timer is still pending after Expire (it fired at %v)", after)
			}
			if ts.removals() != 1 {
				t.Errorf("Remove called %d times, want 1", ts.removals())
			}
		})
	}
}

// D2: callbacks run exactly once, in registration order, after the session
// has left the table, whether it ends by Expire or by timeout.
func TestCallbacksOnceInOrderAfterRemoval(t *testing.T) {
	tests := []struct {
		name string
		end  func(s *session.Session) // ends the session
	}{
		{"Expire", func(s *session.Session) { s.Expire() }},
		{"timeout", func(s *session.Session) { time.Sleep(s.SessionTimeout) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ts := newTestSite(nil, nil)
				s := ts.start(uid)
				var rec recorder
				for _, name := range []string{"a", "b", "c", "d"} {
					s.NotifyOnExpire(func() {
						if ts.has(uid) {
							t.Errorf("callback %s ran while the session was still in the table", name)
						}
						if !s.Expired() {
							t.Errorf("callback %s ran while Expired() was false", name)
						}
						rec.callback(name)()
					})
				}
				tt.end(s)
				synctest.Wait()
				if got := rec.got(); got != "a,b,c,d" {
					t.Fatalf("callbacks ran %q, want a,b,c,d", got)
				}
				s.Expire()
				time.Sleep(10 * s.SessionTimeout)
				synctest.Wait()
				if got := rec.got(); got != "a,b,c,d" {
					t.Errorf("callbacks ran again: %q", got)
				}
				if ts.removals() != 1 {
					t.Errorf("Remove called %d times, want 1", ts.removals())
				}
			})
		})
	}
}

// Twisted's test_notifyOnExpire; and D2: a second Expire is no KeyError,
// just nothing.
func TestExpireIdempotent(t *testing.T) {
	ts := newTestSite(clock.NewMock(), nil)
	s := ts.start(uid)
	var rec recorder
	s.NotifyOnExpire(rec.callback("x"))
	s.Expire()
	s.Expire()
	s.Expire()
	if rec.got() != "x" || ts.removals() != 1 {
		t.Errorf("three Expires: callbacks %q, removals %d; want one each", rec.got(), ts.removals())
	}
}

func TestConcurrentExpire(t *testing.T) {
	ts := newTestSite(clock.NewMock(), nil)
	s := ts.start(uid)
	var calls atomic.Int32
	for range 3 {
		s.NotifyOnExpire(func() { calls.Add(1) })
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 64 {
		wg.Go(func() {
			<-start
			s.Expire()
		})
	}
	close(start)
	wg.Wait()
	if calls.Load() != 3 || ts.removals() != 1 {
		t.Errorf("64 concurrent Expires: %d callback calls, %d removals; want 3 and 1", calls.Load(), ts.removals())
	}
}

// Twisted #9290: a callback that touches or expires its session breaks it.
// In weft, Expire, Touch and NotifyOnExpire from inside a callback neither
// deadlock nor call anything twice, whether the session ended by Expire or
// by its timer.
func TestTwisted9290ReentrantCallbacks(t *testing.T) {
	for _, byTimer := range []bool{false, true} {
		name := map[bool]string{false: "Expire", true: "timeout"}[byTimer]
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ts := newTestSite(nil, nil)
				s := ts.start(uid)
				var rec recorder
				s.NotifyOnExpire(func() {
					rec.callback("first")()
					s.Expire()
					s.Touch()
					if keepAlive(s) {
						t.Error("KeepAlive true inside an expiry callback")
					}
					s.NotifyOnExpire(rec.callback("late")) // runs at once, here
					rec.callback("after-late")()
				})
				s.NotifyOnExpire(func() {
					rec.callback("second")()
					s.Expire()
				})
				if byTimer {
					time.Sleep(s.SessionTimeout)
				} else {
					s.Expire()
				}
				synctest.Wait()
				if got := rec.got(); got != "first,late,after-late,second" {
					t.Fatalf("callbacks ran %q, want first,late,after-late,second", got)
				}
				time.Sleep(10 * s.SessionTimeout)
				synctest.Wait()
				if got := rec.got(); got != "first,late,after-late,second" || !s.Expired() || ts.removals() != 1 {
					t.Errorf("later: callbacks %q, Expired %v, removals %d; the touch revived the session",
						got, s.Expired(), ts.removals())
				}
			})
		})
	}
}

func TestNotifyOnExpireAfterExpiryRunsAtOnce(t *testing.T) {
	ts := newTestSite(clock.NewMock(), nil)
	s := ts.start(uid)
	s.Expire()
	ran := 0
	s.NotifyOnExpire(func() { ran++ })
	if ran != 1 {
		t.Fatalf("a callback registered after expiry ran %d times before NotifyOnExpire returned, want 1", ran)
	}
	s.Expire()
	if ran != 1 {
		t.Errorf("it ran again on a second Expire (%d calls)", ran)
	}
}

// D2: a panicking callback is recovered and logged with its stack; the
// others still run; the log never carries the session id.
func TestPanickingCallbackIsLoggedAndOthersRun(t *testing.T) {
	for _, byTimer := range []bool{false, true} {
		name := map[bool]string{false: "Expire", true: "timeout"}[byTimer]
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var buf syncbuf.Buffer
				ts := newTestSite(nil, slog.New(slog.NewTextHandler(&buf, nil)))
				s := ts.start(uid)
				var rec recorder
				s.NotifyOnExpire(rec.callback("a"))
				s.NotifyOnExpire(func() { panic("callback exploded") })
				s.NotifyOnExpire(rec.callback("c"))
				s.NotifyOnExpire(func() { panic(errors.New("second explosion")) })
				s.NotifyOnExpire(rec.callback("e"))
				if byTimer {
					time.Sleep(s.SessionTimeout)
				} else {
					s.Expire()
				}
				synctest.Wait()
				if got := rec.got(); got != "a,c,e" {
					t.Errorf("callbacks ran %q, want a,c,e", got)
				}
				if ts.has(uid) || ts.removals() != 1 {
					t.Errorf("in table %v, removals %d; want removed once", ts.has(uid), ts.removals())
				}
				log := buf.String()
				for _, want := range []string{"level=ERROR", "callback exploded", "second explosion", "stack=", "goroutine ", "session_test"} {
					if !strings.Contains(log, want) {
						t.Errorf("log lacks %q:\n%s", want, log)
					}
				}
				if n := strings.Count(log, "level=ERROR"); n != 2 {
					t.Errorf("%d error records, want 2 (one per panic):\n%s", n, log)
				}
				if strings.Contains(log, uid) {
					t.Errorf("log carries the session id:\n%s", log)
				}
				// A panicking callback registered after expiry is recovered too.
				s.NotifyOnExpire(func() { panic("late explosion") })
				if !strings.Contains(buf.String(), "late explosion") {
					t.Error("a late callback's panic was not logged")
				}
			})
		})
	}
}

// D2: no revival. Touch after expiry does nothing, KeepAlive reports
// false, and no timer comes back (Timer.Reset on a fired AfterFunc timer
// would schedule it again).
func TestNoRevival(t *testing.T) {
	for _, byTimer := range []bool{false, true} {
		name := map[bool]string{false: "Expire", true: "timeout"}[byTimer]
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ts := newTestSite(nil, nil)
				s := ts.start(uid)
				var rec recorder
				s.NotifyOnExpire(rec.callback("x"))
				time.Sleep(time.Minute)
				s.Touch()
				if byTimer {
					time.Sleep(s.SessionTimeout)
				} else {
					s.Expire()
				}
				synctest.Wait()
				last := s.LastModified()
				time.Sleep(time.Minute)
				s.Touch()
				if keepAlive(s) {
					t.Error("KeepAlive true after expiry")
				}
				s.StartCheckingExpiration()
				if !s.Expired() || !s.LastModified().Equal(last) {
					t.Errorf("after Touch: Expired %v, LastModified moved from %v to %v", s.Expired(), last, s.LastModified())
				}
				time.Sleep(10 * s.SessionTimeout)
				synctest.Wait()
				if rec.got() != "x" || ts.removals() != 1 {
					t.Errorf("callbacks %q, removals %d; want one each", rec.got(), ts.removals())
				}
			})
		})
	}
}

// lateClock tells a time of its own, while its timers run on a mock that
// the test advances separately: it plays a timer that fires late, as real
// timers do under load.
type lateClock struct {
	*clock.Mock // timers
	mu          sync.Mutex
	now         time.Time
}

func (c *lateClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *lateClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// D1, D2: a session idle for a full timeout is over even if its timer has
// not fired yet; a request in between must not revive it.
func TestKeepAliveAfterDeadlineBeforeTimerFires(t *testing.T) {
	timers := clock.NewMock()
	clk := &lateClock{Mock: timers, now: timers.Now()}
	ts := newTestSite(clk, nil)
	s := ts.start(uid)
	done := make(chan struct{})
	s.NotifyOnExpire(func() { close(done) })

	clk.Add(s.SessionTimeout - time.Nanosecond)
	if !keepAlive(s) {
		t.Fatal("KeepAlive false a tick before the timeout")
	}
	clk.Add(s.SessionTimeout) // idle exactly a timeout; the timer is late
	if keepAlive(s) {
		t.Error("KeepAlive true for a session idle a full timeout whose timer is late: it came back to life")
	}
	// When the late timer fires, the session ends.
	timers.Add(10 * s.SessionTimeout)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the session never expired")
	}
	if ts.has(uid) {
		t.Error("expired session still in the table")
	}
}

// D12: an absolute Lifetime ends a session however active it is, exactly
// Lifetime after creation.
func TestLifetimeEndsActiveSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.add(uid, func(s *session.Session) { s.Lifetime = 2 * time.Hour })
		created := time.Now()
		var rec recorder
		s.NotifyOnExpire(rec.callback("ended"))
		for time.Since(created) < s.Lifetime-time.Minute {
			time.Sleep(time.Minute)
			if !keepAlive(s) {
				t.Fatalf("ended at creation+%v, want creation+%v", time.Since(created), s.Lifetime)
			}
		}
		time.Sleep(time.Minute - time.Nanosecond)
		synctest.Wait()
		if s.Expired() || !keepAlive(s) {
			t.Fatal("ended a tick before creation+Lifetime")
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if !s.Expired() || ts.has(uid) || rec.got() != "ended" {
			t.Fatalf("at creation+Lifetime: Expired %v, in table %v, callbacks %q", s.Expired(), ts.has(uid), rec.got())
		}
		if keepAlive(s) {
			t.Error("KeepAlive true after the lifetime ended")
		}
	})
}

// A Lifetime longer than the idle timeout does not keep an idle session.
func TestLifetimeDoesNotExtendIdleTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.add(uid, func(s *session.Session) { s.Lifetime = 24 * time.Hour })
		time.Sleep(s.SessionTimeout)
		synctest.Wait()
		if !s.Expired() {
			t.Error("idle session with a long Lifetime outlived its SessionTimeout")
		}
	})
}

// Closing the store stops checking expiry without ending sessions or
// running callbacks, as a Twisted reactor that stops; Expire still works.
func TestCloseStopsChecking(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.start(uid)
		var rec recorder
		s.NotifyOnExpire(rec.callback("x"))
		ts.store.Close(context.Background())
		ts.store.Close(context.Background())
		time.Sleep(10 * s.SessionTimeout)
		synctest.Wait()
		if rec.got() != "" {
			t.Fatalf("a session of a closed store expired by timer (callbacks %q)", rec.got())
		}
		if _, err := ts.store.Create(context.Background(), func(uid string) session.Interface { return session.New(ts, uid) }); !errors.Is(err, session.ErrClosed) {
			t.Errorf("Create after Close = %v, want ErrClosed", err)
		}
		s.Expire()
		if !s.Expired() || rec.got() != "x" || ts.has(uid) {
			t.Errorf("Expire after Close: Expired %v, callbacks %q, in table %v",
				s.Expired(), rec.got(), ts.has(uid))
		}
	})
}

func TestStartCheckingExpirationTwice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.start(uid)
		var calls atomic.Int32
		s.NotifyOnExpire(func() { calls.Add(1) })
		time.Sleep(time.Minute)
		s.StartCheckingExpiration() // no second timer, no reset
		time.Sleep(s.SessionTimeout - time.Minute)
		synctest.Wait()
		if !s.Expired() {
			t.Error("a second StartCheckingExpiration moved the deadline")
		}
		time.Sleep(10 * s.SessionTimeout)
		synctest.Wait()
		if calls.Load() != 1 || ts.removals() != 1 {
			t.Errorf("callbacks %d, removals %d; want 1 and 1", calls.Load(), ts.removals())
		}
	})
}

func TestRenewErrors(t *testing.T) {
	ts := newTestSite(clock.NewMock(), nil)
	s := ts.start(uid)
	other := ts.start("other")
	ts.mu.Lock()
	ts.next = "other" // the id source repeats a live id
	ts.mu.Unlock()
	if err := s.Renew(); err == nil {
		t.Error("Renew to the id of another live session returned nil")
	}
	if s.UID() != uid || other.UID() != "other" || !ts.has(uid) {
		t.Errorf("failed Renew changed ids: %q, %q", s.UID(), other.UID())
	}
	s.Expire()
	if err := s.Renew(); !errors.Is(err, session.ErrExpired) {
		t.Errorf("Renew on an expired session = %v, want ErrExpired", err)
	}
}

// Renew moves the session to a fresh id in one step: the old id is gone
// from the store at once, the new one finds the same session.
func TestRenewMovesID(t *testing.T) {
	ts := newTestSite(clock.NewMock(), nil)
	s := ts.start(uid)
	ts.mu.Lock()
	ts.next = "renewed"
	ts.mu.Unlock()
	if err := s.Renew(); err != nil {
		t.Fatal(err)
	}
	if s.UID() != "renewed" || ts.has(uid) || !ts.has("renewed") {
		t.Errorf("after Renew: UID %q, old id held %v, new id held %v", s.UID(), ts.has(uid), ts.has("renewed"))
	}
	if got, err := ts.store.Get(context.Background(), "renewed", nil); err != nil || got != s {
		t.Errorf("Get(new id) = %v, %v; want the session", got, err)
	}
	if _, err := ts.store.Get(context.Background(), uid, nil); !errors.Is(err, session.ErrNotFound) {
		t.Errorf("Get(old id) = %v, want ErrNotFound", err)
	}
}

// D9: touches from many goroutines race the timer as it re-arms; the
// session ends exactly once, a timeout after the last touch.
func TestConcurrentTouchesAndTimer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.add(uid, withTimeout(time.Second))
		var calls atomic.Int32
		s.NotifyOnExpire(func() { calls.Add(1) })
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Go(func() {
				for i := range 200 {
					time.Sleep(time.Duration(100+g+i%7) * time.Millisecond)
					if !keepAlive(s) {
						t.Errorf("goroutine %d: session ended while touched every ~100ms", g)
						return
					}
					_ = s.LastModified()
				}
			})
		}
		wg.Wait()
		last := s.LastModified()
		time.Sleep(time.Until(last.Add(s.SessionTimeout)) - time.Nanosecond)
		synctest.Wait()
		if s.Expired() {
			t.Fatal("expired before a timeout after the last touch")
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if !s.Expired() || calls.Load() != 1 {
			t.Errorf("Expired %v, callbacks %d; want expired once", s.Expired(), calls.Load())
		}
	})
}

// A callback registered while another goroutine expires the session runs
// exactly once, and never sees the session still in the table.
func TestNotifyOnExpireRacingExpire(t *testing.T) {
	ts := newTestSite(clock.NewMock(), nil)
	for i := range 2000 {
		id := uid + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		s := ts.add(id)
		var calls atomic.Int32
		var wg sync.WaitGroup
		wg.Go(s.Expire)
		wg.Go(func() {
			s.NotifyOnExpire(func() {
				calls.Add(1)
				if ts.has(id) {
					t.Errorf("round %d: callback ran while the session was in the table", i)
				}
			})
		})
		wg.Wait()
		if calls.Load() != 1 {
			t.Fatalf("round %d: callback ran %d times, want 1", i, calls.Load())
		}
		if t.Failed() {
			return
		}
	}
}

// A session no store has attached lives on the real clock, ends only by
// Expire (which still runs its callbacks), and cannot be renewed.
func TestUnattachedSession(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := session.New(nil, uid)
		if !s.LastModified().Equal(time.Now()) {
			t.Errorf("LastModified = %v, want now %v", s.LastModified(), time.Now())
		}
		done := false
		s.NotifyOnExpire(func() { done = true })
		s.StartCheckingExpiration() // no store: nothing to check with
		if err := s.Renew(); err == nil {
			t.Error("Renew of a session in no store succeeded")
		}
		s.Expire()
		if !done || !s.Expired() {
			t.Errorf("after Expire: callback ran %v, Expired %v; want both", done, s.Expired())
		}
	})
}

// Issue 14 (i): in Twisted, a sessionTimeout changed after the session
// started takes effect at the next touch; weft's timer kept the old 15
// minutes. SetSessionTimeout changes it safely while other goroutines
// touch the session, and the session then ends the new timeout after its
// last touch.
func TestSetSessionTimeoutAfterStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.start(uid)
		var rec recorder
		s.NotifyOnExpire(rec.callback("ended"))
		time.Sleep(time.Minute)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 100 {
					s.Touch()
					_ = s.Expired()
				}
			})
		}
		wg.Go(func() { s.SetSessionTimeout(5 * time.Second) })
		wg.Wait()
		s.Touch()
		touched := time.Now()
		time.Sleep(5*time.Second - time.Nanosecond)
		synctest.Wait()
		if s.Expired() || rec.got() != "" {
			t.Fatalf("expired before the new timeout after the last touch: last %v now %v timeout %v callbacks %q", s.LastModified(), time.Now(), s.SessionTimeout, rec.got())
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if rec.got() != "ended" || ts.has(uid) {
			t.Fatalf("%v after the last touch with a 5s timeout: callbacks %q, in table %v; want ended",
				time.Since(touched), rec.got(), ts.has(uid))
		}
		if s.SessionTimeout != 5*time.Second {
			t.Errorf("SessionTimeout = %v, want 5s", s.SessionTimeout)
		}
	})
}

// A longer timeout set after start moves the expiry later, too.
func TestSetSessionTimeoutLonger(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ts := newTestSite(nil, nil)
		s := ts.start(uid, withTimeout(time.Minute))
		s.SetSessionTimeout(time.Hour)
		time.Sleep(59 * time.Minute)
		synctest.Wait()
		if s.Expired() {
			t.Fatal("expired at the old timeout")
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if !s.Expired() || ts.has(uid) {
			t.Fatal("live an hour after the last touch")
		}
	})
}

// Issue 14 (l): Twisted's expireCallbacks can be read. ExpireCallbacks
// returns the pending callbacks in order, as a copy, and none once they
// have run.
func TestExpireCallbacksReadable(t *testing.T) {
	ts := newTestSite(clock.NewMock(), nil)
	s := ts.start(uid)
	if got := s.ExpireCallbacks(); len(got) != 0 {
		t.Fatalf("a new session has %d callbacks", len(got))
	}
	var rec recorder
	for _, name := range []string{"a", "b", "c"} {
		s.NotifyOnExpire(rec.callback(name))
	}
	got := s.ExpireCallbacks()
	if len(got) != 3 {
		t.Fatalf("ExpireCallbacks has %d, want 3", len(got))
	}
	for _, f := range got {
		f()
	}
	if rec.got() != "a,b,c" {
		t.Errorf("the callbacks read back ran %q, want a,b,c in order", rec.got())
	}
	got[0] = nil // a copy: the session's own list is untouched
	s.Expire()
	if rec.got() != "a,b,c,a,b,c" {
		t.Errorf("after Expire: %q", rec.got())
	}
	if n := len(s.ExpireCallbacks()); n != 0 {
		t.Errorf("%d callbacks pending after expiry, want 0", n)
	}
}
