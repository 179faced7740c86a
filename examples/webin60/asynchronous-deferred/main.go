// Command asynchronous-deferred is the "Asynchronous Responses (via
// Deferred)" page of Twisted Web in 60 Seconds, ported to weft: the same
// five-second page as the asynchronous example, written with deferLater
// and a callback.
//
//	go run ./examples/webin60/asynchronous-deferred   # then open http://127.0.0.1:8080/
package main

import (
	"context"
	"flag"
	"log"
	"time"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// DelayedResource answers GET five seconds after the request came in.
// It ports the page's class DelayedResource(Resource).
type DelayedResource struct{ resource.Base }

// delayedRender is the page's _delayedRender, the Deferred's callback:
//
//	request.write(b"<html><body>Sorry to keep you waiting.</body></html>")
//	request.finish()
//
// Returning nil ends the response (request.finish()); returning an error
// is an errback nobody added: the site answers 500 and logs it.
func (*DelayedResource) delayedRender(req *resource.Request) error {
	_, err := req.Write([]byte("<html><body>Sorry to keep you waiting.</body></html>"))
	return err
}

// RenderGET is the page's render_GET:
//
//	d = deferLater(reactor, 5, lambda: request)
//	d.addCallback(self._delayedRender)
//	return NOT_DONE_YET
//
// Later is deferLater on the site's clock; the work it runs is the
// callback chain, written as sequential code. The "lambda: request" that
// carries the request to the callback is the closure over req.
func (r *DelayedResource) RenderGET(req *resource.Request) ([]byte, error) {
	req.Later(5*time.Second, func(ctx context.Context) error {
		return r.delayedRender(req) // d.addCallback(self._delayedRender)
	})
	return nil, resource.NotDoneYet
}

// newSite builds the example's tree: DelayedResource at /, where the page's
// rpy script puts it at /example.rpy.
func newSite() *server.Site {
	root := resource.New()
	root.PutChild("", &DelayedResource{})
	return server.NewSite(root)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	if err := serve.Run(*addr, newSite()); err != nil {
		log.Fatal(err)
	}
}
