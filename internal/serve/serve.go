// Package serve runs the examples' sites: an http.Server with timeouts
// suited to the open internet, stopped gracefully on Ctrl-C or SIGTERM,
// after which the site's session timers are stopped too. Requests are
// logged to standard error in Twisted's access log format.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/weftgo/weft/server"
)

// Run serves site on addr until the process is interrupted, then shuts the
// server down (letting requests in flight finish, for up to 10 seconds)
// and closes the site. It says where it listens only once the address is
// bound; an address it cannot bind is returned as an error at once, with
// nothing served. Unless the site already has an access log, requests are
// logged to standard error. Run returns nil after a clean shutdown.
func Run(addr string, site *server.Site) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if site.AccessLog == nil {
		site.AccessLog = os.Stderr
	}
	return run(ctx, addr, site, log.Default().Writer())
}

// run is Run until ctx is done, saying where it listens on out.
func run(ctx context.Context, addr string, site *server.Site, out io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		site.Close()
		return err // "listen tcp ...: bind: address already in use"
	}
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	failed := make(chan error, 1)
	go func() { failed <- srv.Serve(ln) }()
	fmt.Fprintf(out, "serving on http://%s/\n", ln.Addr())
	select {
	case err := <-failed:
		site.Close()
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	site.FlushAccessLog()
	site.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
