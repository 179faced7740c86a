package server

import (
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
