// Command dynamic-dispatch is the "Dynamic URL Dispatch" page of Twisted
// Web in 60 Seconds, ported to weft: the root makes a child for each year
// in the URL, so /2009 shows the calendar of 2009.
//
//	go run ./examples/webin60/dynamic-dispatch   # then open http://127.0.0.1:8080/2009
package main

import (
	"flag"
	"fmt"
	"log"

	"github.com/weftgo/weft/internal/pycalendar"
	"github.com/weftgo/weft/internal/pyint"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// YearPage shows the calendar of one year (class YearPage(Resource)).
type YearPage struct {
	resource.Base
	year int64 // self.year = year
}

// RenderGET returns the year's calendar, as Python's calendar.calendar
// lays it out, in a <pre>.
func (p *YearPage) RenderGET(req *resource.Request) ([]byte, error) {
	cal := pycalendar.Year(p.year) // cal = calendar(self.year)
	return []byte("<!DOCTYPE html><html><head><meta charset='utf-8'>" +
		"<title></title></head><body><pre>" + cal + "</pre>"), nil
}

// Calendar makes a YearPage for every year (class Calendar(Resource)).
type Calendar struct{ resource.Base }

// GetChild returns the YearPage of the year name (getChild: return
// YearPage(int(name))). Like the page, it punts on error handling: a name
// that is not a number is a failure, the 500 page, as Python's ValueError
// is in Twisted; the next page, error-handling, answers 404 instead.
func (*Calendar) GetChild(name string, req *resource.Request) resource.Resource {
	year, ok := pyint.Parse(name) // int(name): " 2009", "+2009", "2_009" are years too
	if !ok || year == pyint.Limit || year == -pyint.Limit {
		return &notAYear{name: name}
	}
	return &YearPage{year: year}
}

// notAYear fails to render: Python's int(name) raising ValueError in
// getChild.
type notAYear struct {
	resource.Base
	name string
}

// Render returns the error that makes the 500 page.
func (p *notAYear) Render(*resource.Request) ([]byte, error) {
	return nil, fmt.Errorf("invalid literal for int() with base 10: %q", p.name)
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
