package resource_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// DelayedResource is the page of "Asynchronous Responses (via Deferred)"
// in Twisted Web in 60 Seconds:
//
//	def _delayedRender(self, request):
//	    request.write(b"<html><body>Sorry to keep you waiting.</body></html>")
//	    request.finish()
//
//	def render_GET(self, request):
//	    d = deferLater(reactor, 5, lambda: request)
//	    d.addCallback(self._delayedRender)
//	    return NOT_DONE_YET
type DelayedResource struct {
	resource.Base
	delay time.Duration // 5 seconds on the page
}

func (p *DelayedResource) RenderGET(req *resource.Request) ([]byte, error) {
	req.Later(p.delay, func(ctx context.Context) error { // deferLater + addCallback
		_, err := req.Write([]byte("<html><body>Sorry to keep you waiting.</body></html>"))
		return err // returning finishes the response: request.finish()
	})
	return nil, resource.NotDoneYet
}

// ExampleRequest_Later serves the "Asynchronous Responses (via Deferred)"
// page: the response comes after a delay on the site's clock (a few
// milliseconds here; tests move a mock clock or run in testing/synctest).
func ExampleRequest_Later() {
	root := resource.New()
	root.PutChild("", &DelayedResource{delay: 10 * time.Millisecond})
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()

	res, err := http.Get(srv.URL + "/")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Println(res.StatusCode, string(body))
	// Output: 200 <html><body>Sorry to keep you waiting.</body></html>
}

// Backend stands for any call that may fail: a database, another service.
type Backend func(ctx context.Context) ([]byte, error)

// Summary renders what a Backend returns. The callbacks of a Deferred chain
// become sequential code on the goroutine Go starts, and an errback
// becomes a returned error: nothing caught it, so the client gets the 500
// page, the site's log gets the error, and the server carries on (Twisted
// would log "Unhandled error in Deferred" and leave the request hanging).
type Summary struct {
	resource.Base
	fetch Backend
}

func (p *Summary) RenderGET(req *resource.Request) ([]byte, error) {
	req.Go(func(ctx context.Context) error {
		data, err := p.fetch(ctx) // yield / addCallback
		if err != nil {
			return fmt.Errorf("summary: %w", err) // an errback that nobody handled
		}
		_, err = req.Write(data)
		return err
	})
	return nil, resource.NotDoneYet
}

// ExampleRequest_Go shows a failing Deferred chain as Go code: the error
// returned by the work becomes the 500 "Processing Failed" page.
func ExampleRequest_Go() {
	root := resource.New()
	root.PutChild("ok", &Summary{fetch: func(context.Context) ([]byte, error) { return []byte("all good"), nil }})
	root.PutChild("down", &Summary{fetch: func(context.Context) ([]byte, error) { return nil, errors.New("backend down") }})
	site := server.NewSite(root)
	site.Logger = slog.New(slog.DiscardHandler) // the error and its stack go here
	srv := httptest.NewServer(site)
	defer srv.Close()

	for _, path := range []string{"/ok", "/down"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Println(path, res.StatusCode, string(body))
	}
	// Output:
	// /ok 200 all good
	// /down 500 <html><head><title>Processing Failed</title></head><body><b>Processing Failed</b></body></html>
}

// InterruptedResource is the page of "Interrupted Responses" and, with a
// logger, of "Logging Errors":
//
//	def _responseFailed(self, failure, call):
//	    call.cancel()
//	    err(failure, b"Async response demo interrupted response")
//
//	def render_GET(self, request):
//	    call = reactor.callLater(5, self._delayedRender, request)
//	    request.notifyFinish().addErrback(self._responseFailed, call)
//	    return NOT_DONE_YET
//
// Later cancels the call by itself when the client leaves, so the errback
// is needed only to log.
type InterruptedResource struct {
	resource.Base
	log    *slog.Logger  // nil: "Interrupted Responses", which logs nothing
	logged chan struct{} // closed once the errback has run (for the example)
}

func (p *InterruptedResource) RenderGET(req *resource.Request) ([]byte, error) {
	req.Later(5*time.Second, func(ctx context.Context) error {
		_, err := req.Write([]byte("<html><body>Sorry to keep you waiting.</body></html>"))
		return err
	})
	if p.log != nil {
		finished := req.NotifyFinish()
		go func() { // the errback on notifyFinish()
			defer close(p.logged)
			if err := <-finished; err != nil {
				p.log.Error("Async response demo interrupted response", "error", err)
			}
		}()
	}
	return nil, resource.NotDoneYet
}

// Example_loggingErrors serves "Logging Errors": a client that gives up
// before the five seconds are over cancels the delayed call, and the
// interruption is logged.
func Example_loggingErrors() {
	var log bytes.Buffer // written by the errback, read once it has run
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // a stable output for the example
			}
			return a
		},
	}))
	page := &InterruptedResource{log: logger, logged: make(chan struct{})}
	root := resource.New()
	root.PutChild("", page)
	srv := httptest.NewServer(server.NewSite(root))
	defer srv.Close()

	client := &http.Client{Timeout: 50 * time.Millisecond} // gives up long before 5 s
	if _, err := client.Get(srv.URL + "/"); err != nil {
		fmt.Println("the client gave up")
	}
	<-page.logged
	fmt.Print(log.String())
	// Output:
	// the client gave up
	// level=ERROR msg="Async response demo interrupted response" error="resource: connection lost: context canceled"
}
