package servers

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/weftgo/weft/server"
	weftstatic "github.com/weftgo/weft/static"
)

// Static-file servers: each serves the files of dir at /.

// WeftFiles serves dir with weft's static.File (Twisted's static.File).
func WeftFiles(dir string) *server.Site { return server.NewSite(weftstatic.NewFile(dir)) }

// FileServer serves dir with net/http's FileServer.
func FileServer(dir string) http.Handler { return http.FileServer(http.Dir(dir)) }

// ChiFiles serves dir with http.FileServer mounted on a chi router, as
// chi's own examples do.
func ChiFiles(dir string) http.Handler {
	r := chi.NewRouter()
	r.Handle("/*", FileServer(dir))
	return r
}
