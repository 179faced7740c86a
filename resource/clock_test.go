package resource_test

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

type clockPage struct{ resource.Base }

func (clockPage) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte(req.Clock().Now().UTC().Format(time.RFC3339)), nil
}

// A render reads the site's clock through its request, as Twisted code
// reads its reactor's.
func TestRequestClockIsTheSites(t *testing.T) {
	root := resource.New()
	root.PutChild("now", &clockPage{})
	site := server.NewSite(root)
	mock := clock.NewMock()
	mock.Set(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	site.Clock = mock
	w := httptest.NewRecorder()
	site.ServeHTTP(w, httptest.NewRequest("GET", "/now", nil))
	if got, want := w.Body.String(), "2026-01-02T03:04:05Z"; got != want {
		t.Errorf("body %q, want %q", got, want)
	}
}
