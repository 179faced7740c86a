// Command nethttp serves the benchmark site (package servers) with bare
// net/http: a ServeMux, and /count through scs's LoadAndSave over its
// memory store.
//
//	go run ./cmd/nethttp -addr 127.0.0.1:18082
package main

import (
	"time"

	"github.com/weftgo/weft/bench/servers"
)

func main() {
	sm := servers.NewSessionManager(servers.NewMemStore(time.Minute))
	servers.Main("127.0.0.1:18082", servers.ServeMux(sm))
}
