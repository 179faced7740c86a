package resource

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// EncoderFactory chooses whether a response is encoded, and makes the
// Encoder that does it: Twisted's _IRequestEncoderFactory.
type EncoderFactory interface {
	// EncoderForRequest returns an Encoder that writes req's response body,
	// encoded, to w, having set the response headers that announce it
	// (Content-Encoding); or nil when req does not accept the encoding.
	// It runs before the render, so the status is not known yet; the
	// Request drops what the Encoder writes for a response without a body
	// (HEAD, 204, 304) and removes Content-Length when the response starts.
	EncoderForRequest(req *Request, w io.Writer) Encoder
}

// Encoder encodes one response body: Twisted's _IRequestEncoder. The
// Request calls Write for each part of the body, Flush when a streaming
// response (NotDoneYet) should reach the client, and Close once, from
// Finish, to write what remains (Twisted's encoder finish). Calls come one
// at a time.
type Encoder interface {
	io.WriteCloser
	Flush() error
}

// EncodingResourceWrapper wraps a resource so that its responses are
// encoded by the first of its factories that accepts the request:
// Twisted's twisted.web.resource.EncodingResourceWrapper. Everything else
// (children, IsLeaf, the render methods) is the wrapped resource's. As in
// Twisted, the children it returns are not wrapped: wrap each resource
// whose own response should be encoded. The encoder covers everything the
// render writes, a HandlerResource's handler included, until Finish.
type EncodingResourceWrapper struct {
	original Resource
	encoders []EncoderFactory
}

var (
	_ Resource    = (*EncodingResourceWrapper)(nil)
	_ ChildLookup = (*EncodingResourceWrapper)(nil)
	_ Renderer    = (*EncodingResourceWrapper)(nil)
)

// NewEncodingResourceWrapper returns original wrapped with encoders, in
// order of preference (Twisted's EncodingResourceWrapper(original,
// encoders)):
//
//	resource.NewEncodingResourceWrapper(page, &resource.GzipEncoderFactory{})
func NewEncodingResourceWrapper(original Resource, encoders ...EncoderFactory) *EncodingResourceWrapper {
	return &EncodingResourceWrapper{original: original, encoders: encoders}
}

// PutChild adds a static child to the wrapped resource.
func (e *EncodingResourceWrapper) PutChild(path string, child Resource) {
	e.original.PutChild(path, child)
}

// GetChild returns the wrapped resource's dynamic child.
func (e *EncodingResourceWrapper) GetChild(path string, req *Request) Resource {
	return e.original.GetChild(path, req)
}

// GetChildWithDefault looks path up in the wrapped resource, static
// children first, as traversal would.
func (e *EncodingResourceWrapper) GetChildWithDefault(path string, req *Request) Resource {
	return childFor(e.original, path, req)
}

// IsLeaf reports whether the wrapped resource is a leaf.
func (e *EncodingResourceWrapper) IsLeaf() bool { return e.original.IsLeaf() }

// Render asks each factory in turn for an encoder (Twisted's getEncoder),
// then renders the wrapped resource, as its own render methods would,
// through the encoder if one was chosen. A wrapper inside another wrapper
// does not encode a second time.
func (e *EncodingResourceWrapper) Render(req *Request) ([]byte, error) {
	if _, encoding := req.w.(*encodingWriter); !encoding {
		for _, f := range e.encoders {
			if req.encodeWith(f) {
				break
			}
		}
	}
	return RenderWith(e.original, req)
}

// encodeWith asks f for an encoder and, if it gives one, routes the rest of
// the response through it.
func (r *Request) encodeWith(f EncoderFactory) bool {
	ew := &encodingWriter{w: r.w, head: r.Method == "HEAD"}
	ew.out.w = r.w
	enc := f.EncoderForRequest(r, &ew.out)
	if enc == nil {
		return false
	}
	ew.enc = enc
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started { // too late to change the body's coding
		ew.out.discard = true
		enc.Close()
		return false
	}
	r.w = ew
	return true
}

// closeEncoder writes the end of an encoded body; Finish calls it with mu
// held.
func (r *Request) closeEncoder() {
	if ew, ok := r.w.(*encodingWriter); ok {
		ew.close()
	}
}

// dropEncoder releases the encoder without writing anything more; the
// caller holds mu.
func (r *Request) dropEncoder() {
	if ew, ok := r.w.(*encodingWriter); ok {
		ew.out.discard = true
		ew.close()
	}
}

// encodingWriter sits between a Request and its http.ResponseWriter and
// passes the body through an Encoder. It is used with the Request's mu
// held, as the Request's own writer is.
type encodingWriter struct {
	w         http.ResponseWriter
	enc       Encoder // nil once closed
	out       encodedOutput
	head      bool // a HEAD request: the encoded body is dropped
	committed bool
}

// encodedOutput is where the Encoder writes: the ResponseWriter, or
// nowhere for a response that has no body.
type encodedOutput struct {
	w       io.Writer
	discard bool
}

func (o *encodedOutput) Write(p []byte) (int, error) {
	if o.discard {
		return len(p), nil
	}
	return o.w.Write(p)
}

func (e *encodingWriter) Header() http.Header { return e.w.Header() }

