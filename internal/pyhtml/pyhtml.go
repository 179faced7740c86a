// Package pyhtml escapes text as Python's html.escape(s) (quote=True)
// does, which the "Handling POSTs" and "Other Request Bodies" pages of
// Twisted Web in 60 Seconds use on what the client sent.
//
// Go's html.EscapeString escapes the same five characters, but writes the
// quotes as "&#34;" and "&#39;" where Python writes "&quot;" and "&#x27;":
// a browser reads both the same, and this package gives Python's bytes.
package pyhtml

import "strings"

var escaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;")

// Escape returns s with &, <, >, " and ' replaced by Python's entities.
func Escape(s string) string { return escaper.Replace(s) }
