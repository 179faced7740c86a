package server_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// The shape users write, as ARCHITECTURE.md shows it: render methods with
// value receivers on types embedding resource.Base, a "subclass" of Session
// set through SessionFactory. It must compile, pass go vet, and serve.

type archShowSession struct{ resource.Base }

func (archShowSession) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("Your session id is: " + req.GetSession().UID), nil
}

type archExpireSession struct{ resource.Base }

func (archExpireSession) RenderGET(req *resource.Request) ([]byte, error) {
	req.GetSession().Expire()
	return []byte("Your session has been expired."), nil
}

type archShortSession struct{ *session.Session }

func newArchShortSession(site *server.Site, uid string) session.Interface {
	s := archShortSession{session.New(site, uid)}
	s.SessionTimeout = 5 * time.Second
	return s
}

func Example_architecture() {
	root := &archShowSession{}
	root.PutChild("expire", &archExpireSession{})
	root.PutChild("", root) // without it "/" is a 404, as in Twisted
	site := server.NewSite(root)
	site.SessionFactory = newArchShortSession
	defer site.Close()

	for _, path := range []string{"/", "/expire"} {
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		body := rec.Body.String()
		if uid, ok := strings.CutPrefix(body, "Your session id is: "); ok {
			body = fmt.Sprintf("Your session id is: <%d hex characters>", len(uid))
		}
		fmt.Println(rec.Code, body)
	}
	// Output:
	// 200 Your session id is: <64 hex characters>
	// 200 Your session has been expired.
}
