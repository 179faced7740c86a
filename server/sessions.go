package server

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/weftgo/weft/internal/sessionid"
	"github.com/weftgo/weft/session"
)

// sessions returns the site's store, made on first use when Store is nil,
// and the factory its sessions are made with.
func (s *Site) sessions() session.Store {
	s.storeOnce.Do(func() {
		s.factory = s.makeFactory()
		s.store = s.Store
		if s.store == nil {
			s.store = session.NewMemoryStore(session.MemoryOptions{
				MaxSessions: s.MaxSessions,
				Clock:       s.clock(),
				Logger:      s.logger(),
				NewID:       s.newID,
			})
		}
		if l, ok := s.store.(interface {
			Lookup(context.Context, string) (*session.Session, error)
		}); ok {
			s.lookup = l.Lookup
		} else {
			st, f := s.store, s.factory
			s.lookup = func(ctx context.Context, uid string) (*session.Session, error) { return st.Get(ctx, uid, f) }
		}
	})
	return s.store
}

// makeFactory returns SessionFactory bound to the site.
func (s *Site) makeFactory() session.Factory {
	f := s.SessionFactory
	return func(uid string) session.Interface {
		if f == nil {
			return session.New(s, uid)
		}
		return f(s, uid)
	}
}

// MakeSession makes a session with a fresh id through SessionFactory,
// stores it in the site's Store and starts checking its expiry (Twisted's
// makeSession). It fails if the id source fails, with session.ErrFull
// when the store is full, and with session.ErrClosed after Close.
func (s *Site) MakeSession() (*session.Session, error) {
	st := s.sessions()
	sess, err := st.Create(context.Background(), s.factory)
	if err != nil {
		return nil, fmt.Errorf("server: MakeSession: %w", err)
	}
	return sess, nil
}

// GetSession returns the live session with the given id (Twisted's
// getSession); an error wrapping ErrNoSession if there is none. As in
// Twisted, it does not touch the session, when the store can look up
// without touching (the in-memory store can); otherwise it is the store's
// Get, which touches.
func (s *Site) GetSession(uid string) (*session.Session, error) {
	s.sessions()
	sess, err := s.lookup(context.Background(), uid)
	if err != nil {
		return nil, fmt.Errorf("server: GetSession: %w", err)
	}
	return sess, nil
}

// SessionCount returns the number of live sessions, or -1 if the store
// cannot say.
func (s *Site) SessionCount() int {
	n, err := s.sessions().Len(context.Background())
	if err != nil {
		return -1
	}
	return n
}

// Sessions returns the live sessions, in no particular order: a snapshot
// that later expiries do not change (Twisted's sessions dict, read-only).
// It returns nil for a store that cannot list its sessions (one in another
// process); the in-memory store can.
func (s *Site) Sessions() []*session.Session {
	l, ok := s.sessions().(interface {
		Sessions(context.Context) ([]*session.Session, error)
	})
	if !ok {
		return nil
	}
	all, err := l.Sessions(context.Background())
	if err != nil {
		return nil
	}
	return all
}

// Close closes the site's store: it stops checking the expiry of every
// session and empties the table (no timer of the site's stays set); later
// MakeSession calls fail with session.ErrClosed. It does not run expiry
// callbacks, as a Twisted reactor that stops never fires its pending
// session timers: to run them, Expire each session before Close. Close is
// idempotent.
func (s *Site) Close() error {
	return s.sessions().Close(context.Background())
}

// newSession makes a session for a request (host.NewSession). A detached
// one is made by the factory and attached to no store: the request could
// not send its cookie (D10).
func (s *Site) newSession(ctx context.Context, register bool) (*session.Session, error) {
	st := s.sessions()
	if register {
		sess, err := st.Create(ctx, s.factory)
		switch {
		case errors.Is(err, session.ErrFull):
			s.logFull()
		case errors.Is(err, session.ErrUnavailable):
			s.logUnavailable(err)
		}
		return sess, err
	}
	uid, err := s.newID()
	if err != nil {
		return nil, err
	}
	var sess *session.Session
	if i := s.factory(uid); i != nil {
		sess = session.Attach(i, nil, s.clock(), s.logger())
	}
	if sess == nil {
		return nil, errors.New("server: SessionFactory returned no session")
	}
	return sess, nil
}

// newID returns a fresh session id from NewSessionID, or else 32 bytes
// from crypto/rand as 64 lowercase hex characters (D6).
func (s *Site) newID() (string, error) {
	if s.NewSessionID != nil {
		return s.NewSessionID()
	}
	return sessionid.New()
}

// fullLogInterval is how often at most the site logs that its store is
// full, however many requests it turns away.
const fullLogInterval = time.Minute

// logFull logs that the store is full, once per fullLogInterval on the
// site's clock.
func (s *Site) logFull() {
	if !s.logDue(&s.fullLog) {
		return
	}
	s.logger().Warn("session store full: requests that need a new session get 503 until sessions expire",
		"sessions", s.SessionCount(), "max", s.maxSessions())
}

// logUnavailable logs that the store cannot be reached, once per
// fullLogInterval on the site's clock, however many requests fail.
func (s *Site) logUnavailable(err error) {
	if !s.logDue(&s.downLog) {
		return
	}
	s.logger().Error("session store unavailable: requests that need a session get 503 until it is back",
		"error", err.Error())
}

// logDue reports whether a warning last logged at *last (unix nanoseconds
// on the site's clock) is due again, and if so records now; one caller
// wins when several ask at once.
func (s *Site) logDue(last *atomic.Int64) bool {
	now := s.clock().Now().UnixNano()
	was := last.Load()
	return (was == 0 || now-was >= int64(fullLogInterval)) && last.CompareAndSwap(was, now)
}

func (s *Site) maxSessions() int {
	if s.MaxSessions == 0 {
		return session.DefaultMaxSessions
	}
	return s.MaxSessions
}
