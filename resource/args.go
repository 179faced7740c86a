package resource

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"

	"github.com/weftgo/weft/internal/serving"
)

// Default request limits. A Site sets its own (MaxFormBytes and the
// others); a request served without a host gets these.
const (
	// DefaultMaxFormBytes bounds the body a POST form may have before it
	// is parsed into Args: 10 MiB. A larger form is answered 413 and
	// nothing of it reaches a resource.
	DefaultMaxFormBytes = 10 << 20
	// DefaultMaxFormFields bounds the name=value pairs of the query and a
	// POST form together: 10,000, the limit of the standard library's
	// url.ParseQuery. One more is answered 413 (414 in the query alone).
	DefaultMaxFormFields = 10000
	// DefaultMaxFormParts bounds the parts of a multipart form: 1,000, the
	// limit of the standard library's mime/multipart. One more is
	// answered 413.
	DefaultMaxFormParts = 1000
	// DefaultMaxURIBytes bounds the request target, path and query: 8 KiB,
	// nginx's default. A longer one is answered 414 before its path is
	// split.
	DefaultMaxURIBytes = 8 << 10
)

// Errors from reading a request's target and form body. The site answers
// them before traversal: errBodyTooLarge and errTooManyFields with 413
// (errTooManyFields with 414 when the query alone is over the limit, which
// then also wraps errURITooLong), errURITooLong with 414 and errBadForm
// with 400.
var (
	errBodyTooLarge  = errors.New("resource: request body too large")
	errBadForm       = errors.New("resource: malformed form body")
	errTooManyFields = errors.New("resource: too many form fields")
	errURITooLong    = errors.New("resource: request target too long")
)

// limitsHost is what a Host implements to bound requests beyond
// MaxFormBytes; server.Site's host does. A Host without it gets the
// defaults.
type limitsHost interface {
	MaxFormFields() int
	MaxFormParts() int
	MaxURIBytes() int
}

// limits bound what one request may put into Prepath, Postpath and Args.
type limits struct {
	formBytes int64
	fields    int
	parts     int
	uriBytes  int
}

// limitsOf returns the limits host sets, or the defaults.
func limitsOf(host serving.Host) limits {
	l := limits{DefaultMaxFormBytes, DefaultMaxFormFields, DefaultMaxFormParts, DefaultMaxURIBytes}
	if host == nil {
		return l
	}
	l.formBytes = host.MaxFormBytes()
	if h, ok := host.(limitsHost); ok {
		l.fields, l.parts, l.uriBytes = h.MaxFormFields(), h.MaxFormParts(), h.MaxURIBytes()
	}
	return l
}

// readTarget fills Postpath and Args from the request target and, for a
// POST form, the body, as Twisted's Request.requestReceived does before
// traversal (Args is a field every GetChild and render may read). Each
// step is bounded first: a target over the limit is refused before its
// path is split, and a form is refused as soon as it has a field too many,
// without reading the rest of its body.
func (r *Request) readTarget(path, query string) error {
	lim := limitsOf(r.host)
	if len(r.URI) > lim.uriBytes {
		return fmt.Errorf("%w: over %d bytes", errURITooLong, lim.uriBytes)
	}
	r.splitTarget(r.r.URL, path)
	fields := lim.fields
	if query != "" {
		args, n, err := parseQS(nil, query, fields)
		if err != nil {
			return fmt.Errorf("%w: the query: %w", errURITooLong, err)
		}
		r.Args, fields = args, fields-n
	}
	if r.Method != "POST" {
		return nil
	}
	lim.fields = fields
	args, body, read, err := readForm(r.Args, r.r.Header.Get("Content-Type"), r.r.Body, lim)
	if err != nil {
		return err
	}
	r.Args = args
	if read {
		r.Content = strings.NewReader(body)
	}
	return nil
}

// parseQS parses a query string as Twisted's http.parse_qs with blank
// values kept: pairs split at "&" and ";", a pair without "=" is skipped,
// "+" becomes a space, and escapes are decoded as unquote does (an invalid
// one stays as it is). Repeated keys keep every value in order. It adds at
// most max fields to dst and reports how many it added; one more is
// errTooManyFields.
func parseQS(dst url.Values, qs string, max int) (url.Values, int, error) {
	n := 0
	for qs != "" {
		var item string
		if i := strings.IndexAny(qs, "&;"); i >= 0 {
			item, qs = qs[:i], qs[i+1:]
		} else {
			item, qs = qs, ""
		}
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			continue
		}
		if n++; n > max {
			return dst, n - 1, fmt.Errorf("%w: over %d", errTooManyFields, max)
		}
		if dst == nil {
			dst = url.Values{}
		}
		k, v = unquote(plusToSpace(k)), unquote(plusToSpace(v))
		dst[k] = append(dst[k], v)
	}
	return dst, n, nil
}

func plusToSpace(s string) string {
	if strings.IndexByte(s, '+') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "+", " ")
}

