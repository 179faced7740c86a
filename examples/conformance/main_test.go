package main

import (
	"net/url"
	"testing"

	"github.com/weftgo/weft/resource"
)

func TestPythonBytes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "b''"},
		{"abc", "b'abc'"},
		{"it's", `b"it's"`},
		{`both ' and "`, `b'both \' and "'`},
		{"back\\slash", `b'back\\slash'`},
		{"\t\n\r", `b'\t\n\r'`},
		{"\x00\x7f\xc3\xa9", `b'\x00\x7f\xc3\xa9'`},
	}
	for _, tt := range tests {
		if got := pythonBytes(tt.in); got != tt.want {
			t.Errorf("pythonBytes(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestPythonArgs(t *testing.T) {
	req := &resource.Request{Args: url.Values{"b": {"2", ""}, "a": {"1"}}}
	want := "[(b'a', [b'1']), (b'b', [b'2', b''])]"
	if got := pythonArgs(req); got != want {
		t.Errorf("pythonArgs = %s, want %s", got, want)
	}
	if got := pythonArgs(&resource.Request{}); got != "[]" {
		t.Errorf("pythonArgs of no args = %s, want []", got)
	}
}
