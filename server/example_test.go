package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// ShowSession shows the visitor's session id (Twisted Web in 60 seconds,
// "Session Basics").
type ShowSession struct{ resource.Base }

// RenderGET has a value receiver, as in ARCHITECTURE.md: a Base may be
// copied, so go vet is content.
func (ShowSession) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("Your session id is: " + req.GetSession().UID()), nil
}

// ExpireSession ends the visitor's session.
type ExpireSession struct{ resource.Base }

func (ExpireSession) RenderGET(req *resource.Request) ([]byte, error) {
	req.GetSession().Expire()
	return []byte("Your session has been expired."), nil
}

// FiveSecondSession is Twisted's "class ShortSession(Session):
// sessionTimeout = 5", Go's way: a struct embedding *session.Session.
type FiveSecondSession struct{ *session.Session }

// NewFiveSecondSession is the site's SessionFactory.
func NewFiveSecondSession(site *server.Site, uid string) session.Interface {
	s := FiveSecondSession{session.New(site, uid)}
	s.SessionTimeout = 5 * time.Second
	return s
}

// The tree of the architecture document, in the shape it is written there,
// served. A program would call
// http.ListenAndServe(":8080", site); here a recorder stands in for the
// network, and session ids are made predictable for the output.
func Example() {
	root := &ShowSession{}
	root.PutChild("", root) // "/" is the root's "" child, as in Twisted
	root.PutChild("expire", &ExpireSession{})
	site := server.NewSite(root)
	site.SessionFactory = NewFiveSecondSession
	n := 0
	site.NewSessionID = func() (string, error) { n++; return fmt.Sprintf("id%d", n), nil }
	defer site.Close()

	get := func(target string, cookies ...*http.Cookie) *http.Response {
		r := httptest.NewRequest("GET", target, nil)
		for _, c := range cookies {
			r.AddCookie(c)
		}
		w := httptest.NewRecorder()
		site.ServeHTTP(w, r)
		resp := w.Result()
		body, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, string(body))
		return resp
	}

	first := get("/")
	cookie := first.Cookies()[0]
	fmt.Println("cookie:", cookie.Name, cookie.Value)
	get("/", cookie)
	get("/expire", cookie)
	get("/", cookie)
	// Output:
	// 200 Your session id is: id1
	// cookie: TWISTED_SESSION id1
	// 200 Your session id is: id1
	// 200 Your session has been expired.
	// 200 Your session id is: id2
}
