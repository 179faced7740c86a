// Command handling-posts is the "Handling POSTs" page of Twisted Web in 60
// Seconds, ported to weft: GET /form shows a form, and POSTing it shows
// what was entered, HTML-escaped.
//
//	go run ./examples/webin60/handling-posts   # then open http://127.0.0.1:8080/form
//
// The form body is read into Request.Args by the site, bounded by
// Site.MaxFormBytes (10 MiB by default; a larger body gets 413).
package main

import (
	"errors"
	"flag"
	"log"
	"unicode/utf8"

	"github.com/weftgo/weft/internal/pyhtml"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// FormPage shows a form and what was posted to it (class
// FormPage(Resource)).
type FormPage struct{ resource.Base }

// RenderGET returns the form, which posts back to the same URL.
func (*FormPage) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("<!DOCTYPE html><html><head><meta charset='utf-8'>" +
		"<title></title></head><body>" +
		"<form method='POST'><input name='the-field'></form>"), nil
}

// RenderPOST shows the field's first value, escaped as Python's
// html.escape escapes (pyhtml.Escape: Go's html.EscapeString writes the
// quotes as &#34; and &#39; instead of &quot; and &#x27;).
func (*FormPage) RenderPOST(req *resource.Request) ([]byte, error) {
	values := req.Args["the-field"] // request.args[b"the-field"]
	if len(values) == 0 {
		return nil, errors.New("no the-field in the form") // Python's KeyError: the 500 page
	}
	args := values[0] // [0]
	if !utf8.ValidString(args) {
		return nil, errors.New("the-field is not UTF-8") // .decode("utf-8") raising: the 500 page
	}
	escapedArgs := pyhtml.Escape(args) // escapedArgs = html.escape(args)
	return []byte("<!DOCTYPE html><html><head><meta charset='utf-8'>" +
		"<title></title></head><body>" +
		"You submitted: " + escapedArgs), nil
}

// newSite builds the page's tree: /form.
func newSite() *server.Site {
	root := resource.New()             // root = Resource()
	root.PutChild("form", &FormPage{}) // root.putChild(b"form", FormPage())
	return server.NewSite(root)        // factory = Site(root)
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