// readForm adds the form fields of a POST body to args, as Twisted's
// Request.requestReceived: only with a Content-Type and a non-empty body;
// an urlencoded or multipart body's keys replace the query's keys of the
// same name. It returns the body, read whole, and whether it read it, so
// that the request can still offer it as Content; Args share the body's
// memory where they can. A body over lim.formBytes gives
// errBodyTooLarge, one with more than lim.fields fields or lim.parts parts
// errTooManyFields, and a broken multipart body errBadForm; then args is
// returned as it came.
func readForm(args url.Values, ctype string, body io.Reader, lim limits) (_ url.Values, _ string, read bool, _ error) {
	if ctype == "" || body == nil {
		return args, "", false, nil
	}
	// The media type is compared as Twisted does: trimmed, case kept.
	key, _, _ := strings.Cut(ctype, ";")
	key = strings.TrimSpace(key)
	urlencoded := key == "application/x-www-form-urlencoded"
	if !urlencoded && key != "multipart/form-data" {
		return args, "", false, nil
	}
	// Count what the body holds while it is read, so that one with too
	// many fields or parts is refused before the rest of it is read.
	var count counter
	limit := lim.fields
	_, params, _ := mime.ParseMediaType(ctype)
	if urlencoded {
		count = new(fieldCounter)
	} else if b := params["boundary"]; b != "" {
		// Parts are at most the delimiters less the closing one.
		count, limit = &delimiterCounter{delim: []byte("--" + b)}, lim.parts+1
	}
	data, err := readBounded(body, lim.formBytes, count, limit)
	if err != nil {
		return args, "", false, err
	}
	if len(data) == 0 {
		return args, "", true, nil
	}
	text := string(data) // the one copy: fields and Content share it
	var form url.Values
	if urlencoded {
		form, _, err = parseQS(nil, text, lim.fields)
	} else {
		form, err = parseMultipart(text, params["boundary"], lim)
	}
	if err != nil {
		return args, "", false, err
	}
	if len(form) > 0 && args == nil {
		args = url.Values{}
	}
	for k, v := range form {
		args[k] = v
	}
	return args, text, true, nil
}

// readBounded reads body whole, failing with errBodyTooLarge past maxBytes
// and, unless count is nil, with errTooManyFields as soon as count finds
// more than limit fields in what was read so far: the rest of such a body
// is never read, so refusing it costs little.
func readBounded(body io.Reader, maxBytes int64, count counter, limit int) ([]byte, error) {
	var data []byte
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // let append grow the buffer
		}
		n, err := body.Read(data[len(data):min(int64(cap(data)), maxBytes+1)])
		data = data[:len(data)+n]
		if count != nil && count.add(data, n) > limit {
			return nil, fmt.Errorf("%w: over %d", errTooManyFields, limit)
		}
		if int64(len(data)) > maxBytes {
			return nil, fmt.Errorf("%w: over %d bytes", errBodyTooLarge, maxBytes)
		}
		if err == io.EOF {
			if count != nil && count.end() > limit {
				return nil, fmt.Errorf("%w: over %d", errTooManyFields, limit)
			}
			return data, nil
		}
		if err != nil {
			return nil, fmt.Errorf("resource: reading form body: %w", err)
		}
	}
}

// A counter counts the fields of a form body as it is read.
type counter interface {
	// add counts what the last n bytes of data complete and returns the
	// count so far.
	add(data []byte, n int) int
	// end counts what the end of the body completes and returns the total.
	end() int
}

// delimiterCounter counts the boundary delimiters of a multipart body, an
// upper bound of its parts plus one (the boundary may not occur in a part).
type delimiterCounter struct {
	delim []byte
	n     int
	next  int // where the next search starts
}

func (c *delimiterCounter) add(data []byte, _ int) int {
	for {
		i := bytes.Index(data[c.next:], c.delim)
		if i < 0 {
			c.next = max(c.next, len(data)-len(c.delim)+1)
			return c.n
		}
		c.n++
		c.next += i + len(c.delim)
	}
}

func (c *delimiterCounter) end() int { return c.n }

// fieldCounter counts the fields of an urlencoded body fed to it in
// pieces, as parseQS would find them: an item between separators counts
// when it has an "=".
type fieldCounter struct {
	n     int  // complete items with an "="
	equal bool // the current item has an "="
}

// add counts the items the last n bytes of data complete and returns the
// count so far.
func (c *fieldCounter) add(data []byte, n int) int {
	for _, b := range data[len(data)-n:] {
		switch b {
		case '&', ';':
			if c.equal {
				c.n++
			}
			c.equal = false
		case '=':
			c.equal = true
		}
	}
	return c.n
}

// end counts the last item and returns the total.
func (c *fieldCounter) end() int {
	if c.equal {
		c.n++
		c.equal = false
	}
	return c.n
}

// parseMultipart reads every part of a multipart/form-data body; a part
// with a file name contributes its content, as Python's
// cgi.parse_multipart does. More than lim.parts parts, or more than
// lim.fields named ones, is errTooManyFields.
func parseMultipart(data string, boundary string, lim limits) (url.Values, error) {
	if boundary == "" {
		return nil, fmt.Errorf("%w: multipart body without a boundary", errBadForm)
	}
	r := multipart.NewReader(strings.NewReader(data), boundary)
	form := url.Values{}
	for parts, fields := 0, 0; ; parts++ {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return form, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadForm, err)
		}
		if parts == lim.parts {
			return nil, fmt.Errorf("%w: over %d parts", errTooManyFields, lim.parts)
		}
		name := p.FormName()
		if name != "" {
			if fields++; fields > lim.fields {
				return nil, fmt.Errorf("%w: over %d", errTooManyFields, lim.fields)
			}
		}
		v, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errBadForm, err)
		}
		if name == "" {
			continue
		}
		form[name] = append(form[name], string(v))
	}
}
