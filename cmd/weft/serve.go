package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/session"
)

// serve serves site on listeners until ctx is done, then shuts down
// gracefully, as twistd on SIGTERM: the listeners close, requests in
// flight finish (however long they take: main lets a second signal end the
// process), the access log is flushed and the site's sessions are closed
// (Site.Close). It says where it listens on stdout, one line per
// listener, and returns the exit status.
func serve(ctx context.Context, site *server.Site, listeners []net.Listener, stdout, stderr io.Writer) int {
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	failed := make(chan error, len(listeners))
	for _, ln := range listeners {
		go func() { failed <- srv.Serve(ln) }()
	}
	for _, ln := range listeners {
		fmt.Fprintf(stdout, "weft web: listening on %s\n", listenURL(ln))
	}
	status := 0
	select {
	case <-ctx.Done():
		fmt.Fprintln(stdout, "weft web: shutting down")
	case err := <-failed:
		fmt.Fprintf(stderr, "weft web: %v\n", err)
		status = 1
	}
	if err := srv.Shutdown(context.Background()); err != nil {
		fmt.Fprintf(stderr, "weft web: shutting down: %v\n", err)
		status = 1
	}
	if err := site.FlushAccessLog(); err != nil {
		fmt.Fprintf(stderr, "weft web: access log: %v\n", err)
		status = 1
	}
	if err := site.Close(); err != nil && !errors.Is(err, session.ErrClosed) {
		fmt.Fprintf(stderr, "weft web: closing sessions: %v\n", err)
		status = 1
	}
	return status
}

// listenURL says where ln listens: a URL for TCP, unix:PATH for a socket.
func listenURL(ln net.Listener) string {
	addr := ln.Addr()
	if addr.Network() == "unix" {
		return "unix:" + addr.String()
	}
	scheme := "http"
	if _, ok := ln.(tlsListener); ok {
		scheme = "https"
	}
	return scheme + "://" + addr.String() + "/"
}
