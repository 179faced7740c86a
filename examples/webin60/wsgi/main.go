// Command wsgi is the "WSGI" page of Twisted Web in 60 Seconds, ported to
// weft: where Twisted serves a WSGI application with WSGIResource, weft
// serves a Go http.Handler with resource.WrapHandler.
//
//	go run ./examples/webin60/wsgi   # then open http://127.0.0.1:8080/
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// application is the page's WSGI application, as an http.HandlerFunc:
//
//	def application(environ, start_response):
//	    start_response('200 OK', [('Content-type', 'text/plain')])
//	    return [b'Hello, world!']
//
// environ is r; start_response is setting headers and WriteHeader; the
// returned iterable is what the handler writes.
func application(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain") // start_response('200 OK', [('Content-type', 'text/plain')])
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("Hello, world!")) // return [b'Hello, world!']
}

// newSite is the page's
//
//	resource = WSGIResource(reactor, reactor.getThreadPool(), application)
//
// served at the root, as "twistd -n web --wsgi foo.application" does. Go
// needs neither the reactor nor the thread pool: each request already runs
// on its own goroutine, and the handler may block in it. The handler is a
// leaf: traversal stops there, and the rest of the path is the handler's
// (r.URL.Path), as WSGI's PATH_INFO.
func newSite() *server.Site {
	return server.NewSite(resource.WrapHandler(http.HandlerFunc(application)))
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	if err := serve.Run(*addr, newSite()); err != nil {
		log.Fatal(err)
	}
}
