package static

import (
	"testing"

	"github.com/weftgo/weft/resource"
)

// TestData ports test_static's DataTests.
func TestData(t *testing.T) {
	d := resource.New()
	d.PutChild("d", NewData([]byte("foo"), "text/x-foo"))
	for _, method := range []string{"GET", "HEAD"} {
		w := get(t, d, method, "/d")
		body := "foo"
		if method == "HEAD" {
			body = ""
		}
		if w.Code != 200 || w.Body.String() != body || w.Header().Get("Content-Type") != "text/x-foo" ||
			w.Header().Get("Content-Length") != "3" || w.Header().Get("Last-Modified") != "" {
			t.Errorf("%s: got %d %q %v", method, w.Code, w.Body.String(), w.Header())
		}
	}
	if w := get(t, d, "POST", "/d"); w.Code != 405 {
		t.Errorf("POST: %d", w.Code)
	}
}
