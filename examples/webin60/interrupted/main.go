// Command interrupted is the "Interrupted Responses" page of Twisted Web
// in 60 Seconds, ported to weft: GET / answers after five seconds, and a
// client that leaves before then cancels the delayed call, so the page is
// never made.
//
//	go run ./examples/webin60/interrupted   # then open http://127.0.0.1:8080/ and press Escape
package main

import (
	"context"
	"flag"
	"log"
	"sync/atomic"
	"time"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// DelayedResource answers GET after five seconds unless the client leaves
// first. It ports the page's class DelayedResource(Resource).
type DelayedResource struct {
	resource.Base
	rendered atomic.Int64 // how many times delayedRender ran, for the test
}

// delayedRender is the page's _delayedRender:
//
//	request.write(b"<html><body>Sorry to keep you waiting.</body></html>")
//	request.finish()
func (r *DelayedResource) delayedRender(req *resource.Request) error {
	r.rendered.Add(1)
	if _, err := req.Write([]byte("<html><body>Sorry to keep you waiting.</body></html>")); err != nil {
		return err
	}
	return req.Finish()
}

// responseFailed is the page's errback on notifyFinish():
//
//	def _responseFailed(self, err, call):
//	    call.cancel()
//
// Later already stops its call when the client leaves, so in weft this
// errback has nothing left to do (cancel reports false); it stays to show
// where the page's errback goes. An errback that does something else
// (logging, say) is the next page, logging-errors.
func (*DelayedResource) responseFailed(err error, cancel func() bool) {
	cancel()
}

// RenderGET is the page's render_GET:
//
//	call = reactor.callLater(5, self._delayedRender, request)
//	request.notifyFinish().addErrback(self._responseFailed, call)
//	return NOT_DONE_YET
//
// NotifyFinish's channel receives nil when the response is finished (the
// callback) or an error when the client went away first (the errback).
// The goroutine waiting on it ends with the request.
func (r *DelayedResource) RenderGET(req *resource.Request) ([]byte, error) {
	call := req.Later(5*time.Second, func(context.Context) error { return r.delayedRender(req) })
	finished := req.NotifyFinish()
	go func() {
		if err := <-finished; err != nil { // addErrback: only failures
			r.responseFailed(err, call)
		}
	}()
	return nil, resource.NotDoneYet
}

// newSite builds the example's tree: page at /, where the page's rpy script
// puts it at /example.rpy.
func newSite(page *DelayedResource) *server.Site {
	root := resource.New()
	root.PutChild("", page)
	return server.NewSite(root)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	if err := serve.Run(*addr, newSite(&DelayedResource{})); err != nil {
		log.Fatal(err)
	}
}
