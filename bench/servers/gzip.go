package servers

import (
	"compress/gzip"
	"strings"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/server"
)

// Gzip pages, the same on weft and on Twisted (bench/twisted_gzip.py):
// each is a fixed text/plain body behind an EncodingResourceWrapper with
// a gzip encoder factory at level 9, Twisted's default, except SmallFast.
var (
	// GzipSmallBody is the breadth oracle's /gzip page, 550 bytes.
	GzipSmallBody = strings.Repeat("squeeze me ", 50)
	// GzipLargeBody is 64 KiB of text.
	GzipLargeBody = strings.Repeat("The quick brown fox jumps over the lazy dog. 0123456789\n", 1192)[:64<<10]
)

// GzipPaths are the routes of the gzip site. SmallFast is Small at
// level 1 (gzip.BestSpeed), which Twisted's side does not have.
var GzipPaths = struct{ Small, SmallFast, Large string }{"/gzip", "/gzip-fast", "/gzip64k"}

// data is a fixed text/plain page, Twisted's static.Data.
type data struct {
	resource.Base
	body []byte
}

func (d *data) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetHeader("Content-Type", "text/plain")
	return d.body, nil
}

// Gzip returns a weft site serving the gzip pages.
func Gzip() *server.Site {
	gz := &resource.GzipEncoderFactory{}
	root := resource.New()
	root.PutChild(GzipPaths.Small[1:], resource.NewEncodingResourceWrapper(&data{body: []byte(GzipSmallBody)}, gz))
	fast := &resource.GzipEncoderFactory{CompressLevel: gzip.BestSpeed}
	root.PutChild(GzipPaths.SmallFast[1:], resource.NewEncodingResourceWrapper(&data{body: []byte(GzipSmallBody)}, fast))
	root.PutChild(GzipPaths.Large[1:], resource.NewEncodingResourceWrapper(&data{body: []byte(GzipLargeBody)}, gz))
	return server.NewSite(root)
}
