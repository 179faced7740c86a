// Command gzip serves the gzip pages of package servers with weft, for
// gzip.sh.
//
//	go run ./cmd/gzip -addr 127.0.0.1:18091
package main

import "github.com/weftgo/weft/bench/servers"

func main() {
	servers.Main("127.0.0.1:18091", servers.Gzip())
}
