package guard

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/benbjohnson/clock"
	"github.com/weftgo/weft/internal/pybase64"
	"github.com/weftgo/weft/resource"
)

// ChallengeLifetime is how long a Digest challenge's opaque value stays
// valid (Twisted's DigestCredentialFactory.CHALLENGE_LIFETIME_SECS).
const ChallengeLifetime = 15 * time.Minute

// DigestCredentialFactory handles HTTP Digest authentication (RFC 2617,
// qop "auth"): Twisted's DigestCredentialFactory. Each challenge carries a
// random nonce and an opaque value binding the nonce to the client's
// address and the time, signed with a key only this factory knows; a
// response is accepted only with an opaque this factory made for that
// nonce and address less than ChallengeLifetime ago. As in Twisted, the
// server keeps no state per challenge, so a nonce may be used again until
// its opaque expires.
//
// Set its fields before it serves; it is then safe for concurrent use.
type DigestCredentialFactory struct {
	// Algorithm is named in the challenge: "md5" or "md5-sess" (Twisted's
	// spelling, lower case). The client's response names the algorithm
	// its hash used, and that is the one checked, as in Twisted.
	Algorithm string
	// Realm is the realm named in the challenge and hashed into H(A1).
	Realm string
	// Clock dates challenges and tells when they expire; nil means the
	// real clock. Set it to the Site's Clock to move time in tests.
	Clock clock.Clock

	keyOnce sync.Once
	key     []byte // signs opaque values (Twisted's privateKey); see signingKey
}

var _ CredentialFactory = (*DigestCredentialFactory)(nil)

// NewDigestCredentialFactory returns a factory challenging with algorithm
// ("md5" or "md5-sess") for realm, with a fresh random signing key
// (Twisted's DigestCredentialFactory(algorithm, authenticationRealm)).
func NewDigestCredentialFactory(algorithm, realm string) *DigestCredentialFactory {
	f := &DigestCredentialFactory{Algorithm: algorithm, Realm: realm}
	f.signingKey()
	return f
}

// signingKey returns the key that signs opaque values, making it on first
// use, so that a factory built without NewDigestCredentialFactory still
// has a secret key.
func (f *DigestCredentialFactory) signingKey() []byte {
	f.keyOnce.Do(func() {
		if f.key == nil {
			f.key = make([]byte, 12)
			rand.Read(f.key) // never fails (crypto/rand, Go 1.24+)
		}
	})
	return f.key
}

// Scheme returns "digest".
func (f *DigestCredentialFactory) Scheme() string { return "digest" }

// Challenge returns a new challenge for the client of req, with Twisted's
// parameters in Twisted's order: nonce, opaque, qop="auth", algorithm,
// realm.
func (f *DigestCredentialFactory) Challenge(req *resource.Request) []Param {
	return f.challenge(req.ClientAddress())
}

// challenge is Challenge for a client at clientIP.
func (f *DigestCredentialFactory) challenge(clientIP string) []Param {
	var n [12]byte
	rand.Read(n[:])
	nonce := hex.EncodeToString(n[:])
	return []Param{
		{"nonce", nonce},
		{"opaque", f.opaque(nonce, clientIP)},
		{"qop", "auth"},
		{"algorithm", f.Algorithm},
		{"realm", f.Realm},
	}
}

// Decode parses a Digest response into DigestedCredentials for req's
// method and this factory's realm, after checking that its opaque value
// was made by this factory, for its nonce and req's client, and has not
// expired. A response without a username, nonce or opaque, or with an
// opaque that fails, gives an error wrapping ErrLoginFailed. The response
// hash itself is checked later, by the Checker (CheckPassword, CheckHash).
func (f *DigestCredentialFactory) Decode(response string, req *resource.Request) (Credentials, error) {
	creds, err := f.decode(response, req.Method, req.ClientAddress())
	if err != nil {
		return nil, err // not a nil *DigestedCredentials in an interface
	}
	return creds, nil
}

