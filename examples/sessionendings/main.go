// Command sessionendings is the "Session Endings" page of Twisted Web in 60
// Seconds, ported to weft: sessions last 5 seconds without a visit, and
// GET /logme arranges for the program to print
//
//	Session <uid> has expired.
//
// when the visitor's session ends. Keep reloading /logme to keep the
// session alive; stop, and the line appears 5 seconds later.
//
//	go run ./examples/sessionendings        # then open http://127.0.0.1:8080/logme
//
// With -redis URL, sessions live in that Redis, so that several processes
// share them; each process that registered the logger for a session prints
// the line once when the session ends, wherever it ended.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"sync"
	"time"

	"github.com/weftgo/weft/examples/internal/shared"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// ShortSession is a session that ends after 5 seconds without a visit:
// Twisted's "class ShortSession(Session): sessionTimeout = ...".
type ShortSession struct{ *session.Session }

// NewShortSession is the site's SessionFactory.
func NewShortSession(site *server.Site, uid string) session.Interface {
	s := ShortSession{session.New(site, uid)}
	s.SessionTimeout = 5 * time.Second
	return s
}

// ExpirationLogger registers, once per session, a callback that reports
// the session's end. Twisted's version keeps a class-level set that its
// single thread guards; here requests run concurrently, so the set is a map
// behind a mutex.
type ExpirationLogger struct {
	resource.Base
	out      io.Writer
	mu       sync.Mutex
	sessions map[string]bool
}

// RenderGET registers the expiry callback on the first visit of a session.
// It returns an empty page: the Python original returns a str, which
// Twisted on Python 3 rejects with a 500.
func (l *ExpirationLogger) RenderGET(req *resource.Request) ([]byte, error) {
	s := req.GetSession()
	uid := s.UID()
	l.mu.Lock()
	seen := l.sessions[uid]
	l.sessions[uid] = true
	l.mu.Unlock()
	if !seen {
		s.NotifyOnExpire(func() { l.expired(uid) })
	}
	return []byte{}, nil
}

func (l *ExpirationLogger) expired(uid string) {
	fmt.Fprintf(l.out, "Session %s has expired.\n", uid)
	l.mu.Lock()
	delete(l.sessions, uid)
	l.mu.Unlock()
}

// newSite builds the example's site; expiry lines go to out.
func newSite(out io.Writer) *server.Site {
	root := resource.New()
	root.PutChild("logme", &ExpirationLogger{out: out, sessions: map[string]bool{}})
	site := server.NewSite(root)
	site.SessionFactory = NewShortSession
	return site
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	redis := shared.Flag()
	flag.Parse()
	site := newSite(os.Stdout)
	if _, err := shared.Use(site, *redis); err != nil {
		log.Fatal(err)
	}
	if err := serve.Run(*addr, site); err != nil {
		log.Fatal(err)
	}
}
