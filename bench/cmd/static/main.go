// Command static serves a directory for the static-file benchmark
// (static.sh): with weft's static.File, or with net/http's FileServer.
//
//	go run ./cmd/static -impl weft -dir /tmp/files -addr 127.0.0.1:18091
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/weftgo/weft/bench/servers"
)

func main() {
	impl := flag.String("impl", "weft", "weft, fileserver or chi")
	dir := flag.String("dir", ".", "directory to serve")
	addr := flag.String("addr", "127.0.0.1:18091", "address to listen on (loopback only for benchmarks)")
	flag.Parse()
	var h http.Handler
	switch *impl {
	case "weft":
		h = servers.WeftFiles(*dir)
	case "fileserver":
		h = servers.FileServer(*dir)
	case "chi":
		h = servers.ChiFiles(*dir)
	default:
		log.Fatalf("unknown -impl %q", *impl)
	}
	servers.Serve(*addr, h)
}
