// Package server ports twisted.web.server.Site: the http.Handler that
// serves a resource tree and keeps its visitors' sessions.
//
//	site := server.NewSite(root)                   // Site(root)
//	site.SessionFactory = NewShortSession          // site.sessionFactory = ShortSession
//	srv := &http.Server{Addr: "127.0.0.1:8080", Handler: site}
//	log.Fatal(srv.ListenAndServe())                // reactor.listenTCP + reactor.run
//
// For each request the Site builds a resource.Request, traverses the tree,
// renders, and turns a render error or a panic into Twisted's 500
// "Processing Failed" page, logged with its stack through Site.Logger.
//
// The Site keeps its live sessions in a session.Store (Site.Store; in
// memory by default, bounded by MaxSessions: a full store answers 503 and
// evicts nothing). MakeSession, GetSession, Sessions and SessionCount read
// and fill it; sessions leave it when they expire. Session cookies follow Twisted's names (TWISTED_SESSION,
// TWISTED_SECURE_SESSION over TLS) and add HttpOnly and SameSite=Lax by
// default (CookieSettings). Close stops checking every session's expiry on shutdown.
package server
