package main

import (
	"fmt"
	"strings"

	"github.com/weftgo/weft/resource"
	"github.com/weftgo/weft/static"
)

// header is one --add-header value.
type header struct{ name, value string }

// parseHeader parses "Name: Value", as twistd's --add-header: split at
// the first colon, both sides trimmed. A name that is not an HTTP token,
// or a value with a line break, is refused.
func parseHeader(s string) (header, error) {
	name, value, ok := strings.Cut(s, ":")
	h := header{strings.TrimSpace(name), strings.TrimSpace(value)}
	if !ok || !isToken(h.name) {
		return header{}, fmt.Errorf("--add-header %q: want \"Name: Value\"", s)
	}
	if strings.ContainsAny(h.value, "\r\n\x00") {
		return header{}, fmt.Errorf("--add-header %q: the value has a line break or NUL", s)
	}
	return h, nil
}

// isToken reports whether s is an HTTP token (RFC 9110 §5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// addHeaders adds headers to every response of the tree below it:
// twistd's _AddHeadersResource, for --add-header.
type addHeaders struct {
	resource.Base
	root    *static.File
	headers []header
}

// GetChildWithDefault adds the headers, then looks name up in the root
// (a File has only dynamic children).
func (a *addHeaders) GetChildWithDefault(name string, req *resource.Request) resource.Resource {
	h := req.ResponseHeaders()
	for _, x := range a.headers {
		h.Add(x.name, x.value)
	}
	return a.root.GetChild(name, req)
}
