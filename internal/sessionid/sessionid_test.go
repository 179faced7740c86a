package sessionid

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"
)

var hexID = regexp.MustCompile(`^[0-9a-f]{64}$`)

// D6: 32 bytes as 64 lowercase hex characters, as Twisted's uid.
func TestRandomIDFormat(t *testing.T) {
	// Twisted's test_sessionUIDGeneration, with predictable entropy.
	id, err := Read(bytes.NewReader(bytes.Repeat([]byte{0x01}, 32)))
	if err != nil || id != strings.Repeat("01", 32) {
		t.Errorf("New(0x01...) = %q, %v; want %q", id, err, strings.Repeat("01", 32))
	}
	id, err = Read(bytes.NewReader(bytes.Repeat([]byte{0xAB}, 40)))
	if err != nil || id != strings.Repeat("ab", 32) {
		t.Errorf("New(0xAB...) = %q, %v; want lowercase %q", id, err, strings.Repeat("ab", 32))
	}
}

// D6: 100,000 ids from the default source are well formed and distinct.
func TestRandomIDUnique(t *testing.T) {
	seen := make(map[string]struct{}, 100_000)
	for range 100_000 {
		id, err := New()
		if err != nil {
			t.Fatal(err)
		}
		if !hexID.MatchString(id) {
			t.Fatalf("id %q is not 64 lowercase hex characters", id)
		}
		if _, dup := seen[id]; dup {
			t.Fatalf("id %q made twice", id)
		}
		seen[id] = struct{}{}
	}
}

// D6: a failing or short entropy source is an error, never a weaker id.
func TestRandomIDFailingSource(t *testing.T) {
	errBroken := errors.New("entropy source broken")
	tests := []struct {
		name string
		src  io.Reader
		want error // wrapped by the result; nil: any error
	}{
		{"read error", iotest.ErrReader(errBroken), errBroken},
		{"short", bytes.NewReader(make([]byte, 31)), io.ErrUnexpectedEOF},
		{"empty", bytes.NewReader(nil), io.EOF},
		{"error after some bytes", io.MultiReader(bytes.NewReader(make([]byte, 8)), iotest.ErrReader(errBroken)), errBroken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := Read(tt.src)
			if err == nil || id != "" {
				t.Fatalf("New = %q, %v; want an error and no id", id, err)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v does not wrap %v", err, tt.want)
			}
		})
	}
}
