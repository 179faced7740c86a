// Command static-content is the "Serving Static Content From a Directory"
// page of Twisted Web in 60 Seconds, ported to weft: a static.File serves a
// directory, its listing and its files.
//
//	go run ./examples/webin60/static-content -path /tmp   # then open http://127.0.0.1:8080/
//
// The page's bonus, `twistd -n web --path /tmp`, is `weft web --path /tmp`
// (cmd/weft).
package main

import (
	"flag"
	"log"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/static"
)

// newSite builds the page's site for the directory dir.
func newSite(dir string) *server.Site {
	resource := static.NewFile(dir) // resource = File('/tmp')
	return server.NewSite(resource) // factory = Site(resource)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	path := flag.String("path", "/tmp", "directory to serve")
	flag.Parse()
	// endpoint = endpoints.TCP4ServerEndpoint(reactor, 8080)
	// endpoint.listen(factory)
	// reactor.run()
	if err := serve.Run(*addr, newSite(*path)); err != nil {
		log.Fatal(err)
	}
}
