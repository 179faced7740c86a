// Command sessionbasics is the "Session Basics" page of Twisted Web in 60
// Seconds, ported to weft: GET / shows the visitor's session id, and
// GET /expire ends the session.
//
//	go run ./examples/sessionbasics          # then open http://127.0.0.1:8080/
//
// With -redis URL, sessions live in that Redis, so that several processes
// share them (docs/sessions.md, "More than one process").
package main

import (
	"flag"
	"log"

	"github.com/weftgo/weft/examples/internal/shared"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// ShowSession shows the id of the visitor's session.
type ShowSession struct{ resource.Base }

// RenderGET is Twisted's render_GET.
func (*ShowSession) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("Your session id is: " + req.GetSession().UID()), nil
}

// ExpireSession ends the visitor's session.
type ExpireSession struct{ resource.Base }

// RenderGET expires the session; weft also deletes the browser's cookie.
func (*ExpireSession) RenderGET(req *resource.Request) ([]byte, error) {
	req.GetSession().Expire()
	return []byte("Your session has been expired."), nil
}

// newSite builds the example's tree: / and /expire.
func newSite() *server.Site {
	root := &ShowSession{}
	root.PutChild("", root) // "/" is the root's "" child, as in Twisted
	root.PutChild("expire", &ExpireSession{})
	return server.NewSite(root)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	redis := shared.Flag()
	flag.Parse()
	site := newSite()
	if _, err := shared.Use(site, *redis); err != nil {
		log.Fatal(err)
	}
	if err := serve.Run(*addr, site); err != nil {
		log.Fatal(err)
	}
}
