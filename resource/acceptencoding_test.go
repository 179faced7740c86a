package resource

import (
	"regexp"
	"strings"
	"testing"
)

// What Accept-Encoding accepts gzip, by RFC 9110 §12.5.3. The twisted
// column is what Twisted 22.4's pattern match decides, for the record of
// docs/differences.md.
var acceptGzipCases = []struct {
	lines   []string
	want    bool
	twisted bool
}{
	{[]string{"gzip"}, true, true},
	{[]string{"gzip,deflate"}, true, true},    // test_encoding
	{[]string{"deflate, gzip"}, true, true},   // test_whitespaceInAcceptEncoding
	{[]string{"deflate", "gzip"}, true, true}, // test_multipleAccept
	{[]string{"foo,bar"}, false, false},       // test_nonEncoding
	{[]string{"gzip;q=0"}, false, false},
	{[]string{"gzip ; q=0"}, false, true}, // Twisted compresses what the client refused
	{[]string{"gzip;q=0.000"}, false, false},
	{[]string{"gzip;q=0.001"}, true, false},
	{[]string{"gzip;q=1.0"}, true, false},
	{[]string{"gzip; Q=0.5"}, true, false},
	{[]string{"GZIP"}, true, false},
	{[]string{"x-gzip"}, true, false},
	{[]string{"identity"}, false, false},
	{[]string{"*"}, true, false},
	{[]string{"*;q=0"}, false, false},
	{[]string{"*, gzip;q=0"}, false, false},
	{[]string{"gzip;q=0, *"}, false, false},
	{[]string{"gzip, gzip;q=0"}, false, true}, // a refusal wins
	{[]string{""}, false, false},
	{nil, false, false},
	{[]string{"gzip;q=abc"}, false, false}, // malformed weight: ignored
	{[]string{"gzip;q=1.5"}, false, false},
	{[]string{"gzip;q=0.5555"}, false, false},
	{[]string{"gzip;level=9"}, true, false},
	{[]string{"gzip:"}, false, true},
	{[]string{"gzipped"}, false, false},
	{[]string{"deflate,\tgzip\t"}, true, true},
}

func TestAcceptsGzip(t *testing.T) {
	for _, tc := range acceptGzipCases {
		if got := acceptsCoding(tc.lines, "gzip"); got != tc.want {
			t.Errorf("Accept-Encoding %q: gzip accepted = %v, want %v", tc.lines, got, tc.want)
		}
	}
}

// twistedGzipCheck is Twisted 22.4's GzipEncoderFactory._gzipCheckRegex,
// applied to the Accept-Encoding lines joined with ",".
var twistedGzipCheck = regexp.MustCompile(`(:?^|[\s,])gzip(:?$|[\s,])`)

// The twisted column of the table is what Twisted decides: the rows where
// it differs from ours are the documented differences.
func TestAcceptsGzipTwistedColumn(t *testing.T) {
	for _, tc := range acceptGzipCases {
		if got := twistedGzipCheck.MatchString(strings.Join(tc.lines, ",")); got != tc.twisted {
			t.Errorf("Accept-Encoding %q: Twisted accepts gzip = %v, table says %v", tc.lines, got, tc.twisted)
		}
	}
}

// FuzzAcceptsCoding: the parser never panics, and accepts gzip only for a
// header that names gzip or "*".
func FuzzAcceptsCoding(f *testing.F) {
	for _, tc := range acceptGzipCases {
		f.Add(strings.Join(tc.lines, "\n"))
	}
	f.Fuzz(func(t *testing.T, header string) {
		lines := strings.Split(header, "\n")
		if acceptsCoding(lines, "gzip") {
			lower := strings.ToLower(header)
			if !strings.Contains(lower, "gzip") && !strings.Contains(lower, "*") {
				t.Errorf("%q accepted gzip", header)
			}
		}
		acceptsCoding(lines, "br")
	})
}
