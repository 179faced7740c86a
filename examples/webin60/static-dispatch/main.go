// Command static-dispatch is the "Static URL Dispatch" page of Twisted Web
// in 60 Seconds, ported to weft: a bare root resource with three static
// children, each a directory served by static.File.
//
//	go run ./examples/webin60/static-dispatch   # then open http://127.0.0.1:8080/foo
package main

import (
	"flag"
	"log"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/static"
)

// newSite builds the page's tree: /foo, /bar and /baz serve the
// directories foo, bar and baz.
func newSite(foo, bar, baz string) *server.Site {
	root := resource.New()                    // root = Resource()
	root.PutChild("foo", static.NewFile(foo)) // root.putChild(b"foo", File("/tmp"))
	root.PutChild("bar", static.NewFile(bar)) // root.putChild(b"bar", File("/lost+found"))
	root.PutChild("baz", static.NewFile(baz)) // root.putChild(b"baz", File("/opt"))
	return server.NewSite(root)               // factory = Site(root)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	foo := flag.String("foo", "/tmp", "directory served at /foo")
	bar := flag.String("bar", "/lost+found", "directory served at /bar")
	baz := flag.String("baz", "/opt", "directory served at /baz")
	flag.Parse()
	// endpoint = endpoints.TCP4ServerEndpoint(reactor, 8880)
	// endpoint.listen(factory)
	// reactor.run()
	if err := serve.Run(*addr, newSite(*foo, *bar, *baz)); err != nil {
		log.Fatal(err)
	}
}
