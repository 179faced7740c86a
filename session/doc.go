// Package session ports twisted.web.server.Session: a per-browser session
// with a unique id that lives on its site until it has gone unused for
// SessionTimeout, or until Expire is called, and that tells registered
// callbacks when it ends.
//
// A Session embeds components.Componentized, so per-user state hangs on it
// through adapters, exactly as in Twisted:
//
//	components.RegisterAdapter(func(*session.Session) ICounter { return &Counter{} })
//	counter, _ := components.Adapt[ICounter](req.GetSession())
//
// Sessions are made by a site (server.Site), never directly by
// applications, except inside a site's SessionFactory, which is Go's form of
// subclassing Session:
//
//	type ShortSession struct{ *session.Session }
//
//	site.SessionFactory = func(s *server.Site, uid string) session.Interface {
//		ss := ShortSession{session.New(s, uid)}
//		ss.SessionTimeout = 5 * time.Second
//		return ss
//	}
//
// Where weft differs from Twisted (see docs/differences.md):
//   - the timeout is idle time: every Touch pushes expiry back by a full
//     SessionTimeout (D1);
//   - Expire is idempotent and re-entrant; callbacks run exactly once, in
//     order, outside every lock, and a panicking callback is recovered and
//     logged without stopping the others; a Touch after expiry does nothing
//     (D2);
//   - Renew gives a live session a new id, and Lifetime bounds a session's
//     life however active it is (D12).
//
// A site keeps its live sessions in a Store: NewMemoryStore by default,
// which owns the table, the expiry queue (one timer for every session) and
// every id change under one lock, and holds at most MaxSessions sessions.
// The Store contract lets a store in another process (Redis) take its
// place.
//
// A Session is safe for concurrent use by multiple goroutines. Its id is
// read with UID, which is safe while Renew changes it. Its exported fields
// (SessionTimeout, Lifetime) are set by the factory before the store takes
// the session; after that, change the timeout with SetSessionTimeout. A
// Session never prints or logs its id (String, Format, LogValue show a
// short tag).
package session
