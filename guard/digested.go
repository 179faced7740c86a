package guard

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"hash"

	"github.com/weftgo/weft/internal/pybytes"
)

// DigestedCredentials are the fields of an HTTP Digest response, checked
// against a password or H(A1): Twisted's DigestedCredentials. A
// DigestCredentialFactory makes them.
type DigestedCredentials struct {
	Name   string            // the username field
	Method string            // the request's method, hashed into H(A2)
	Realm  string            // the factory's realm, hashed into H(A1)
	Fields map[string]string // every field of the response, by name
}

var (
	_ PasswordCredentials   = (*DigestedCredentials)(nil)
	_ DigestHashCredentials = (*DigestedCredentials)(nil)
)

// Username returns c.Name.
func (c *DigestedCredentials) Username() string { return c.Name }

// CheckPassword reports whether the response hash was made with password
// (Twisted's checkPassword).
func (c *DigestedCredentials) CheckPassword(password string) bool {
	h := c.newHash()
	if h == nil {
		return false
	}
	return c.check(h, hexHash(h, c.Name, c.Realm, password))
}

// CheckHash reports whether the response hash was made from digestHash,
// the hex H(A1) of "user:realm:password" (Twisted's checkHash).
func (c *DigestedCredentials) CheckHash(digestHash string) bool {
	h := c.newHash()
	if h == nil {
		return false
	}
	return c.check(h, digestHash)
}

// newHash returns the hash of the response's algorithm (default md5;
// Twisted knows md5, md5-sess and sha), or nil for any other, where
// Twisted answers 500 and weft 401.
func (c *DigestedCredentials) newHash() hash.Hash {
	algo, ok := c.Fields["algorithm"]
	if !ok {
		algo = "md5"
	}
	switch pybytes.Lower(algo) {
	case "md5", "md5-sess":
		return md5.New()
	case "sha":
		return sha1.New()
	}
	return nil
}

// check computes the expected response from ha1 as RFC 2617 §3.2.2 (and
// Twisted's calcHA1, calcHA2, calcResponse) and compares it with the
// client's in constant time. Where Twisted fails with a 500 (no uri, qop
// auth-int, md5-sess without cnonce), check reports false.
func (c *DigestedCredentials) check(h hash.Hash, ha1 string) bool {
	response, ok := c.Fields["response"]
	if !ok {
		return false
	}
	uri, ok := c.Fields["uri"]
	if !ok {
		return false
	}
	nonce, ok := c.Fields["nonce"]
	if !ok {
		return false
	}
	qop, ok := c.Fields["qop"]
	if !ok {
		qop = "auth"
	}
	if qop == "auth-int" {
		return false
	}
	cnonce, hasCnonce := c.Fields["cnonce"]
	nc := c.Fields["nc"]
	if pybytes.Lower(c.Fields["algorithm"]) == "md5-sess" {
		if !hasCnonce {
			return false
		}
		ha1 = hexHash(h, ha1, nonce, cnonce)
	}
	ha2 := hexHash(h, c.Method, uri)
	var expected string
	if nc != "" && cnonce != "" {
		expected = hexHash(h, ha1, nonce, nc, cnonce, qop, ha2)
	} else {
		expected = hexHash(h, ha1, nonce, ha2)
	}
	return equalConstantTime(expected, response)
}

// hexHash resets h and returns the hex hash of parts joined by ":".
func hexHash(h hash.Hash, parts ...string) string {
	h.Reset()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{':'})
		}
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}
