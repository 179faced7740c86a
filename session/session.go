package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/weftgo/weft/components"
)

// DefaultTimeout is the idle lifetime New gives a session: 15 minutes, as
// Twisted's Session.sessionTimeout (900 seconds).
const DefaultTimeout = 15 * time.Minute

// ErrExpired is returned by Renew for a session that has already ended.
var ErrExpired = errors.New("session: expired")

// endedBit is set in Session.state once the session has ended; the other
// bits keep the time of the last touch.
const endedBit = math.MinInt64

// Session is a user's session with a site: Twisted's
// twisted.web.server.Session. It embeds components.Componentized, so
// components.Adapt(session) finds or builds per-session state.
//
// Sessions are made by the site (server.Site.MakeSession) through its
// SessionFactory, which calls New, and kept in the site's Store. A Session
// is safe for concurrent use by multiple goroutines.
type Session struct {
	components.Componentized

	// SessionTimeout is how long the session may go unused before it
	// expires (Twisted's sessionTimeout; DefaultTimeout unless the
	// factory sets another). Every Touch starts the period anew. Set it in
	// the SessionFactory; once the site has the session, change it with
	// SetSessionTimeout, which is safe while requests use the session.
	SessionTimeout time.Duration

	// Lifetime, when positive, ends the session that long after it was
	// made, however active it is (an absolute timeout; Twisted has none).
	// Set it in the SessionFactory; it is read, never written, after that.
	Lifetime time.Duration

	env *env

	// uid points at the session's id: at uidBuf until Renew points it at
	// a new string. The store changes it under its own lock; UID reads it
	// with one atomic load, so a request can check its cookie without a
	// lock while another request renews the session.
	uid    atomic.Pointer[string]
	uidBuf string

	created int64 // unix nanoseconds on the site's clock

	// state is the time of the last touch in unix nanoseconds on the
	// site's clock, with endedBit set once the session has ended. Touch
	// and expiry race for it with compare-and-swap, so a session is never
	// both touched and expired.
	state atomic.Int64

	mu        sync.Mutex
	callbacks *[]func() // nil until the first NotifyOnExpire; guarded by mu
	ended     bool      // callbacks have been taken; guarded by mu

	// The session's place in the in-memory store's expiry queue; guarded
	// by that store's lock.
	queued bool
	index  int32 // in the queue's heap
	due    int64 // when the queue checks it, in unix nanoseconds
}

// New returns a session for site with the given uid, last modified now,
// with the default timeout. It is Twisted's Session(site, uid): call it
// from a site's SessionFactory. The site's store then attaches it (which
// sets its clock) and starts checking its expiry. A session that no store
// attaches lives on the real clock and ends only by Expire.
func New(site any, uid string) *Session {
	s := &Session{
		SessionTimeout: DefaultTimeout,
		env:            &env{site: site, clock: realClock},
		uidBuf:         uid,
	}
	s.uid.Store(&s.uidBuf)
	s.created = s.env.clock.Now().UnixNano()
	s.state.Store(s.created)
	s.SetOriginal(s)
	return s
}

// attach binds s to e and restarts its clock there.
func (s *Session) attach(e *env) {
	s.env = e
	s.created = e.clock.Now().UnixNano()
	s.state.Store(s.created)
}

// UID returns the session's id (Twisted's uid): 64 lowercase hex
// characters made by the site from crypto/rand, unless the site was given
// another id source. Renew replaces it; UID is safe to call while another
// goroutine renews the session (it is one atomic load).
func (s *Session) UID() string { return *s.uid.Load() }

// setUID changes the id; the store calls it under its own lock. The old
// string is left as it was, for readers that loaded it already.
func (s *Session) setUID(uid string) { s.uid.Store(&uid) }

// Site returns the site the session was made for (Twisted's Session.site):
// the value the factory passed to New, a *server.Site.
func (s *Session) Site() any { return s.env.site }

// SessionNamespaces returns a free map for applications, kept for porting
// code that used Twisted's Session.sessionNamespaces. It is made on the
// first call, so sessions that never use it do not pay for it; every call
// returns the same map. The map is not guarded: applications that share it
// across goroutines lock it themselves, or use components instead.
func (s *Session) SessionNamespaces() map[string]any {
	// Kept among the session's components, under a type of this package's
	// own, rather than in a field of every session.
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.GetComponent(namespacesType, nil).(namespaces); ok {
		return m
	}
	m := namespaces{}
	s.SetComponent(namespacesType, m)
	return m
}

// namespaces is the type SessionNamespaces' map is kept under.
type namespaces map[string]any

var namespacesType = reflect.TypeFor[namespaces]()

// LastModified returns the time of the last Touch, or of the session's
// creation if it has never been touched (Twisted's lastModified). After
// expiry it keeps the last value it had.
func (s *Session) LastModified() time.Time {
	return time.Unix(0, s.state.Load()&^endedBit)
}

// Expired reports whether the session has ended, by timeout or Expire.
// (A session past its deadline whose timer has not run yet is not
// Expired, but no lookup finds it and no touch keeps it.)
func (s *Session) Expired() bool { return s.state.Load() < 0 }

