package session

import (
	"errors"
	"fmt"
	"math"
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

// expiredMark is the value of Session.state once the session has ended.
const expiredMark = math.MinInt64

// Session is a user's session with a site: Twisted's
// twisted.web.server.Session. It embeds components.Componentized, so
// components.Adapt(session) finds or builds per-session state.
//
// Sessions are made by the site (server.Site.MakeSession) through its
// SessionFactory, which calls New. A Session is safe for concurrent use by
// multiple goroutines.
type Session struct {
	components.Componentized

	// UID is the session's id (Twisted's uid): 64 lowercase hex
	// characters made by the site from crypto/rand. Renew replaces it.
	UID string

	// SessionTimeout is how long the session may go unused before it
	// expires (Twisted's sessionTimeout; DefaultTimeout unless the
	// factory sets another). Every Touch starts the period anew. Set it in
	// the SessionFactory, before the site calls StartCheckingExpiration.
	SessionTimeout time.Duration

	// Lifetime, when positive, ends the session that long after it was
	// made, however active it is (an absolute timeout; Twisted has none).
	// Set it in the SessionFactory, like SessionTimeout.
	Lifetime time.Duration

	// SessionNamespaces is a free map for applications, kept for porting
	// code that used Twisted's Session.sessionNamespaces; New makes it
	// empty. It is not guarded: applications that share it across
	// goroutines lock it themselves, or use components instead.
	SessionNamespaces map[string]any

	hooks   *Hooks
	created int64 // unix nanoseconds on the site's clock

	// state is the time of the last touch in unix nanoseconds on the
	// site's clock, or expiredMark once the session has ended. Touch and
	// expiry race for it with compare-and-swap, so a session is never
	// both touched and expired.
	state atomic.Int64

	mu        sync.Mutex
	last      int64    // state's value when the session ended; guarded by mu
	ended     bool     // callbacks have been taken; guarded by mu
	checking  bool     // expiry is being checked; guarded by mu
	callbacks []func() // guarded by mu

	// The session's place in its site's expiry queue; guarded by the
	// queue's mu.
	due   int64 // when the queue checks it, in unix nanoseconds
	index int   // in the queue's heap, -1 when not queued
}

// New returns a session for site with the given uid, last modified now,
// with the default timeout. It is Twisted's Session(site, uid): call it
// from a site's SessionFactory; the site then starts checking expiry.
func New(site Site, uid string) *Session {
	h := site.SessionHooks()
	h.siteOnce.Do(func() { h.site = site }) // hooks belong to one site
	now := h.clock().Now().UnixNano()
	s := &Session{
		UID:               uid,
		SessionTimeout:    DefaultTimeout,
		SessionNamespaces: map[string]any{},
		hooks:             h,
		created:           now,
		index:             -1,
	}
	s.state.Store(now)
	s.SetOriginal(s)
	return s
}

// Site returns the site the session was made for (Twisted's Session.site).
func (s *Session) Site() Site { return s.hooks.site }

// LastModified returns the time of the last Touch, or of the session's
// creation if it has never been touched (Twisted's lastModified). After
// expiry it keeps the last value it had.
func (s *Session) LastModified() time.Time {
	n := s.state.Load()
	if n == expiredMark {
		s.mu.Lock()
		n = s.last
		s.mu.Unlock()
	}
	return time.Unix(0, n)
}

// Expired reports whether the session has ended, by timeout or Expire.
func (s *Session) Expired() bool { return s.state.Load() == expiredMark }

// StartCheckingExpiration starts watching for expiry: the session ends once
// it has gone SessionTimeout without a Touch, or Lifetime after creation.
// The site calls it after the factory returns (Twisted's
// startCheckingExpiration); further calls do nothing. No goroutine or
// timer is made for the session: it joins its site's expiry queue, which
// keeps one timer on the site's clock for all of them.
func (s *Session) StartCheckingExpiration() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.checking || s.ended || s.Expired() {
		return
	}
	s.checking = true
	s.hooks.queue().add(s, s.deadline(s.state.Load()))
}

