// Package servers builds the same small site on weft, on net/http's
// ServeMux and on chi, for the in-process benchmarks of package bench and
// for the end-to-end servers of bench/cmd.
//
// Every site serves:
//
//	GET /static                 StaticBody
//	GET /count                  "Visit #N for you!", N counted per session
//	GET /a, /a/b/c, /a/b/c/d/e/f/g/h
//	                            StaticBody, at depth 1, 3 and 8
//	GET /dyn/{name}             "dyn " + name, a dynamic child
//
// GET routes answer HEAD too, and other methods get 405 with Allow.
// weft counts visits with a session component (Twisted's ICounter
// adapter); ServeMux and chi with scs's LoadAndSave and an int in the
// session, so each does the work its idiom asks for.
package servers

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"
	"github.com/go-chi/chi/v5"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// StaticBody is the fixed page of /static and of the /a… routes: 12 bytes,
// as long as Twisted's /hello page ("hello hello|") that the end-to-end run
// loads on the Twisted side.
const StaticBody = "hello static"

// Paths holds the routes of the site, one per benchmark case.
var Paths = struct {
	Static, Depth1, Depth3, Depth8, Dynamic, Count, TouchSession string
}{
	Static:       "/static",
	Depth1:       "/a",
	Depth3:       "/a/b/c",
	Depth8:       "/a/b/c/d/e/f/g/h",
	Dynamic:      "/dyn/anything",
	Count:        "/count",
	TouchSession: "/session",
}

// deepSegments are the segments below /a, in order.
var deepSegments = []string{"b", "c", "d", "e", "f", "g", "h"}

var (
	staticBody = []byte(StaticBody)
	textHTML   = []string{"text/html"} // shared, never modified
)

// VisitBody returns the counter page for visit n, as Twisted's
// CounterResource prints it.
func VisitBody(n int) []byte {
	b := make([]byte, 0, 32)
	b = append(b, "Visit #"...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " for you!"...)
}

// ---- weft ----

// ICounter counts page views; sessions get one through an adapter, as in
// Twisted's session howto.
type ICounter interface{ Inc() int }

// Counter is the session's ICounter.
type Counter struct {
	mu    sync.Mutex
	value int
}

// Inc adds one view and returns the count.
func (c *Counter) Inc() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.value++
	return c.value
}

func init() {
	components.RegisterAdapter(func(*session.Session) ICounter { return &Counter{} })
}

// Page renders StaticBody for GET (and so HEAD); it has no other method.
type Page struct{ resource.Base }

// RenderGET returns StaticBody.
func (*Page) RenderGET(*resource.Request) ([]byte, error) { return staticBody, nil }

// Dyn makes an Echo child for every name (Twisted's getChild idiom: a new
// resource per request).
type Dyn struct{ resource.Base }

// GetChild returns an Echo for name.
func (*Dyn) GetChild(name string, _ *resource.Request) resource.Resource {
	return &Echo{name: name}
}

// Echo shows the name it was made for.
type Echo struct {
	resource.Base
	name string
}

// IsLeaf reports true: an Echo takes the rest of the path.
func (*Echo) IsLeaf() bool { return true }

// RenderGET returns "dyn " + name.
func (e *Echo) RenderGET(*resource.Request) ([]byte, error) {
	return []byte("dyn " + e.name), nil
}

// CounterPage shows the visit count kept on the session.
type CounterPage struct{ resource.Base }

// RenderGET bumps the session's counter.
func (*CounterPage) RenderGET(req *resource.Request) ([]byte, error) {
	counter, err := components.Adapt[ICounter](req.GetSession())
	if err != nil {
		return nil, err
	}
	return VisitBody(counter.Inc()), nil
}

// SessionPage finds the session and returns StaticBody: next to Page at
// depth 1, it isolates the cost of Request.GetSession on a known session.
type SessionPage struct{ resource.Base }

// RenderGET calls GetSession and returns StaticBody.
func (*SessionPage) RenderGET(req *resource.Request) ([]byte, error) {
	req.GetSession()
	return staticBody, nil
}

// WeftTree returns the root of the weft site.
func WeftTree() resource.Resource {
	root := resource.New()
	root.PutChild("static", &Page{})
	a := &Page{}
	root.PutChild("a", a)
	var parent resource.Resource = a
	for _, seg := range deepSegments {
		child := &Page{}
		parent.PutChild(seg, child)
		parent = child
	}
	root.PutChild("dyn", &Dyn{})
	root.PutChild("count", &CounterPage{})
	root.PutChild("session", &SessionPage{})
	return root
}

// Weft returns the weft site, with Twisted's default session timeout.
func Weft() *server.Site {
	return server.NewSite(WeftTree())
}

// ---- net/http ServeMux and chi, with scs ----

// NewSessionManager returns an scs manager over store with the idle
// timeout of a Twisted session (15 minutes), so both sides expire idle
// sessions alike.
func NewSessionManager(store scs.Store) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.IdleTimeout = session.DefaultTimeout
	return sm
}

// NewMemStore returns scs's in-memory store. A positive cleanup interval
// starts its sweeping goroutine, as a server would; benchmarks pass 0.
func NewMemStore(cleanup time.Duration) *memstore.MemStore {
	return memstore.NewWithCleanupInterval(cleanup)
}

func static(w http.ResponseWriter, _ *http.Request) {
	w.Header()["Content-Type"] = textHTML
	w.Write(staticBody)
}

func countWith(sm *scs.SessionManager) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := sm.GetInt(r.Context(), "count") + 1
		sm.Put(r.Context(), "count", n)
		w.Header()["Content-Type"] = textHTML
		w.Write(VisitBody(n))
	}
}

// ServeMux returns the site on net/http's ServeMux, its counter on sm.
func ServeMux(sm *scs.SessionManager) *http.ServeMux {
	mux := http.NewServeMux()
	for _, p := range []string{Paths.Static, Paths.Depth1, Paths.Depth3, Paths.Depth8} {
		mux.HandleFunc("GET "+p, static)
	}
	mux.HandleFunc("GET /dyn/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = textHTML
		w.Write([]byte("dyn " + r.PathValue("name")))
	})
	mux.Handle("GET "+Paths.Count, sm.LoadAndSave(countWith(sm)))
	return mux
}

// Chi returns the site on chi, its counter on sm.
func Chi(sm *scs.SessionManager) chi.Router {
	r := chi.NewRouter()
	for _, p := range []string{Paths.Static, Paths.Depth1, Paths.Depth3, Paths.Depth8} {
		r.Get(p, static)
		r.Head(p, static)
	}
	dyn := func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = textHTML
		w.Write([]byte("dyn " + chi.URLParam(r, "name")))
	}
	r.Get("/dyn/{name}", dyn)
	r.Head("/dyn/{name}", dyn)
	r.With(sm.LoadAndSave).Get(Paths.Count, countWith(sm))
	return r
}

// CounterValue returns c's count, for a codec that stores it.
func CounterValue(c *Counter) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.value
}

// NewCounter returns a Counter at n.
func NewCounter(n int) *Counter { return &Counter{value: n} }
