// Package pyquote encodes and decodes percent-escapes as Python's
// urllib.parse does, which is how Twisted quotes URL segments and unquotes
// request paths and query strings.
package pyquote

import "strings"

// Unquote decodes %XX escapes as Python's urllib.parse.unquote_to_bytes:
// a "%" not followed by two hex digits stays as it is, and "+" is not a
// space. It allocates only when s has an escape.
func Unquote(s string) string {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s
	}
	var b strings.Builder
	// Each escape shrinks three bytes to one: size for that, so a form
	// field of escapes holds a third of its length, not all of it.
	b.Grow(max(len(s)-2*strings.Count(s[i:], "%"), 0))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// Quote percent-encodes every byte of s but ASCII letters, digits and
// "_.-~", with upper-case hex, as Python's urllib.parse.quote(s, safe="").
// It allocates only when s has a byte to encode.
func Quote(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !Unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		if c := s[i]; Unreserved(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// Unreserved reports whether Quote keeps c as it is: an ASCII letter or
// digit, or one of "_.-~" (RFC 3986's unreserved characters).
func Unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '.' || c == '-' || c == '~'
}
