package components_test

import (
	"fmt"
	"sync"

	"github.com/weftgo/weft/components"
)

// This is Twisted Web's "Storing Objects in the Session" page in Go: a
// counter hung on each session through an adapter, without the session type
// knowing anything about counters.

// ICounter counts one visitor's page views.
type ICounter interface {
	Increment() int
}

// Counter is the component a session keeps for ICounter. Unlike Twisted's,
// it locks: Go serves a visitor's requests concurrently.
type Counter struct {
	mu    sync.Mutex
	value int
}

// Increment counts one more view and returns the count.
func (c *Counter) Increment() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.value++
	return c.value
}

// Session stands in for weft's session.Session, which also embeds a
// Componentized.
type Session struct {
	components.Componentized
	UID string
}

func init() {
	// Twisted: registerAdapter(Counter, Session, ICounter)
	components.RegisterAdapter(func(*Session) ICounter { return new(Counter) })
}

// renderCounter is CounterResource.render_GET without the web server.
func renderCounter(session *Session) string {
	counter, err := components.Adapt[ICounter](session) // ICounter(session)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("Visit #%d for you!", counter.Increment())
}

func Example() {
	alice, bob := &Session{UID: "alice"}, &Session{UID: "bob"}
	fmt.Println(renderCounter(alice))
	fmt.Println(renderCounter(alice))
	fmt.Println(renderCounter(bob))
	fmt.Println(renderCounter(alice))
	// Output:
	// Visit #1 for you!
	// Visit #2 for you!
	// Visit #1 for you!
	// Visit #3 for you!
}
