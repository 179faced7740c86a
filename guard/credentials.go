package guard

import (
	"crypto/sha256"
	"crypto/subtle"
)

// Credentials are what a CredentialFactory decodes from a request and a
// Checker checks: Twisted's ICredentials. A Checker type-asserts them to
// the kinds it can check (PasswordCredentials, DigestHashCredentials,
// Anonymous, or a kind of its own).
type Credentials interface {
	// Username returns the name the client gave, or "" for Anonymous.
	Username() string
}

// PasswordCredentials are credentials that can be checked against a
// user's password: Twisted's IUsernamePassword and IUsernameHashedPassword.
type PasswordCredentials interface {
	Credentials
	// CheckPassword reports whether the credentials match password.
	CheckPassword(password string) bool
}

// DigestHashCredentials are credentials that can be checked against
// H(A1), the hash of "user:realm:password" an htdigest file stores:
// Twisted's IUsernameDigestHash.
type DigestHashCredentials interface {
	Credentials
	// CheckHash reports whether the credentials match the hex H(A1).
	CheckHash(digestHash string) bool
}

// UsernamePassword is a user name and a password in clear, as HTTP Basic
// sends them: Twisted's UsernamePassword (and its deprecated
// UsernameHashedPassword, which checks the same way).
type UsernamePassword struct {
	Name     string
	Password string
}

var _ PasswordCredentials = UsernamePassword{}

// Username returns c.Name.
func (c UsernamePassword) Username() string { return c.Name }

// CheckPassword reports whether c.Password is password. The comparison
// takes the same time wherever the two differ, and whatever their
// lengths, unlike Twisted's ==.
func (c UsernamePassword) CheckPassword(password string) bool {
	return equalConstantTime(c.Password, password)
}

// Anonymous are the credentials of a request without an Authorization
// header: Twisted's Anonymous.
type Anonymous struct{}

// Username returns "".
func (Anonymous) Username() string { return "" }

// equalConstantTime reports whether a and b are equal, in time that depends
// on neither their contents nor their lengths: both are hashed first, so
// subtle.ConstantTimeCompare always compares 32 bytes.
func equalConstantTime(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}
