package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/internal/sessionid"
)

// DefaultMaxSessions is how many live sessions an in-memory store holds
// unless told otherwise. At the measured cost of a session made by a flood
// of cookie-less requests (about 370 bytes of RSS idle, 1.6 KB with one
// small component; see docs/benchmarks.md), 100,000 sessions take 40 to
// 160 MB, so a client that asks for sessions as fast as it can cannot
// exhaust a small machine. Size it up for a site with more concurrent
// visitors than that.
const DefaultMaxSessions = 100_000

// MemoryOptions configures NewMemoryStore.
type MemoryOptions struct {
	// MaxSessions bounds the live sessions: Create fails with ErrFull
	// while the store holds that many, and nothing is evicted to make
	// room. Zero means DefaultMaxSessions, a negative value no bound.
	MaxSessions int
	// Clock times expiry and stamps LastModified. Nil means the real clock.
	Clock clock.Clock
	// Logger receives the stack of a panicking expiry callback. Nil means
	// slog.Default().
	Logger *slog.Logger
	// NewID returns a fresh session id. Nil means 32 bytes from
	// crypto/rand as 64 lowercase hex characters, Twisted's format (D6).
	NewID func() (string, error)
}

// NewMemoryStore returns a Store that keeps sessions in this process's
// memory: the default store of a site. It owns the live table, the expiry
// queue (one timer on its clock for all sessions) and every id change
// (Create, Renew), under one lock; lookups share that lock for reading,
// and a touch is one atomic store, with no lock. After many sessions
// expire, the table and queue are rebuilt smaller, so memory goes back.
func NewMemoryStore(o MemoryOptions) Store {
	m := &memoryStore{max: o.MaxSessions, newID: o.NewID, live: map[string]*Session{}}
	if m.max == 0 {
		m.max = DefaultMaxSessions
	}
	if m.newID == nil {
		m.newID = sessionid.New
	}
	m.env = env{store: m, mem: m, clock: o.Clock, logger: o.Logger}
	if m.env.clock == nil {
		m.env.clock = realClock
	}
	if m.env.logger == nil {
		m.env.logger = slog.Default()
	}
	return m
}

// memoryStore is NewMemoryStore's Store.
type memoryStore struct {
	max   int
	newID func() (string, error)
	env   env // shared by the store's sessions; env.site is set by the first Create

	mu     sync.RWMutex
	live   map[string]*Session // by uid
	queue  queueItems
	timer  *clock.Timer // set for queue[0].due
	at     int64        // when timer fires; 0 when it is not set
	peak   int          // the most sessions live since live was last rebuilt
	closed bool

	onRemove func(*Session) // tests: called under mu as a session leaves live
}

// remove takes s out of live, if it is there. The caller holds mu.
func (m *memoryStore) remove(s *Session) {
	if m.live[s.UID()] != s {
		return
	}
	delete(m.live, s.UID())
	if m.onRemove != nil {
		m.onRemove(s)
	}
}

// shrinkMin is the size below which the table and queue are never rebuilt.
const shrinkMin = 1024

var errRepeatedID = errors.New("session: the id source repeated the id of a live session")

// full reports why the store cannot take a new session now, if it cannot.
// The caller holds mu.
func (m *memoryStore) full() error {
	switch {
	case m.closed:
		return ErrClosed
	case m.max > 0 && len(m.live) >= m.max:
		return ErrFull
	}
	return nil
}