// WriteHeader commits the final status: Content-Length goes, since the
// encoded length is not known, as Twisted's encoder removes it; for a
// response that has no body, the encoder's output is dropped (Twisted
// sends it, a stray gzip trailer after a HEAD, 204 or 304 response).
func (e *encodingWriter) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		e.w.WriteHeader(code)
		return
	}
	if !e.committed {
		e.committed = true
		delete(e.w.Header(), "Content-Length")
		e.out.discard = e.head || code == http.StatusNoContent || code == http.StatusNotModified
	}
	e.w.WriteHeader(code)
}

func (e *encodingWriter) Write(p []byte) (int, error) {
	if !e.committed {
		e.WriteHeader(http.StatusOK)
	}
	if e.enc == nil {
		return 0, ErrFinished
	}
	return e.enc.Write(p)
}

// FlushError pushes what the encoder holds, then the connection's buffer,
// to the client; http.ResponseController calls it.
func (e *encodingWriter) FlushError() error {
	if e.enc != nil {
		if err := e.enc.Flush(); err != nil {
			return err
		}
	}
	return http.NewResponseController(e.w).Flush()
}

// Flush is FlushError for callers that want an http.Flusher.
func (e *encodingWriter) Flush() { _ = e.FlushError() }

// Unwrap returns the writer below, for http.ResponseController.
func (e *encodingWriter) Unwrap() http.ResponseWriter { return e.w }

func (e *encodingWriter) close() {
	if e.enc != nil {
		e.enc.Close()
		e.enc = nil
	}
}

// GzipEncoderFactory encodes responses with gzip for requests whose
// Accept-Encoding accepts it: Twisted's twisted.web.server.
// GzipEncoderFactory. It adds "gzip" to Content-Encoding (after any coding
// already there, as Twisted does) and, unlike Twisted, always adds
// "Vary: Accept-Encoding", since the response depends on that header.
//
// Encoders are pooled, so a response costs a few small allocations
// whatever its size. The zero value is ready to use; set CompressLevel
// before the first request and do not copy a GzipEncoderFactory after
// that. It is safe for concurrent use by multiple goroutines.
type GzipEncoderFactory struct {
	// CompressLevel is the compress/gzip level. Zero means 9
	// (gzip.BestCompression), Twisted's compressLevel.
	CompressLevel int

	pool sync.Pool // of *gzipEncoder
}

var _ EncoderFactory = (*GzipEncoderFactory)(nil)

// gzipCoding is the Content-Encoding value shared by every response;
// nothing modifies it in place.
var gzipCoding = []string{"gzip"}

// EncoderForRequest returns a gzip Encoder writing to w if req accepts
// gzip, and nil otherwise (Twisted's encoderForRequest). A request with a
// Range header gets no encoder, so that a partial response stays in the
// coding its Content-Range counts. Accept-Encoding is
// read by RFC 9110 (see docs/differences.md for how that differs from
// Twisted's pattern match).
func (f *GzipEncoderFactory) EncoderForRequest(req *Request, w io.Writer) Encoder {
	h := req.ResponseHeaders()
	h.Add("Vary", "Accept-Encoding")
	if !acceptsCoding(req.RequestHeaders()["Accept-Encoding"], "gzip") {
		return nil
	}
	if _, ranged := req.RequestHeaders()["Range"]; ranged {
		// A 206's Content-Range counts the bytes of the identity body;
		// compressing the part would make it wrong. Twisted compresses it.
		return nil
	}
	if prior := h["Content-Encoding"]; len(prior) > 0 {
		h["Content-Encoding"] = []string{strings.Join(prior, ",") + ",gzip"}
	} else {
		h["Content-Encoding"] = gzipCoding
	}
	return f.encoder(w)
}

// encoder takes a gzip writer from the pool, or makes one, and points it
// at w.
func (f *GzipEncoderFactory) encoder(w io.Writer) *gzipEncoder {
	e, _ := f.pool.Get().(*gzipEncoder)
	if e == nil {
		level := f.CompressLevel
		if level == 0 {
			level = gzip.BestCompression
		}
		e = &gzipEncoder{pool: &f.pool}
		zw, err := gzip.NewWriterLevel(&e.out, level)
		if err != nil {
			panic(fmt.Sprintf("resource: GzipEncoderFactory.CompressLevel: %v", err))
		}
		e.zw = zw
	} else {
		e.zw.Reset(&e.out)
	}
	e.out.w = w
	return e
}

// gzipEncoder is a pooled gzip writer. It writes to out, whose target is
// set for each response and cleared on Close, so that a pooled encoder
// keeps no response alive.
type gzipEncoder struct {
	zw   *gzip.Writer
	out  retargetable
	pool *sync.Pool
}

type retargetable struct{ w io.Writer }

func (r *retargetable) Write(p []byte) (int, error) { return r.w.Write(p) }

func (e *gzipEncoder) Write(p []byte) (int, error) { return e.zw.Write(p) }

func (e *gzipEncoder) Flush() error { return e.zw.Flush() }

// Close writes the rest of the gzip stream and returns the encoder to its
// pool; the encoder must not be used after.
func (e *gzipEncoder) Close() error {
	err := e.zw.Close()
	e.out.w = nil
	e.pool.Put(e)
	return err
}
