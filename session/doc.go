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
// A Session is safe for concurrent use by multiple goroutines. Its exported
// fields (UID, SessionTimeout, Lifetime, SessionNamespaces) are set by the
// factory before the site starts checking expiry and read afterwards.
package session
