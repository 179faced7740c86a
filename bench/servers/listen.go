package servers

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"time"
)

// Main parses -addr and serves h there until the process is stopped: the
// body of each end-to-end server in bench/cmd, so all of them run the same
// http.Server settings.
func Main(defaultAddr string, h http.Handler) {
	addr := flag.String("addr", defaultAddr, "address to listen on (loopback only for benchmarks)")
	flag.Parse()
	Serve(*addr, h)
}

// Serve serves h at addr with Main's http.Server settings until the
// process is stopped. For port 0 it picks a free port and prints the
// address it listens on as the first line of standard output.
func Serve(addr string, h http.Handler) {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	if strings.HasSuffix(addr, ":0") {
		fmt.Println(ln.Addr())
	}
	log.Fatal(srv.Serve(ln))
}
