package servers

import (
	"flag"
	"log"
	"net/http"
	"time"
)

// Main parses -addr and serves h there until the process is stopped: the
// body of each end-to-end server in bench/cmd, so all of them run the same
// http.Server settings.
func Main(defaultAddr string, h http.Handler) {
	addr := flag.String("addr", defaultAddr, "address to listen on (loopback only for benchmarks)")
	flag.Parse()
	srv := &http.Server{
		Addr:              *addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	log.Fatal(srv.ListenAndServe())
}
