// Command asynchronous is the "Asynchronous Responses" page of Twisted Web
// in 60 Seconds, ported to weft: GET / answers after five seconds, without
// holding up any other request.
//
//	go run ./examples/webin60/asynchronous   # then open http://127.0.0.1:8080/
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

// delayedRender is the page's _delayedRender:
//
//	request.write(b"<html><body>Sorry to keep you waiting.</body></html>")
//	request.finish()
func (*DelayedResource) delayedRender(req *resource.Request) error {
	if _, err := req.Write([]byte("<html><body>Sorry to keep you waiting.</body></html>")); err != nil {
		return err
	}
	return req.Finish()
}

// RenderGET is the page's render_GET:
//
//	reactor.callLater(5, self._delayedRender, request)
//	return NOT_DONE_YET
//
// Later runs the call on the site's clock, so tests need not wait five
// real seconds, and a panic in it becomes the 500 page, not a crash.
func (r *DelayedResource) RenderGET(req *resource.Request) ([]byte, error) {
	req.Later(5*time.Second, func(context.Context) error { return r.delayedRender(req) })
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
