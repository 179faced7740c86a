// Command logging-errors is the "Logging Errors" page of Twisted Web in 60
// Seconds, ported to weft: the interrupted example, but a client that
// leaves before the five seconds are over is logged.
//
// GET / is the page's code: an errback on NotifyFinish cancels the call
// and logs. GET /go is the same page the Go way: the work returns the
// error, and the site logs it.
//
//	go run ./examples/webin60/logging-errors   # open http://127.0.0.1:8080/ and press Escape
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// why is the page's description of the failure, err's second argument.
const why = "Async response demo interrupted response"

// DelayedResource answers GET after five seconds, and logs a client that
// leaves first. It ports the page's class DelayedResource(Resource).
type DelayedResource struct {
	resource.Base
	log *slog.Logger // where twisted.python.log.err writes
}

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

// responseFailed is the page's errback on notifyFinish():
//
//	def _responseFailed(self, failure, call):
//	    call.cancel()
//	    err(failure, b"Async response demo interrupted response")
//
// Later has already stopped its call when the client left; the cancel is
// kept to follow the page. The failure is an error wrapping
// resource.ErrConnectionLost.
func (r *DelayedResource) responseFailed(failure error, cancel func() bool) {
	cancel()
	r.log.Error(why, "error", failure)
}

// RenderGET is the page's render_GET:
//
//	call = reactor.callLater(5, self._delayedRender, request)
//	request.notifyFinish().addErrback(self._responseFailed, call)
//	return NOT_DONE_YET
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

// GoDelayed is the same page the Go way: one goroutine waits for either
// the five seconds or the client leaving, and an interruption is an error
// returned from the work, which the site logs (at debug level, the level
// weft gives a failure that only says the client left). No errback and no
// second goroutine; the price is a goroutine held for the five seconds,
// where Later holds only a timer.
type GoDelayed struct {
	resource.Base
	clock clock.Clock // the site's clock
}

// RenderGET waits on the site's clock or the request's context.
func (p *GoDelayed) RenderGET(req *resource.Request) ([]byte, error) {
	req.Go(func(ctx context.Context) error {
		t := p.clock.Timer(5 * time.Second)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", why, context.Cause(ctx))
		}
		_, err := req.Write([]byte("<html><body>Sorry to keep you waiting.</body></html>"))
		return err
	})
	return nil, resource.NotDoneYet
}

// newSite builds the example's tree, logging to logger: the page at / and
// its Go form at /go.
func newSite(logger *slog.Logger) *server.Site {
	root := resource.New()
	site := server.NewSite(root)
	site.Logger = logger
	root.PutChild("", &DelayedResource{log: logger})
	root.PutChild("go", &GoDelayed{clock: site.Clock})
	return site
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	// Debug level, so that the site's log of /go's interruption shows.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if err := serve.Run(*addr, newSite(logger)); err != nil {
		log.Fatal(err)
	}
}
