package bench_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// prepathPage answers with its Prepath.
type prepathPage struct{ resource.Base }

func (*prepathPage) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte(strings.Join(req.Prepath, "/")), nil
}

// A weft Site mounted in a chi router under a prefix, through
// http.StripPrefix, sees the mount point at the start of Prepath.
func TestSiteMountedInChi(t *testing.T) {
	root := resource.New()
	root.PutChild("page", &prepathPage{})
	r := chi.NewRouter()
	r.Mount("/app", http.StripPrefix("/app", server.NewSite(root)))
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest("GET", "/app/page", nil))
	if got := w.Body.String(); w.Code != 200 || got != "app/page" {
		t.Errorf("GET /app/page under chi = %d %q, want 200 \"app/page\"", w.Code, got)
	}
}
