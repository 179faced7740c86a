package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/internal/serving"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/session"
)

// Site serves a tree of resources over HTTP and keeps the sessions of its
// visitors: Twisted's twisted.web.server.Site. It is an http.Handler:
//
//	http.ListenAndServe("127.0.0.1:8080", server.NewSite(root))
//
// Make a Site with NewSite and set its fields before it serves its first
// request; after that a Site is safe for concurrent use by multiple
// goroutines.
type Site struct {
	// Resource is the root of the tree (Twisted's Site.resource).
	Resource resource.Resource

	// SessionFactory makes each new session, Twisted's sessionFactory. It
	// must call session.New(site, uid) and may wrap the result in a struct
	// that embeds *session.Session and set its SessionTimeout or Lifetime:
	// Go's form of subclassing Session. Nil means session.New.
	SessionFactory func(site *Site, uid string) session.Interface

	// Clock drives session expiry and LastModified. NewSite sets the real
	// clock; tests set clock.NewMock(). Set it before the first session.
	Clock clock.Clock

	// Logger receives render failures, recovered panics and warnings.
	// NewSite sets slog.Default(). Logs never carry a session id.
	Logger *slog.Logger

	// DisplayTracebacks puts the error and stack of a failed render in the
	// 500 page, as Twisted's displayTracebacks. Off by default: it shows
	// internals to any client.
	DisplayTracebacks bool

	// Cookie configures the session cookie (D5). NewSite sets Twisted's
	// names and path plus HttpOnly and SameSite=Lax.
	Cookie CookieSettings

	// NewSessionID returns a fresh session id. Nil means 32 bytes from
	// crypto/rand as 64 lowercase hex characters, Twisted's format (D6).
	// An error fails the request that needed the session; it is never
	// papered over with a weaker id.
	NewSessionID func() (string, error)

	// MaxFormBytes bounds the POST form body parsed into Request.Args; a
	// larger one is answered 413. NewSite sets resource.DefaultMaxFormBytes.
	MaxFormBytes int64
	// MaxFormFields bounds the name=value pairs of the query and a POST
	// form together; one more is answered 413 (414 when the query alone
	// has too many), as soon as it is seen. NewSite sets
	// resource.DefaultMaxFormFields, url.ParseQuery's 10,000.
	MaxFormFields int
	// MaxFormParts bounds the parts of a multipart form; one more is
	// answered 413. NewSite sets resource.DefaultMaxFormParts,
	// mime/multipart's 1,000.
	MaxFormParts int
	// MaxURIBytes bounds the request target (path and query); a longer one
	// is answered 414 before its path is split. NewSite sets
	// resource.DefaultMaxURIBytes, 8 KiB, as nginx. Zero or less means
	// the default here and in the other limits.
	MaxURIBytes int

	// TrustedProxies lists the networks whose X-Forwarded-For header
	// Request.ClientAddress believes. Empty (the default) means the client
	// address is always the connection's peer.
	TrustedProxies []netip.Prefix

	// AccessLog, when set, receives one line per finished request in
	// Twisted's combined log format, as Twisted's Site(logPath=...)
	// writes: client address (as Request.ClientAddress gives it, so
	// TrustedProxies applies), time, request line, status, body length,
	// referrer and user agent (see accesslog.go). The requests write the
	// lines themselves, with no goroutine of the Site's: when several
	// finish at once, one of them writes all their lines in one Write. The
	// Site never calls Write concurrently, but a writer shared with other
	// code must be safe for concurrent use (an *os.File is).
	//
	// A writer with a Flush method, such as a *bufio.Writer around a file,
	// is flushed at most a second after a line went into it, never while
	// the Site writes to it: many lines then share one write(2), which
	// keeps the log's cost on a busy site to a few percent. Call
	// FlushAccessLog after the server has shut down. Nil, the default,
	// logs nothing.
	AccessLog io.Writer

	// Store keeps the live sessions (Twisted's Site.sessions, D14). Nil,
	// the default, means an in-memory store made on first use with the
	// site's Clock, Logger, NewSessionID and MaxSessions. Set it before
	// the first session.
	Store session.Store

	// MaxSessions bounds the sessions of the default in-memory store:
	// while it holds that many, a request that needs a new session is
	// answered 503 with Retry-After (logged once a minute at most), and the
	// sessions that exist keep working; none is evicted. Zero means
	// session.DefaultMaxSessions (100,000: 40 to 160 MB, see
	// docs/sessions.md), a negative value no bound.
	MaxSessions int

	host      host                  // what requests see of the site
	stamp     atomic.Pointer[stamp] // the access log's time, per second
	access    accessQueue           // access log lines waiting to be written
	storeOnce sync.Once
	store     session.Store // Store, or the default made on first use
	factory   session.Factory
	lookup    func(ctx context.Context, uid string) (*session.Session, error) // GetSession's
	fullLog   atomic.Int64                                                    // when "sessions full" was last logged, unix nanoseconds
	downLog   atomic.Int64                                                    // when "store unavailable" was last logged
}

// ErrNoSession is wrapped by GetSession for an id with no live session
// (Twisted raises KeyError). It is session.ErrNotFound.
var ErrNoSession = session.ErrNotFound

// NewSite returns a Site serving root, with the defaults each field's doc
// gives (Twisted's Site(resource)).
func NewSite(root resource.Resource) *Site {
	s := &Site{
		Resource:     root,
		Clock:        clock.New(),
		Logger:       slog.Default(),
		Cookie:       defaultCookieSettings(),
		MaxFormBytes: resource.DefaultMaxFormBytes,
	}
	s.MaxFormFields, s.MaxFormParts, s.MaxURIBytes = defaultLimits()
	s.host.s = s
	return s
}

// ServeHTTP serves r from the tree: it builds the Request, traverses,
// renders, and returns when the response is finished or the client has
// gone (Twisted's Request.process on this site). Before traversal, a
// request target over MaxURIBytes is answered 414, a POST form over
// MaxFormBytes, MaxFormFields or MaxFormParts 413, a malformed one 400.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := &s.host
	if h.s == nil { // a Site not made by NewSite
		h = &host{s}
	}
	req, rejected := serving.Serve(w, r, s.Resource, h)
	if s.AccessLog != nil {
		if rejected != 0 {
			s.writeAccessLine(req.(*resource.Request), rejected, 0)
		} else {
			s.logAccess(req.(*resource.Request))
		}
	}
}

func (s *Site) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

func (s *Site) clock() clock.Clock {
	if s.Clock == nil {
		return clock.New()
	}
	return s.Clock
}
