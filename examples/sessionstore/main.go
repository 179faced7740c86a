// Command sessionstore is the "Storing Objects in the Session" page of
// Twisted Web in 60 Seconds, ported to weft: a counter hangs on each
// visitor's session through an adapter, and GET / says "Visit #N for you!".
//
//	go run ./examples/sessionstore          # then open http://127.0.0.1:8080/
package main

import (
	"flag"
	"fmt"
	"log"
	"sync"

	"github.com/weftgo/weft/components"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
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

// CounterResource shows how many times this session has seen the page.
type CounterResource struct{ resource.Base }

// RenderGET is Twisted's render_GET: ICounter(session).value += 1.
func (*CounterResource) RenderGET(req *resource.Request) ([]byte, error) {
	counter, err := components.Adapt[ICounter](req.GetSession())
	if err != nil {
		return nil, err
	}
	return []byte(fmt.Sprintf("Visit #%d for you!", counter.Increment())), nil
}

// newSite builds the example's tree.
func newSite() *server.Site {
	root := &CounterResource{}
	root.PutChild("", root)
	return server.NewSite(root)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	if err := serve.Run(*addr, newSite()); err != nil {
		log.Fatal(err)
	}
}
