package session

import (
	"context"
	"errors"
	"log/slog"

	"github.com/benbjohnson/clock"
)

// Store is the table of a site's live sessions: Twisted's Site.sessions
// dict, made replaceable. The site (server.Site) holds one; the default,
// NewMemoryStore, keeps the table in this process's memory. A store that
// lives in another process (Redis, say) implements the same contract, which
// is why every call takes a context and may fail.
//
// The contract:
//
//   - A Store holds *Session values that this process made through the
//     site's Factory. It hands out only those values, never pointers into
//     its own state, so a remote store keeps a process-local Session (its
//     callbacks and process-local components) for each session this
//     process has touched, and makes one through the Factory for an id it
//     finds remotely.
//   - Every session a Store hands out is attached to it (Attach): its
//     Expire calls Delete, its Renew calls Renew.
//   - Create and Renew choose the ids; an id is never reused while its
//     session lives.
//   - Get touches the session it returns (D1: every lookup is a use), and
//     never returns one that has ended or is past its deadline: that is
//     ErrNotFound.
//   - A session can end elsewhere (its timer, another process). The store
//     then calls the local Session's Expire: its callbacks run exactly once,
//     in this process, whatever ended it.
//   - Delete is idempotent: called by Expire, perhaps after the session
//     has already gone from the store.
//   - A Store is safe for concurrent use by multiple goroutines, and is
//     used by one site.
//
// Twisted has no Store (D14): its sessions live in one process, unbounded.
type Store interface {
	// Create makes a session with a fresh id through f, stores it and
	// starts checking its expiry. It fails with ErrFull when the store
	// holds as many sessions as it may, and ErrClosed after Close.
	Create(ctx context.Context, f Factory) (*Session, error)
	// Get returns the live session with id uid, touched. When there is
	// none it returns an error that is ErrNotFound (the in-memory store
	// returns it unwrapped, so that a miss costs nothing); other errors
	// mean the store could not say. f makes the local session of an id the store knows only
	// remotely; the in-memory store never calls it.
	Get(ctx context.Context, uid string, f Factory) (*Session, error)
	// Renew gives s a fresh id, in one step: the old id stops working at
	// once. It fails with ErrExpired for an ended session, ErrNotFound
	// for one the store does not hold.
	Renew(ctx context.Context, s *Session) error
	// Delete takes s out of the store. Session.Expire calls it once,
	// before the expiry callbacks run; it does nothing for a session the
	// store no longer holds.
	Delete(ctx context.Context, s *Session) error
	// Len returns the number of live sessions.
	Len(ctx context.Context) (int, error)
	// Close stops checking expiry and empties the store, without running
	// expiry callbacks (as a Twisted reactor that stops never fires its
	// pending session timers); later Creates fail with ErrClosed. It is
	// idempotent.
	Close(ctx context.Context) error
}

// Factory makes the local Session for uid: the site's SessionFactory,
// bound to the site. A Store calls it from Create (with a fresh id) and, if
// it lives elsewhere, from Get.
type Factory func(uid string) Interface

// Errors of a Store.
var (
	// ErrNotFound is returned by Get and Renew for an id with no live
	// session (Twisted's getSession raises KeyError).
	ErrNotFound = errors.New("session: no such session")
	// ErrFull is returned by Create when the store holds as many sessions
	// as it may. The site answers 503 with Retry-After; no session is
	// evicted to make room.
	ErrFull = errors.New("session: too many sessions")
	// ErrClosed is returned by Create after Close.
	ErrClosed = errors.New("session: store closed")
	// ErrUnavailable is wrapped by the errors of a store that cannot reach
	// where it keeps sessions (a Redis that is down or slow). The site
	// answers 503 with Retry-After and makes no new session in place of
	// the one it could not look up.
	ErrUnavailable = errors.New("session: store unavailable")
)

// Rename changes the id of s to uid. It is for a Store's Renew, which calls
// it once the new id is stored (the in-memory store changes ids itself);
// applications call s.Renew instead.
func Rename(s *Session, uid string) { s.setUID(uid) }

// Attach binds the session i holds (a value a Factory returned) to st and
// returns it: from then on its Expire takes it out of st and its Renew
// asks st for a new id, and it reads the time from clk and logs panicking
// expiry callbacks to logger (nil: the real clock, slog.Default()). A nil
// st leaves it in no store: it expires only when Expire is called. A Store
// calls Attach on each session its Factory returns, before handing it out
// (the in-memory store does so itself); the site also uses it for a
// session that can never reach its client (D10). It restarts the
// session's clock: LastModified is now on clk.
func Attach(i Interface, st Store, clk clock.Clock, logger *slog.Logger) *Session {
	if clk == nil {
		clk = realClock
	}
	if logger == nil {
		logger = slog.Default()
	}
	s := i.session()
	if s == nil {
		return nil
	}
	s.attach(&env{site: s.env.site, store: st, clock: clk, logger: logger})
	return s
}

// env is what a session knows of its site: one value shared by every
// session of a store.
type env struct {
	site   any
	store  Store
	mem    *memoryStore // store, when it is the in-memory one
	clock  clock.Clock
	logger *slog.Logger
}

var realClock = clock.New()
