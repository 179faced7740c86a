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
)

// DefaultMaxFormBytes bounds the body a POST form may have before it is
// parsed into Args: 10 MiB. A larger form is answered 413 and nothing of
// it reaches a resource.
const DefaultMaxFormBytes = 10 << 20

// Errors from reading a request's form body. The site answers the first
// with 413 and the second with 400, before traversal.
var (
	ErrBodyTooLarge = errors.New("resource: request body too large")
	ErrBadForm      = errors.New("resource: malformed form body")
)

// parseQS parses a query string as Twisted's http.parse_qs with blank
// values kept: pairs split at "&" and ";", a pair without "=" is skipped,
// "+" becomes a space, and escapes are decoded as unquote does (an invalid
// one stays as it is). Repeated keys keep every value in order.
func parseQS(dst url.Values, qs string) url.Values {
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
		if dst == nil {
			dst = url.Values{}
		}
		k, v = unquote(plusToSpace(k)), unquote(plusToSpace(v))
		dst[k] = append(dst[k], v)
	}
	return dst
}

func plusToSpace(s string) string {
	if strings.IndexByte(s, '+') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "+", " ")
}

// readForm adds the form fields of a POST body to args, as Twisted's
// Request.requestReceived: only for POST with a Content-Type and a
// non-empty body; an urlencoded or multipart body's keys replace the
// query's keys of the same name. It returns the body, read whole, so that
// the request can still offer it as Content. A body over max bytes gives
// ErrBodyTooLarge, a broken multipart body ErrBadForm.
func readForm(args url.Values, method, ctype string, body io.Reader, max int64) (url.Values, []byte, error) {
	if method != "POST" || ctype == "" || body == nil {
		return args, nil, nil
	}
	// The media type is compared as Twisted does: trimmed, case kept.
	key, _, _ := strings.Cut(ctype, ";")
	key = strings.TrimSpace(key)
	if key != "application/x-www-form-urlencoded" && key != "multipart/form-data" {
		return args, nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(body, max+1))
	if err != nil {
		return args, nil, fmt.Errorf("resource: reading form body: %w", err)
	}
	if int64(len(data)) > max {
		return args, nil, fmt.Errorf("%w: over %d bytes", ErrBodyTooLarge, max)
	}
	if len(data) == 0 {
		return args, data, nil
	}
	var form url.Values
	if key == "application/x-www-form-urlencoded" {
		form = parseQS(nil, string(data))
	} else {
		_, params, _ := mime.ParseMediaType(ctype)
		form, err = parseMultipart(data, params["boundary"])
		if err != nil {
			return args, nil, err
		}
	}
	if len(form) > 0 && args == nil {
		args = url.Values{}
	}
	for k, v := range form {
		args[k] = v
	}
	return args, data, nil
}

// parseMultipart reads every part of a multipart/form-data body; a part
// with a file name contributes its content, as Python's
// cgi.parse_multipart does.
func parseMultipart(data []byte, boundary string) (url.Values, error) {
	if boundary == "" {
		return nil, fmt.Errorf("%w: multipart body without a boundary", ErrBadForm)
	}
	r := multipart.NewReader(bytes.NewReader(data), boundary)
	form := url.Values{}
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return form, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadForm, err)
		}
		name := p.FormName()
		v, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadForm, err)
		}
		if name == "" {
			continue
		}
		form[name] = append(form[name], string(v))
	}
}
