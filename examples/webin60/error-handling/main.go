// Command error-handling is the "Error Handling" page of Twisted Web in 60
// Seconds, ported to weft: the calendar of dynamic-dispatch, now answering
// a path that is not a year with the 404 page.
//
//	go run ./examples/webin60/error-handling   # then open http://127.0.0.1:8080/abc
package main

import (
	"flag"
	"log"

	"github.com/weftgo/weft/internal/pycalendar"
	"github.com/weftgo/weft/internal/pyint"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// YearPage shows the calendar of one year, as in dynamic-dispatch (class
// YearPage(Resource)).
type YearPage struct {
	resource.Base
	year int64 // self.year = year
}

// RenderGET returns the year's calendar in a <pre>.
func (p *YearPage) RenderGET(req *resource.Request) ([]byte, error) {
	cal := pycalendar.Year(p.year) // cal = calendar(self.year)
	return []byte("<!DOCTYPE html><html><head><meta charset='utf-8'>" +
		"<title></title></head><body><pre>" + cal + "</pre>"), nil
}

// Calendar makes a YearPage for every year and the 404 page for anything
// else (class Calendar(Resource)).
type Calendar struct{ resource.Base }

// GetChild returns the YearPage of the year name, or notFound() when name
// is not a number.
func (*Calendar) GetChild(name string, req *resource.Request) resource.Resource {
	year, ok := pyint.Parse(name) // try: year = int(name)
	if !ok || year == pyint.Limit || year == -pyint.Limit {
		return resource.NotFoundPage("", "") // except ValueError: return notFound()
	}
	return &YearPage{year: year} // else: return YearPage(year)
}

// newSite builds the page's site.
func newSite() *server.Site {
	root := &Calendar{}         // root = Calendar()
	return server.NewSite(root) // factory = Site(root)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	// endpoint = endpoints.TCP4ServerEndpoint(reactor, 8880)
	// endpoint.listen(factory)
	// reactor.run()
	if err := serve.Run(*addr, newSite()); err != nil {
		log.Fatal(err)
	}
}
