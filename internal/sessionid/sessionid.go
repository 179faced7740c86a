// Package sessionid makes session ids as Twisted does (D6): 32 bytes from
// crypto/rand as 64 lowercase hex characters. The in-memory store, the
// site and the Redis store share it.
package sessionid

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
)

// New returns a fresh id from crypto/rand. A failing entropy source is an
// error, never a weaker id.
func New() (string, error) { return Read(rand.Reader) }

// Read is New reading from src; a short or failed read is an error.
func Read(src io.Reader) (string, error) {
	var b [32]byte
	if _, err := io.ReadFull(src, b[:]); err != nil {
		return "", fmt.Errorf("reading entropy for a session id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