// StopCheckingExpiration stops watching for expiry without ending the
// session. The site calls it from Close. It has no Twisted counterpart:
// there, stopping the reactor drops pending calls.
func (s *Session) StopCheckingExpiration() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.checking {
		s.checking = false
		s.hooks.queue().remove(s)
	}
}

// deadline returns when a session last touched at lastTouch ends, in unix
// nanoseconds.
func (s *Session) deadline(lastTouch int64) int64 {
	d := lastTouch + int64(s.SessionTimeout)
	if s.Lifetime > 0 {
		d = min(d, s.created+int64(s.Lifetime))
	}
	return d
}

// check runs when the session comes up in the expiry queue at time now. A
// touch since it was queued moves the deadline, so it is queued again for
// that; otherwise it expires.
func (s *Session) check(now int64) {
	s.mu.Lock()
	if !s.checking { // stopped, or expired meanwhile
		s.mu.Unlock()
		return
	}
	for {
		last := s.state.Load()
		if last == expiredMark {
			s.mu.Unlock()
			return
		}
		if due := s.deadline(last); now < due {
			s.hooks.queue().add(s, due)
			s.mu.Unlock()
			return
		}
		if s.state.CompareAndSwap(last, expiredMark) {
			s.mu.Unlock()
			s.end(last)
			return
		}
	}
}

// Touch marks the session as used now, which pushes its expiry back by a
// full SessionTimeout (Twisted's touch). On an expired session it does
// nothing: a session never comes back to life (D2).
func (s *Session) Touch() { s.KeepAlive() }

// KeepAlive touches the session and reports whether it is still live. A
// true result means the session was live at the touch and has a full
// SessionTimeout ahead of it (or what remains of its Lifetime, if that is
// less); the site uses this to never hand a request a session that expired
// while the request was finding it.
func (s *Session) KeepAlive() bool {
	now := s.hooks.clock().Now().UnixNano()
	for {
		last := s.state.Load()
		if last == expiredMark || now >= s.deadline(last) {
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
// table and outside every lock: on the clock's goroutine for a timeout, on
// the caller's for Expire. A callback registered after the session ended
// runs at once, on the caller's goroutine, so none is lost.
func (s *Session) NotifyOnExpire(callback func()) {
	s.mu.Lock()
	if !s.ended {
		s.callbacks = append(s.callbacks, callback)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	s.run(callback)
}

// Expire ends the session now (Twisted's expire): it leaves the site's
// table, its timer stops and its callbacks run. Unlike Twisted, a second
// call, concurrent calls and calls from inside a callback do nothing more
// (D2).
func (s *Session) Expire() {
	for {
		last := s.state.Load()
		if last == expiredMark {
			return
		}
		if s.state.CompareAndSwap(last, expiredMark) {
			s.end(last)
			return
		}
	}
}

// end finishes the expiry that the caller won by setting expiredMark.
func (s *Session) end(last int64) {
	s.mu.Lock()
	s.last = last
	if s.checking {
		s.checking = false
		s.hooks.queue().remove(s)
	}
	s.mu.Unlock()
	if s.hooks.Remove != nil {
		s.hooks.Remove(s)
	}
	// Only now mark the session ended: a NotifyOnExpire racing this expiry
	// then either joins callbacks or runs after the removal, never before.
	s.mu.Lock()
	s.ended = true
	callbacks := s.callbacks
	s.callbacks = nil
	s.mu.Unlock()
	for _, c := range callbacks {
		s.run(c)
	}
}

// run calls an expiry callback, logging a panic instead of passing it on.
// The log never carries the session id.
func (s *Session) run(callback func()) {
	defer func() {
		if v := recover(); v != nil {
			s.hooks.logger().Error("session expiry callback panicked",
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		}
	}()
	callback()
}

// Renew gives the session a new id in its site, keeping its components,
// callbacks and expiry; the old id stops working at once. A request that
// holds the session sends the new cookie with its response. Twisted has
// no counterpart (D12). It returns ErrExpired for an ended session.
func (s *Session) Renew() error {
	if s.Expired() {
		return ErrExpired
	}
	if s.hooks.Renew == nil {
		return errors.New("session: site cannot renew sessions")
	}
	return s.hooks.Renew(s)
}
