// Command weft serves the benchmark site (package servers) with weft:
// /static, and /count counted with GetSession and a components.Adapt
// counter.
//
//	go run ./cmd/weft -addr 127.0.0.1:18081
package main

import "github.com/weftgo/weft/bench/servers"

func main() {
	servers.Main("127.0.0.1:18081", servers.Weft())
}