// decode is Decode for a request with method from a client at clientIP.
func (f *DigestCredentialFactory) decode(response, method, clientIP string) (*DigestedCredentials, error) {
	fields := parseDigestFields(response)
	username := fields["username"]
	if username == "" {
		return nil, fmt.Errorf("%w: digest response has no username", ErrLoginFailed)
	}
	opaque, ok := fields["opaque"]
	if !ok {
		return nil, fmt.Errorf("%w: digest response has no opaque", ErrLoginFailed)
	}
	nonce, ok := fields["nonce"]
	if !ok {
		return nil, fmt.Errorf("%w: digest response has no nonce", ErrLoginFailed)
	}
	if err := f.verifyOpaque(opaque, nonce, clientIP); err != nil {
		return nil, err
	}
	return &DigestedCredentials{Name: username, Method: method, Realm: f.Realm, Fields: fields}, nil
}

// opaque returns Twisted's opaque value for nonce and clientIP at the
// current time: hex(md5(key + private key)), "-", base64(key), where key is
// "nonce,clientIP,unix seconds".
func (f *DigestCredentialFactory) opaque(nonce, clientIP string) string {
	key := nonce + "," + clientIP + "," + strconv.FormatInt(f.now().Unix(), 10)
	return f.sign(key) + "-" + base64.StdEncoding.EncodeToString([]byte(key))
}

// sign returns the hex MD5 of key followed by the private key.
func (f *DigestCredentialFactory) sign(key string) string {
	sum := md5.Sum(append([]byte(key), f.signingKey()...))
	return hex.EncodeToString(sum[:])
}

// verifyOpaque checks opaque as Twisted's _verifyOpaque: made by this
// factory, for nonce and clientIP, at most ChallengeLifetime ago. Its
// signature is compared in constant time.
func (f *DigestCredentialFactory) verifyOpaque(opaque, nonce, clientIP string) error {
	sig, encoded, found := strings.Cut(opaque, "-")
	if !found || strings.Contains(encoded, "-") {
		return fmt.Errorf("%w: invalid opaque value", ErrLoginFailed)
	}
	// Twisted answers 500 where the base64 does not decode; weft 401.
	key, ok := pybase64.Decode(encoded)
	if !ok {
		return fmt.Errorf("%w: invalid opaque value", ErrLoginFailed)
	}
	parts := strings.Split(string(key), ",")
	if len(parts) != 3 {
		return fmt.Errorf("%w: invalid opaque value", ErrLoginFailed)
	}
	if parts[0] != nonce {
		return fmt.Errorf("%w: opaque does not match nonce", ErrLoginFailed)
	}
	if parts[1] != clientIP {
		return fmt.Errorf("%w: opaque does not match client", ErrLoginFailed)
	}
	when, err := strconv.ParseInt(strings.TrimSpace(parts[2]), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: invalid opaque time", ErrLoginFailed)
	}
	if f.now().Unix()-when > int64(ChallengeLifetime/time.Second) {
		return fmt.Errorf("%w: opaque too old", ErrLoginFailed)
	}
	if !equalConstantTime(f.sign(string(key)), sig) {
		return fmt.Errorf("%w: invalid opaque value", ErrLoginFailed)
	}
	return nil
}

func (f *DigestCredentialFactory) now() time.Time {
	if f.Clock != nil {
		return f.Clock.Now()
	}
	return time.Now()
}

// digestField is Twisted's pattern for one name=value pair of a Digest
// response: a name without "=" or space, and a quoted value or an unquoted
// one running to the next comma.
var digestField = regexp.MustCompile(`([^= ]+)=(?:"([^"]*)"|([^,]+)),?`)

// parseDigestFields splits a Digest response into its fields as Twisted's
// DigestCredentialFactory.decode: line breaks become spaces, names and
// values lose surrounding ASCII white space, and a repeated name keeps its
// last value.
func parseDigestFields(response string) map[string]string {
	response = joinLines(response)
	fields := make(map[string]string)
	for _, m := range digestField.FindAllStringSubmatch(response, -1) {
		value := m[3]
		if value == "" {
			value = m[2]
		}
		fields[trimASCIISpace(m[1])] = trimASCIISpace(value)
	}
	return fields
}

// joinLines replaces each line break ("\r\n", "\r" or "\n") with a space,
// and drops a final one, as Python's b" ".join(s.splitlines()).
func joinLines(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimSuffix(s, "\n")
	return strings.ReplaceAll(s, "\n", " ")
}

// trimASCIISpace trims ASCII white space, as Python's bytes.strip().
func trimASCIISpace(s string) string {
	return strings.Trim(s, " \t\n\v\f\r")
}
