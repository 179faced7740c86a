// Command dynamic-content is the "Generating a Page Dynamically" page of
// Twisted Web in 60 Seconds, ported to weft: a leaf resource that answers
// every path with the current time.
//
//	go run ./examples/webin60/dynamic-content   # then open http://127.0.0.1:8080/
package main

import (
	"flag"
	"log"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// ClockPage shows the time (Twisted's class ClockPage(Resource)).
type ClockPage struct {
	resource.Base
	// Clock tells the time: the site's clock, so a test can set it.
	Clock clock.Clock
}

// IsLeaf reports true: ClockPage has no children (isLeaf = True).
func (*ClockPage) IsLeaf() bool { return true }

// RenderGET returns the page with the time in time.ctime()'s layout,
// which is Go's time.ANSIC ("Mon Jan  2 15:04:05 2006").
func (p *ClockPage) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("<!DOCTYPE html><html><head><meta charset='utf-8'>" +
		"<title></title></head><body>" + p.Clock.Now().Format(time.ANSIC)), nil
}

// newSite builds the page's site, telling the time by clk.
func newSite(clk clock.Clock) *server.Site {
	resource := &ClockPage{Clock: clk}  // resource = ClockPage()
	factory := server.NewSite(resource) // factory = Site(resource)
	factory.Clock = clk
	return factory
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	// endpoint = endpoints.TCP4ServerEndpoint(reactor, 8880)
	// endpoint.listen(factory)
	// reactor.run()
	if err := serve.Run(*addr, newSite(clock.New())); err != nil {
		log.Fatal(err)
	}
}
