package proxy_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/weftgo/weft/proxy"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// Example relays /api and everything below it to another server, as
// Twisted's ReverseProxyResource("127.0.0.1", port, b"/v1").
func Example() {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "backend got %s", r.URL.RequestURI())
	}))
	defer backend.Close()
	host, port, _ := net.SplitHostPort(backend.Listener.Addr().String())
	n, _ := strconv.Atoi(port)

	root := resource.New()
	root.PutChild("api", proxy.NewReverseProxyResource(host, n, "/v1"))
	front := httptest.NewServer(server.NewSite(root))
	defer front.Close()

	resp, err := http.Get(front.URL + "/api/users?active=1")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
	// Output: 200 backend got /v1/users?active=1
}
