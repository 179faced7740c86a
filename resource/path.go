package resource

import (
	"slices"
	"strings"

	"github.com/weftgo/weft/internal/pyquote"
)

// splitPath splits an escaped request path the way Twisted's
// Request.process does: drop the first byte, split at every "/", and
// unquote each segment on its own, so "%2F" stays inside its segment and
// "." and ".." are kept as they are. The segments are appended to dst,
// grown once to fit them all: a path of many empty segments costs one
// allocation, not one per doubling.
func splitPath(dst []string, path string) []string {
	if path != "" {
		path = path[1:]
	}
	dst = slices.Grow(dst, strings.Count(path, "/")+1)
	for {
		i := strings.IndexByte(path, '/')
		if i < 0 {
			return append(dst, unquote(path))
		}
		dst = append(dst, unquote(path[:i]))
		path = path[i+1:]
	}
}

// unquote decodes %XX escapes as Python's urllib.parse.unquote_to_bytes
// (see pyquote.Unquote).
func unquote(s string) string { return pyquote.Unquote(s) }

// quoteSegment percent-encodes every byte of s but ASCII letters, digits
// and "_.-~", as Python's quote(s, safe="") which Twisted's prePathURL
// uses (see pyquote.Quote).
func quoteSegment(s string) string { return pyquote.Quote(s) }