func (m *memoryStore) Create(_ context.Context, f Factory) (*Session, error) {
	m.mu.RLock()
	err := m.full() // refuse before paying for an id and a factory call
	m.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	uid, err := m.newID()
	if err != nil {
		return nil, fmt.Errorf("session: making a session id: %w", err)
	}
	var s *Session
	if i := f(uid); i != nil {
		s = i.session()
	}
	switch {
	case s == nil:
		return nil, errors.New("session: the factory returned no session")
	case s.UID() != uid:
		return nil, errors.New("session: the factory did not pass its uid to New")
	case s.env.store != nil:
		return nil, errors.New("session: the factory returned a session another store holds")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.full(); err != nil {
		return nil, err
	}
	if _, taken := m.live[uid]; taken {
		return nil, errRepeatedID
	}
	e := &m.env
	if m.env.site == nil {
		m.env.site = s.env.site
	} else if s.env.site != m.env.site { // a store shared by two sites
		c := m.env
		c.site = s.env.site
		e = &c
	}
	s.attach(e)
	m.live[uid] = s
	m.peak = max(m.peak, len(m.live))
	m.queue.put(s, s.deadline(s.state.Load()))
	m.arm()
	return s, nil
}

func (m *memoryStore) Get(_ context.Context, uid string, _ Factory) (*Session, error) {
	m.mu.RLock()
	s := m.live[uid]
	m.mu.RUnlock()
	if s == nil || !s.keepAlive() {
		return nil, ErrNotFound
	}
	return s, nil
}

func (m *memoryStore) Renew(_ context.Context, s *Session) error {
	uid, err := m.newID()
	if err != nil {
		return fmt.Errorf("session: making a session id: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case s.state.Load() < 0:
		return ErrExpired
	case m.live[s.UID()] != s:
		return ErrNotFound
	}
	if _, taken := m.live[uid]; taken {
		return errRepeatedID
	}
	delete(m.live, s.UID())
	s.setUID(uid)
	m.live[uid] = s
	return nil
}

func (m *memoryStore) Delete(_ context.Context, s *Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.remove(s)
	m.queue.drop(s)
	if len(m.queue) == 0 && m.timer != nil {
		m.timer.Stop()
		m.at = 0
	}
	m.shrink()
	return nil
}

func (m *memoryStore) Len(context.Context) (int, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.live), nil
}

func (m *memoryStore) Close(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	if m.timer != nil {
		m.timer.Stop()
		m.at = 0
	}
	for _, s := range m.queue {
		s.queued = false
	}
	m.queue = nil
	m.live = map[string]*Session{}
	m.peak = 0
	return nil
}

// Lookup returns the session under uid without touching it, for
// server.Site.GetSession (Twisted's getSession does not touch), which
// finds the method by interface assertion: it is not part of Store.
func (m *memoryStore) Lookup(_ context.Context, uid string) (*Session, error) {
	m.mu.RLock()
	s := m.live[uid]
	m.mu.RUnlock()
	if s == nil {
		return nil, ErrNotFound
	}
	return s, nil
}

// Sessions returns the live sessions, for server.Site.Sessions (which
// finds the method by interface assertion: it is not part of Store).
func (m *memoryStore) Sessions(context.Context) ([]*Session, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*Session, 0, len(m.live))
	for _, s := range m.live {
		out = append(out, s)
	}
	return out, nil
}

// schedule queues s for its deadline, unless it is queued already, has
// ended, or is not in the store (StartCheckingExpiration).
func (m *memoryStore) schedule(s *Session) {
	m.mu.Lock()
	defer m.mu.Unlock()
	last := s.state.Load()
	if m.closed || s.queued || last < 0 || m.live[s.UID()] != s {
		return
	}
	m.queue.put(s, s.deadline(last))
	m.arm()
}

// reschedule moves a queued s to its deadline, which SetSessionTimeout has
// changed.
func (m *memoryStore) reschedule(s *Session) {
	m.mu.Lock()
	defer m.mu.Unlock()
	last := s.state.Load()
	if !s.queued || last < 0 {
		return
	}
	m.queue.put(s, s.deadline(last))
	m.arm()
}

// arm sets the timer for the earliest session, unless it is set for then
// already. The caller holds mu.
func (m *memoryStore) arm() {
	if len(m.queue) == 0 {
		return
	}
	due := m.queue[0].due
	if m.at != 0 && m.at <= due {
		return
	}
	wait := time.Duration(due - m.env.clock.Now().UnixNano())
	if m.timer == nil {
		m.timer = m.env.clock.AfterFunc(wait, m.fire)
	} else {
		m.timer.Reset(wait)
	}
	m.at = due
}

// fire runs when the timer goes off. Under the lock it takes every session
// that is due out of the queue and either queues it again for the deadline
// a touch has moved, or ends it and takes it out of the table; then,
// outside the lock, it runs the callbacks of those that ended.
func (m *memoryStore) fire() {
	m.mu.Lock()
	now := m.env.clock.Now().UnixNano()
	var ended []*Session
	for len(m.queue) > 0 && m.queue[0].due <= now {
		s := m.queue.pop()
		for {
			last := s.state.Load()
			if last < 0 { // Expire has it; its Delete is waiting for mu
				break
			}
			if due := s.deadline(last); now < due {
				m.queue.put(s, due)
				break
			}
			if s.state.CompareAndSwap(last, last|endedBit) {
				m.remove(s)
				ended = append(ended, s)
				break
			}
		}
	}
	m.at = 0
	m.arm()
	m.shrink()
	m.mu.Unlock()
	for _, s := range ended {
		s.end()
	}
}

// shrink rebuilds the table and the queue once they hold a quarter of what
// they held at their peak: a Go map never gives memory back, and a slice
// keeps its capacity. Each rebuild costs the sessions left, and the next
// needs the table to shrink fourfold again, so the cost per expiry stays
// constant. The caller holds mu.
func (m *memoryStore) shrink() {
	if n := len(m.live); m.peak >= shrinkMin && n <= m.peak/4 {
		live := make(map[string]*Session, n)
		for uid, s := range m.live {
			live[uid] = s
		}
		m.live, m.peak = live, n
	}
	if n := len(m.queue); cap(m.queue) >= shrinkMin && n <= cap(m.queue)/4 {
		q := make(queueItems, n, 2*n)
		copy(q, m.queue)
		m.queue = q
	}
}
