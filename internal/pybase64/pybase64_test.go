package pybase64

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

// TestDecodeMatchesPython compares Decode with Python's
// binascii.a2b_base64 on inputs recorded from CPython 3.11 (see
// testdata/a2b.json: the input and Python's output in hex, or null where
// Python raises binascii.Error).
func TestDecodeMatchesPython(t *testing.T) {
	data, err := os.ReadFile("testdata/a2b.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		In  string  `json:"in"`
		Out *string `json:"out"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		in, err := hex.DecodeString(c.In)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := Decode(string(in))
		switch {
		case c.Out == nil && ok:
			t.Errorf("Decode(%q) = %x, true; Python raises", in, got)
		case c.Out != nil && !ok:
			t.Errorf("Decode(%q) failed; Python gives %s", in, *c.Out)
		case c.Out != nil && hex.EncodeToString(got) != *c.Out:
			t.Errorf("Decode(%q) = %x; Python gives %s", in, got, *c.Out)
		}
	}
}

// FuzzDecode checks that Decode never returns more bytes than it read, and
// agrees with encoding/base64 on every input that is strict base64.
func FuzzDecode(f *testing.F) {
	f.Add("YWxpY2U6d29uZGVybGFuZA==")
	f.Add("Y=Q=")
	f.Fuzz(func(t *testing.T, s string) {
		out, ok := Decode(s)
		if len(out) > len(s) {
			t.Fatalf("Decode(%q) returned %d bytes", s, len(out))
		}
		if strict, err := base64.StdEncoding.Strict().DecodeString(s); err == nil && (!ok || string(out) != string(strict)) {
			t.Fatalf("Decode(%q) = %x, %v; encoding/base64 gives %x", s, out, ok, strict)
		}
	})
}
