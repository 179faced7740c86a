// Command other-request-bodies is the "Other Request Bodies" page of
// Twisted Web in 60 Seconds, ported to weft: the form of handling-posts,
// but the POST handler reads the raw request body (request.content), of any
// format, and shows it HTML-escaped.
//
//	go run ./examples/webin60/other-request-bodies   # then open http://127.0.0.1:8080/form
//	curl --data-binary 'any <body>' http://127.0.0.1:8080/form
//
// Twisted spools any body to memory or a temporary file, however large.
// Here the body is read through http.MaxBytesReader: one over MaxBody bytes
// is answered 413, as the site answers an oversized form.
package main

import (
	"errors"
	"flag"
	"io"
	"log"
	"net/http"
	"unicode/utf8"

	"github.com/weftgo/weft/internal/pyhtml"
	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// MaxBody bounds the request body FormPage reads.
const MaxBody = 1 << 20

// FormPage shows a form and the raw body posted to it (class
// FormPage(Resource)).
type FormPage struct{ resource.Base }

// RenderGET returns the form, which posts back to the same URL.
func (*FormPage) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("<!DOCTYPE html><html><head><meta charset='utf-8'>" +
		"<title></title></head><body>" +
		"<form method='POST'><input name='the-field'></form>"), nil
}

// RenderPOST shows the body as it came, escaped as Python's html.escape
// escapes (see handling-posts). A form's body is shown raw too:
// "the-field=a+b", not "a b".
func (*FormPage) RenderPOST(req *resource.Request) ([]byte, error) {
	body := http.MaxBytesReader(req.ResponseWriter(), io.NopCloser(req.Content), MaxBody)
	data, err := io.ReadAll(body) // request.content.read()
	if tooLarge := new(http.MaxBytesError); errors.As(err, &tooLarge) {
		req.SetHeader("Connection", "close") // the rest of the body is not read
		return resource.RenderWith(resource.NewErrorPage(http.StatusRequestEntityTooLarge,
			"Request Entity Too Large", "The request body is larger than this page accepts."), req)
	}
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(data) {
		return nil, errors.New("the body is not UTF-8") // .decode("utf-8") raising: the 500 page
	}
	escapedContent := pyhtml.Escape(string(data)) // escapedContent = html.escape(content)
	return []byte("<!DOCTYPE html><html><head><meta charset='utf-8'>" +
		"<title></title></head><body>" +
		"You submitted: " + escapedContent), nil
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
