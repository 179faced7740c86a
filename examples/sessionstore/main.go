// Command sessionstore is the "Storing Objects in the Session" page of
// Twisted Web in 60 Seconds, ported to weft: a counter hangs on each
// visitor's session through an adapter, and GET / says "Visit #N for you!".
//
//	go run ./examples/sessionstore          # then open http://127.0.0.1:8080/
//
// With -redis URL, sessions and their counters live in that Redis, so that
// the count goes on across several processes: the counter is registered
// as a persistent component (redisstore.Persist), and the page saves it
// after each visit.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"strconv"
	"sync"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/examples/internal/shared"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
	"github.com/weftgo/weft/session/redisstore"
)

// ICounter is a count that goes up once per page view: Twisted's
// "class ICounter(Interface)". In Go the interface says what the component
// does, not which attribute it has.
type ICounter interface {
	// Increment adds one view and returns the new count.
	Increment() int
}

// Counter is the session's ICounter. Requests of one session may run at
// once, so it locks.
type Counter struct {
	mu    sync.Mutex
	value int
}

// NewCounter is the adapter from a session to ICounter (Twisted's
// Counter(session)).
func NewCounter(*session.Session) ICounter { return &Counter{} }

// Increment adds one view and returns the new count.
func (c *Counter) Increment() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.value++
	return c.value
}

func init() {
	// registerAdapter(Counter, Session, ICounter)
	components.RegisterAdapter(NewCounter)
}

// CounterCodec stores an ICounter in Redis as its decimal count.
type CounterCodec struct{}

// Encode returns the count.
func (CounterCodec) Encode(c ICounter) ([]byte, error) {
	cc := c.(*Counter)
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return strconv.AppendInt(nil, int64(cc.value), 10), nil
}

// Decode makes a Counter with the stored count.
func (CounterCodec) Decode(b []byte) (ICounter, error) {
	n, err := strconv.Atoi(string(b))
	return &Counter{value: n}, err
}

// CounterResource shows how many times this session has seen the page.
type CounterResource struct {
	resource.Base
	// Save, when set, stores the session's persistent components (the
	// counter) after each visit: the Redis store's Save.
	Save func(context.Context, *session.Session) error
}

// RenderGET is Twisted's render_GET: ICounter(session).value += 1.
func (c *CounterResource) RenderGET(req *resource.Request) ([]byte, error) {
	s := req.GetSession()
	counter, err := components.Adapt[ICounter](s)
	if err != nil {
		return nil, err
	}
	n := counter.Increment()
	if c.Save != nil {
		if err := c.Save(req.Context(), s); err != nil {
			return nil, err
		}
	}
	return []byte(fmt.Sprintf("Visit #%d for you!", n)), nil
}

// newSite builds the example's tree, its sessions in memory.
func newSite() *server.Site {
	root := &CounterResource{}
	root.PutChild("", root)
	return server.NewSite(root)
}

// shareSessions moves the site's sessions to the Redis at url, with the
// counter among what Redis keeps, so that every process on that Redis
// counts the same visits. An empty url leaves the site as it is.
func shareSessions(site *server.Site, url string) error {
	st, err := shared.Use(site, url)
	if err != nil || st == nil {
		return err
	}
	redisstore.Persist[ICounter](st, "counter", CounterCodec{})
	site.Resource.(*CounterResource).Save = st.Save
	return nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	redis := shared.Flag()
	flag.Parse()
	site := newSite()
	if err := shareSessions(site, *redis); err != nil {
		log.Fatal(err)
	}
	if err := serve.Run(*addr, site); err != nil {
		log.Fatal(err)
	}
}
