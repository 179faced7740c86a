package server

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/weftgo/weft/session"
)

// SessionHooks returns the clock, logger and table operations the site's
// sessions share; session.New calls it. It implements session.Site.
func (s *Site) SessionHooks() *session.Hooks {
	s.hooksOnce.Do(func() {
		s.hooks = session.Hooks{
			Clock:  s.clock(),
			Logger: s.logger(),
			Remove: s.remove,
			Renew:  s.renew,
		}
	})
	return &s.hooks
}

// MakeSession makes a session with a fresh id through SessionFactory,
// stores it in the site's table and starts checking its expiry (Twisted's
// makeSession). It fails if the id source fails or after Close.
func (s *Site) MakeSession() (*session.Session, error) {
	i, err := s.newSession()
	if err != nil {
		return nil, err
	}
	sess := session.Of(i)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	if s.sessions == nil { // a Site not made by NewSite
		s.sessions = map[string]session.Interface{}
	}
	if _, taken := s.sessions[sess.UID]; taken {
		s.mu.Unlock()
		return nil, fmt.Errorf("server: the id source repeated an id of a live session")
	}
	s.sessions[sess.UID] = i
	// Start checking expiry before Close can see the session: started after
	// the unlock, a Close in between would miss it, and it would expire
	// after Close.
	sess.StartCheckingExpiration()
	s.mu.Unlock()
	return sess, nil
}

// newSession makes a session through the factory, without storing it.
func (s *Site) newSession() (session.Interface, error) {
	uid, err := s.newID()
	if err != nil {
		return nil, err
	}
	if s.SessionFactory == nil {
		return session.New(s, uid), nil
	}
	i := s.SessionFactory(s, uid)
	if i == nil || session.Of(i) == nil {
		return nil, errors.New("server: SessionFactory returned no session")
	}
	return i, nil
}

func (s *Site) newID() (string, error) {
	if s.NewSessionID != nil {
		uid, err := s.NewSessionID()
		if err != nil {
			return "", fmt.Errorf("server: making a session id: %w", err)
		}
		return uid, nil
	}
	return randomID(rand.Reader)
}

// randomID reads 32 bytes from src and returns them as 64 lowercase hex
// characters, Twisted's session id format. A short or failed read is an
// error.
func randomID(src io.Reader) (string, error) {
	var b [32]byte
	if _, err := io.ReadFull(src, b[:]); err != nil {
		return "", fmt.Errorf("server: reading entropy for a session id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// GetSession returns the live session with the given id (Twisted's
// getSession); an error wrapping ErrNoSession if there is none. It does not
// touch the session.
func (s *Site) GetSession(uid string) (*session.Session, error) {
	if i, ok := s.Lookup(uid); ok {
		return session.Of(i), nil
	}
	return nil, fmt.Errorf("server: GetSession: %w", ErrNoSession)
}

// Lookup returns the live session with the given id as its factory made it
// (a ShortSession, say), and whether there is one.
func (s *Site) Lookup(uid string) (session.Interface, bool) {
	s.mu.RLock()
	i, ok := s.sessions[uid]
	s.mu.RUnlock()
	return i, ok
}

// SessionCount returns the number of live sessions.
func (s *Site) SessionCount() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.sessions)
}

// Sessions returns the live sessions, in no particular order: a snapshot
// that later expiries do not change (Twisted's sessions dict, read-only).
func (s *Site) Sessions() []session.Interface {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]session.Interface, 0, len(s.sessions))
	for _, i := range s.sessions {
		out = append(out, i)
	}
	return out
}

// Close stops checking the expiry of every session and empties the table
// (no timer of the site's stays set); later
// MakeSession calls fail with ErrClosed. It does not run expiry callbacks,
// as a Twisted reactor that stops never fires its pending session timers:
// to run them, Expire each of Sessions() before Close. Close is idempotent
// and returns nil.
func (s *Site) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	live := s.sessions
	s.sessions = map[string]session.Interface{}
	s.mu.Unlock()
	for _, i := range live {
		session.Of(i).StopCheckingExpiration()
	}
	return nil
}

// remove takes an expired session out of the table (session.Hooks.Remove).
func (s *Site) remove(sess *session.Session) {
	s.mu.Lock()
	if i, ok := s.sessions[sess.UID]; ok && session.Of(i) == sess {
		delete(s.sessions, sess.UID)
	}
	s.mu.Unlock()
}

// renew gives a live session a new id, in one step under the table's lock
// (session.Hooks.Renew).
func (s *Site) renew(sess *session.Session) error {
	uid, err := s.newID()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.sessions[sess.UID]
	if !ok || session.Of(i) != sess {
		return ErrNoSession
	}
	if _, taken := s.sessions[uid]; taken {
		return fmt.Errorf("server: the id source repeated an id of a live session")
	}
	delete(s.sessions, sess.UID)
	sess.UID = uid
	s.sessions[uid] = i
	return nil
}
