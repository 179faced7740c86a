package server

import (
	"io"
	"net/http/httptest"

	"github.com/weftgo/weft/internal/serving"
	"github.com/weftgo/weft/resource"
	"strconv"
	"strings"
	"testing"
)

// FuzzAppendEscaped checks that an escaped field stays one field of one
// line (printable ASCII, every quote escaped) and that unescaping it gives
// the input back.
func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"", "/a?x=1", "ag\\ent\t\"1\"\x01é", "/p%22\"\\x\xff\x7f'q", "x\r\n\"y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(appendEscaped(nil, s))
		for i := 0; i < len(out); i++ {
			if c := out[i]; c < ' ' || c >= 0x7f {
				t.Fatalf("%q: byte %#x in %q", s, c, out)
			}
		}
		if strings.Contains(strings.ReplaceAll(out, `\\`, ``), `"`) &&
			strings.Contains(strings.ReplaceAll(strings.ReplaceAll(out, `\\`, ``), `\"`, ``), `"`) {
			t.Fatalf("%q: unescaped quote in %q", s, out)
		}
		// Go's unquoting reads the same escapes (\xNN as one byte).
		back, err := strconv.Unquote(`"` + out + `"`)
		if err != nil || back != s {
			t.Fatalf("%q: escaped %q, unquoted %q, %v", s, out, back, err)
		}
	})
}

// BenchmarkWriteAccessLine is the cost of one access log line to
// io.Discard, the hello route's request without serving it.
func BenchmarkWriteAccessLine(b *testing.B) {
	site := NewSite(nil)
	site.AccessLog = io.Discard
	r := httptest.NewRequest("GET", "/a", nil)
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
	served, _ := serving.Serve(httptest.NewRecorder(), r, resource.New(), &site.host)
	req := served.(*resource.Request)
	b.ReportAllocs()
	for b.Loop() {
		site.writeAccessLine(req, 200, 12)
	}
}
