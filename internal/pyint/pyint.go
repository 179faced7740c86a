// Package pyint parses integers the way Python's int() parses bytes, which
// is how Twisted reads the numbers in Range and If-Modified-Since headers:
// ASCII white space around the number is allowed, so are a leading sign
// and single underscores between digits.
package pyint

// Limit bounds the magnitude of a parsed value. Python's integers are
// unbounded; larger values saturate at ±Limit, which is far beyond any
// file size or date a header can sensibly name, so comparisons come out
// as they would in Python.
const Limit = 1 << 62

// Parse returns the value of s as Python's int(s) would, saturated at
// ±Limit, and false where Python raises ValueError.
func Parse(s string) (int64, bool) {
	s = Strip(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return 0, false
	}
	var n int64
	prevUnderscore := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			if prevUnderscore {
				return 0, false
			}
			prevUnderscore = true
			continue
		}
		prevUnderscore = false
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > Limit/10 {
			n = Limit // saturated; n*10 could overflow int64
		} else {
			n = n*10 + int64(c-'0')
		}
	}
	if n > Limit {
		n = Limit
	}
	if neg {
		n = -n
	}
	return n, true
}

// Strip drops leading and trailing ASCII white space, as Python's
// bytes.strip.
func Strip(s string) string {
	for s != "" && isSpace(s[0]) {
		s = s[1:]
	}
	for s != "" && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }
