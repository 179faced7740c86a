// Command custom-codes is the "Custom Response Codes" page of Twisted Web in
// 60 Seconds, ported to weft: /buy answers 402 Payment Required.
//
//	go run ./examples/webin60/custom-codes   # then open http://127.0.0.1:8080/buy
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// PaymentRequired answers every GET with 402 (class
// PaymentRequired(Resource)).
type PaymentRequired struct{ resource.Base }

// RenderGET sets the status and returns the page.
func (*PaymentRequired) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetResponseCode(http.StatusPaymentRequired) // request.setResponseCode(402)
	return []byte("<html><body>Please swipe your credit card.</body></html>"), nil
}

// newSite builds the page's tree: /buy.
func newSite() *server.Site {
	root := resource.New()                   // root = Resource()
	root.PutChild("buy", &PaymentRequired{}) // root.putChild(b"buy", PaymentRequired())
	return server.NewSite(root)              // factory = Site(root)
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
