// Command chi serves the benchmark site (package servers) with chi, /count
// through scs's LoadAndSave over its memory store.
//
//	go run ./cmd/chi -addr 127.0.0.1:18083
package main

import (
	"time"

	"github.com/weftgo/weft/bench/servers"
)

func main() {
	sm := servers.NewSessionManager(servers.NewMemStore(time.Minute))
	servers.Main("127.0.0.1:18083", servers.Chi(sm))
}
