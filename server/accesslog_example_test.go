package server_test

import (
	"net/http/httptest"
	"os"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// Hello answers GET with a greeting.
type Hello struct{ resource.Base }

func (*Hello) RenderGET(*resource.Request) ([]byte, error) { return []byte("hello"), nil }

// ExampleSite_accessLog logs each finished request as Twisted's
// Site(root, logPath=...) does. A server would open a file with
// os.O_APPEND, or use os.Stderr.
func ExampleSite_accessLog() {
	root := resource.New()
	root.PutChild("hello", &Hello{})
	site := server.NewSite(root)
	site.AccessLog = os.Stdout
	mock := clock.NewMock() // a fixed time for the example's output
	mock.Set(time.Date(2026, 11, 27, 13, 59, 28, 0, time.UTC))
	site.Clock = mock

	r := httptest.NewRequest("GET", "/hello?x=1", nil) // from 192.0.2.1
	r.Header.Set("User-Agent", "curl/7.88.1")
	site.ServeHTTP(httptest.NewRecorder(), r)
	site.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("HEAD", "/missing", nil))
	// Output:
	// "192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "GET /hello?x=1 HTTP/1.1" 200 5 "-" "curl/7.88.1"
	// "192.0.2.1" - - [27/Nov/2026:13:59:28 +0000] "HEAD /missing HTTP/1.1" 404 - "-" "-"
}
