// Package pyquote decodes percent-escapes as Python's urllib.parse does,
// which is how Twisted unquotes request paths and query strings.
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