// StartCheckingExpiration starts watching for expiry (Twisted's
// startCheckingExpiration): the session ends once it has gone
// SessionTimeout without a Touch, or Lifetime after creation. The
// in-memory store calls it when it takes the session in; further calls do
// nothing. No goroutine or timer is made per session: the store keeps one
// timer for all of them.
func (s *Session) StartCheckingExpiration() {
	if m := s.env.mem; m != nil {
		m.schedule(s)
	}
}

// timeout returns SessionTimeout, read safely against SetSessionTimeout.
func (s *Session) timeout() int64 {
	return atomic.LoadInt64((*int64)(&s.SessionTimeout))
}

// SetSessionTimeout changes SessionTimeout on a live session, safely while
// other requests use it. In Twisted, assigning sessionTimeout takes effect
// at the next touch; SetSessionTimeout is that assignment and that touch
// in one: the session now ends d after this call, unless it is touched
// again. Before the site has the session (in the SessionFactory),
// assigning the field is enough.
func (s *Session) SetSessionTimeout(d time.Duration) {
	s.Touch() // with the old timeout, so that a shorter one is not retroactive
	atomic.StoreInt64((*int64)(&s.SessionTimeout), int64(d))
	if m := s.env.mem; m != nil {
		m.reschedule(s)
	}
}

// deadline returns when a session last touched at lastTouch ends, in unix
// nanoseconds.
func (s *Session) deadline(lastTouch int64) int64 {
	d := lastTouch&^endedBit + s.timeout()
	if s.Lifetime > 0 {
		d = min(d, s.created+int64(s.Lifetime))
	}
	return d
}

// Touch marks the session as used now, which pushes its expiry back by a
// full SessionTimeout (Twisted's touch). On an expired session it does
// nothing: a session never comes back to life (D2).
func (s *Session) Touch() { s.keepAlive() }

// keepAlive touches the session and reports whether it is still live: a
// true result means the session was live at the touch and has a full
// SessionTimeout ahead of it (or what remains of its Lifetime). The store
// uses it never to hand out a session that expired while a request was
// finding it.
func (s *Session) keepAlive() bool {
	now := s.env.clock.Now().UnixNano()
	for {
		last := s.state.Load()
		if last < 0 || now >= s.deadline(last) {
			// Ended, or past its deadline with the timer yet to fire (timers
			// run late under load): the timer ends it; a touch must not
			// bring it back.
			return false
		}
		if now <= last || s.state.CompareAndSwap(last, now) {
			return true
		}
	}
}

// NotifyOnExpire registers callback to run when the session ends, by
// timeout or by Expire (Twisted's notifyOnExpire). Callbacks run once, in
// the order they were registered, after the session has left the site's
// store and outside every lock: on the clock's goroutine for a timeout, on
// the caller's for Expire. A callback registered after the session ended
// runs at once, on the caller's goroutine, so none is lost.
func (s *Session) NotifyOnExpire(callback func()) {
	s.mu.Lock()
	if !s.ended {
		if s.callbacks == nil {
			s.callbacks = new([]func())
		}
		*s.callbacks = append(*s.callbacks, callback)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	s.run(callback)
}

// ExpireCallbacks returns the callbacks registered with NotifyOnExpire
// that have not run yet, in order: Twisted's expireCallbacks, read-only (a
// copy). After the session has ended it returns none.
func (s *Session) ExpireCallbacks() []func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.callbacks == nil {
		return nil
	}
	return append([]func(){}, *s.callbacks...)
}

// Expire ends the session now (Twisted's expire): it leaves the site's
// store, its timer stops and its callbacks run. Unlike Twisted, a second
// call, concurrent calls and calls from inside a callback do nothing more
// (D2). A store that learns that a session ended elsewhere calls Expire on
// its local Session, so that the callbacks run here, once.
func (s *Session) Expire() {
	for {
		last := s.state.Load()
		if last < 0 {
			return
		}
		if s.state.CompareAndSwap(last, last|endedBit) {
			if st := s.env.store; st != nil {
				if err := st.Delete(context.Background(), s); err != nil {
					s.logger().Error("session store: deleting an expired session failed", "session", s, "error", err.Error())
				}
			}
			s.end()
			return
		}
	}
}

// end runs the callbacks of a session that has ended and left its store.
func (s *Session) end() {
	// Only now mark the session ended: a NotifyOnExpire racing this expiry
	// then either joins callbacks or runs after the removal, never before.
	s.mu.Lock()
	s.ended = true
	callbacks := s.callbacks
	s.callbacks = nil
	s.mu.Unlock()
	if callbacks == nil {
		return
	}
	for _, c := range *callbacks {
		s.run(c)
	}
}

func (s *Session) logger() *slog.Logger {
	if s.env.logger == nil {
		return slog.Default()
	}
	return s.env.logger
}

// run calls an expiry callback, logging a panic instead of passing it on.
// The log never carries the session id.
func (s *Session) run(callback func()) {
	defer func() {
		if v := recover(); v != nil {
			s.logger().Error("session expiry callback panicked",
				"session", s, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		}
	}()
	callback()
}

// Renew gives the session a new id in its store, keeping its components,
// callbacks and expiry; the old id stops working at once. A request that
// holds the session sends the new cookie with its response. Twisted has
// no counterpart (D12). It returns ErrExpired for an ended session.
func (s *Session) Renew() error {
	if s.state.Load() < 0 {
		return ErrExpired
	}
	if s.env.store == nil {
		return errors.New("session: Renew of a session in no store")
	}
	return s.env.store.Renew(context.Background(), s)
}
