// Command rpy-scripts is the "rpy scripts" page of Twisted Web in 60
// Seconds, done the Go way: a directory served as `twistd -n web --path .`
// serves it, where a request for example.rpy is answered by the ClockPage
// resource, not by the file.
//
//	go run ./examples/webin60/rpy-scripts -path examples/webin60/rpy-scripts
//	# then open http://127.0.0.1:8080/example.rpy
//
// # Why there is no .rpy in Go
//
// An .rpy script is Python source that twistd executes when the file is
// requested: the resource is loaded from the served directory at run time,
// and editing the file changes the site without a restart. Go compiles a
// program ahead of time and cannot load code at run time (the plugin package
// needs the very same build of every package and works only on Linux,
// FreeBSD and macOS), so the script's resource is Go code compiled into the
// server and registered by name at compile time: the scripts map below.
// static.File's Processors send every ".rpy" file to that registry, as
// Twisted's File sends it to ResourceScript. A script name the binary does
// not know is a 404, not the file's text.
//
// What the page wanted from .rpy scripts is still here: the resource is a
// few lines with no site or listening code of its own (serve.Run and the
// directory do that), and trying an edit is `go run` again, which rebuilds
// in seconds. What the page warned about is gone: the resource is an
// ordinary Go type, unit-tested (main_test.go), and importable once moved to
// a package of its own.
package main

import (
	"flag"
	"log"
	"path/filepath"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/weftgo/weft/internal/serve"
	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
	"github.com/weftgo/weft/static"
)

// ClockPage shows the time: the class example.rpy defines (the ClockPage of
// dynamic-content).
type ClockPage struct {
	resource.Base
	// Clock tells the time: the site's clock, so a test can set it.
	Clock clock.Clock
}

// IsLeaf reports true: ClockPage has no children (isLeaf = True).
func (*ClockPage) IsLeaf() bool { return true }

// RenderGET returns the page with the time in time.ctime()'s layout.
func (p *ClockPage) RenderGET(req *resource.Request) ([]byte, error) {
	return []byte("<!DOCTYPE html><html><head><meta charset='utf-8'>" +
		"<title></title></head><body>" + p.Clock.Now().Format(time.ANSIC)), nil
}

// scripts maps each script's path, relative to the served directory and
// with forward slashes, to what makes its resource: the `resource = ...`
// line of each .rpy file. Twisted runs the script again for each request;
// the function is called for each request too.
var scripts = map[string]func(clk clock.Clock) resource.Resource{
	"example.rpy": func(clk clock.Clock) resource.Resource {
		return &ClockPage{Clock: clk} // resource = ClockPage()
	},
}

// newSite serves the directory dir, with its .rpy files answered from
// scripts, telling the time by clk.
func newSite(dir string, clk clock.Clock) *server.Site {
	root := static.NewFile(dir) // twistd web --path dir
	root.Processors = map[string]func(path string) resource.Resource{
		".rpy": func(path string) resource.Resource { // File.processors {".rpy": ResourceScript}
			rel, err := filepath.Rel(root.Path, path)
			if script, ok := scripts[filepath.ToSlash(rel)]; ok && err == nil {
				return script(clk)
			}
			return resource.NoResource("No resource is compiled in for this script.")
		},
	}
	site := server.NewSite(root)
	site.Clock = clk
	return site
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	path := flag.String("path", ".", "directory to serve (twistd web --path)")
	flag.Parse()
	if err := serve.Run(*addr, newSite(*path, clock.New())); err != nil {
		log.Fatal(err)
	}
}
