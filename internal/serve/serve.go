// Package serve runs the examples' sites: an http.Server with timeouts
// suited to the open internet, stopped gracefully on Ctrl-C or SIGTERM,
// after which the site's session timers are stopped too.
package serve

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/weftgo/weft/server"
)

// Run serves site on addr until the process is interrupted, then shuts the
// server down (letting requests in flight finish, for up to 10 seconds)
// and closes the site. It returns the server's error, or nil after a clean
// shutdown.
func Run(addr string, site *server.Site) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           site,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	failed := make(chan error, 1)
	go func() { failed <- srv.ListenAndServe() }()
	log.Printf("serving on http://%s/", addr)
	select {
	case err := <-failed:
		site.Close()
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	site.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
