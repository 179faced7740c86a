package resource_test

import (
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// Report is a dynamic page that changed last at a known time.
type Report struct {
	resource.Base
	changed time.Time
}

func (r *Report) RenderGET(req *resource.Request) ([]byte, error) {
	if req.SetLastModified(r.changed) { // Twisted: if ... is http.CACHED
		return nil, nil
	}
	return []byte("the report"), nil
}

// A conditional GET of a dynamic page, as with Twisted's
// request.setLastModified.
func ExampleRequest_SetLastModified() {
	root := resource.New()
	root.PutChild("report", &Report{changed: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)})
	site := server.NewSite(root)

	for _, since := range []string{"", "Fri, 01 Mar 2024 12:00:00 GMT", "Thu, 29 Feb 2024 00:00:00 GMT"} {
		r := httptest.NewRequest("GET", "/report", nil)
		if since != "" {
			r.Header.Set("If-Modified-Since", since)
		}
		w := httptest.NewRecorder()
		site.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("Last-Modified"))
	}
	// Output:
	// 200 Fri, 01 Mar 2024 12:00:00 GMT
	// 304 Fri, 01 Mar 2024 12:00:00 GMT
	// 200 Fri, 01 Mar 2024 12:00:00 GMT
}
