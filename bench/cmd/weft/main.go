// Command weft serves the benchmark site (package servers) with weft:
// /static, and /count counted with GetSession and a components.Adapt
// counter. With WEFT_ACCESS_LOG=PATH set, it appends Twisted's access log
// lines to PATH (Site.AccessLog), as Twisted's Site(logPath=PATH); with
// WEFT_ACCESS_LOG_BUFFERED=1 as well, through a bufio.Writer.
//
//	go run ./cmd/weft -addr 127.0.0.1:18081
package main

import (
	"bufio"
	"log"
	"os"

	"github.com/weftgo/weft/bench/servers"
)

func main() {
	site := servers.Weft()
	if path := os.Getenv("WEFT_ACCESS_LOG"); path != "" {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			log.Fatal(err)
		}
		site.AccessLog = f
		if os.Getenv("WEFT_ACCESS_LOG_BUFFERED") == "1" {
			site.AccessLog = bufio.NewWriterSize(f, 64<<10)
		}
	}
	servers.Main("127.0.0.1:18081", site)
}
