// Package pybytes holds Python's bytes methods that Twisted's parsers lean
// on and Go's strings package does differently.
package pybytes

// Lower lower-cases the ASCII letters of s, as Python's bytes.lower: unlike
// strings.ToLower it leaves every other byte alone, so "ſ" or the Kelvin
// sign never becomes an ASCII letter. Text with no upper-case ASCII letter
// is returned as it is, without allocating.
func Lower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
