package session

import (
	"log/slog"
	"sync"

	"github.com/benbjohnson/clock"
)

// Site is what a Session needs from the site that made it. *server.Site
// implements it; tests may supply their own. It is the Go form of
// Twisted's Session.site attribute, narrowed to what a session uses.
type Site interface {
	// SessionHooks returns the clock, logger and table operations shared
	// by every session of the site. It is called once, by New.
	SessionHooks() *Hooks
}

// Hooks carries a site's services to its sessions. A site builds one Hooks
// and hands the same pointer to all of its sessions.
type Hooks struct {
	// Clock schedules expiry and stamps LastModified (Twisted's
	// Session._reactor). Nil means the real clock.
	Clock clock.Clock
	// Logger receives the stack of a panicking expiry callback. Nil means
	// slog.Default().
	Logger *slog.Logger
	// Remove takes an expiring session out of the site's live table. It is
	// called once per session, before the expiry callbacks run.
	Remove func(s *Session)
	// Renew gives s a new uid in the site's table and sets s.UID, as one
	// step, so that the old uid stops working at once. Nil means the site
	// cannot renew sessions.
	Renew func(s *Session) error

	siteOnce sync.Once
	site     Site // the site whose hooks these are, for Session.Site

	queueOnce sync.Once
	expiries  *expiryQueue
}

// queue returns the expiry queue of the hooks' sessions, made on first use
// with the hooks' clock.
func (h *Hooks) queue() *expiryQueue {
	h.queueOnce.Do(func() { h.expiries = &expiryQueue{clock: h.clock()} })
	return h.expiries
}

func (h *Hooks) clock() clock.Clock {
	if h.Clock == nil {
		return realClock
	}
	return h.Clock
}

func (h *Hooks) logger() *slog.Logger {
	if h.Logger == nil {
		return slog.Default()
	}
	return h.Logger
}

var realClock = clock.New()
