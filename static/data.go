package static

import (
	"strconv"

	"github.com/weftgo/weft/resource"
)

// Data is a resource that serves bytes held in memory with a fixed media
// type: Twisted's static.Data. It answers GET and HEAD (with the
// Content-Length of the whole body); like Twisted's it sets no
// Last-Modified and answers no conditional request: a render that wants
// that calls Request.SetLastModified or SetETag itself. Any other method
// gets 405. Data is safe for concurrent use as long as its fields are
// not changed while it serves.
type Data struct {
	resource.Base

	// Data is the body (Twisted's data).
	Data []byte
	// Type is the Content-Type header, sent as it is (Twisted's type).
	Type string
}

// NewData returns a Data serving data as typ (Twisted's Data(data, type)).
func NewData(data []byte, typ string) *Data { return &Data{Data: data, Type: typ} }

// RenderGET sends the body (Twisted's Data.render_GET).
func (d *Data) RenderGET(req *resource.Request) ([]byte, error) {
	req.SetHeader("Content-Type", d.Type)
	req.SetHeader("Content-Length", strconv.Itoa(len(d.Data)))
	if req.Method == "HEAD" {
		return nil, nil
	}
	return d.Data, nil
}

// RenderHEAD sends the headers of RenderGET without the body (Twisted's
// Data.render_HEAD).
func (d *Data) RenderHEAD(req *resource.Request) ([]byte, error) { return d.RenderGET(req) }
