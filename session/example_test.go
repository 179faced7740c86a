package session_test

import (
	"context"
	"fmt"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// MinuteSession is Twisted's "class ShortSession(Session)": a session type
// of its own, with a shorter timeout.
type MinuteSession struct{ *session.Session }

// NewMinuteSession is the site's SessionFactory.
func NewMinuteSession(site *server.Site, uid string) session.Interface {
	s := MinuteSession{session.New(site, uid)}
	s.SessionTimeout = time.Minute
	return s
}

// Example shows a session's life on a site with a mock clock: left alone
// for its timeout, and not a tick less, it expires and its callbacks run.
// (Each request's GetSession touches the session, starting the minute
// again.)
func Example() {
	mock := clock.NewMock()
	site := server.NewSite(resource.New())
	site.Clock = mock // before the first session
	site.SessionFactory = NewMinuteSession
	defer site.Close()

	s, err := site.MakeSession()
	if err != nil {
		panic(err)
	}
	ended := make(chan struct{})
	s.NotifyOnExpire(func() {
		fmt.Println("expired")
		close(ended)
	})

	mock.Add(59 * time.Second)
	fmt.Println("after 59 s, expired:", s.Expired(), "live sessions:", site.SessionCount())

	mock.Add(time.Second) // a minute without a touch
	<-ended               // the callback runs on the clock's goroutine
	fmt.Println("live sessions:", site.SessionCount())
	// Output:
	// after 59 s, expired: false live sessions: 1
	// expired
	// live sessions: 0
}

// ExampleNewMemoryStore shows the bound of the in-memory store: once it
// holds MaxSessions sessions, Create fails with ErrFull (a site answers
// 503) and nothing is evicted; room comes back as sessions end.
func ExampleNewMemoryStore() {
	st := session.NewMemoryStore(session.MemoryOptions{MaxSessions: 1, Clock: clock.NewMock()})
	defer st.Close(context.Background())
	newSession := func(uid string) session.Interface { return session.New(nil, uid) }

	first, _ := st.Create(context.Background(), newSession)
	_, err := st.Create(context.Background(), newSession)
	fmt.Println("second Create:", err)

	first.Expire()
	_, err = st.Create(context.Background(), newSession)
	fmt.Println("after an expiry:", err)
	// Output:
	// second Create: session: too many sessions
	// after an expiry: <nil>
}

// ExampleSession_SetSessionTimeout shortens the timeout of a live session,
// as Twisted code that assigns session.sessionTimeout in a render does.
func ExampleSession_SetSessionTimeout() {
	mock := clock.NewMock()
	site := server.NewSite(resource.New())
	site.Clock = mock
	defer site.Close()
	s, _ := site.MakeSession()
	ended := make(chan struct{})
	s.NotifyOnExpire(func() { close(ended) })

	s.SetSessionTimeout(10 * time.Second) // safe while requests use s
	mock.Add(10 * time.Second)
	<-ended
	fmt.Println("expired after 10 s:", s.Expired())
	// Output:
	// expired after 10 s: true
}
