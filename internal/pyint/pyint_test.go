package pyint

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{" 12 ", 12, true},
		{"+7", 7, true},
		{"-7", -7, true},
		{"1_000", 1000, true},
		{"1__0", 0, false},
		{"_1", 0, false},
		{"1_", 0, false},
		{"", 0, false},
		{"+", 0, false},
		{"0x1", 0, false},
		{"1 2", 0, false},
		{"99999999999999999999999", Limit, true},
		{"9227000000000000000", Limit, true}, // n*10 overflowed int64 before saturating (FuzzRange)
		{"4611686018427387904", Limit, true},
		{"4611686018427387903", Limit - 1, true},
		{"-99999999999999999999999", -Limit, true},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
