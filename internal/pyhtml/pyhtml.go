// Package pyhtml escapes text as Python's html.escape(s) (quote=True)
// does: Twisted's error pages and directory listings use it, and so do the
// "Handling POSTs" and "Other Request Bodies" pages of Twisted Web in 60
// Seconds on what the client sent.
//
// Go's html.EscapeString escapes the same five characters, but writes the
// quotes as "&#34;" and "&#39;" where Python writes "&quot;" and "&#x27;":
// a browser reads both the same, and this package gives Python's bytes.
package pyhtml

import "strings"

var escaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;")

// Escape returns s with &, <, >, " and ' replaced by Python's entities.
// Text with none of them is returned as it is, without allocating.
func Escape(s string) string {
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	return escaper.Replace(s)
}
