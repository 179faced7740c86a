// Command access-logging is the "Access Logging" page of Twisted Web in 60
// Seconds, ported to weft: a directory served as static files, with each
// request logged to a file in the combined log format, the client address
// taken from X-Forwarded-For when a trusted proxy sent it.
//
//	go run ./examples/webin60/access-logging -path /tmp -logfile /tmp/access-logging-demo.log
//	tail -f /tmp/access-logging-demo.log
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/static"
)

// newSite is the page's
//
//	resource = File('/tmp')
//	factory = Site(resource, logPath=b"/tmp/access-logging-demo.log", logFormatter=proxiedLogFormatter)
//
// with the log already open as accessLog. proxiedLogFormatter believes
// X-Forwarded-For from anyone; weft believes it only from the proxies in
// trusted (Site.TrustedProxies), and takes the connection's address
// otherwise.
func newSite(dir string, accessLog io.Writer, trusted []netip.Prefix) *server.Site {
	site := server.NewSite(static.NewFile(dir)) // File('/tmp')
	site.AccessLog = accessLog                  // logPath=...
	site.TrustedProxies = trusted               // logFormatter=proxiedLogFormatter
	return site
}

// parsePrefixes reads a comma-separated list of networks, "127.0.0.1/32,::1/128".
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var ps []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("-trusted-proxy: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := flag.String("path", os.TempDir(), "directory to serve")
	logPath := flag.String("logfile", filepath.Join(os.TempDir(), "access-logging-demo.log"), "access log file (- for standard error)")
	proxies := flag.String("trusted-proxy", "127.0.0.1/32,::1/128", "networks whose X-Forwarded-For is believed, comma-separated")
	flag.Parse()
	trusted, err := parsePrefixes(*proxies)
	if err != nil {
		log.Fatal(err)
	}
	var accessLog io.Writer = os.Stderr
	if *logPath != "-" {
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		// Buffered: the site flushes it within a second of a line, and
		// serve.Run flushes it at shutdown.
		accessLog = bufio.NewWriter(f)
	}
	if err := serve.Run(*addr, newSite(*dir, accessLog, trusted)); err != nil {
		log.Fatal(err)
	}
}
