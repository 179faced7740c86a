package pybytes

import "testing"

func TestLower(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"A.Example:80", "a.example:80"},
		{"Digest", "digest"},
		{"\u212a", "\u212a"}, // the Kelvin sign stays: Python's bytes.lower is ASCII only
		{"ſ", "ſ"},
		{"ÀB", "Àb"},
	}
	for _, tt := range tests {
		if got := Lower(tt.in); got != tt.want {
			t.Errorf("Lower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
